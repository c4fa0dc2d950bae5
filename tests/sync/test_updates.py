"""The update pipeline end to end: district IT publishes, a real hub on loopback serves,
a station with a real encrypted store verifies and applies — or refuses, changes
nothing and reports it at the hub; software that fails its self-check is rolled back.

Publications are global at the hub, so each test stages its publications to its own
stations and takes version numbers above whatever the module published before.
"""

from __future__ import annotations

import io
import json
import secrets
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import select

from hub_sync.model import utc_now
from hub_sync.protocol.publication import DistrictKey, sign_rotation
from hub_sync.protocol.wire import format_utc
from hub_sync.server import publications, publish_cli
from hub_sync.server.tables import publication_reports
from station_client.reference import ReferenceInstall
from station_client.sync import Credentials, HubClient, meta
from station_client.sync.software import SoftwareInstall
from station_client.sync.updates import (
    INSTALLED,
    PINNED_KEYS,
    UpdateReport,
    Updates,
    pin_hub_keys,
    pin_keys,
    pinned_keys,
)

from ..hubserver import RunningHub
from ..publishing import (
    SHIPPED,
    fake_software,
    newer_bundle,
    next_version,
    publish_raw,
    running_publication_hub,
    tamper,
)
from .conftest import Station, StationFactory


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def hub(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningHub]:
    """The module's hub, serving publications (overrides the sync suite's ``hub``)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('hub') / 'hub.db'}"
        with running_publication_hub(url) as running:
            yield running
        return
    server = str(request.getfixturevalue("pg_server"))
    name = "renshe_pub_" + secrets.token_hex(6)
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with running_publication_hub(f"{server.rsplit('/', 1)[0]}/{name}") as running:
            yield running
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def district(hub: RunningHub) -> DistrictKey:
    key = DistrictKey.generate()
    with hub.engine.begin() as conn:
        publications.register_key(conn, key.public_key_b64, utc_now())
    return key


@dataclass
class Site:
    """A station with its reference data, software directory and updater."""

    hub: RunningHub
    station: Station
    updates: Updates
    reference: ReferenceInstall
    software: SoftwareInstall

    @property
    def id(self) -> str:
        return self.station.identity.station_id

    def client(self) -> HubClient:
        me = self.station.identity
        return HubClient(self.hub.url, credentials=Credentials(me.station_id, me.key))

    def check(self) -> UpdateReport:
        with self.client() as client:
            return self.updates.check(client)

    def reports(self) -> list[tuple[str, int | None, str, str]]:
        with self.hub.engine.connect() as conn:
            rows = conn.execute(
                select(publication_reports)
                .where(publication_reports.c.station_id == self.id)
                .order_by(publication_reports.c.reported_at, publication_reports.c.id)
            )
            return [(r.kind, r.version, r.outcome, r.code) for r in rows]

    def snapshot(self) -> dict[str, Any]:
        """Everything an update may change: the files and the recorded versions."""
        files = {
            p.relative_to(root).as_posix(): p.read_bytes()
            for root in (self.reference.root, self.software.root)
            if root.exists()
            for p in root.rglob("*")
            if p.is_file()
        }
        with self.station.store.transaction() as s:
            recorded = meta.get_all(s, *INSTALLED.values())
        return {"files": files, "meta": recorded}


@pytest.fixture
def make_site(hub: RunningHub, district: DistrictKey, make_station: StationFactory, tmp_path: Path):
    def factory(name: str, *, pin: bool = True) -> Site:
        station = make_station(name)
        reference = ReferenceInstall(tmp_path / name / "reference", default_dir=SHIPPED)
        reference.current()  # the shipped bundle, as on a new station
        software = SoftwareInstall(tmp_path / name / "software", timeout=30)
        site = Site(hub, station, Updates(station.store, reference, software), reference, software)
        if pin:  # at enrolment: the district's keys, as the hub names them
            with site.client() as client:
                pin_hub_keys(station.store, client)
        else:  # a station whose pinning at enrolment failed (or predates it)
            with station.store.transaction() as s:
                meta.put(s, {PINNED_KEYS: None})
        return site

    return factory


def publish_bundle(hub: RunningHub, key: DistrictKey, tmp: Path, sites: list[Site]) -> int:
    version = next_version(hub, "reference")
    bundle = newer_bundle(tmp / f"bundle-{version}", version)
    publish_cli.publish(hub.engine, key, "reference", bundle, stations=[s.id for s in sites])
    return version


# -- reference data -----------------------------------------------------------------------


def test_publish_then_sync_applies_the_reference_data(make_site, hub, district, tmp_path):
    site, bystander = make_site("甲村"), make_site("乙村")
    version = publish_bundle(hub, district, tmp_path, [site])
    reloads: list[int] = []  # the app drops its cached bundle when told
    site.updates.on_reference_applied = lambda: reloads.append(site.reference.current().version)
    report = site.check()
    assert report.outcome("reference").outcome == "applied"
    assert reloads == [version]
    assert site.reference.current_version() == version
    assert site.reference.current().table("target_group").name("99") == f"其他（第{version}版）"
    assert site.reference.installed_versions() == [1, version]  # the previous one is kept
    assert site.updates.installed_version("reference") == version
    assert site.reports() == [("reference", version, "applied", "applied")]
    # Applying again is a no-op; the station not staged is offered nothing.
    assert site.check().outcome("reference").outcome == "up_to_date"
    assert bystander.check().outcomes == ()
    assert bystander.reference.current_version() == 1


@pytest.mark.parametrize(
    ("damage", "code"),
    [
        ({"payload": b"PK\x03\x04 not the signed bundle"}, "payload_mismatch"),
        ({"statement": {"label": "better data"}}, "bad_publication_signature"),
        ({"statement": {"version": 10**6}}, "bad_publication_signature"),
        ({"signature": None}, "malformed_publication"),
        ({"signature": "A" * 86 + "=="}, "bad_publication_signature"),
    ],
    ids=["tampered-payload", "tampered-label", "tampered-version", "unsigned", "forged"],
)
def test_a_tampered_or_unsigned_push_changes_nothing_and_is_reported(
    make_site, hub, district, tmp_path, damage, code
):
    site = make_site("丙村")
    version = publish_bundle(hub, district, tmp_path, [site])
    tamper(hub, "reference", version, **damage)
    before = site.snapshot()
    outcome = site.check().outcome("reference")
    assert (outcome.outcome, outcome.code) == ("refused", code)
    assert site.snapshot() == before
    assert site.reference.current_version() == 1
    claimed = damage.get("statement", {}).get("version", version)  # as the push says
    assert site.reports() == [("reference", claimed, "refused", code)]
    # Offered again: neither applied nor reported twice.
    assert site.check().outcome("reference").outcome == "already_refused"
    assert site.reports() == [("reference", claimed, "refused", code)]


def test_a_push_signed_with_a_key_the_station_did_not_pin_is_refused(make_site, hub, tmp_path):
    site = make_site("丁村")
    rogue = DistrictKey.generate()  # known to the hub (e.g. slipped in there), not pinned
    with hub.engine.begin() as conn:
        publications.register_key(conn, rogue.public_key_b64, utc_now())
    before = site.snapshot()
    version = publish_bundle(hub, rogue, tmp_path, [site])
    outcome = site.check().outcome("reference")
    assert (outcome.outcome, outcome.code) == ("refused", "unpinned_key")
    assert site.snapshot() == before
    assert site.reports() == [("reference", version, "refused", "unpinned_key")]
    assert rogue.key_id not in pinned_keys(site.station.store)[0]


def test_a_replayed_older_version_is_refused(make_site, hub, district, tmp_path):
    site = make_site("戊村")
    older = publish_bundle(hub, district, tmp_path, [site])
    newer = publish_bundle(hub, district, tmp_path, [site])
    assert site.check().outcome("reference").version == newer
    with hub.engine.begin() as conn:  # the hub offers the older one again
        publications.withdraw(conn, "reference", newer, utc_now())
    before = site.snapshot()
    outcome = site.check().outcome("reference")
    assert (outcome.version, outcome.outcome, outcome.code) == (
        older,
        "refused",
        "stale_publication",
    )
    assert site.snapshot() == before
    assert site.reference.current_version() == newer
    assert site.reports()[-1] == ("reference", older, "refused", "stale_publication")


def test_malformed_pushes_change_nothing_and_are_reported(make_site, hub, district, tmp_path):
    site = make_site("己村")
    before = site.snapshot()
    # Signed by the district, but an archive that would write outside its directory.
    evil = io.BytesIO()
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("../../escaped.json", "{}")
    version = publish_raw(hub, district, "reference", evil.getvalue(), [site.id])
    outcome = site.check().outcome("reference")
    assert (outcome.outcome, outcome.code) == ("refused", "malformed_publication")
    assert not list(site.reference.root.parent.rglob("escaped.json"))
    # Signed, but not a valid bundle (a code table's checksum is off).
    bundle = newer_bundle(tmp_path / "broken", version + 1)
    (bundle / "codes" / "sex.json").write_text('{"kind": "code_table"}', encoding="utf-8")
    publish_raw(hub, district, "reference", publish_cli.zip_directory(bundle), [site.id])
    assert site.check().outcome("reference").code == "invalid_reference_data"
    # Not a publication at all.
    tamper(hub, "reference", version + 1, envelope='{"statement": "乱码", "signature": 7}')
    assert site.check().outcomes[0].code == "malformed_publication"
    assert site.snapshot() == before
    assert [r[2:] for r in site.reports()] == [
        ("refused", "malformed_publication"),
        ("refused", "invalid_reference_data"),
        ("refused", "malformed_publication"),
    ]
    assert site.reports()[-1][:2] == ("unknown", None)


def test_a_station_without_pinned_keys_trusts_nothing(make_site, hub, district, tmp_path):
    site = make_site("庚村", pin=False)
    version = publish_bundle(hub, district, tmp_path, [site])
    assert site.check().outcome("reference").code == "no_pinned_keys"
    assert site.reference.current_version() == 1
    # District IT pins the key by hand; the next check applies it.
    pin_keys(site.station.store, [district.public_key_b64])
    assert site.check().outcome("reference").outcome == "applied"
    assert site.reference.current_version() == version


def test_a_rotation_signed_by_the_pinned_key_moves_trust(make_site, hub, tmp_path):
    old, new = DistrictKey.generate(), DistrictKey.generate()
    with hub.engine.begin() as conn:
        publications.register_key(conn, old.public_key_b64, utc_now())
    site = make_site("辛村", pin=False)
    pin_keys(site.station.store, [old.public_key_b64])
    with hub.engine.begin() as conn:
        rotation = sign_rotation(
            old, new.public_key_b64, retire_old=True, issued_at=format_utc(utc_now())
        )
        publications.store_rotation(conn, rotation, utc_now())
    version = publish_bundle(hub, new, tmp_path, [site])
    report = site.check()
    assert report.keys_added == (new.key_id,) and report.keys_retired == (old.key_id,)
    assert report.outcome("reference").outcome == "applied"
    assert site.reference.current_version() == version
    keys, retired = pinned_keys(site.station.store)
    assert old.key_id not in keys and new.key_id in keys and old.key_id in retired


# -- software -----------------------------------------------------------------------------


def publish_software(hub, key, tmp: Path, sites: list[Site], label: str, *, starts: bool) -> int:
    package = fake_software(tmp / f"pkg-{label}", label, starts=starts)
    signed = publish_cli.publish(
        hub.engine, key, "software", package, stations=[s.id for s in sites]
    )
    return signed.statement.version


def test_software_that_fails_its_self_check_is_rolled_back(make_site, hub, district, tmp_path):
    site = make_site("壬村")
    good = publish_software(hub, district, tmp_path, [site], "1.5.0", starts=True)
    report = site.check()
    assert report.outcome("software").outcome == "applied" and report.restart_needed
    assert site.software.current_version() == good
    current = site.software.current_dir()
    assert current is not None and (current / "VERSION").read_text() == "1.5.0\n"
    kept = site.snapshot()

    bad = publish_software(hub, district, tmp_path, [site], "1.6.0", starts=False)
    outcome = site.check().outcome("software")
    assert (outcome.outcome, outcome.code) == ("rolled_back", "self_check_failed")
    assert "exit status 3" in outcome.message and "renshe-station 1.6.0" in outcome.message
    assert site.snapshot() == kept  # the previous version, intact and current
    assert site.reports()[-1] == ("software", bad, "rolled_back", "self_check_failed")
    assert site.check().outcome("software").outcome == "already_refused"  # not retried

    fixed = publish_software(hub, district, tmp_path, [site], "1.6.1", starts=True)
    assert site.check().outcome("software").outcome == "applied"
    assert site.software.current_version() == fixed
    versions = sorted(p.name for p in site.software.versions_dir.iterdir())
    assert versions == sorted([str(good), str(fixed)])  # the new one and its fallback
    assert [r[2] for r in site.reports() if r[0] == "software"] == [
        "applied",
        "rolled_back",
        "applied",
    ]


def test_a_station_stopped_during_the_self_check_rolls_back_at_the_next_check(
    make_site, hub, district, tmp_path
):
    site = make_site("癸村")
    first = publish_software(hub, district, tmp_path, [site], "2.0.0", starts=True)
    site.check()
    # As if the station died while version `first + 1` was proving itself.
    interrupted = first + 1
    (site.software.versions_dir / str(interrupted)).mkdir()
    (site.software.root / "CURRENT").write_text(f"{interrupted}\n")
    (site.software.root / "TRIAL").write_text(
        json.dumps({"version": interrupted, "previous": first})
    )
    site.check()
    assert site.software.current_version() == first
    assert not (site.software.versions_dir / str(interrupted)).exists()
    assert site.reports()[-1] == ("software", interrupted, "rolled_back", "self_check_interrupted")


# -- staging ------------------------------------------------------------------------------


def test_staging_by_list_and_percentage_reaches_exactly_those_stations(
    make_site, hub, district, tmp_path
):
    sites = [make_site(f"站{i}") for i in range(4)]
    # By list: the first two.
    listed = publish_bundle(hub, district, tmp_path, sites[:2])
    assert [s.check().outcome("reference") is not None for s in sites] == [True, True, False, False]
    # By percentage, among the last two: those whose id hashes below the line.
    buckets = {s.id: publications.stage_bucket(s.id) for s in sites[2:]}
    percent = min(buckets.values()) + 1
    version = next_version(hub, "reference")
    publish_cli.publish(
        hub.engine, district, "reference", newer_bundle(tmp_path / "pc", version), percent=percent
    )
    for site in sites[2:]:
        outcome = site.check().outcome("reference")
        expected = buckets[site.id] < percent
        assert (outcome is not None and outcome.outcome == "applied") == expected
        assert site.reference.current_version() == (version if expected else 1)
    # The listed stations are within the rollout or still on their listed version.
    for site in sites[:2]:
        site.check()
        assert site.reference.current_version() in (listed, version)
