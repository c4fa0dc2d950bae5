"""Benchmark of a signed reference-data push at the station (issue #6, item 4).

A 5 MB reference bundle (the shipped one plus detailed occupations, as the full
classification has) is zipped and signed as `renshe-hub publish reference` does, then
handed to the station's updater as the hub would answer (the offer and the base64
payload as JSON text): parse, check the signature, the payload digest and the version,
unzip, validate the whole bundle, install it beside the previous one and switch, all in
one store transaction on a real encrypted station database. The download itself is
left out: it depends on the line, not on the station.
"""

from __future__ import annotations

import base64
import json
import random
import secrets
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

from hub_sync.model import utc_now
from hub_sync.protocol.publication import (
    DistrictKey,
    PublicationOffer,
    PublicationPayload,
    ReportReceipt,
    SignedPublication,
    sign_publication,
)
from hub_sync.protocol.wire import format_utc
from hub_sync.server.publish_cli import zip_directory
from station_client.reference import (
    ReferenceBundle,
    ReferenceInstall,
    default_bundle_dir,
    write_manifest,
)
from station_client.reference.manifest import dump_json
from station_client.store import Store
from station_client.sync.updates import Updates, pin_keys

from .harness import Report, Result

TARGET_MS = 2000.0
MB = 1_000_000
_HANZI = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
_LATIN = "abcdefghijklmnopqrstuvwxyz "


def _bundle(target: Path, version: int, size: int, *, varied: bool) -> Path:
    """The shipped bundle as ``version``, grown to about ``size`` bytes of JSON by more
    occupations; ``varied`` names (random characters) compress about as badly as real
    names do, the others (numbered) compress very well."""
    shutil.copytree(default_bundle_dir(), target)
    path = target / "codes" / "occupation.json"
    table = json.loads(path.read_text(encoding="utf-8"))
    table["version"] += version
    parent = table["entries"][-1]["code"]
    rng = random.Random(version)
    base = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    grown, i = base, 0
    while grown < size:
        zh = "".join(rng.choice(_HANZI) for _ in range(10)) if varied else f"第{i}号细类职业名称"
        en = "".join(rng.choice(_LATIN) for _ in range(30)) if varied else f"Occupation {i}"
        entry = {"code": f"X{i:07d}", "zh": zh, "en": en, "parent": parent}
        table["entries"].append(entry)
        grown += len(json.dumps(entry, ensure_ascii=False).encode()) + 6  # indent, comma
        i += 1
    path.write_text(dump_json(table), encoding="utf-8", newline="\n")
    write_manifest(target, version=version)
    return target


class _HubAnswers:
    """Answers ``HubClient.call`` as the hub would, from JSON text made in advance."""

    def __init__(self, signed: SignedPublication, payload: bytes) -> None:
        s = signed.statement
        self.answers = {
            "/v1/publications": json.dumps(
                {"publications": [signed.model_dump()], "rotations": [], "keys": []}
            ),
            f"/v1/publications/{s.kind}/{s.version}/payload": json.dumps(
                {
                    "kind": s.kind,
                    "version": s.version,
                    "payload": base64.b64encode(payload).decode(),
                }
            ),
        }

    def call(self, method: str, path: str, answer: type[Any], *, body: Any = None) -> Any:
        if method == "POST":
            return ReportReceipt(recorded=True)
        assert answer in (PublicationOffer, PublicationPayload)
        return answer.model_validate_json(self.answers[path])


def _measure(work: Path, runs: int, size: int, varied: bool) -> tuple[list[float], int, int]:
    """Apply ``runs`` successive pushes to one station; milliseconds each, data and
    payload bytes of the last."""
    key = DistrictKey.generate()
    root = work / f"publish-station-{size}-{varied}"
    shipped = ReferenceInstall(root / "reference", default_dir=default_bundle_dir())
    reference: ReferenceBundle = shipped.current()
    store = Store.create(root, secrets.token_bytes(32), lambda: reference)
    times, data, zipped = [], 0, 0
    try:
        pin_keys(store, [key.public_key_b64])
        updates = Updates(store, shipped)
        for version in range(2, 2 + runs):
            bundle = _bundle(
                work / f"bundle-{size}-{varied}-{version}", version, size, varied=varied
            )
            payload = zip_directory(bundle)
            data = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
            zipped = len(payload)
            signed = sign_publication(
                key,
                kind="reference",
                version=version,
                label=f"bench {version}",
                payload=payload,
                payload_format="zip",
                published_at=format_utc(utc_now()),
            )
            hub = _HubAnswers(signed, payload)
            start = time.perf_counter()
            outcome = updates.check(hub).outcome("reference")  # type: ignore[arg-type]
            times.append((time.perf_counter() - start) * 1000)
            assert outcome is not None and outcome.outcome == "applied", outcome
            assert shipped.current_version() == version
            shutil.rmtree(bundle)
    finally:
        store.close()
    return times, data, zipped


def run(report: Report, work: Path, quick: bool) -> None:
    runs = 3 if quick else 5
    cases = (
        ("publish: verify + apply a 5 MB reference-data push", 5 * MB, False),
        # The stricter reading: the payload as sent is 5 MB (so the data is about 12 MB).
        ("publish: verify + apply a reference push of 5 MB zipped", 12 * MB, True),
    )
    for name, size, varied in cases:
        times, data, zipped = _measure(work, runs, size, varied)
        report.add(
            Result(
                name,
                max(times),
                "ms",
                TARGET_MS,
                higher_is_better=False,
                detail=(
                    f"worst of {runs} (median {statistics.median(times):,.0f} ms); "
                    f"{data / MB:.1f} MB of JSON, {zipped / MB:.2f} MB zipped; signature, "
                    "digest, unzip, full validation, install beside, switch, one transaction"
                ),
            )
        )
