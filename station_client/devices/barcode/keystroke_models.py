"""Timing models of keyboard-wedge scanners and of people typing.

These are what :mod:`.wedge` is designed against — they live beside it as the written
statement of its operating envelope; the tests and the benchmark run thousands of
sequences drawn from them through the detector. The functions take a
:class:`random.Random` (Hypothesis supplies one it controls).

People (:func:`human_typing`): a typist has an average gap of 80-250 ms between key
presses (log-normal around it, never under 30 ms); fast typists (average under 130 ms)
also type stretches at 30-60 ms; any key may start a rollover — 2 or 3 keys landing
0-10 ms apart — after which the next gap is an ordinary one. Sequences may hold
Backspace and end with Enter or Tab.

Scanners (:func:`scanner_burst`): per scanner a base interval of 1-12 ms, each gap that
±3 ms (within 1-15 ms); with probability ``hiccup_rate`` a gap is a hiccup of 16-40 ms,
hiccups being at least 8 keys apart and — in codes so short that one would — never
splitting the code into pieces of under 4 fast keys (that case is indistinguishable from
a person's two rollovers; see :mod:`.wedge`). Codes end with Enter, Tab or nothing.
"""

from __future__ import annotations

import math
import random
import string

from .wedge import KeyStroke

#: Characters people and scanners type in these models.
CODE_ALPHABET = string.digits + string.ascii_uppercase + string.ascii_lowercase + "|-"
HUMAN_MIN_GAP_MS = 30.0
ROLLOVER_MAX_GAP_MS = 10.0
SCANNER_MAX_GAP_MS = 15.0
HICCUP_MS = (16.0, 40.0)
HICCUP_SPACING = 8
_FAST_RUN = 3


def _random_text(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(rng.randint(low, high)))


def human_gaps(rng: random.Random, count: int) -> list[float]:
    """``count`` gaps between the key presses of one typist."""
    mean = rng.uniform(80.0, 250.0)
    fast_typist = mean < 130.0
    gaps: list[float] = []
    rollover_left = 0
    while len(gaps) < count:
        if rollover_left:
            gaps.append(rng.uniform(0.0, ROLLOVER_MAX_GAP_MS))
            rollover_left -= 1
            if not rollover_left:
                # After a rollover the hand needs an ordinary gap before the next key.
                gaps.append(_ordinary_gap(rng, mean, fast_typist))
            continue
        if rng.random() < 0.15:
            rollover_left = rng.choice((1, 2))  # 2 or 3 keys together
            continue
        gaps.append(_ordinary_gap(rng, mean, fast_typist))
    return gaps[:count]


def _ordinary_gap(rng: random.Random, mean: float, fast_typist: bool) -> float:
    if fast_typist and rng.random() < 0.4:
        return rng.uniform(HUMAN_MIN_GAP_MS, 60.0)
    gap = rng.lognormvariate(math.log(mean), 0.35)
    if not math.isfinite(gap):
        gap = mean
    return min(max(gap, HUMAN_MIN_GAP_MS), 2000.0)


def human_typing(rng: random.Random, start_ms: float = 0.0) -> list[KeyStroke]:
    """What a person types into a field: 1-40 keys, maybe a Backspace, maybe Enter/Tab."""
    keys = list(_random_text(rng, 1, 40))
    if len(keys) > 3 and rng.random() < 0.2:
        keys.insert(rng.randrange(1, len(keys)), "")  # a Backspace (types no character)
    ending = rng.random()
    if ending < 0.5:
        keys.append("\r")
    elif ending < 0.6:
        keys.append("\t")
    return _strokes(keys, human_gaps(rng, len(keys) - 1), start_ms)


def scanner_gaps(rng: random.Random, count: int, hiccup_rate: float = 0.03) -> list[float]:
    """``count`` gaps between the key presses of one scan."""
    base = rng.uniform(1.0, 12.0)
    gaps = [min(max(base + rng.uniform(-3.0, 3.0), 1.0), SCANNER_MAX_GAP_MS) for _ in range(count)]
    since_hiccup = HICCUP_SPACING
    for i in range(count):
        if since_hiccup >= HICCUP_SPACING and rng.random() < hiccup_rate:
            trial = [*gaps[:i], HICCUP_MS[1], *gaps[i + 1 :]]
            if _longest_fast_run(trial) >= _FAST_RUN:
                gaps[i] = rng.uniform(*HICCUP_MS)
                since_hiccup = 0
                continue
        since_hiccup += 1
    return gaps


def _longest_fast_run(gaps: list[float]) -> int:
    best = run = 0
    for gap in gaps:
        run = run + 1 if gap <= SCANNER_MAX_GAP_MS else 0
        best = max(best, run)
    return best


def scanner_text(rng: random.Random) -> str:
    """A code as scanned at a station: ID numbers, station labels, EAN codes, long tokens."""
    kind = rng.random()
    if kind < 0.4:
        return "".join(rng.choice(string.digits) for _ in range(17)) + rng.choice("0123456789X")
    if kind < 0.65:
        return _random_text(rng, 15, 45)
    if kind < 0.85:
        return _random_text(rng, 4, 13)
    return _random_text(rng, 46, 200)


def scanner_burst(
    rng: random.Random,
    text: str | None = None,
    start_ms: float = 0.0,
    terminator: str | None = "\r",
    hiccup_rate: float = 0.03,
) -> list[KeyStroke]:
    """The key presses of one scan of ``text`` (random when None), then ``terminator``."""
    keys = list(text if text is not None else scanner_text(rng))
    if terminator:
        keys.append(terminator)
    return _strokes(keys, scanner_gaps(rng, len(keys) - 1, hiccup_rate), start_ms)


def random_terminator(rng: random.Random) -> str | None:
    """Enter for most scanners, Tab for some, none for a few."""
    pick = rng.random()
    return "\r" if pick < 0.7 else "\t" if pick < 0.8 else None


def _strokes(keys: list[str], gaps: list[float], start_ms: float) -> list[KeyStroke]:
    t = start_ms
    strokes = [KeyStroke(keys[0], t)] if keys else []
    for key, gap in zip(keys[1:], gaps, strict=True):
        t += gap
        strokes.append(KeyStroke(key, t))
    return strokes
