"""Signed publications: the envelope and key rotation, and the hub's side on SQLite and
PostgreSQL (storing, staging, serving, reports), and its endpoints on a real hub."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import Engine, select

from hub_sync.model import utc_now
from hub_sync.protocol.publication import (
    DistrictKey,
    PublicationError,
    PublicationOffer,
    PublicationPayload,
    apply_rotations,
    parse_publication,
    sign_publication,
    sign_rotation,
    verify_payload,
    verify_publication,
)
from hub_sync.protocol.wire import format_utc
from hub_sync.server import publications, stations
from hub_sync.server.errors import HubRefusal
from hub_sync.server.settings import HubSettings
from hub_sync.server.tables import publication_reports

from ..dbtemplates import migrated_hub_engine
from ..publishing import running_publication_hub
from .signing_client import SigningStation

NOW = format_utc(utc_now())


def signed(key: DistrictKey, version: int = 2, payload: bytes = b"bundle", kind: str = "reference"):
    return sign_publication(
        key,
        kind=kind,  # type: ignore[arg-type]
        version=version,
        label=f"v{version}",
        payload=payload,
        payload_format="zip",
        published_at=NOW,
    )


# -- the envelope -------------------------------------------------------------------------


def test_a_publication_verifies_with_its_pinned_key_only() -> None:
    key, other = DistrictKey.generate(), DistrictKey.generate()
    publication = signed(key)
    verify_publication(publication, {key.key_id: key.public_key_b64})
    with pytest.raises(PublicationError) as e:
        verify_publication(publication, {other.key_id: other.public_key_b64})
    assert e.value.code == "unpinned_key"
    with pytest.raises(PublicationError) as e:
        verify_publication(publication, {})
    assert e.value.code == "no_pinned_keys"
    # Another key posing under the pinned key's id.
    with pytest.raises(PublicationError) as e:
        verify_publication(publication, {key.key_id: other.public_key_b64})
    assert e.value.code == "bad_publication_signature"


@pytest.mark.parametrize(
    ("field", "value"),
    [("version", 99), ("kind", "software"), ("payload_sha256", "0" * 64), ("label", "v3")],
)
def test_any_change_to_the_statement_breaks_the_signature(field: str, value: object) -> None:
    key = DistrictKey.generate()
    wire = signed(key).model_dump()
    wire["statement"][field] = value
    with pytest.raises(PublicationError) as e:
        verify_publication(parse_publication(wire), {key.key_id: key.public_key_b64})
    assert e.value.code == "bad_publication_signature"


def test_unsigned_or_malformed_publications_do_not_parse() -> None:
    wire = signed(DistrictKey.generate()).model_dump()
    unsigned = {"statement": wire["statement"]}
    for bad in (unsigned, {**wire, "signature": ""}, {"statement": {}, "signature": "x"}, {}):
        with pytest.raises(PublicationError) as e:
            parse_publication(bad)
        assert e.value.code == "malformed_publication"
    assert parse_publication(json.dumps(wire)) == parse_publication(wire)


def test_the_payload_must_be_the_one_signed() -> None:
    statement = signed(DistrictKey.generate(), payload=b"the real bundle").statement
    verify_payload(statement, b"the real bundle")
    for other in (b"the real bundlE", b"the real bundle!", b""):
        with pytest.raises(PublicationError) as e:
            verify_payload(statement, other)
        assert e.value.code == "payload_mismatch"


def test_rotation_chains_are_followed_and_retired_keys_stay_out() -> None:
    a, b, c = DistrictKey.generate(), DistrictKey.generate(), DistrictKey.generate()
    a_to_b = sign_rotation(a, b.public_key_b64, retire_old=True, issued_at=NOW)
    b_to_c = sign_rotation(b, c.public_key_b64, retire_old=False, issued_at=NOW)
    # Out of order: the chain is still followed from the pinned key A.
    result = apply_rotations({a.key_id: a.public_key_b64}, (), [b_to_c, a_to_b])
    assert result.pinned == {b.key_id: b.public_key_b64, c.key_id: c.public_key_b64}
    assert result.added == (b.key_id, c.key_id)
    assert result.newly_retired == (a.key_id,) and result.retired == {a.key_id}
    # Again: nothing changes; and a statement re-adding the retired key is ignored.
    c_to_a = sign_rotation(c, a.public_key_b64, retire_old=False, issued_at=NOW)
    again = apply_rotations(result.pinned, result.retired, [a_to_b, b_to_c, c_to_a])
    assert again.pinned == result.pinned and again.added == ()


def test_a_rotation_not_signed_by_a_pinned_key_is_not_applied() -> None:
    a, b, rogue = DistrictKey.generate(), DistrictKey.generate(), DistrictKey.generate()
    forged = sign_rotation(rogue, b.public_key_b64, retire_old=False, issued_at=NOW)
    posing = forged.model_copy(
        update={"statement": forged.statement.model_copy(update={"old_key_id": a.key_id})}
    )
    result = apply_rotations({a.key_id: a.public_key_b64}, (), [forged, posing])
    assert result.pinned == {a.key_id: a.public_key_b64}
    assert result.unverified == (b.key_id, b.key_id)


# -- the hub's store ----------------------------------------------------------------------


@pytest.fixture
def engine(hub_database_url: str) -> Iterator[Engine]:
    engine = migrated_hub_engine(hub_database_url)  # copied from the migrated template
    yield engine
    engine.dispose()


@pytest.fixture
def key(engine: Engine) -> DistrictKey:
    key = DistrictKey.generate()
    with engine.begin() as conn:
        publications.register_key(conn, key.public_key_b64, utc_now())
    return key


def add_stations(engine: Engine, n: int) -> list[str]:
    settings = HubSettings(database_url="unused")
    with engine.begin() as conn:
        return [
            stations.add_station(
                conn, settings, org_code="320115001001", name=f"站{i}", now=utc_now()
            ).station_id
            for i in range(n)
        ]


def store(engine: Engine, publication, payload: bytes = b"bundle", **staging) -> None:
    with engine.begin() as conn:
        publications.store_publication(conn, publication, payload, utc_now(), **staging)


def offered(engine: Engine, station_id: str) -> dict[str, int]:
    with engine.connect() as conn:
        offer = publications.offer_for(conn, station_id)
    return {p["statement"]["kind"]: p["statement"]["version"] for p in offer.publications}


def test_the_hub_refuses_what_a_known_key_did_not_sign(engine: Engine, key: DistrictKey) -> None:
    rogue = DistrictKey.generate()
    with pytest.raises(PublicationError, match="unpinned_key"):
        store(engine, signed(rogue))
    with pytest.raises(PublicationError, match="payload_mismatch"):
        store(engine, signed(key, payload=b"one"), payload=b"another")
    with engine.connect() as conn:
        assert publications.newest_version(conn, "reference") == 0


def test_versions_only_go_up(engine: Engine, key: DistrictKey) -> None:
    store(engine, signed(key, 3))
    for version in (3, 2):
        with pytest.raises(HubRefusal) as e:
            store(engine, signed(key, version))
        assert e.value.code == "stale_publication"
    store(engine, signed(key, 1, kind="software"))  # each kind counts on its own


def test_staging_by_list_and_percentage(engine: Engine, key: DistrictKey) -> None:
    ids = add_stations(engine, 40)
    store(engine, signed(key, 2))  # everyone
    store(engine, signed(key, 3), stations=ids[:2])
    store(engine, signed(key, 4), percent=25)
    early = [s for s in ids if publications.stage_bucket(s) < 25]
    for s in ids:
        expected = 4 if s in early else (3 if s in ids[:2] else 2)
        assert offered(engine, s) == {"reference": expected}
    assert 0 < len(early) < len(ids)
    # Widening keeps the early stations in and adds others; the hash is per station.
    with engine.begin() as conn:
        publications.restage(conn, "reference", 4, stations=None, percent=60)
    wider = [s for s in ids if offered(engine, s)["reference"] == 4]
    assert set(early) < set(wider)
    with engine.begin() as conn:
        publications.withdraw(conn, "reference", 4, utc_now())
    assert offered(engine, ids[0]) == {"reference": 3}


def test_staging_is_checked(engine: Engine, key: DistrictKey) -> None:
    for staging in ({"percent": 101}, {"percent": -1}, {"stations": ["no-such-station"]}):
        with pytest.raises(HubRefusal) as e:
            store(engine, signed(key, 2), **staging)
        assert e.value.code == "bad_staging"


def test_percent_buckets_spread_stations_evenly() -> None:
    buckets = [publications.stage_bucket(f"station-{i}") for i in range(10_000)]
    share = sum(b < 10 for b in buckets) / len(buckets)
    assert 0.08 < share < 0.12
    assert publications.stage_bucket("station-1") == publications.stage_bucket("station-1")


def test_rotations_at_the_hub(engine: Engine, key: DistrictKey) -> None:
    new, rogue = DistrictKey.generate(), DistrictKey.generate()
    with engine.begin() as conn, pytest.raises(HubRefusal) as e:
        publications.store_rotation(
            conn,
            sign_rotation(rogue, new.public_key_b64, retire_old=True, issued_at=NOW),
            utc_now(),
        )
    assert e.value.code == "unknown_key"
    with engine.begin() as conn:
        rotation = sign_rotation(key, new.public_key_b64, retire_old=True, issued_at=NOW)
        publications.store_rotation(conn, rotation, utc_now())
    with engine.connect() as conn:
        assert publications.active_keys(conn) == {new.key_id: new.public_key_b64}
        assert publications.rotations(conn) == [rotation]
    with pytest.raises(PublicationError, match="unpinned_key"):
        store(engine, signed(key, 2))  # the retired key signs nothing any more
    store(engine, signed(new, 2))


# -- the endpoints, on a real hub ---------------------------------------------------------


@pytest.fixture
def hub(hub_database_url: str) -> Iterator:
    with running_publication_hub(hub_database_url) as running:
        yield running


def test_endpoints_serve_offer_payload_and_take_reports(hub, tmp_path: Path) -> None:
    key = DistrictKey.generate()
    with hub.engine.begin() as conn:
        publications.register_key(conn, key.public_key_b64, utc_now())
    station = SigningStation.enrol(hub.url, hub.add_station())
    other = SigningStation.enrol(hub.url, hub.add_station())
    store(
        hub.engine,
        signed(key, 2, payload=b"\x00payload\xff"),
        payload=b"\x00payload\xff",
        stations=[station.station_id],
    )

    answer = station.get("/v1/publications")
    assert answer.status_code == 200, answer.text
    offer = PublicationOffer.model_validate_json(answer.content)
    assert [parse_publication(p).statement.version for p in offer.publications] == [2]
    assert [k.key_id for k in offer.keys] == [key.key_id]
    got = PublicationPayload.model_validate_json(
        station.get("/v1/publications/reference/2/payload").content
    )
    assert got.version == 2 and got.payload == "AHBheWxvYWT/"

    # Not staged to the other station, unknown, or not a kind: 404; bad version: 422.
    assert (
        PublicationOffer.model_validate_json(other.get("/v1/publications").content).publications
        == []
    )
    for client, path, status in (
        (other, "/v1/publications/reference/2/payload", 404),
        (station, "/v1/publications/reference/3/payload", 404),
        (station, "/v1/publications/fonts/2/payload", 404),
        (station, "/v1/publications/reference/0/payload", 422),
        (station, f"/v1/publications/reference/{2**64}/payload", 422),
    ):
        r = client.get(path)
        assert r.status_code == status, (path, r.text)
    assert r.json()["code"] == "invalid_request"
    assert other.get("/v1/publications/reference/2/payload").json()["code"] == "unknown_publication"

    report = {
        "kind": "reference",
        "version": 2,
        "outcome": "refused",
        "code": "payload_mismatch",
        "message": "不是签名的那份",
    }
    assert station.post("/v1/publications/reports", report).json() == {"recorded": True}
    assert (
        station.post("/v1/publications/reports", {**report, "outcome": "maybe"}).status_code == 422
    )
    with hub.engine.connect() as conn:
        rows = conn.execute(select(publication_reports)).all()
        summary = publications.list_publications(conn)
    assert [(r.station_id, r.code, r.message) for r in rows] == [
        (station.station_id, "payload_mismatch", "不是签名的那份")
    ]
    assert [(p.version, p.applied, p.refused) for p in summary] == [(2, 0, 1)]

    # Unsigned requests are refused like on every signed endpoint.
    assert requests.get(hub.url + "/v1/publications", timeout=10).status_code == 401
