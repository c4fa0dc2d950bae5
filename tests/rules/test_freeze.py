"""Freeze rules: each rule triggers past its limit, lifts at it, and says what to do."""

from __future__ import annotations

import json
from datetime import date

import pytest

from station_client.rules.errors import ValidationError
from station_client.rules.freeze import (
    DEFAULT_RULES,
    NOT_SYNCED,
    SOFTWARE_TOO_OLD,
    TOO_MANY_UNAPPROVED,
    TOO_MANY_UNSENT,
    UPGRADE_DUE,
    FreezeInputs,
    FreezeRules,
    evaluate,
    parse_rules,
    version_key,
)

RULES = FreezeRules(
    max_days_without_sync=7,
    max_unsent=100,
    max_unapproved=10,
    required_version="0.2.0",
    required_by=date(2026, 12, 31),
)
TODAY = date(2026, 12, 1)


def facts(**over: object) -> FreezeInputs:
    values: dict[str, object] = {
        "today": TODAY,
        "days_since_sync": 1.0,
        "unsent": 0,
        "unapproved": 0,
        "client_version": "0.2.0",
    }
    values.update(over)
    return FreezeInputs(**values)  # type: ignore[arg-type]


def codes(state_facts: FreezeInputs, rules: FreezeRules = RULES) -> list[str]:
    return [r.code for r in evaluate(rules, state_facts).reasons]


def test_a_healthy_station_is_not_frozen() -> None:
    state = evaluate(RULES, facts())
    assert not state.frozen
    assert state.reasons == () and state.warnings == ()
    assert state.message_zh == "" and state.message_en == ""


@pytest.mark.parametrize(
    ("field", "at_limit", "past_limit", "code"),
    [
        ("days_since_sync", 7.0, 7.01, NOT_SYNCED),
        ("unsent", 100, 101, TOO_MANY_UNSENT),
        ("unapproved", 10, 11, TOO_MANY_UNAPPROVED),
    ],
)
def test_each_limit_triggers_past_it_and_lifts_at_it(
    field: str, at_limit: object, past_limit: object, code: str
) -> None:
    assert codes(facts(**{field: past_limit})) == [code]
    assert codes(facts(**{field: at_limit})) == []  # back under the limit: lifted


def test_the_reason_says_what_is_wrong_and_what_to_do_in_both_languages() -> None:
    state = evaluate(RULES, facts(days_since_sync=9.5, unsent=250))
    assert state.frozen
    assert [r.code for r in state.reasons] == [NOT_SYNCED, TOO_MANY_UNSENT]
    assert "9 天" in state.message_zh and "立即同步" in state.message_zh
    assert "250" in state.message_zh and "上限 100" in state.message_zh
    assert "for 9 days (limit 7)" in state.message_en
    assert "sync now" in state.message_en
    # Clerks are told what still works.
    assert "查询" in state.message_zh and "search" in state.message_en


def test_a_station_that_never_synced_nor_enrolled_is_not_frozen_for_it() -> None:
    assert codes(facts(days_since_sync=None)) == []


def test_software_past_its_deadline_freezes_and_before_it_only_warns() -> None:
    before = evaluate(RULES, facts(client_version="0.1.9"))
    assert not before.frozen
    assert [w.code for w in before.warnings] == [UPGRADE_DUE]
    assert "2026-12-31" in before.warnings[0].message_zh
    on_deadline = evaluate(RULES, facts(client_version="0.1.9", today=date(2026, 12, 31)))
    assert not on_deadline.frozen
    after = evaluate(RULES, facts(client_version="0.1.9", today=date(2027, 1, 1)))
    assert [r.code for r in after.reasons] == [SOFTWARE_TOO_OLD]
    assert "0.1.9" in after.reasons[0].message_en and "0.2.0" in after.reasons[0].message_en
    # Upgrading lifts it.
    assert not evaluate(RULES, facts(client_version="0.10.0", today=date(2027, 1, 1))).frozen


def test_versions_compare_as_numbers() -> None:
    assert version_key("0.10.0") > version_key("0.9.9")
    assert version_key("1.2") == version_key("1.2.0")
    assert version_key("0.2.0rc1") == version_key("0.2")
    assert version_key("test") < version_key("0.0.1")


def test_a_rule_set_to_none_is_off() -> None:
    off = FreezeRules(max_days_without_sync=None, max_unsent=None, max_unapproved=None)
    assert codes(facts(days_since_sync=400.0, unsent=10**6, unapproved=10**6), off) == []


def test_defaults_apply_to_the_common_cases() -> None:
    assert codes(facts(days_since_sync=30.0), DEFAULT_RULES) == [NOT_SYNCED]
    assert codes(facts(days_since_sync=2.0), DEFAULT_RULES) == []


# --- the district's file ------------------------------------------------------------


def test_the_districts_file_is_parsed_with_defaults_for_keys_left_out() -> None:
    text = json.dumps(
        {
            "kind": "freeze_rules",
            "version": 3,
            "max_days_without_sync": 3,
            "max_unapproved": None,
            "required_version": "0.2.0",
            "required_by": "2026-12-31",
        }
    )
    rules = parse_rules(text)
    assert rules.max_days_without_sync == 3
    assert rules.max_unapproved is None
    assert rules.max_unsent == DEFAULT_RULES.max_unsent
    assert rules.required_version == "0.2.0" and rules.required_by == date(2026, 12, 31)
    assert rules.source == "district v3"


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        json.dumps([1, 2]),
        json.dumps({"kind": "code_table", "version": 1}),
        json.dumps({"kind": "freeze_rules"}),
        json.dumps({"kind": "freeze_rules", "version": 0}),
        json.dumps({"kind": "freeze_rules", "version": 1, "max_unsent": -1}),
        json.dumps({"kind": "freeze_rules", "version": 1, "max_unsent": "5"}),
        json.dumps({"kind": "freeze_rules", "version": 1, "max_unsent": True}),
        json.dumps({"kind": "freeze_rules", "version": 1, "max_days": 3}),
        json.dumps({"kind": "freeze_rules", "version": 1, "required_version": "0.2"}),
        json.dumps(
            {"kind": "freeze_rules", "version": 1, "required_version": "x", "required_by": "2026"}
        ),
        json.dumps(
            {"kind": "freeze_rules", "version": 1, "required_version": "1.0", "required_by": "x"}
        ),
    ],
)
def test_a_faulty_file_is_refused_whole(body: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_rules(body)
    assert refused.value.field == "freeze_rules"
    assert "冻结规则有误" in refused.value.message_zh
