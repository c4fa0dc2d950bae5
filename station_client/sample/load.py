"""Putting a sample district into a station store (demo, training, tests, benchmarks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import islice

from station_client.reference import ReferenceBundle
from station_client.store import Store

from .generator import Area, SampleDistrict, activity, employers, organisation, persons


def area_from_reference(bundle: ReferenceBundle) -> Area:
    """The district that the reference bundle's division tree describes."""
    tree = bundle.divisions
    district = tree.node(tree.towns()[0].parent or "")
    city = tree.node(district.parent or "")
    return Area(
        district_code=district.code,
        district_name=district.name,
        city_name=city.name.removesuffix("市辖区") or city.name,
        towns=[(t.code, t.name) for t in tree.towns()],
        villages=[(v.code, v.name, v.parent or "") for v in tree.villages()],
    )


@dataclass(frozen=True)
class LoadedSample:
    counts: dict[str, int]


def load_sample(
    store: Store,
    bundle: ReferenceBundle,
    *,
    persons_count: int,
    seed: int = 1,
    today: date = date(2026, 11, 1),
) -> LoadedSample:
    """Generate and insert a whole district; returns rows per table."""
    if persons_count < 0:
        raise ValueError("persons_count must not be negative")
    area = area_from_reference(bundle)
    district: SampleDistrict = organisation(area, seed=seed + 2)
    people = list(islice(persons(area, persons_count, seed=seed, today=today), persons_count))
    firms = list(employers(area, max(1, persons_count // 25), seed=seed + 1))
    services = [
        (i.code, i.time_limit_working_days) for i in bundle.catalogue.items_for_level("village")
    ]

    def due(start: date, n: int) -> tuple[date, bool]:
        d = bundle.calendar.add_working_days(start, n)
        return d.due, d.estimated

    activity(district, people, firms, services, due, seed=seed + 3, today=today)
    tables = {
        "org_units": district.rows["org_units"],
        "stations": district.rows["stations"],
        "staff": district.rows["staff"],
        "persons": people,
        "employers": firms,
    }
    tables.update({t: rows for t, rows in district.rows.items() if t not in tables})
    # One transaction: an interrupted load leaves no half district behind.
    return LoadedSample(store.bulk_load(tables))
