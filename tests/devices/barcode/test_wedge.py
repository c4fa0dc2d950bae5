"""The keyboard-wedge burst detector, driven with explicit timestamps (no time passes)."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station_client.devices.barcode import keystroke_models as models
from station_client.devices.barcode.wedge import (
    KeyStroke,
    Verdict,
    WedgeConfig,
    WedgeDetector,
    detect_scans,
)


def keys(text: str, gaps: list[float] | float, start: float = 1000.0) -> list[KeyStroke]:
    """Key presses typing ``text`` with the given gap(s) in ms between them."""
    if isinstance(gaps, (int, float)):
        gaps = [float(gaps)] * (len(text) - 1)
    assert len(gaps) == len(text) - 1
    t, out = start, [KeyStroke(text[0], start)]
    for ch, gap in zip(text[1:], gaps, strict=True):
        t += gap
        out.append(KeyStroke(ch, t))
    return out


def delivered(detector: WedgeDetector, strokes: list[KeyStroke]) -> tuple[str, list[str]]:
    """Run ``strokes`` like the Qt filter would: what reaches the field, and the scans."""
    field: list[str] = []
    scans: list[str] = []

    def apply(step) -> None:  # type: ignore[no-untyped-def]
        field.extend(k.text for k in step.replay)
        if step.scan is not None:
            scans.append(step.scan)

    for stroke in strokes:
        step = detector.key(stroke)
        apply(step)
        if step.verdict is Verdict.PASS:
            field.append(stroke.text)
    apply(detector.gap_elapsed())
    return "".join(field), scans


# -- scans -----------------------------------------------------------------------------


def test_a_scan_ending_in_enter_is_one_scan_and_types_nothing() -> None:
    text, scans = delivered(WedgeDetector(), keys("11010519491231002X\r", 6))
    assert scans == ["11010519491231002X"]
    assert text == ""


def test_enter_ends_the_scan_at_once_without_waiting_for_the_pause() -> None:
    detector = WedgeDetector()
    steps = [detector.key(k) for k in keys("RS1|A|2025-000123|8\r", 4)]
    assert [s.verdict for s in steps[:-1]] == [Verdict.HOLD] * 19
    assert steps[-1].verdict is Verdict.SWALLOW
    assert steps[-1].scan == "RS1|A|2025-000123|8"
    assert detector.holding == ()


def test_tab_terminator_is_swallowed_with_the_scan() -> None:
    assert delivered(WedgeDetector(), keys("6901234567892\t", 8)) == ("", ["6901234567892"])


def test_scanner_without_terminator_is_recognised_when_the_pause_is_over() -> None:
    detector = WedgeDetector()
    for stroke in keys("6901234567892", 8):
        assert detector.key(stroke).verdict is Verdict.HOLD
    deadline = detector.deadline_ms
    assert deadline is not None
    assert detector.gap_elapsed(deadline - 1).scan is None  # not yet
    assert detector.gap_elapsed(deadline).scan == "6901234567892"


def test_required_terminator_makes_a_bare_burst_typing() -> None:
    config = WedgeConfig(require_terminator=True)
    assert delivered(WedgeDetector(config), keys("6901234567892", 8)) == ("6901234567892", [])
    assert delivered(WedgeDetector(config), keys("6901234567892\r", 8))[1] == ["6901234567892"]


def test_a_hiccup_in_a_long_code_is_tolerated() -> None:
    gaps = [6.0] * 18
    gaps[9] = 38.0
    assert delivered(WedgeDetector(), keys("11010519491231002X\r", gaps))[1] == [
        "11010519491231002X"
    ]


def test_two_scans_in_a_row_are_two_scans() -> None:
    first = keys("ABCD1234\r", 5)
    second = keys("EFGH5678\r", 5, start=first[-1].t_ms + 400)
    assert delivered(WedgeDetector(), first + second) == ("", ["ABCD1234", "EFGH5678"])


# -- typing ----------------------------------------------------------------------------


def test_slow_typing_reaches_the_field_in_order() -> None:
    assert delivered(WedgeDetector(), keys("hello 123\r", 150)) == ("hello 123\r", [])


def test_a_single_key_is_held_only_until_the_pause_is_over() -> None:
    detector = WedgeDetector()
    assert detector.key(KeyStroke("a", 0.0)).verdict is Verdict.HOLD
    assert detector.gap_elapsed(49.0).replay == ()
    assert [k.text for k in detector.gap_elapsed(50.0).replay] == ["a"]


def test_rollover_of_three_keys_then_enter_is_typing() -> None:
    # "the" with rollover (near-zero gaps), then Enter 60 ms later, like a fast typist.
    assert delivered(WedgeDetector(), keys("the\r", [2, 3, 60])) == ("the\r", [])


def test_two_rollovers_close_together_are_typing() -> None:
    # 3 + 2 keys landing together, 35 ms apart: only two fast gaps in a row.
    assert delivered(WedgeDetector(), keys("abcde\r", [1, 2, 35, 1, 40])) == ("abcde\r", [])


def test_a_fast_typist_is_released_as_soon_as_a_scan_is_impossible() -> None:
    detector = WedgeDetector()
    steps = [detector.key(k) for k in keys("qwerty", 45)]
    assert steps[0].verdict is Verdict.HOLD
    assert steps[1].verdict is Verdict.HOLD  # one slow gap could be a scanner hiccup
    assert [k.text for k in steps[2].replay] == ["q", "w"]  # a second one cannot
    assert [s.verdict for s in steps[2:]] == [Verdict.PASS] * 4
    assert detector.holding == ()


def test_backspace_releases_held_keys_before_it() -> None:
    detector = WedgeDetector()
    strokes = [*keys("ab", 3), KeyStroke("", 1010.0), KeyStroke("c", 1200.0)]
    assert delivered(detector, strokes) == ("ab" + "" + "c", [])
    detector = WedgeDetector()
    detector.key(strokes[0])
    detector.key(strokes[1])
    step = detector.key(strokes[2])
    assert [k.text for k in step.replay] == ["a", "b"]
    assert step.verdict is Verdict.PASS


def test_short_code_with_a_hiccup_in_its_middle_is_typing() -> None:
    """The documented blind spot: indistinguishable from two rollovers."""
    assert delivered(WedgeDetector(), keys("AB12\r", [5, 35, 5, 5])) == ("AB12\r", [])


def test_codes_shorter_than_min_length_are_typing() -> None:
    assert delivered(WedgeDetector(), keys("123\r", 5)) == ("123\r", [])
    assert delivered(WedgeDetector(WedgeConfig(min_length=3)), keys("123\r", 5)) == ("", ["123"])


def test_timestamps_going_backwards_end_the_burst() -> None:
    strokes = [KeyStroke("a", 5000.0), KeyStroke("b", 5003.0), KeyStroke("c", 10.0)]
    detector = WedgeDetector()
    detector.key(strokes[0])
    detector.key(strokes[1])
    step = detector.key(strokes[2])
    assert [k.text for k in step.replay] == ["a", "b"]
    assert step.verdict is Verdict.HOLD


def test_flush_replays_what_is_held() -> None:
    detector = WedgeDetector()
    for stroke in keys("abc", 4):
        detector.key(stroke)
    assert [k.text for k in detector.flush().replay] == ["a", "b", "c"]
    assert detector.holding == ()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"min_length": 0},
        {"fast_gap_ms": 60.0},
        {"fast_gap_ms": 0.0},
        {"min_fast_run": 0},
        {"terminators": frozenset({"\r\n"})},
    ],
)
def test_impossible_settings_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        WedgeConfig(**kwargs)  # type: ignore[arg-type]


# -- the models, thousands at a time ---------------------------------------------------

VOLUME = 10_000


def _scan_of(rng: random.Random) -> tuple[str, list[KeyStroke]]:
    text = models.scanner_text(rng)
    return text, models.scanner_burst(rng, text, terminator=models.random_terminator(rng))


@settings(max_examples=VOLUME, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(min_value=0, max_value=2**64 - 1))
def test_ten_thousand_human_sequences_give_no_scan(seed: int) -> None:
    strokes = models.human_typing(random.Random(seed))
    typed, scans = delivered(WedgeDetector(), strokes)
    assert scans == []
    assert typed == "".join(k.text for k in strokes)  # every key, in order, once


@settings(max_examples=VOLUME, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(min_value=0, max_value=2**64 - 1))
def test_ten_thousand_scanner_bursts_are_all_detected(seed: int) -> None:
    text, strokes = _scan_of(random.Random(seed))
    assert delivered(WedgeDetector(), strokes) == ("", [text])


# Hypothesis in control of every draw: it pushes the models to their edges (all gaps at
# the limits, rollover after rollover, hiccups as dense as the model allows).
@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.randoms(use_true_random=False))
def test_human_model_at_its_edges_gives_no_scan(rng: random.Random) -> None:
    assert detect_scans(models.human_typing(rng)) == []


@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.randoms(use_true_random=False))
def test_scanner_model_at_its_edges_is_detected(rng: random.Random) -> None:
    text, strokes = _scan_of(rng)
    assert detect_scans(strokes) == [text]


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.randoms(use_true_random=False), st.randoms(use_true_random=False))
def test_typing_then_scanning_then_typing(first: random.Random, second: random.Random) -> None:
    """Keys are neither lost, duplicated nor reordered around a scan."""
    before = models.human_typing(first)
    text, scan = _scan_of(second)
    scan = [KeyStroke(k.text, k.t_ms + before[-1].t_ms + 300) for k in scan]
    after = [KeyStroke(k.text, k.t_ms + scan[-1].t_ms + 300) for k in models.human_typing(first)]
    typed, scans = delivered(WedgeDetector(), before + scan + after)
    assert scans == [text]
    assert typed == "".join(k.text for k in before + after)
