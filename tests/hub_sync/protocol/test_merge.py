"""Field-level three-way merge: the rules, and the properties the design promises."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from hub_sync.model import RECORD_COLUMNS
from hub_sync.protocol.errors import WireError
from hub_sync.protocol.merge import (
    MergeOutcome,
    apply_outcome,
    merge_delete,
    merge_update,
    update_on_deleted,
)

HUB = {
    "id": "r1",
    "version": 4,
    "name": "张三",
    "phone": "13900139000",
    "address": None,
    "verified": False,
}


def test_unchanged_hub_takes_the_station_value() -> None:
    outcome = merge_update(hub=HUB, old={"phone": "13900139000"}, new={"phone": "13800138000"})
    assert outcome == MergeOutcome(apply={"phone": "13800138000"}, conflicts={})
    assert not outcome.unchanged and not outcome.has_conflict
    assert apply_outcome(HUB, outcome)["phone"] == "13800138000"


def test_equal_values_are_no_conflict() -> None:
    hub = {**HUB, "phone": "13800138000"}  # another station made the same fix
    outcome = merge_update(hub=hub, old={"phone": "13900139000"}, new={"phone": "13800138000"})
    assert outcome.unchanged


def test_same_field_changed_differently_conflicts() -> None:
    hub = {**HUB, "phone": "13700137000"}
    outcome = merge_update(hub=hub, old={"phone": "13900139000"}, new={"phone": "13800138000"})
    assert outcome.apply == {}
    assert outcome.conflicts == {"phone": ("13900139000", "13700137000", "13800138000")}
    assert outcome.has_conflict and not outcome.unchanged
    assert apply_outcome(hub, outcome) == hub  # the hub's value stands


def test_different_fields_merge_and_conflicts_are_per_field() -> None:
    hub = {**HUB, "name": "张三丰", "phone": "13700137000"}
    outcome = merge_update(
        hub=hub,
        old={"phone": "13900139000", "address": None, "verified": False},
        new={"phone": "13800138000", "address": "幸福村1组", "verified": True},
    )
    assert outcome.apply == {"address": "幸福村1组", "verified": True}
    assert set(outcome.conflicts) == {"phone"}


def test_null_is_a_value_like_any_other() -> None:
    cleared = merge_update(hub=HUB, old={"phone": "13900139000"}, new={"phone": None})
    assert cleared.apply == {"phone": None}
    hub = {**HUB, "address": "东街"}
    clash = merge_update(hub=hub, old={"address": None}, new={"address": "西街"})
    assert clash.conflicts == {"address": (None, "东街", "西街")}


def test_bookkeeping_fields_are_ignored() -> None:
    outcome = merge_update(
        hub=HUB,
        old={"deleted": False},
        new={
            "changed_station": "s2",
            "changed_staff": "u9",
            "changed_at": "2024-06-01T00:00:00.000000Z",
            "deleted": True,
            "version": 99,
        },
    )
    assert outcome.unchanged


def test_field_not_really_changed_by_the_station_is_skipped() -> None:
    hub = {**HUB, "phone": "13700137000"}
    outcome = merge_update(hub=hub, old={"phone": "13900139000"}, new={"phone": "13900139000"})
    assert outcome.unchanged


def test_missing_base_value_is_refused() -> None:
    with pytest.raises(WireError) as info:
        merge_update(hub=HUB, old={}, new={"phone": "13800138000"})
    assert info.value.code == "missing_base" and info.value.field == "phone"


def test_field_the_hub_record_lacks_is_refused() -> None:
    with pytest.raises(WireError) as info:
        merge_update(hub=HUB, old={"shoe": 1}, new={"shoe": 2})
    assert info.value.code == "unknown_field"


@pytest.mark.parametrize(
    ("hub_version", "base_version", "hub_deleted", "decision"),
    [
        (4, 4, False, "apply"),
        (5, 4, False, "conflict"),  # edited elsewhere since the station's base
        (3, 4, False, "conflict"),  # a base the hub never issued
        (4, 4, True, "noop"),
        (5, 4, True, "noop"),  # deleted elsewhere too
    ],
)
def test_merge_delete(
    hub_version: int, base_version: int, hub_deleted: bool, decision: str
) -> None:
    assert (
        merge_delete(hub_version=hub_version, base_version=base_version, hub_deleted=hub_deleted)
        == decision
    )


def test_update_on_deleted_record_conflicts() -> None:
    assert update_on_deleted(True) is True
    assert update_on_deleted(False) is False


# --- properties ------------------------------------------------------------------------

FIELDS = [f"f{i}" for i in range(8)]
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.text(max_size=3),
    st.dates().map(lambda d: d.isoformat()),
)
records = st.fixed_dictionaries({f: values for f in FIELDS})


def _other_than(current: Any) -> st.SearchStrategy[Any]:
    return values.filter(lambda v: bool(v != current))


@st.composite
def edits(draw: st.DrawFn, base: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """A station's new values for some of ``fields`` (each really changed)."""
    if not fields:
        return {}
    chosen = draw(st.lists(st.sampled_from(fields), unique=True, max_size=len(fields)))
    new: dict[str, Any] = {}
    for name in chosen:
        new[name] = draw(_other_than(base[name]))
    return new


@given(st.data(), records)
def test_unchanged_hub_applies_exactly_the_station_changes(
    data: st.DataObject, base: dict[str, Any]
) -> None:
    new = data.draw(edits(base, FIELDS))
    old = {f: base[f] for f in new}
    stamps = {"changed_at": "2024-06-01T00:00:00.000000Z", "changed_station": "s1"}
    outcome = merge_update(hub=base, old=old, new={**new, **stamps})
    assert outcome.apply == new
    assert outcome.conflicts == {}
    assert apply_outcome(base, outcome) == {**base, **new}


@given(records, st.data())
def test_equal_values_never_conflict(hub: dict[str, Any], data: st.DataObject) -> None:
    fields = data.draw(st.lists(st.sampled_from(FIELDS), unique=True))
    old = {f: data.draw(values) for f in fields}
    new = {f: hub[f] for f in fields}  # the station arrived at what the hub holds
    outcome = merge_update(hub=hub, old=old, new=new)
    assert outcome.unchanged


@given(records, st.data())
def test_conflicts_only_where_all_three_differ(hub: dict[str, Any], data: st.DataObject) -> None:
    fields = data.draw(st.lists(st.sampled_from(FIELDS), unique=True))
    old = {f: data.draw(values) for f in fields}
    new = {f: data.draw(values) for f in fields}
    outcome = merge_update(hub=hub, old=old, new=new)
    assert not set(outcome.apply) & set(outcome.conflicts)
    for name, (b, h, s) in outcome.conflicts.items():
        assert (b, h, s) == (old[name], hub[name], new[name])
        assert b != h and h != s and b != s
    for name, value in outcome.apply.items():
        assert hub[name] == old[name] and value == new[name]
    assert set(RECORD_COLUMNS).isdisjoint(outcome.apply)


@given(st.data(), records)
def test_disjoint_edits_never_conflict_and_commute(
    data: st.DataObject, base: dict[str, Any]
) -> None:
    split = data.draw(st.integers(0, len(FIELDS)))
    fields_a, fields_b = FIELDS[:split], FIELDS[split:]
    new_a = data.draw(edits(base, fields_a))
    new_b = data.draw(edits(base, fields_b))
    assume(new_a or new_b)
    old_a = {f: base[f] for f in new_a}
    old_b = {f: base[f] for f in new_b}

    def run(
        first: tuple[dict[str, Any], dict[str, Any]], second: tuple[dict[str, Any], ...]
    ) -> dict[str, Any]:
        record = dict(base)
        for old, new in (first, second):
            outcome = merge_update(hub=record, old=old, new=new)
            assert not outcome.conflicts
            record = apply_outcome(record, outcome)
        return record

    a_then_b = run((old_a, new_a), (old_b, new_b))
    b_then_a = run((old_b, new_b), (old_a, new_a))
    assert a_then_b == b_then_a == {**base, **new_a, **new_b}


@given(st.data(), records)
def test_replaying_a_merged_change_changes_nothing(
    data: st.DataObject, base: dict[str, Any]
) -> None:
    new = data.draw(edits(base, FIELDS))
    old = {f: base[f] for f in new}
    once = apply_outcome(base, merge_update(hub=base, old=old, new=new))
    assert merge_update(hub=once, old=old, new=new).unchanged
