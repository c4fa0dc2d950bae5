"""The freeze check on a real encrypted store: facts, the district's file, the hook."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from hub_sync.model import Person
from station_client.reference import ReferenceInstall, default_bundle_dir
from station_client.rules.errors import ValidationError
from station_client.rules.freeze import (
    DEFAULT_RULES,
    NOT_SYNCED,
    TOO_MANY_UNAPPROVED,
    TOO_MANY_UNSENT,
    FreezeRules,
)
from station_client.store import Actor, Store
from station_client.store import outbox as ob
from station_client.store.freeze import (
    RULES_FILE,
    RegistrationFrozen,
    check_can_register,
    load_rules,
    require_can_register,
)
from station_client.store.local_schema import outbox, rejected_ops, station_meta
from station_client.store.services import register_person

from ..conftest import FixedClock
from .helpers import person_values

TIGHT = FreezeRules(max_days_without_sync=7, max_unsent=2, max_unapproved=1)


def _meta(store: Store, key: str, value: str) -> None:
    with store.transaction() as s:
        s.execute(insert(station_meta).values(key=key, value=value))


def _register(store: Store, actor: Actor, serial: int) -> str:
    with store.transaction() as s:
        return store.persons.register(s, actor, person_values(serial)).id


def test_a_fresh_stand_alone_store_may_register(make_store: Callable[..., Store]) -> None:
    store = make_store()
    state = check_can_register(store, store.clock())
    assert not state.frozen
    assert require_can_register(store).reasons == ()


def test_days_since_sync_count_from_enrolment_then_from_the_last_sync(
    make_store: Callable[..., Store], clock: FixedClock
) -> None:
    store = make_store()
    _meta(store, "enrolled_at", (clock.now - timedelta(days=8)).isoformat())
    assert [r.code for r in check_can_register(store, clock.now, TIGHT).reasons] == [NOT_SYNCED]
    _meta(store, "last_sync_at", (clock.now - timedelta(hours=2)).isoformat())
    assert not check_can_register(store, clock.now, TIGHT).frozen  # a sync lifts it
    assert check_can_register(store, clock.now + timedelta(days=8), TIGHT).frozen


def test_unsent_items_trigger_and_lift_when_the_hub_acknowledges_them(
    make_store: Callable[..., Store], actor: Actor
) -> None:
    store = make_store()
    for serial in (1, 2, 3):
        _register(store, actor, serial)
    state = check_can_register(store, store.clock(), TIGHT)
    assert [r.code for r in state.reasons] == [TOO_MANY_UNSENT]
    with store.transaction() as s:
        ob.acknowledge(s.connection(), 3)
    assert not check_can_register(store, store.clock(), TIGHT).frozen


def test_refused_ops_and_conflicts_count_as_unapproved(
    make_store: Callable[..., Store], actor: Actor
) -> None:
    store = make_store()
    person_id = _register(store, actor, 1)
    with store.transaction() as s:
        ob.acknowledge(s.connection(), 10)
        s.execute(
            insert(rejected_ops).values(
                seq=1,
                table_name="persons",
                record_id=person_id,
                op="insert",
                new_values="{}",
                reason="bad_value: test",
                rejected_at=store.clock().isoformat(),
            )
        )
    assert not check_can_register(store, store.clock(), TIGHT).frozen  # 1 is the limit
    with store.transaction() as s:
        s.get_one(Person, person_id).conflict = True
    state = check_can_register(store, store.clock(), TIGHT)
    assert [r.code for r in state.reasons] == [TOO_MANY_UNAPPROVED]
    assert "2 条记录未获区级中心认可" in state.message_zh


def test_the_rules_come_from_the_installed_reference_bundle(
    make_store: Callable[..., Store],
) -> None:
    store = make_store()
    assert load_rules(store.data_dir) == DEFAULT_RULES  # nothing installed, nothing shipped
    install = ReferenceInstall(store.data_dir / "reference")
    install.install(default_bundle_dir())
    current = store.data_dir / "reference" / "versions" / str(install.current_version())
    rules = {"kind": "freeze_rules", "version": 2, "max_unsent": 0}
    (current / RULES_FILE).write_text(json.dumps(rules), encoding="utf-8")
    loaded = load_rules(store.data_dir)
    assert loaded.max_unsent == 0 and loaded.source.endswith("v2")
    # The file sits beside a bundle that still loads (it is not a manifest .json file).
    assert install.current().version == install.current_version()
    # A faulty file from the district leaves the defaults in force, not no rules at all.
    (current / RULES_FILE).write_text('{"kind": "freeze_rules"}', encoding="utf-8")
    assert load_rules(store.data_dir) == DEFAULT_RULES


def test_a_frozen_store_refuses_with_the_reason_and_keeps_nothing(
    make_store: Callable[..., Store], actor: Actor
) -> None:
    store = make_store()
    for serial in (1, 2, 3):
        _register(store, actor, serial)
    with pytest.raises(RegistrationFrozen) as refused:
        require_can_register(store, TIGHT)
    assert isinstance(refused.value, ValidationError)  # what the counter's forms show
    assert refused.value.field == "registration"
    assert "暂停新登记" in refused.value.message_zh
    assert "3 changes are waiting to be sent" in refused.value.message_en


def test_register_person_is_refused_while_frozen_and_search_still_works(
    make_store: Callable[..., Store], actor: Actor, clock: FixedClock
) -> None:
    store = make_store()
    first = _register(store, actor, 1)
    _meta(store, "enrolled_at", (clock.now - timedelta(days=60)).isoformat())  # default: 7
    with store.transaction() as s:
        before = s.execute(select(outbox.c.seq)).all()
    with pytest.raises(RegistrationFrozen) as refused:
        register_person(store, actor, person_values(2))
    assert refused.value.state.reasons[0].code == NOT_SYNCED
    with store.transaction() as s:
        assert s.execute(select(outbox.c.seq)).all() == before  # nothing saved
        assert [p.id for p in s.scalars(select(Person))] == [first]  # still readable
    # Synced again: registration resumes.
    _meta(store, "last_sync_at", clock.now.isoformat())
    assert register_person(store, actor, person_values(2)).person_id
