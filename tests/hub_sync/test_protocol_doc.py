"""``docs/sync-protocol.md`` checked against the code and against a real hub.

The document is the written protocol (renshe-sync/1) for teams that will not read our
code, so whatever in it can be checked is checked here: the worked examples are
re-signed, re-parsed and re-sent to a real hub; the tables (endpoints, messages,
errors, limits, record schemas) are compared with the code they describe.

The document marks what is checked with HTML comments that Markdown does not show:
``<!-- table: NAME -->`` before a table, ``<!-- example: NAME -->`` before a fenced
block, and ``<!-- begin: NAME -->`` … ``<!-- end: NAME -->`` around a region.
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pydantic
import pytest
import requests
from annotated_types import MaxLen
from sqlalchemy import Boolean, Column, Date, Integer, String, UniqueConstraint

from hub_sync.model import RECORD_COLUMNS, SYNCED_MODELS, UTCDateTime, sync_kind, table_of
from hub_sync.protocol import compression, health, messages
from hub_sync.protocol.signing import (
    H_DIGEST,
    H_NONCE,
    H_PROTOCOL,
    H_SIGNATURE,
    H_STATION,
    H_TIMESTAMP,
    StationKey,
    body_digest,
    sign_request,
    string_to_sign,
    verify_request,
)
from hub_sync.server import app as hub_app
from hub_sync.server import compress as hub_compress
from hub_sync.server import conflicts as hub_conflicts
from hub_sync.server import errors as hub_errors
from hub_sync.server import lookup as hub_lookup
from hub_sync.server import scope, staff, state
from hub_sync.server.push.common import NATURAL_KEY
from hub_sync.server.settings import HubSettings

from ..hubserver import running_hub
from .signing_client import SigningStation

ROOT = Path(__file__).resolve().parents[2]
DOC_PATH = ROOT / "docs" / "sync-protocol.md"
SOURCE_DIR = ROOT / "hub_sync"
DOC = DOC_PATH.read_text(encoding="utf-8")

UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
VILLAGE_ORG, VILLAGE_NAME = "320115001001", "甲村服务站"


# --- reading the document ---------------------------------------------------------------


def example(name: str) -> str:
    """The text of the fenced block right after ``<!-- example: name -->``."""
    found = re.findall(
        rf"^<!-- example: {re.escape(name)} -->\n```[a-z]*\n(.*?)\n```$",
        DOC,
        flags=re.MULTILINE | re.DOTALL,
    )
    assert len(found) == 1, f"expected one example block {name!r}, found {len(found)}"
    return str(found[0])


def example_json(name: str) -> Any:
    return json.loads(example(name))


def region(name: str) -> str:
    match = re.search(
        rf"^<!-- begin: {re.escape(name)} -->\n(.*?)^<!-- end: {re.escape(name)} -->$",
        DOC,
        flags=re.MULTILINE | re.DOTALL,
    )
    assert match is not None, f"no region {name!r}"
    return match.group(1)


def _cells(line: str) -> list[str]:
    inner = line.strip()
    assert inner.startswith("|") and inner.endswith("|"), line
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner[1:-1])]


def table(name: str) -> list[list[str]]:
    """The body rows (cells as written) of the table after ``<!-- table: name -->``."""
    match = re.search(
        rf"^<!-- table: {re.escape(name)} -->\n((?:\|.*\n?)+)", DOC, flags=re.MULTILINE
    )
    assert match is not None, f"no table {name!r}"
    lines = match.group(1).strip().splitlines()
    assert re.fullmatch(r"\|( *:?-+:? *\|)+", lines[1].strip()), f"{name}: no separator row"
    return [_cells(line) for line in lines[2:]]


def table_names(name: str) -> list[str]:
    """The first column of a table, each cell's leading `code` span."""
    return [code_span(row[0]) for row in table(name)]


def code_span(cell: str) -> str:
    match = re.match(r"`([^`]+)`", cell)
    assert match is not None, f"cell does not start with a `code` span: {cell!r}"
    return match.group(1)


def listed(text: str, label: str) -> str:
    """The value of a ``- Label …: `value``` line."""
    match = re.search(rf"^- {re.escape(label)}[^:\n]*: `([^`]*)`", text, flags=re.MULTILINE)
    assert match is not None, f"no '- {label}: `…`' line"
    return match.group(1)


def http_request(name: str) -> tuple[str, str, dict[str, str]]:
    """Method, target and headers of an ```http example block."""
    first, *rest = example(name).splitlines()
    method, target, version = first.split(" ")
    assert version == "HTTP/1.1"
    headers = dict(line.split(": ", 1) for line in rest if line)
    return method, target, headers


def doc_key() -> StationKey:
    return StationKey.from_private_bytes(bytes.fromhex(listed(region("example-1"), "Private key")))


# --- what the code says ----------------------------------------------------------------


def _sources() -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in sorted(SOURCE_DIR.rglob("*.py"))}


def _error_class_names(sources: dict[Path, str]) -> set[str]:
    """HubRefusal, ProtocolError and every class that derives from them (by source)."""
    names = {"HubRefusal", "ProtocolError"}
    classes = [
        (m.group(1), {b.strip() for b in m.group(2).split(",")})
        for text in sources.values()
        for m in re.finditer(r"^class (\w+)\(([^)]*)\):", text, flags=re.MULTILINE)
    ]
    grew = True
    while grew:
        grew = False
        for name, bases in classes:
            if name not in names and bases & names:
                names.add(name)
                grew = True
    return names


def _call_text(text: str, open_paren: int) -> str:
    depth = 0
    for i in range(open_paren, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return text[open_paren : i + 1]
    raise AssertionError("unbalanced call")


def codes_in_code() -> dict[str, set[int]]:
    """Every machine code the hub_sync package raises, with the HTTP statuses it is
    served with when the hub decides that at the raise (``HubRefusal`` and kin)."""
    sources = _sources()
    classes = _error_class_names(sources)
    statuses = {
        name: cls.status
        for name, cls in vars(hub_errors).items()
        if isinstance(cls, type) and issubclass(cls, hub_errors.HubRefusal)
    }
    call = re.compile(rf"\b({'|'.join(sorted(classes))})\(\s*\"([a-z0-9_]+)\"")
    found: dict[str, set[int]] = {}
    for text in sources.values():
        for m in call.finditer(text):
            status_set = found.setdefault(m.group(2), set())
            if m.group(1) in statuses:
                args = _call_text(text, m.end(1))
                explicit = re.search(r"\bstatus=(\d+)", args)
                status_set.add(int(explicit.group(1)) if explicit else statuses[m.group(1)])
        for m in re.finditer(r"\b_error\(\s*(\d+),\s*\"([a-z0-9_]+)\"", text):
            found.setdefault(m.group(2), set()).add(int(m.group(1)))
        for m in re.finditer(r"\b_?rejected\(\s*op,\s*f?\"([a-z0-9_]+):", text):
            found.setdefault(m.group(1), set())
    return found


def message_models() -> dict[str, type[pydantic.BaseModel]]:
    """The wire messages: every model of ``messages`` plus the hub's staff bodies."""
    models: dict[str, type[pydantic.BaseModel]] = {
        name: obj
        for name, obj in vars(messages).items()
        if isinstance(obj, type)
        and issubclass(obj, messages.Message)
        and obj is not messages.Message
    }
    models["HealthReport"] = health.HealthReport
    models["HealthReceipt"] = health.HealthReceipt
    models["DeviceHealth"] = health.DeviceHealth
    models["LoginRequest"] = hub_app.LoginRequest
    models["Resolution"] = hub_app.Resolution
    return models


def wire_type(column: Column[Any]) -> str:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return "UTC time"
    if isinstance(kind, Boolean):
        return "boolean"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, Integer):
        return "integer"
    if isinstance(kind, String):
        length = getattr(kind, "length", None)
        return f"string ≤ {length}" if length else "text"
    raise AssertionError(f"no wire type for {kind!r}")  # pragma: no cover


def expected_record_tables() -> list[list[str]]:
    """Rows of the ``record-tables`` table: kind, where the area comes from, person, sent."""
    rows = []
    for model in SYNCED_MODELS:
        t = table_of(model)
        person = scope._PERSON_COLUMN.get(t.name, "person_id")
        person_cell = f"`{person}`" if person in t.c else "—"
        area = scope._AREA_COLUMN.get(t.name)
        if t.name in scope._HUB_ONLY_TABLES:
            area_cell = "— (hub only)"
        elif area is not None:
            area_cell = f"`{area}`"
        elif person in t.c:
            area_cell = "the person's `residence_division`"
        else:
            area_cell = "— (district-wide)"
        sent = "no" if t.name in scope._HUB_ONLY_TABLES else "yes"
        rows.append([f"`{t.name}`", sync_kind(t.name).value, area_cell, person_cell, sent])
    return rows


def expected_columns(table_name: str) -> list[list[str]]:
    """Rows of the ``records TABLE`` table: the record's own (non-bookkeeping) columns."""
    t = table_of(table_name)
    together: dict[str, list[str]] = {}
    for constraint in t.constraints:
        if isinstance(constraint, UniqueConstraint) and len(constraint.columns) > 1:
            names = [c.name for c in constraint.columns]
            for name in names:
                together[name] = [n for n in names if n != name]
    rows = []
    for column in t.columns:
        if column.name in RECORD_COLUMNS:
            continue
        default = ""
        if column.default is not None and not callable(column.default.arg):
            default = f"`{json.dumps(column.default.arg, ensure_ascii=False)}`"
        notes = []
        if NATURAL_KEY.get(table_name) == column.name:
            notes.append("unique; natural key (a second record with it is a duplicate)")
        elif column.unique:
            notes.append("unique")
        if column.name in together:
            notes.append(
                "unique together with " + ", ".join(f"`{n}`" for n in together[column.name])
            )
        rows.append(
            [
                f"`{column.name}`",
                wire_type(column),
                "yes" if column.nullable else "no",
                default,
                "; ".join(notes),
            ]
        )
    return rows


def markdown_rows(rows: list[list[str]]) -> str:
    """Rows as Markdown table lines (used to write the document's generated tables)."""
    return "\n".join("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows)


def _seconds(value: Any) -> float:
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)


def _max_len(model: type[pydantic.BaseModel], field: str) -> int:
    return next(m.max_length for m in model.model_fields[field].metadata if isinstance(m, MaxLen))


def constants() -> dict[str, float]:
    defaults = {f.name: f.default for f in dataclasses.fields(HubSettings)}
    values = {
        f"HubSettings.{name}": _seconds(value)
        for name, value in defaults.items()
        if name != "database_url"
    }
    values.update(
        {
            "PROTOCOL_VERSION": messages.PROTOCOL_VERSION,
            "PushRequest.ops": _max_len(messages.PushRequest, "ops"),
            "Op.hlc": _max_len(messages.Op, "hlc"),
            "ZSTD_MAX_WINDOW": compression.ZSTD_MAX_WINDOW,
            "compress.MINIMUM_SIZE": hub_compress.MINIMUM_SIZE,
            "staff.MAX_FAILURES": staff.MAX_FAILURES,
            "staff.LOCKOUT": _seconds(staff.LOCKOUT),
            "staff.SESSION": _seconds(staff.SESSION),
            "lookup.MAX_RESULTS": hub_lookup.MAX_RESULTS,
        }
    )
    return values


# --- the document as a whole -------------------------------------------------------------


def test_every_json_block_parses() -> None:
    blocks = re.findall(r"^```json\n(.*?)\n```$", DOC, flags=re.MULTILINE | re.DOTALL)
    assert len(blocks) >= 10
    for block in blocks:
        json.loads(block)


def test_the_endpoint_table_lists_every_route() -> None:
    source = "".join(
        (SOURCE_DIR / "server" / name).read_text(encoding="utf-8")
        for name in (
            "app.py",
            "publication_routes.py",
            "audit_routes.py",
            "fleet_routes.py",
            "report_routes.py",
        )
    )
    routes = {
        (m.group(1).upper(), m.group(2))
        for m in re.finditer(r"@app\.(get|post|put|delete|patch)\(\s*\"([^\"]+)\"", source)
    }
    documented = {(row[0], code_span(row[1])) for row in table("endpoints")}
    assert documented == routes


def test_the_signing_header_table_names_the_six_headers() -> None:
    assert set(table_names("signing-headers")) == {
        H_STATION,
        H_TIMESTAMP,
        H_NONCE,
        H_DIGEST,
        H_SIGNATURE,
        H_PROTOCOL,
    }
    assert hub_app.HUB_TIME_HEADER in DOC


# --- error codes -------------------------------------------------------------------------


def test_every_documented_error_code_exists_in_the_code() -> None:
    source = "\n".join(_sources().values())
    for code in table_names("errors"):
        assert re.search(rf"[\"']{re.escape(code)}[\"':]", source), f"{code} is not in hub_sync/"


def test_every_error_code_in_the_code_is_documented_with_its_status() -> None:
    rows = {code_span(row[0]): row for row in table("errors")}
    found = codes_in_code()
    assert len(found) >= 30
    missing = sorted(set(found) - set(rows))
    assert not missing, f"codes raised in hub_sync/ but not in the doc's error table: {missing}"
    for code, statuses in found.items():
        status_cell = rows[code][1]
        for status in statuses:
            assert str(status) in status_cell or "CLI" in status_cell, (code, status, status_cell)


def test_error_table_has_no_repeats() -> None:
    names = table_names("errors")
    assert len(names) == len(set(names))


# --- messages ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(message_models()))
def test_message_field_table_matches_the_model(name: str) -> None:
    model = message_models()[name]
    rows = table(f"message {name}")
    assert [code_span(r[0]) for r in rows] == list(model.model_fields), name
    for row in rows:
        field = model.model_fields[code_span(row[0])]
        required = row[2].startswith("yes")
        assert required == field.is_required(), (name, row)


@pytest.mark.parametrize(
    ("name", "cls"),
    [("conflict", hub_conflicts.ConflictView), ("staff", staff.StaffMember)],
)
def test_response_field_tables_match_the_hub(name: str, cls: type) -> None:
    # The hub serves these dataclasses as JSON objects with the same fields, in order.
    assert table_names(f"response {name}") == [f.name for f in dataclasses.fields(cls)]


def test_op_kinds_and_statuses_are_all_documented() -> None:
    assert table_names("op-kinds") == [k.value for k in messages.OpKind]
    assert table_names("op-status") == [s.value for s in messages.OpStatus]


@pytest.mark.parametrize(
    ("name", "model"),
    [
        ("signing-body", messages.PushRequest),
        ("enrol-request", messages.EnrolRequest),
        ("enrol-response", messages.EnrolResponse),
        ("hello-request", messages.Hello),
        ("hello-response", messages.HelloResponse),
        ("push-prelude-request", messages.PushRequest),
        ("push-prelude-response", messages.PushResponse),
        ("push-request", messages.PushRequest),
        ("push-response", messages.PushResponse),
        ("pull-response", messages.PullResponse),
        ("error-gap-request", messages.PushRequest),
        ("error-gap", messages.ErrorBody),
        ("error-stale", messages.ErrorBody),
        ("login-request", hub_app.LoginRequest),
        ("resolve-request", hub_app.Resolution),
    ],
)
def test_examples_are_valid_messages(name: str, model: type[pydantic.BaseModel]) -> None:
    model.model_validate_json(example(name))


# --- records -----------------------------------------------------------------------------


def test_bookkeeping_columns_are_documented() -> None:
    assert set(table_names("bookkeeping")) == set(RECORD_COLUMNS)


def test_record_table_summary_matches_the_model_and_scope() -> None:
    assert table("record-tables") == expected_record_tables()


@pytest.mark.parametrize("model", SYNCED_MODELS, ids=lambda m: m.__tablename__)
def test_record_schema_matches_the_model(model: type) -> None:
    name = model.__tablename__  # type: ignore[attr-defined]
    assert table(f"records {name}") == expected_columns(name)


def test_limits_and_constants() -> None:
    expected = constants()
    rows = {code_span(row[0]): row[1] for row in table("constants")}
    assert set(rows) == set(expected)
    for name, cell in rows.items():
        assert float(code_span(cell)) == expected[name], (name, cell)


# --- worked example 1: a signed request --------------------------------------------------


def test_example_1_signed_request_recomputes() -> None:
    text = region("example-1")
    key = doc_key()
    assert key.public_key_b64() == listed(text, "Public key")
    method, path = listed(text, "Method"), listed(text, "Path")
    station, nonce = listed(text, "Station"), listed(text, "Nonce")
    timestamp = int(listed(text, "Timestamp"))
    body = example("signing-body").encode("utf-8")
    assert f"Body: {len(body)} bytes" in text
    expected = string_to_sign(
        method=method,
        path=path,
        digest=body_digest(body),
        timestamp_ms=timestamp,
        nonce=nonce,
        station_id=station,
    )
    assert example("signing-string").encode("utf-8") == expected
    headers = sign_request(
        key,
        station_id=station,
        method=method,
        path=path,
        body=body,
        timestamp_ms=timestamp,
        nonce=nonce,
    )
    rows = dict(re.findall(r"^\| `(X-Renshe-[A-Za-z0-9-]+)` \| `([^`]*)` \|$", text, re.MULTILINE))
    assert rows == headers
    verify_request(key.public_key_b64(), headers=rows, method=method, path=path, body=body)
    assert body_digest(b"") in text


@pytest.mark.parametrize(
    ("http", "body"),
    [
        ("push-http", "push-request"),
        ("pull-http", None),
        ("conflicts-http", None),
        ("resolve-http", "resolve-request"),
    ],
)
def test_example_requests_are_signed_by_the_documented_key(http: str, body: str | None) -> None:
    method, target, headers = http_request(http)
    data = example(body).encode("utf-8") if body else b""
    if body:
        assert int(headers["Content-Length"]) == len(data)
    key = doc_key()
    assert verify_request(
        key.public_key_b64(), headers=headers, method=method, path=target, body=data
    )
    resigned = sign_request(
        key,
        station_id=headers[H_STATION],
        method=method,
        path=target,
        body=data,
        timestamp_ms=int(headers[H_TIMESTAMP]),
        nonce=headers[H_NONCE],
    )
    assert {k: headers[k] for k in resigned} == resigned


# --- worked examples 2-4 against a real hub ---------------------------------------------


def _masked_results(results: list[dict[str, Any]], like: list[dict[str, Any]]) -> list[Any]:
    out = []
    for got, doc in zip(results, like, strict=True):
        got = dict(got)
        if "conflict_id" in got:
            assert UUID_RE.fullmatch(got["conflict_id"])
            got["conflict_id"] = doc.get("conflict_id")
        out.append(got)
    return out


def test_the_worked_examples_happen_on_a_real_hub(hub_database_url: str) -> None:
    enrol_doc = example_json("enrol-response")
    login_doc = example_json("login-response")
    login_request = example_json("login-request")
    with running_hub(hub_database_url) as hub:
        village = SigningStation.enrol(hub.url, hub.add_station(VILLAGE_ORG, VILLAGE_NAME))
        with hub.engine.connect() as conn:
            epoch = state.epoch(conn)

        # Enrolment of the town station with the documented key.
        code = hub.add_station(enrol_doc["org_code"], enrol_doc["name"])
        enrol = {**example_json("enrol-request"), "code": code}
        r = requests.post(f"{hub.url}/v1/enrol", json=enrol, timeout=30)
        assert r.status_code == 200, r.text
        got = r.json()
        assert set(got) == set(enrol_doc)
        assert (got["org_code"], got["name"], got["epoch"]) == (
            enrol_doc["org_code"],
            enrol_doc["name"],
            epoch,
        )
        town = SigningStation(hub.url, got["station_id"], doc_key())
        assert town.key.public_key_b64() == enrol["public_key"]

        # Example 2: the village's earlier batch, then the town's batch.
        r = village.post("/v1/push", example("push-prelude-request").encode())
        assert r.status_code == 200 and r.json() == example_json("push-prelude-response")
        r = town.post("/v1/push", example("push-request").encode())
        assert r.status_code == 200, r.text
        documented = example_json("push-response")
        got = r.json()
        assert got["acked_seq"] == documented["acked_seq"]
        assert _masked_results(got["results"], documented["results"]) == documented["results"]

        # Hello: the documented request with this moment's clock.
        hello = {**example_json("hello-request"), "station_clock": datetime.now(UTC).isoformat()}
        r = town.post("/v1/hello", json.dumps(hello).encode())
        assert r.status_code == 200, r.text
        assert set(r.json()) == set(example_json("hello-response"))
        assert r.json()["epoch"] == epoch

        # Example 3: a page of the pull.
        _, target, _ = http_request("pull-http")
        target = re.sub(r"epoch=[^&]+", f"epoch={epoch}", target)
        r = town.get(target)
        assert r.status_code == 200, r.text
        got, documented = r.json(), example_json("pull-response")
        assert got["cursor"]["epoch"] == epoch
        doc_station = http_request("push-http")[2][H_STATION]
        for body, station in ((got, town.station_id), (documented, doc_station)):
            body["cursor"]["epoch"] = "EPOCH"
            for change in body["changes"]:
                assert change["values"]["changed_station"] == station
                change["values"]["changed_station"] = "STATION"
        assert got == documented

        # Example 4: error bodies.
        gap = example("error-gap-request").encode()
        r = town.post("/v1/push", gap)
        assert r.status_code == 409 and r.json() == example_json("error-gap")
        town.skew_ms = -7 * 60 * 1000
        r = town.post("/v1/push", gap)
        stale = example_json("error-stale")
        assert r.status_code == 401
        assert {k: v for k, v in r.json().items() if k != "detail"} == {
            k: v for k, v in stale.items() if k != "detail"
        }
        assert set(r.json()["detail"]) == set(stale["detail"])
        hub_time = int(r.headers[hub_app.HUB_TIME_HEADER])
        assert abs(hub_time - time.time() * 1000) < 60_000
        town.skew_ms = 0

        # Staff: a supervisor logs in at the town station and resolves the conflict.
        with hub.engine.begin() as conn:
            staff.add_staff(
                conn,
                username=login_request["username"],
                full_name=login_doc["staff"]["full_name"],
                role=login_doc["staff"]["role"],
                area_code=login_doc["staff"]["area_code"],
                password=login_request["password"],
                now=datetime.now(UTC),
            )
        r = town.post("/v1/login", example("login-request").encode())
        assert r.status_code == 200, r.text
        got = r.json()
        assert list(got) == table_names("response login")
        assert list(got["staff"]) == table_names("response staff")
        assert {k: v for k, v in got["staff"].items() if k != "id"} == {
            k: v for k, v in login_doc["staff"].items() if k != "id"
        }
        bearer = {"Authorization": f"Bearer {got['token']}"}
        r = requests.get(
            f"{hub.url}/v1/conflicts", headers=town.headers("GET", "/v1/conflicts", b"", **bearer)
        )
        assert r.status_code == 200, r.text
        (listed_conflict,) = r.json()
        (doc_conflict,) = example_json("conflicts-response")
        assert list(listed_conflict) == table_names("response conflict")
        assert listed_conflict["ops"] == [f"{town.station_id}:2"]
        volatile = {"id", "station_id", "ops", "created_at"}
        assert {k: v for k, v in listed_conflict.items() if k not in volatile} == {
            k: v for k, v in doc_conflict.items() if k not in volatile
        }
        path = f"/v1/conflicts/{listed_conflict['id']}/resolve"
        body = example("resolve-request").encode()
        headers = {"Content-Type": "application/json", **town.headers("POST", path, body, **bearer)}
        r = requests.post(hub.url + path, data=body, headers=headers, timeout=30)
        assert r.status_code == 200 and r.json() == example_json("resolve-response")
