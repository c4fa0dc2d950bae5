"""Fixtures for the reference-data tests: copies of the shipped bundle to modify."""

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from station_client.reference import ReferenceBundle, load_bundle, write_manifest
from station_client.reference.manifest import dump_json

#: The bundle shipped in the repository (independent of RENSHE_RESOURCES).
SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "reference"

#: The statistics-bureau tables the division files were generated from.
# The project's shared data folder sits beside the repository (here and in CI).
DIVISION_SOURCE = Path(
    os.environ.get("RENSHE_DIVISIONS_SOURCE")
    or Path(__file__).resolve().parents[3] / "shared" / "data" / "divisions"
)


def edit_json(directory: Path, rel: str, change: Callable[[Any], Any]) -> None:
    """Load ``directory/rel``, let ``change`` mutate it (or return a replacement), save."""
    path = directory / rel
    data = json.loads(path.read_text(encoding="utf-8"))
    replaced = change(data)
    if replaced is not None:
        data = replaced
    path.write_text(dump_json(data), encoding="utf-8", newline="\n")


def copy_bundle(target: Path) -> Path:
    shutil.copytree(SHIPPED, target)
    return target


def make_consistent(directory: Path, version: int | None = None) -> None:
    """Regenerate the manifest so checksums match (for consistent-but-invalid bundles)."""
    write_manifest(directory, version=version)


def refresh_checksums(directory: Path) -> None:
    """Update only the manifest's checksums, keeping its kinds and versions as claimed."""
    from station_client.reference.manifest import sha256_of

    def update(manifest: dict[str, Any]) -> None:
        for entry in manifest["files"]:
            entry["sha256"] = sha256_of(directory / entry["path"])

    edit_json(directory, "manifest.json", update)


@pytest.fixture(scope="session")
def shipped() -> ReferenceBundle:
    return load_bundle(SHIPPED)


@pytest.fixture
def bundle_dir(tmp_path: Path) -> Path:
    """A private, modifiable copy of the shipped bundle."""
    return copy_bundle(tmp_path / "bundle")
