"""The answer of ``GET /v1/conflicts`` read into records at the station: validated whole
(a malformed answer is refused with where and why), and the queue ordered overdue first."""

from __future__ import annotations

import gc
import json
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pydantic
import pytest

from station_client.sync import conflicts as cc

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def _item(i: int, **over: Any) -> dict[str, Any]:
    item = {
        "id": f"c{i:05d}",
        "table": "persons",
        "record_id": f"r{i:05d}",
        "kind": "fields",
        "station_id": "s1",
        "fields": {"phone": [None, "1", "2"], "address": ["旧", "东", "西"]},
        "ops": ["s1:3"],
        "created_at": (NOW - timedelta(hours=i)).isoformat(),
        "status": "open",
        "area_code": "320115001001",
    }
    return {**item, **over}


def test_an_answer_is_read_into_records() -> None:
    raw = json.dumps([_item(0), _item(1, area_code=None, extra="ignored")]).encode()
    first, second = cc.ConflictList.model_validate_json(raw).conflicts
    assert first.fields["address"] == ("旧", "东", "西") and first.ops == ("s1:3",)
    assert first.created_at == NOW and first.created_at.utcoffset() == timedelta(0)
    assert second.area_code is None and second.age_days(NOW) == pytest.approx(1 / 24)
    assert first.pattern == ("persons", "fields", ("address", "phone"))
    plus8 = _item(2, created_at="2025-03-10T17:00:00+08:00")  # another offset, same moment
    assert cc.ConflictList.model_validate_json(json.dumps([plus8])).conflicts[0].created_at == NOW


@pytest.mark.parametrize(
    ("answer", "where"),
    [
        ([_item(0), {k: v for k, v in _item(1).items() if k != "created_at"}], "1.created_at"),
        ([_item(0, fields={"phone": ["1", "2"]})], "0.fields.phone"),
        ([_item(0, created_at="2025-03-10T09:00:00")], "0.created_at"),  # no offset
        ([_item(0, ops="s1:3")], "0.ops"),
        ({"items": [_item(0)]}, "array"),
    ],
)
def test_a_malformed_answer_is_refused_with_where_and_why(answer: Any, where: str) -> None:
    with pytest.raises(pydantic.ValidationError, match=where.replace(".", r"\.")):
        cc.ConflictList.model_validate_json(json.dumps(answer))
    assert gc.isenabled()  # the collector, paused while reading, is back on


def test_the_queue_is_overdue_first_then_oldest_then_by_id() -> None:
    rng = random.Random(6)
    found = [
        cc.ConflictRecord(
            id=f"c{i:03d}",
            table=rng.choice(["persons", "employers"]),
            record_id=f"r{i}",
            kind=rng.choice(["fields", "edit_vs_delete"]),
            station_id="s",
            fields={"phone": [None, "1", "2"]},
            created_at=NOW - timedelta(days=rng.choice([0, 1, 2, 3, 4, 9])),  # many ties
            area_code=rng.choice(["320115001001", "320116001001", None]),
        )
        for i in rng.sample(range(300), 300)
    ]
    limit = NOW - timedelta(days=3)
    for filters in (cc.ConflictFilter(), cc.ConflictFilter(table="persons", min_age_days=1)):
        got = cc.queue(found, now=NOW, escalate_days=3, filters=filters)
        kept = [c for c in found if filters.accepts(c, NOW)]
        kept.sort(key=lambda c: (c.created_at > limit, c.created_at, c.id))
        assert [(e.conflict, e.overdue) for e in got] == [(c, c.created_at <= limit) for c in kept]
