"""Helpers for the publication tests: a hub serving the publication routes, newer
reference bundles and small fake software packages."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from unittest import mock

import pydantic
from fastapi import FastAPI, Request
from sqlalchemy import Connection, Engine, select, update

from hub_sync.model import utc_now
from hub_sync.protocol.compression import decode_body
from hub_sync.protocol.publication import DistrictKey, sign_publication
from hub_sync.protocol.wire import format_utc
from hub_sync.server import app as hub_app
from hub_sync.server import publications
from hub_sync.server.auth import StationContext, authenticate
from hub_sync.server.errors import HubRefusal
from hub_sync.server.publication_routes import add_publication_routes
from hub_sync.server.settings import HubSettings
from hub_sync.server.tables import publications as publications_table
from station_client.reference import write_manifest
from station_client.reference.manifest import dump_json

from . import hubserver

SHIPPED = Path(__file__).resolve().parents[1] / "resources" / "reference"


def _with_publication_routes(
    settings: HubSettings, *, engine: Engine, clock: Callable[[], datetime]
) -> FastAPI:
    """``create_app``, plus the publication routes if app.py does not mount them yet.

    The stand-in helpers below do what app.py's ``signed``/``body_of``/``parse`` do for
    these routes (authenticate in the request's transaction; decode; validate); once
    app.py mounts the routes itself they are not used."""
    app = hub_app.create_app(settings, engine=engine, clock=clock)
    if any(getattr(route, "path", None) == "/v1/publications" for route in app.routes):
        return app

    def signed(
        request: Request, raw: bytes, work: Callable[[Connection, StationContext], Any]
    ) -> Any:
        raw_path = request.scope.get("raw_path") or request.url.path.encode()
        query = request.scope.get("query_string", b"")
        path = (raw_path + (b"?" + query if query else b"")).decode("latin-1")
        with engine.begin() as conn:
            station = authenticate(
                conn,
                settings,
                headers=request.headers,
                method=request.method,
                path=path,
                body=raw,
                now=clock(),
            )
            return work(conn, station)

    async def body_of(request: Request) -> tuple[bytes, bytes]:
        raw = await request.body()
        encoding = request.headers.get("content-encoding")
        return raw, decode_body(raw, encoding, max_size=settings.max_body_bytes)

    def parse(model: type[pydantic.BaseModel], data: bytes) -> Any:
        try:
            return model.model_validate_json(data)
        except pydantic.ValidationError as e:
            raise HubRefusal("invalid_request", "not valid", status=422) from e

    add_publication_routes(app, signed=signed, body_of=body_of, parse=parse, clock=clock)
    return app


@contextmanager
def running_publication_hub(database_url: str, **settings: Any) -> Iterator[hubserver.RunningHub]:
    """``running_hub`` with the publication endpoints."""
    with (
        mock.patch.object(hubserver, "create_app", _with_publication_routes),
        hubserver.running_hub(database_url, **settings) as hub,
    ):
        yield hub


def newer_bundle(target: Path, version: int, *, pad_bytes: int = 0) -> Path:
    """A copy of the shipped bundle as ``version``, with one visible change (the last
    target group's name) and, if asked, padding to make it ``pad_bytes`` bigger."""
    shutil.copytree(SHIPPED, target)
    path = target / "codes" / "target_group.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["version"] += version
    data["entries"][-1]["zh"] = f"其他（第{version}版）"
    if pad_bytes:
        # More occupations (the full classification has thousands): size as real data has.
        occupations = target / "codes" / "occupation.json"
        table = json.loads(occupations.read_text(encoding="utf-8"))
        table["version"] += version
        parent = table["entries"][-1]["code"]
        for i in range(pad_bytes // 130 + 1):
            table["entries"].append(
                {
                    "code": f"X{i:07d}",
                    "zh": f"第{i}号细类职业名称（示例）",
                    "en": f"Occupation number {i} of the detailed classification",
                    "parent": parent,
                }
            )
        occupations.write_text(dump_json(table), encoding="utf-8", newline="\n")
    path.write_text(dump_json(data), encoding="utf-8", newline="\n")
    write_manifest(target, version=version)
    return target


def fake_software(target: Path, label: str, *, starts: bool = True) -> Path:
    """A software package directory: a descriptor, a VERSION file and a start script
    whose self-check passes or fails."""
    target.mkdir(parents=True)
    (target / "VERSION").write_text(label + "\n", encoding="utf-8")
    script = (
        "import pathlib, sys\n"
        "here = pathlib.Path(__file__).parent\n"
        "print('renshe-station', (here / 'VERSION').read_text().strip())\n"
        f"sys.exit({0 if starts else 3})\n"
    )
    (target / "start.py").write_text(script, encoding="utf-8")
    descriptor = {
        "name": "renshe-station",
        "version": label,
        "self_check": ["{python}", "{root}/start.py", "--self-check"],
    }
    (target / "renshe-package.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return target


def next_version(hub: hubserver.RunningHub, kind: str) -> int:
    """Above anything published; reference data starts above the shipped bundle's 1."""
    with hub.engine.connect() as conn:
        return max(publications.newest_version(conn, kind), 1) + 1


def publish_raw(
    hub: hubserver.RunningHub, key: DistrictKey, kind: str, payload: bytes, station_ids: list[str]
) -> int:
    """Sign and store any payload (what a careless or hostile publisher could do)."""
    version = next_version(hub, kind)
    signed = sign_publication(
        key,
        kind=kind,  # type: ignore[arg-type]
        version=version,
        label=f"raw {version}",
        payload=payload,
        payload_format="zip",
        published_at=format_utc(utc_now()),
    )
    with hub.engine.begin() as conn:
        publications.store_publication(conn, signed, payload, utc_now(), stations=station_ids)
    return version


def tamper(hub: hubserver.RunningHub, kind: str, version: int, **values: Any) -> None:
    """Change a stored publication behind the hub's back (a compromised hub or disk)."""
    where = (publications_table.c.kind == kind) & (publications_table.c.version == version)
    with hub.engine.begin() as conn:
        if "statement" in values or "signature" in values:
            envelope = json.loads(
                conn.scalar(select(publications_table.c.envelope).where(where)) or "{}"
            )
            if "signature" in values and values["signature"] is None:
                del envelope["signature"]
            elif "signature" in values:
                envelope["signature"] = values["signature"]
            envelope["statement"] = {**envelope["statement"], **values.get("statement", {})}
            values = {"envelope": json.dumps(envelope)}
        conn.execute(update(publications_table).where(where).values(**values))
