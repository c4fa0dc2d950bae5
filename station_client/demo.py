"""`renshe-station demo`: a sample district in an encrypted store, and a look inside.

Until the counter app exists this is how a new user sees the system working: the
district's organisation, people and matters, searched and shown the way each role may
see them, with deadlines on the official calendar.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TextIO

from sqlalchemy import func, select

from hub_sync.model import Person, ServiceTicket, Staff, Station, UnemploymentRegistration
from station_client.rules.codes import Role, StationLevel
from station_client.rules.deadlines import deadline_state
from station_client.rules.masking import Field, present
from station_client.rules.staffing import required_staff
from station_client.rules.unemployment import is_long_term_unemployed
from station_client.sample import area_from_reference, load_sample
from station_client.store import Actor, audit
from station_client.store import outbox as ob
from station_client.store.search import search_persons

from .app import Station as StationApp

DEMO_TODAY = date(2026, 11, 2)


def run_demo(station: StationApp, *, persons: int, seed: int, out: TextIO) -> None:
    def say(text: str = "") -> None:
        print(text, file=out)

    store = station.open_store(create=True)
    bundle = station.reference()
    area = area_from_reference(bundle)
    with store.transaction() as s:
        # Loaded or not is what the store holds, not whether its file exists: a first
        # run interrupted during the load leaves an empty store, filled next time.
        first_run = s.scalar(select(func.count()).select_from(Station)) == 0
    if first_run:
        say(
            f"首次运行：生成示例区 {area.city_name}{area.district_name}（{persons} 人）… "
            f"/ first run: generating the sample district ({persons} people)…"
        )
        load_sample(store, bundle, persons_count=persons, seed=seed)

    say("=" * 72)
    say("RenShe Station 人社服务站 — 示例区 / demo district")
    say("=" * 72)
    say(f"数据目录 data directory: {station.config.data_dir} (SQLCipher 加密 encrypted)")
    years = sorted(bundle.calendar_years)
    say(
        f"参考数据 reference data v{bundle.version}: {len(bundle.code_tables)} code tables, "
        f"{len(bundle.catalogue)} service items, holiday calendars {years[0]}–{years[-1]}"
    )
    next_year = years[-1] + 1
    estimate = bundle.calendar.add_working_days(date(next_year, 1, 5), 3)
    say(f"  {estimate.notice_zh()} / {estimate.notice_en()}")
    say(
        f"辖区 district: {area.city_name}{area.district_name} ({area.district_code}), "
        f"{len(area.towns)} 镇街 towns/streets, {len(area.villages)} 村居 villages/communities"
    )

    with store.transaction() as s:
        stations = s.scalars(select(Station)).all()
        roles = Counter(s.scalars(select(Staff.role)).all())
        say(
            f"服务站点 stations: {len(stations)}; 工作人员 staff: {sum(roles.values())} "
            + ", ".join(f"{r} {n}" for r, n in sorted(roles.items()))
        )
        staffed = Counter(s.scalars(select(Staff.station_id)).all())
        villages = [x for x in stations if x.level == "village"]
        short = [
            (st, need)
            for st in villages
            if staffed[st.id]
            < (need := required_staff(StationLevel.VILLAGE, st.population_served or 0))
        ]
        say(
            f"配备标准 staffing standard (village: 1 per 800 above 1,000 people, else 1): "
            f"{len(villages) - len(short)} of {len(villages)} villages meet it; short:"
        )
        for st, need in short[:5]:
            say(
                f"  {st.name}: population {st.population_served}, staff {staffed[st.id]}, "
                f"required {need}"
            )

        total = s.scalar(select(func.count()).select_from(Person))
        flags = {
            name: s.scalar(select(func.count()).where(getattr(Person, name)))
            for name in (
                "is_unemployed",
                "is_hard_to_employ",
                "is_graduate",
                "is_migrant_worker",
                "is_land_lost_farmer",
                "is_veteran",
            )
        }
        say(f"实名人员 persons: {total}; " + ", ".join(f"{k[3:]} {v}" for k, v in flags.items()))
        regs = s.scalars(select(UnemploymentRegistration.registered_on)).all()
        long_term = sum(is_long_term_unemployed(r, DEMO_TODAY) for r in regs)
        say(f"失业登记 unemployment registrations: {len(regs)} (long-term > 6 months: {long_term})")

        tickets = s.execute(select(ServiceTicket.due_on, ServiceTicket.completed_on)).all()
        states = Counter(
            deadline_state(DEMO_TODAY, due, bundle.calendar, completed_on=done).value
            for due, done in tickets
            if due is not None
        )
        say(
            f"服务事项 service tickets: {len(tickets)}; with deadlines: "
            + ", ".join(f"{k} {v}" for k, v in sorted(states.items()))
        )

    conn_hits = []
    with store.engine.connect() as c:
        for q in ("张伟", "wxm", area.district_code + "1990"):
            conn_hits.append((q, search_persons(c, q, limit=3)))
    for role in (Role.CLERK, Role.DISTRICT_ADMIN):
        say(f"查询 search as {role.value}:")
        for q, hits in conn_hits:
            shown = "; ".join(
                " ".join(
                    present(f, v, role)
                    for f, v in (
                        (Field.NAME, h.name),
                        (Field.CITIZEN_ID, h.citizen_id),
                        (Field.PHONE, h.phone),
                    )
                )
                for h in hits
            )
            say(f"  “{q}” → {shown or '(none)'}")

    demo_actor = Actor(station_id=stations[0].id, staff_id=None)
    if conn_hits[0][1]:
        with store.transaction() as s:
            store.persons.view(s, demo_actor, conn_hits[0][1][0].id, purpose="demo")
    with store.transaction() as s:
        length = audit.verify(s, demo_actor.station_id)
    with store.engine.connect() as c:
        waiting = ob.count_pending(c)
    say(f"审计日志 audit log: {length} entries, hash chain verified; 待同步 outbox: {waiting}")
    say("公开服务事项 public service catalogue (时限 time limit):")
    for item in bundle.catalogue.public_items():
        limit = item.time_limit_working_days
        shown = f"{limit} 个工作日 working days" if limit else (item.time_limit_note or "—")
        say(f"  {item.code} {item.zh} / {item.en}: {shown}")
