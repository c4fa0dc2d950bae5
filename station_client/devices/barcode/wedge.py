"""Telling a keyboard-wedge scanner from a person typing, by key timing alone.

A wedge scanner "types" its code as key presses: every key 1-15 ms after the previous
one (now and then a hiccup of up to ~40 ms on a loaded USB bus), usually followed by
Enter or Tab. People press keys 80-250 ms apart; fast typists get down to 30-60 ms, and
key rollover gives near-zero gaps — but only for 2-3 keys at a time (three fingers
landing together), followed by a normal gap.

So a *burst* — keys no more than ``max_gap_ms`` apart — is a scan when:

- it holds at least ``min_length`` characters (the terminator not counted);
- it contains ``min_fast_run`` consecutive *fast* gaps (≤ ``fast_gap_ms``), i.e. four
  keys in a row at scanner speed — no rollover produces that;
- its *slow* gaps (hiccups, ``fast_gap_ms`` < gap ≤ ``max_gap_ms``) are isolated: never
  two in a row, and at most one plus one per ``hiccup_every`` gaps at any point.

It ends with a terminator key (Enter/Tab by default) or, for scanners set up without
one, with a pause longer than ``max_gap_ms`` (unless ``require_terminator``).

The one case timing cannot settle: a code of 4-6 keys with a hiccup in its middle looks
exactly like a fast typist's two rollovers; it is taken for typing (the characters reach
the field and the clerk scans again) — never the other way round.

The detector holds back the keys of a burst that may still be a scan — the caller keeps
them from the focused widget — and, once decided, says to drop them (a scan) or to
replay them, in order (typing). As soon as a burst can no longer be a scan its keys are
replayed and the rest of it passes straight through, so a person typing sees a key at
most ``max_gap_ms`` late. It is a pure state machine: every call carries the event's
timestamp, and :meth:`WedgeDetector.gap_elapsed` is the timer hook the caller invokes
when ``max_gap_ms`` has passed without a key (the Qt filter uses a QTimer).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


@dataclass(frozen=True)
class WedgeConfig:
    """Thresholds of the burst detector; the defaults suit USB HID scanners.

    A scan also needs ``min_fast_run`` + 1 keys at scanner speed, so with the defaults a
    code of 3 characters + Enter is the shortest that can be recognised, whatever
    ``min_length`` says: lowering that run would let key rollover pass for a scan.
    """

    #: Fewest characters (terminator not counted) a scan has.
    min_length: int = 4
    #: A longer pause between two keys ends the burst.
    max_gap_ms: float = 50.0
    #: Gaps up to this are "scanner speed"; longer ones (up to max_gap_ms) are hiccups.
    fast_gap_ms: float = 20.0
    #: Consecutive fast gaps a scan must contain somewhere.
    min_fast_run: int = 3
    #: One hiccup allowed, plus one more per this many gaps; never two in a row.
    hiccup_every: int = 8
    #: Keys that end a scan (and are dropped with it): Enter, Tab.
    terminators: frozenset[str] = frozenset({"\r", "\t"})
    #: Only bursts ended by a terminator count (else a pause ends a scan too).
    require_terminator: bool = False

    def __post_init__(self) -> None:
        if self.min_length < 1:
            raise ValueError(f"min_length must be at least 1, got {self.min_length}")
        if not 0 < self.fast_gap_ms <= self.max_gap_ms:
            raise ValueError(
                f"need 0 < fast_gap_ms ({self.fast_gap_ms}) <= max_gap_ms ({self.max_gap_ms})"
            )
        if self.min_fast_run < 1 or self.hiccup_every < 1:
            raise ValueError("min_fast_run and hiccup_every must be at least 1")
        if any(len(t) != 1 for t in self.terminators):
            raise ValueError(f"terminators must be single characters, got {self.terminators}")


@dataclass(frozen=True)
class KeyStroke:
    """One key press: the character it types ("" for a key that types nothing, such as
    an arrow key or Backspace; "\\r" for Enter, "\\t" for Tab), its timestamp in ms, and an
    opaque ``token`` the caller uses to deliver the key later (the Qt filter keeps a copy
    of the event there)."""

    text: str
    t_ms: float
    token: Any = field(default=None, compare=False, repr=False)


class Verdict(Enum):
    """What to do with the key just fed."""

    HOLD = "hold"  # keep it back: it may belong to a scan
    PASS = "pass"  # deliver it now (after the replayed keys, if any)
    SWALLOW = "swallow"  # it ended a scan: drop it


@dataclass(frozen=True)
class Step:
    """The detector's answer: first deliver ``replay`` (held keys that turned out to be
    typing), in order; ``scan`` is the text of a recognised scan, ``dropped`` its held
    keys (not to be delivered); ``verdict`` concerns the key just fed (``None`` for
    :meth:`WedgeDetector.gap_elapsed`)."""

    replay: tuple[KeyStroke, ...] = ()
    scan: str | None = None
    verdict: Verdict | None = None
    dropped: tuple[KeyStroke, ...] = ()


class _Burst:
    """Statistics of the pending burst, updated key by key."""

    def __init__(self, first: KeyStroke) -> None:
        self.keys: list[KeyStroke] = [first]
        self.gaps = 0
        self.slow = 0
        self.run = 0  # current run of fast gaps
        self.best_run = 0
        self.last_slow = False
        self.slow_twice = False  # two slow gaps in a row: never a scanner

    @property
    def last_t(self) -> float:
        return self.keys[-1].t_ms

    def add_gap(self, gap: float, config: WedgeConfig) -> None:
        self.gaps += 1
        if gap <= config.fast_gap_ms:
            self.run += 1
            self.best_run = max(self.best_run, self.run)
            self.last_slow = False
        else:
            self.slow += 1
            self.run = 0
            self.slow_twice = self.slow_twice or self.last_slow
            self.last_slow = True

    def hopeless(self, config: WedgeConfig) -> bool:
        """The burst stopped looking like a scanner: two slow gaps in a row, or more slow
        gaps so far than the hiccup allowance. It is then typing, whatever follows."""
        return self.slow_twice or self.slow > 1 + self.gaps // config.hiccup_every

    def is_scan(self, config: WedgeConfig) -> bool:
        return (
            len(self.keys) >= config.min_length
            and self.best_run >= config.min_fast_run
            and not self.hopeless(config)
        )

    def text(self) -> str:
        return "".join(k.text for k in self.keys)


def _is_character(text: str) -> bool:
    return len(text) == 1 and text.isprintable()


class WedgeDetector:
    """Feed it every key press (:meth:`key`) and call :meth:`gap_elapsed` when
    :attr:`deadline_ms` has passed without one; do what each :class:`Step` says."""

    def __init__(self, config: WedgeConfig | None = None) -> None:
        self.config = config or WedgeConfig()
        self._burst: _Burst | None = None
        # After a burst was ruled out, its remaining keys pass straight through until a
        # pause; this is the time of the last such key (None when not in that state).
        self._typing_since: float | None = None

    @property
    def holding(self) -> tuple[KeyStroke, ...]:
        """The keys held back at the moment, oldest first."""
        return tuple(self._burst.keys) if self._burst else ()

    @property
    def deadline_ms(self) -> float | None:
        """When (event time) the pending burst ends if no key comes; None if none."""
        return self._burst.last_t + self.config.max_gap_ms if self._burst else None

    def gap_elapsed(self, now_ms: float | None = None) -> Step:
        """The timer hook: the pause after the last key is over (if ``now_ms`` is given,
        only when it is past :attr:`deadline_ms`). Ends the pending burst."""
        deadline = self.deadline_ms
        if deadline is None or (now_ms is not None and now_ms < deadline):
            return Step()
        return self._end_by_pause()

    def key(self, stroke: KeyStroke) -> Step:
        """Feed one key press; see :class:`Step` for what to do."""
        config = self.config
        closed = Step()
        if self._burst is not None and not self._continues(stroke.t_ms, self._burst.last_t):
            closed = self._end_by_pause()
        if self._typing_since is not None and not self._continues(stroke.t_ms, self._typing_since):
            self._typing_since = None
        step = self._key(stroke, config)
        return Step(
            closed.replay + step.replay,
            closed.scan or step.scan,
            step.verdict,
            closed.dropped + step.dropped,
        )

    def flush(self) -> Step:
        """Give up on the pending burst (focus lost, filter removed): replay its keys."""
        keys = self.holding
        self._burst = None
        self._typing_since = None
        return Step(replay=keys)

    def _continues(self, t_ms: float, last_t: float) -> bool:
        # A negative gap (clock wrap, synthesized events) is treated as a pause.
        return 0 <= t_ms - last_t <= self.config.max_gap_ms

    def _key(self, stroke: KeyStroke, config: WedgeConfig) -> Step:
        burst = self._burst
        if stroke.text in config.terminators:
            if burst is None:
                self._note_typing(stroke)
                return Step(verdict=Verdict.PASS)
            burst.add_gap(stroke.t_ms - burst.last_t, config)
            self._burst = None
            if burst.is_scan(config):
                return Step(scan=burst.text(), verdict=Verdict.SWALLOW, dropped=tuple(burst.keys))
            return Step(replay=tuple(burst.keys), verdict=Verdict.PASS)
        if not _is_character(stroke.text):
            # Arrows, Backspace, shortcuts…: no scanner sends those mid-code.
            self._burst = None
            self._typing_since = None
            return Step(replay=tuple(burst.keys) if burst else (), verdict=Verdict.PASS)
        if self._typing_since is not None:
            self._typing_since = stroke.t_ms
            return Step(verdict=Verdict.PASS)
        if burst is None:
            self._burst = _Burst(stroke)
            return Step(verdict=Verdict.HOLD)
        burst.add_gap(stroke.t_ms - burst.last_t, config)
        if burst.hopeless(config):
            self._burst = None
            self._typing_since = stroke.t_ms
            return Step(replay=tuple(burst.keys), verdict=Verdict.PASS)
        burst.keys.append(stroke)
        return Step(verdict=Verdict.HOLD)

    def _note_typing(self, stroke: KeyStroke) -> None:
        if self._typing_since is not None:
            self._typing_since = stroke.t_ms

    def _end_by_pause(self) -> Step:
        burst = self._burst
        self._burst = None
        if burst is None:
            return Step()
        if not self.config.require_terminator and burst.is_scan(self.config):
            return Step(scan=burst.text(), dropped=tuple(burst.keys))
        return Step(replay=tuple(burst.keys))


def detect_scans(strokes: Iterable[KeyStroke], config: WedgeConfig | None = None) -> list[str]:
    """Run a whole key sequence through a detector and return the scans it finds
    (the pause after the last key included). For tests, the benchmark and the demo."""
    detector = WedgeDetector(config)
    scans = [s for s in (detector.key(k).scan for k in strokes) if s is not None]
    last = detector.gap_elapsed()
    if last.scan is not None:
        scans.append(last.scan)
    return scans
