"""The bundle manifest: checksums, and the JSON layout every reference file uses.

``manifest.json`` lists each data file of a bundle with its kind, version and SHA-256
and carries the bundle version. :func:`write_manifest` regenerates it (used by
``tools/make_manifest.py`` at the district and by tests); :func:`dump_json` writes JSON
the way all reference files are written: UTF-8, readable, short values kept on one line.
"""

import hashlib
import json
from pathlib import Path
from typing import Any

from station_client.reference.errors import InvalidReferenceData

MANIFEST_NAME = "manifest.json"

#: The kinds of data file a bundle may hold.
FILE_KINDS = frozenset(
    {"code_table", "service_catalogue", "holiday_calendar", "division_tree", "national_divisions"}
)
_WIDTH = 100


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of the file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dump_json(value: Any) -> str:
    """JSON text for a reference file, ending with a newline.

    A record in a list (an object with no list inside, e.g. one code-table entry) is
    kept on one line; other objects and lists are expanded only when their one-line form
    would be wider than 100 characters."""
    return _format(value, 0, 0) + "\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _format(value: Any, indent: int, used: int) -> str:
    one_line = _compact(value)
    expandable = isinstance(value, dict | list) and len(value) > 0
    if not expandable or (indent > 0 and indent + used + len(one_line) <= _WIDTH):
        return one_line
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        parts = []
        for key, item in value.items():
            head = f"{pad}{json.dumps(key, ensure_ascii=False)}: "
            parts.append(head + _format(item, indent + 2, len(head) - len(pad)))
        return "{\n" + ",\n".join(parts) + "\n" + " " * indent + "}"
    parts = [
        pad + (_compact(item) if _is_record(item) else _format(item, indent + 2, 0))
        for item in value
    ]
    return "[\n" + ",\n".join(parts) + "\n" + " " * indent + "]"


def _is_record(value: Any) -> bool:
    return isinstance(value, dict) and not any(isinstance(v, list) for v in value.values())


def data_files(directory: Path) -> list[Path]:
    """Every JSON data file of a bundle directory (all but the manifest), sorted."""
    return sorted(
        p
        for p in directory.rglob("*.json")
        if p.is_file() and p.relative_to(directory).as_posix() != MANIFEST_NAME
    )


def write_manifest(
    directory: Path,
    version: int | None = None,
    source: str | None = None,
) -> dict[str, Any]:
    """(Re)write ``directory/manifest.json`` from the JSON files found there.

    Each file's ``kind`` and ``version`` are read from the file itself; a file whose
    ``kind`` or ``version`` is unusable raises :class:`InvalidReferenceData` and nothing
    is written. The files are not otherwise validated: that is the job of
    :func:`~station_client.reference.bundle.load_bundle`. ``version`` and ``source``
    default to those of the existing manifest (version 1 when there is none). Returns
    the manifest written.
    """
    manifest_path = directory / MANIFEST_NAME
    old: dict[str, Any] = {}
    if manifest_path.exists():
        loaded = json.loads(manifest_path.read_text(encoding="utf-8"))
        if isinstance(loaded, dict):
            old = loaded
    files = []
    problems = []
    for path in data_files(directory):
        name = path.relative_to(directory).as_posix()
        try:
            content = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            problems.append(f"{name}: not valid UTF-8 JSON ({exc})")
            continue
        head = content if isinstance(content, dict) else {}
        kind, file_version = head.get("kind"), head.get("version")
        if kind not in FILE_KINDS:
            problems.append(f"{name}: unknown kind {kind!r}")
        if type(file_version) is not int or file_version < 1:
            problems.append(f"{name}: version must be a positive integer, not {file_version!r}")
        entry = {"path": name, "kind": kind, "version": file_version, "sha256": sha256_of(path)}
        files.append(entry)
    if problems:
        raise InvalidReferenceData(problems[0].split(":", 1)[0], problems)
    manifest: dict[str, Any] = {
        "kind": "manifest",
        "version": version if version is not None else old.get("version", 1),
        "source": source
        if source is not None
        else old.get("source", "RenShe Station reference bundle; see PROVENANCE.md"),
        "files": files,
    }
    manifest_path.write_text(dump_json(manifest), encoding="utf-8", newline="\n")
    return manifest
