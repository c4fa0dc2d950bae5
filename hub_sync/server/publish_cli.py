"""`renshe-hub keys …` and `renshe-hub publish …`: district IT signs what stations install.

The district key lives in a file district IT keeps (mode 0600; on the publishing PC or a
removable disk), never in the hub database: the hub only learns its public half. Each
publication is signed here, on the machine that runs the command, then stored at the hub.

    renshe-hub keys generate --out district-2026.key
    renshe-hub keys rotate --old district-2026.key --out district-2027.key [--retire-old]
    renshe-hub keys list
    renshe-hub publish reference resources/reference --key district-2026.key [--percent 10]
    renshe-hub publish software renshe_station-1.5.0-py3-none-any.whl --key … [--stations id,id]
    renshe-hub publish stage software 7 --percent 50      (widen or narrow a rollout)
    renshe-hub publish withdraw software 7
    renshe-hub publish list | reports
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import tarfile
import zipfile
from pathlib import Path
from typing import Any, Literal

import pydantic
from sqlalchemy import Engine

from hub_sync import db
from hub_sync.errors import HubError
from hub_sync.model import utc_now
from hub_sync.protocol.publication import (
    KINDS,
    PACKAGE_DESCRIPTOR,
    DistrictKey,
    PackageDescriptor,
    SignedPublication,
    sign_publication,
    sign_rotation,
)
from hub_sync.protocol.wire import format_utc

from . import publications
from .settings import HubSettings

KEY_FILE_KIND = "renshe-district-key"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # every entry the same time: the same bytes every run
_WHEEL_NAME = re.compile(r"^[A-Za-z0-9_.]+-(?P<version>[A-Za-z0-9_.!+]+)-.+\.whl$")


class PublishError(HubError):
    """A key file, bundle or package that cannot be published; nothing was stored."""


# -- key files ----------------------------------------------------------------------------


def write_key_file(path: Path, key: DistrictKey) -> None:
    """Write a new key file readable by its owner only; never overwrites one."""
    content = {
        "kind": KEY_FILE_KIND,
        "key_id": key.key_id,
        "public_key": key.public_key_b64,
        "private_key": key.private_hex(),
        "created_at": format_utc(utc_now()),
    }
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as e:
        raise PublishError(f"{path} exists already; a key file is never overwritten") from e
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(content, handle, indent=2)
        handle.write("\n")


def read_key_file(path: Path) -> DistrictKey:
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
        if content.get("kind") != KEY_FILE_KIND:
            raise ValueError("not a district key file")
        key = DistrictKey.from_private_hex(str(content["private_key"]))
    except (OSError, ValueError, KeyError, AttributeError, HubError) as e:
        raise PublishError(f"cannot read the district key from {path}: {e}") from e
    if key.key_id != content.get("key_id"):
        raise PublishError(f"{path}: the key id does not match the key (file damaged?)")
    return key


# -- payloads -----------------------------------------------------------------------------


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def zip_directory(directory: Path) -> bytes:
    """A directory's files as a zip with sorted entries and fixed times (reproducible)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            _add(archive, path.relative_to(directory).as_posix(), path.read_bytes())
    return buffer.getvalue()


def _tar_to_zip(path: Path) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(path) as tar, zipfile.ZipFile(buffer, "w") as archive:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            if member.isdir():
                continue
            if not member.isfile():
                raise PublishError(f"{path}: {member.name} is not a plain file (links refused)")
            extracted = tar.extractfile(member)
            assert extracted is not None  # a regular file always has content
            _add(archive, member.name.removeprefix("./"), extracted.read())
    return buffer.getvalue()


def _descriptor(archive_bytes: bytes, origin: Path) -> PackageDescriptor:
    try:
        with zipfile.ZipFile(io.BytesIO(archive_bytes)) as archive:
            raw = archive.read(PACKAGE_DESCRIPTOR)
        return PackageDescriptor.model_validate_json(raw)
    except KeyError as e:
        raise PublishError(f"{origin}: no {PACKAGE_DESCRIPTOR} at the top of the package") from e
    except (zipfile.BadZipFile, pydantic.ValidationError) as e:
        raise PublishError(f"{origin}: not a software package: {e}") from e


def software_payload(path: Path) -> tuple[bytes, Literal["zip", "wheel"], str]:
    """The payload, its format and its label for a wheel, a zip or tar archive, or a
    directory holding ``renshe-package.json``."""
    if path.is_dir():
        payload = zip_directory(path)
    elif path.name.endswith(".whl"):
        match = _WHEEL_NAME.match(path.name)
        if match is None:
            raise PublishError(f"{path.name} is not named like a wheel (name-version-….whl)")
        payload = path.read_bytes()
        if not zipfile.is_zipfile(io.BytesIO(payload)):
            raise PublishError(f"{path} is not a wheel (not a zip archive)")
        return payload, "wheel", match["version"]
    elif path.name.endswith((".tar.gz", ".tgz", ".tar")):
        payload = _tar_to_zip(path)
    elif path.name.endswith(".zip"):
        payload = path.read_bytes()
    else:
        raise PublishError(f"{path}: publish a directory, a .whl, .zip, .tar.gz or .tgz")
    return payload, "zip", _descriptor(payload, path).version


def reference_payload(directory: Path) -> tuple[bytes, int]:
    """The bundle zipped, and its version, after validating it as stations will."""
    # The district checks a bundle with the very code the stations run, so a faulty one
    # is refused here once rather than at every station.
    from station_client.reference import ReferenceDataError, load_bundle

    try:
        bundle = load_bundle(directory)
    except ReferenceDataError as e:
        raise PublishError(f"the bundle in {directory} is not valid: {e}") from e
    return zip_directory(directory), bundle.version


# -- publishing ---------------------------------------------------------------------------


def publish(
    engine: Engine,
    key: DistrictKey,
    kind: Literal["reference", "software"],
    source: Path,
    *,
    version: int | None = None,
    label: str | None = None,
    stations: list[str] | None = None,
    percent: int | None = None,
) -> SignedPublication:
    """Sign ``source`` as the next ``kind`` publication and store it at the hub.

    A reference bundle's publication version is its manifest version; software takes
    ``version`` or the next number after the newest published."""
    fmt: Literal["zip", "wheel"] = "zip"
    if kind == "reference":
        payload, bundle_version = reference_payload(source)
        if version is not None and version != bundle_version:
            raise PublishError(f"the bundle is version {bundle_version}, not {version}")
        version, default_label = bundle_version, f"reference data {bundle_version}"
    else:
        payload, fmt, default_label = software_payload(source)
    now = utc_now()
    with engine.begin() as conn:
        if version is None:
            version = publications.newest_version(conn, kind) + 1
        signed = sign_publication(
            key,
            kind=kind,
            version=version,
            label=(label or default_label)[:60],
            payload=payload,
            payload_format=fmt,
            published_at=format_utc(now),
        )
        publications.store_publication(
            conn, signed, payload, now, stations=stations, percent=percent
        )
    return signed


# -- the commands -------------------------------------------------------------------------


def _engine(args: argparse.Namespace) -> Engine:
    engine = db.make_engine(HubSettings.from_environment(args.database).database_url)
    db.require_migrated(engine)
    return engine


def _stations(value: str | None) -> list[str] | None:
    return [s.strip() for s in value.split(",") if s.strip()] if value else None


def _audience(stations: list[str] | None, percent: int | None) -> str:
    if stations is None and percent is None:
        return "every station"
    parts = [f"{len(stations)} station(s)"] if stations else []
    parts += [f"{percent}% of stations"] if percent is not None else []
    return " and ".join(parts)


def cmd_keys(args: argparse.Namespace) -> int:
    engine = _engine(args)
    now = utc_now()
    if args.action == "list":
        with engine.connect() as conn:
            for key_id, public_key in sorted(publications.active_keys(conn).items()):
                print(f"{key_id}  {public_key}")
        return 0
    key = DistrictKey.generate()
    old = read_key_file(args.old) if args.action == "rotate" else None
    write_key_file(args.out, key)
    try:
        with engine.begin() as conn:
            if old is None:
                publications.register_key(conn, key.public_key_b64, now)
            else:
                rotation = sign_rotation(
                    old, key.public_key_b64, retire_old=args.retire_old, issued_at=format_utc(now)
                )
                publications.store_rotation(conn, rotation, now)
    except (HubError, ValueError):
        args.out.unlink()  # a key the hub does not know would only confuse later
        raise
    print(f"district key {key.key_id} written to {args.out} (keep it safe; mode 0600)")
    print(f"public key (pin on stations): {key.public_key_b64}")
    if old is not None:
        retired = f"; key {old.key_id} retired" if args.retire_old else ""
        print(f"rotation from key {old.key_id} stored: stations learn the new key{retired}")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    engine = _engine(args)
    stations = _stations(getattr(args, "stations", None))
    percent = getattr(args, "percent", None)
    if args.action in ("reference", "software"):
        signed = publish(
            engine,
            read_key_file(args.key),
            args.action,
            args.source,
            version=args.version,
            label=args.label,
            stations=stations,
            percent=percent,
        )
        s = signed.statement
        print(
            f"published {s.kind} version {s.version} ({s.label}, {s.payload_size:,} bytes, "
            f"signed by key {s.key_id}) for {_audience(stations, percent)}"
        )
    elif args.action in ("stage", "withdraw"):
        with engine.begin() as conn:
            if args.action == "stage":
                publications.restage(
                    conn, args.kind, args.version, stations=stations, percent=percent
                )
                print(f"{args.kind} {args.version} now for {_audience(stations, percent)}")
            else:
                publications.withdraw(conn, args.kind, args.version, utc_now())
                print(f"{args.kind} {args.version} withdrawn (stations that have it keep it)")
    elif args.action == "list":
        with engine.connect() as conn:
            for p in publications.list_publications(conn):
                flag = " [withdrawn]" if p.withdrawn else ""
                audience = _audience(list(p.stations) if p.stations else None, p.percent)
                print(
                    f"{p.kind:9}  {p.version:>6}  {p.label:24}  {p.size:>12,} B  "
                    f"{p.published_at:%Y-%m-%d %H:%M}  applied {p.applied}, refused {p.refused}  "
                    f"for {audience}{flag}"
                )
    else:
        with engine.connect() as conn:
            for r in publications.recent_reports(conn, args.limit):
                print(
                    f"{r.reported_at:%Y-%m-%d %H:%M}  {r.station_id}  {r.kind} {r.version}  "
                    f"{r.outcome}  {r.code}: {r.message}"
                )
    return 0


def add_commands(sub: Any) -> None:
    """Add ``keys`` and ``publish`` to `renshe-hub`'s subcommands."""
    keys = sub.add_parser("keys", help="the district's signing keys (district IT)")
    k_sub = keys.add_subparsers(dest="action", required=True)
    generate = k_sub.add_parser("generate", help="a new key; its public half is registered")
    generate.add_argument("--out", type=Path, required=True, help="new key file (mode 0600)")
    rotate = k_sub.add_parser("rotate", help="a new key, vouched for by the old one")
    rotate.add_argument("--old", type=Path, required=True, help="the current key file")
    rotate.add_argument("--out", type=Path, required=True, help="new key file (mode 0600)")
    rotate.add_argument(
        "--retire-old", action="store_true", help="stations stop trusting the old key"
    )
    k_sub.add_parser("list", help="the district keys the hub knows")
    keys.set_defaults(run=cmd_keys)

    pub = sub.add_parser("publish", help="signed reference data and software for stations")
    p_sub = pub.add_subparsers(dest="action", required=True)
    for kind, what in (("reference", "a bundle directory"), ("software", "wheel or archive")):
        p = p_sub.add_parser(kind, help=f"publish {what}")
        p.add_argument("source", type=Path, help=what)
        p.add_argument("--key", type=Path, required=True, help="the district key file")
        p.add_argument("--version", type=int, help="publication version (default: next)")
        p.add_argument("--label", help="what people see, e.g. 1.5.0 (default from the source)")
    stage = p_sub.add_parser("stage", help="change who gets a publication")
    withdraw = p_sub.add_parser("withdraw", help="stop offering a publication")
    for p in (stage, withdraw):
        p.add_argument("kind", choices=KINDS)
        p.add_argument("version", type=int)
    for p in (*(p_sub.choices[k] for k in KINDS), stage):
        p.add_argument("--stations", help="comma-separated station ids")
        p.add_argument("--percent", type=int, help="a share of stations, 0-100 (by id hash)")
    p_sub.add_parser("list", help="publications and how many stations applied them")
    reports = p_sub.add_parser("reports", help="the latest reports from stations")
    reports.add_argument("--limit", type=int, default=50)
    pub.set_defaults(run=cmd_publish)
