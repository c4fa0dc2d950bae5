"""Three stations editing the same people on a line that comes and goes converge.

Hypothesis draws the schedule: which station edits which field of which person to
what, and when each station gets to sync (a station that does not sync is cut off).
After everyone has synced twice, every station holds exactly the hub's records.
"""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from hub_sync.model import Person

FIELDS = {
    "phone": ["13800000001", "13800000002", "13900000003"],
    "education": ["20", "30", "40"],
    "address": ["东山街道1号", "秣陵街道2号", None],
    "name": ["张三", "李四", "王五"],
}
Edit = st.tuples(
    st.just("edit"),
    st.integers(0, 2),
    st.integers(0, 1),
    st.sampled_from(sorted(FIELDS)),
    st.integers(0, 2),
)
Sync = st.tuples(st.just("sync"), st.integers(0, 2))
Schedules = st.lists(st.one_of(Edit, Sync), min_size=1, max_size=14)
_example = itertools.count()
COMPARED = ("name", "phone", "education", "address", "version", "conflict", "deleted")


def _state(station, ids):
    return {pid: tuple(getattr(station.person(pid), f) for f in COMPARED) for pid in ids}


@settings(
    max_examples=8,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking costs minutes here
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(schedule=Schedules)
def test_stations_converge_to_the_hubs_state(hub, make_station, schedule):
    n = next(_example)
    stations = [make_station(f"conv{n}-{i}") for i in range(3)]
    people = [stations[0].register(), stations[0].register()]
    for s in stations:
        s.agent.sync_once()
    for step in schedule:
        if step[0] == "sync":
            stations[step[1]].agent.sync_once()
        else:
            _, who, person, field, value = step
            stations[who].edit(people[person], **{field: FIELDS[field][value]})
    for _round in range(2):
        for s in stations:
            s.agent.sync_once()
    with hub.engine.connect() as c:
        hub_rows = {
            r.id: tuple(getattr(r, f) for f in COMPARED)
            for r in c.execute(select(Person).where(Person.id.in_(people)))
        }
    for s in stations:
        assert s.agent.status.pending == 0
        assert _state(s, people) == hub_rows
