"""Installing pushed bundles: newer valid ones switch, anything else leaves the old one."""

from pathlib import Path
from typing import Any

import pytest

from station_client.reference import (
    RESOURCES_ENV,
    InvalidReferenceData,
    ReferenceInstall,
    StaleReferenceData,
    default_bundle_dir,
)

from .conftest import SHIPPED, copy_bundle, edit_json, make_consistent


def newer(tmp_path: Path, name: str, version: int) -> Path:
    """A copy of the shipped bundle re-versioned as ``version``, with a visible change."""
    directory = copy_bundle(tmp_path / name)

    def rename(data: dict[str, Any]) -> None:
        data["version"] += 1
        data["entries"][-1]["zh"] = f"其他（第{version}版）"

    edit_json(directory, "codes/target_group.json", rename)
    make_consistent(directory, version=version)
    return directory


@pytest.fixture
def install(tmp_path: Path) -> ReferenceInstall:
    return ReferenceInstall(tmp_path / "station" / "reference", default_dir=SHIPPED)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_first_use_installs_the_shipped_bundle(install: ReferenceInstall) -> None:
    assert install.current_version() is None
    bundle = install.current()
    assert bundle.version == 1
    assert install.current_version() == 1
    assert (install.root / "CURRENT").read_text(encoding="ascii") == "1\n"
    assert install.installed_versions() == [1]
    assert (install.root / "versions" / "1" / "PROVENANCE.md").is_file()
    assert install.current() is bundle  # cached


def test_newer_valid_bundle_switches(install: ReferenceInstall, tmp_path: Path) -> None:
    install.current()
    bundle = install.install(newer(tmp_path, "v2", 2))
    assert bundle.version == 2
    reopened = ReferenceInstall(install.root)  # e.g. after a restart
    current = reopened.current()
    assert current.version == 2
    assert current.table("target_group").name("99") == "其他（第2版）"
    assert reopened.installed_versions() == [1, 2]


def test_taking_a_pushed_bundle_moves_it_into_place(
    install: ReferenceInstall, tmp_path: Path
) -> None:
    """An unpacked push is moved, not copied and checked again: the scratch directory is
    gone and the installed files are the ones that were validated."""
    install.current()
    candidate = newer(tmp_path, "v2", 2)
    validated = snapshot(candidate)
    bundle = install.install(candidate, take=True)
    assert bundle.version == 2 and not candidate.exists()
    assert snapshot(install.root / "versions" / "2") == validated
    assert ReferenceInstall(install.root).current().table("target_group").name("99") == (
        "其他（第2版）"
    )


def test_a_bad_bundle_is_not_taken(install: ReferenceInstall, tmp_path: Path) -> None:
    install.current()
    stale = newer(tmp_path, "v1", 1)
    with pytest.raises(StaleReferenceData):
        install.install(stale, take=True)
    assert stale.exists() and install.current_version() == 1
    assert install.installed_versions() == [1]


def test_invalid_bundle_keeps_the_previous_version(
    install: ReferenceInstall, tmp_path: Path
) -> None:
    install.install(newer(tmp_path, "v2", 2))
    before = snapshot(install.root)
    broken = newer(tmp_path, "v3", 3)
    path = broken / "codes" / "ethnicity.json"
    path.write_text(path.read_text(encoding="utf-8").replace("汉族", "漢族"), encoding="utf-8")
    with pytest.raises(InvalidReferenceData) as caught:
        install.install(broken)
    assert caught.value.file == "codes/ethnicity.json"
    assert ReferenceInstall(install.root).current().version == 2
    assert install.current().version == 2
    assert snapshot(install.root) == before  # nothing written, no leftovers


def test_consistent_but_invalid_bundle_keeps_the_previous_version(
    install: ReferenceInstall, tmp_path: Path
) -> None:
    install.current()
    broken = newer(tmp_path, "v2", 2)
    edit_json(
        broken,
        "calendar/2025.json",
        lambda d: d["makeup_workdays"].append({"date": "2025-10-09", "name": "x"}),
    )
    make_consistent(broken)
    with pytest.raises(InvalidReferenceData):
        install.install(broken)
    assert ReferenceInstall(install.root).current().version == 1
    assert install.installed_versions() == [1]


@pytest.mark.parametrize("offered", [1, 2])
def test_older_or_same_bundle_is_stale(
    install: ReferenceInstall, tmp_path: Path, offered: int
) -> None:
    install.install(newer(tmp_path, "v2", 2))
    before = snapshot(install.root)
    with pytest.raises(StaleReferenceData) as caught:
        install.install(newer(tmp_path, "again", offered))
    assert (caught.value.offered, caught.value.installed) == (offered, 2)
    assert "2" in caught.value.message_zh
    assert ReferenceInstall(install.root).current().version == 2
    assert snapshot(install.root) == before


def test_table_changed_without_new_version_is_refused(
    install: ReferenceInstall, tmp_path: Path
) -> None:
    install.current()
    candidate = copy_bundle(tmp_path / "sneaky")
    edit_json(candidate, "codes/sex.json", lambda d: d["entries"][0].update(zh="未知"))
    make_consistent(candidate, version=2)
    with pytest.raises(InvalidReferenceData) as caught:
        install.install(candidate)
    assert "codes/sex.json: content changed but version 1 was not raised" in caught.value.problems
    assert install.current().version == 1


def test_table_version_going_down_is_refused(install: ReferenceInstall, tmp_path: Path) -> None:
    install.install(newer(tmp_path, "v2", 2))  # target_group now at version 2
    candidate = copy_bundle(tmp_path / "rollback")  # target_group back at version 1
    make_consistent(candidate, version=3)
    with pytest.raises(InvalidReferenceData) as caught:
        install.install(candidate)
    assert caught.value.file == "codes/target_group.json"
    assert install.current().version == 2


def test_leftover_of_an_interrupted_install_is_replaced(
    install: ReferenceInstall, tmp_path: Path
) -> None:
    install.current()
    leftover = install.root / "versions" / "2"
    leftover.mkdir(parents=True)
    (leftover / "half-copied.json").write_text("{", encoding="utf-8")
    bundle = install.install(newer(tmp_path, "v2", 2))
    assert bundle.version == 2
    assert not (leftover / "half-copied.json").exists()
    assert ReferenceInstall(install.root).current().version == 2


def test_default_bundle_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(RESOURCES_ENV, raising=False)
    assert default_bundle_dir() == SHIPPED
    monkeypatch.setenv(RESOURCES_ENV, str(tmp_path))
    assert default_bundle_dir() == tmp_path / "reference"


def test_first_use_without_explicit_default_uses_the_env_override(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    copy_bundle(tmp_path / "resources" / "reference")
    monkeypatch.setenv(RESOURCES_ENV, str(tmp_path / "resources"))
    assert ReferenceInstall(tmp_path / "data").current().version == 1
