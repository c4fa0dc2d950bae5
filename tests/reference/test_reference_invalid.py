"""Faulty bundles are refused whole, naming the file and the problem."""

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_client.reference import InvalidReferenceData, load_bundle
from station_client.reference.manifest import dump_json

from .conftest import edit_json, make_consistent, refresh_checksums


def refused(directory: Path) -> InvalidReferenceData:
    with pytest.raises(InvalidReferenceData) as caught:
        load_bundle(directory)
    return caught.value


def problems_text(error: InvalidReferenceData) -> str:
    return "\n".join(error.problems)


def test_tampered_file_is_refused(bundle_dir: Path) -> None:
    path = bundle_dir / "codes" / "ethnicity.json"
    path.write_text(path.read_text(encoding="utf-8").replace("汉族", "漢族"), encoding="utf-8")
    error = refused(bundle_dir)
    assert error.file == "codes/ethnicity.json"
    assert "checksum" in problems_text(error)
    assert "codes/ethnicity.json" in error.message_zh and "codes/ethnicity.json" in str(error)


def test_duplicate_code_is_refused(bundle_dir: Path) -> None:
    def duplicate(data: dict[str, Any]) -> None:
        data["entries"].append({"code": "01", "zh": "重复", "en": "Duplicate"})

    edit_json(bundle_dir, "codes/ethnicity.json", duplicate)
    make_consistent(bundle_dir)
    error = refused(bundle_dir)
    assert error.file == "codes/ethnicity.json"
    assert "duplicate code(s) 01" in problems_text(error)


def test_invalid_date_is_refused(bundle_dir: Path) -> None:
    def bad_date(data: dict[str, Any]) -> None:
        data["holidays"][0]["date"] = "2025-02-30"

    edit_json(bundle_dir, "calendar/2025.json", bad_date)
    make_consistent(bundle_dir)
    error = refused(bundle_dir)
    assert error.file == "calendar/2025.json"
    assert "holidays.0.date" in problems_text(error)
    assert "2025-02-30" in problems_text(error)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["makeup_workdays"].append({"date": "2025-10-09", "name": "x"}), "weekday"),
        (
            lambda d: d["makeup_workdays"].append({"date": "2025-10-04", "name": "x"}),
            "both a holiday and a make-up working day",
        ),
        (lambda d: d["holidays"].append({"date": "2024-12-31", "name": "x"}), "not in year 2025"),
        (lambda d: d["holidays"].append(dict(d["holidays"][0])), "duplicate date"),
        (lambda d: d.update(holidays=[]), "holidays"),
    ],
    ids=["makeup-weekday", "holiday-and-makeup", "other-year", "twice", "empty"],
)
def test_inconsistent_calendar_is_refused(bundle_dir: Path, change: Any, expected: str) -> None:
    edit_json(bundle_dir, "calendar/2025.json", change)
    make_consistent(bundle_dir)
    error = refused(bundle_dir)
    assert error.file == "calendar/2025.json"
    assert expected in problems_text(error)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(version="1"), "version"),
        (lambda d: d["entries"][0].update(code=1), "entries.0.code"),
        (lambda d: d["entries"][0].update(zh=None), "entries.0.zh"),
        (lambda d: d["entries"][0].update(colour="red"), "entries.0.colour"),
        (lambda d: d.update(kind="catalogue"), "kind"),
        (lambda d: d["entries"][0].update(parent="00"), "parent"),
        (lambda d: d.update(version=0), "version"),
    ],
    ids=[
        "version-as-text",
        "code-as-number",
        "null-name",
        "unknown-field",
        "wrong-kind",
        "unknown-parent",
        "version-zero",
    ],
)
def test_wrong_types_and_fields_are_refused(bundle_dir: Path, change: Any, expected: str) -> None:
    edit_json(bundle_dir, "codes/sex.json", change)
    refresh_checksums(bundle_dir)
    error = refused(bundle_dir)
    assert error.file == "codes/sex.json"
    assert expected in problems_text(error)


def _set_parents(*parents: str | None) -> Any:
    def change(data: dict[str, Any]) -> None:
        for entry, parent in zip(data["entries"], parents, strict=False):
            entry["parent"] = parent

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_set_parents("1", "2", "1"), "code '0': parent chain loops at '1'"),
        (_set_parents("1", "7"), "code '1': parent '7' is not a code"),
        (lambda d: d["entries"].__setitem__(0, "x"), "entries.0: Input should be an object"),
        (lambda d: d.update(entries={}), "entries: Input should be a valid array"),
        (lambda d: d["entries"][0].update(attrs=[]), "entries.0.attrs: Input should be an object"),
    ],
    ids=["parent-loop", "grandparent-not-a-code", "entry-not-object", "entries-not-list", "attrs"],
)
def test_inconsistent_code_table_is_refused(bundle_dir: Path, change: Any, expected: str) -> None:
    # Code tables are validated from the parsed objects (the other files from their
    # text): the problems are still worded for a JSON file.
    edit_json(bundle_dir, "codes/sex.json", change)
    make_consistent(bundle_dir)
    error = refused(bundle_dir)
    assert error.file == "codes/sex.json"
    assert expected in problems_text(error)


def test_catalogue_step_sum_mismatch_is_refused(bundle_dir: Path) -> None:
    def lengthen(data: dict[str, Any]) -> None:
        item = next(i for i in data["items"] if i["code"] == "JY-007")
        item["review_steps"][2]["working_days"] = 6

    edit_json(bundle_dir, "catalogue.json", lengthen)
    make_consistent(bundle_dir)
    error = refused(bundle_dir)
    assert error.file == "catalogue.json"
    assert "JY-007" in problems_text(error) and "17" in problems_text(error)


def test_catalogue_reference_to_unknown_codes_is_refused(bundle_dir: Path) -> None:
    def unknown(data: dict[str, Any]) -> None:
        data["items"][0]["category"] = "tourism"
        data["items"][1]["levels"].append("province")

    edit_json(bundle_dir, "catalogue.json", unknown)
    make_consistent(bundle_dir)
    text = problems_text(refused(bundle_dir))
    assert "unknown category 'tourism'" in text
    assert "unknown level 'province'" in text


def test_attribute_referring_to_unknown_code_is_refused(bundle_dir: Path) -> None:
    edit_json(
        bundle_dir,
        "codes/employment_form.json",
        lambda d: d["entries"][0]["attrs"].update(four_kinds="E"),
    )
    make_consistent(bundle_dir)
    error = refused(bundle_dir)
    assert error.file == "codes/employment_form.json"
    assert "four_kinds='E'" in problems_text(error)


def test_missing_required_table_is_refused(bundle_dir: Path) -> None:
    (bundle_dir / "codes" / "ethnicity.json").unlink()
    make_consistent(bundle_dir)
    assert "required code table 'ethnicity'" in problems_text(refused(bundle_dir))


def test_file_missing_or_unlisted_is_refused(bundle_dir: Path) -> None:
    (bundle_dir / "codes" / "sex.json").unlink()
    (bundle_dir / "codes" / "extra.json").write_text("{}", encoding="utf-8")
    text = problems_text(refused(bundle_dir))
    assert "codes/sex.json: listed in the manifest but missing" in text
    assert "codes/extra.json: file is not listed in the manifest" in text


def test_missing_or_broken_manifest_is_refused(bundle_dir: Path) -> None:
    manifest = bundle_dir / "manifest.json"
    manifest.write_text("{not json", encoding="utf-8")
    assert refused(bundle_dir).file == "manifest.json"
    manifest.unlink()
    assert refused(bundle_dir).file == "manifest.json"


def test_manifest_version_must_match_file(bundle_dir: Path) -> None:
    make_consistent(bundle_dir)
    edit_json(bundle_dir, "manifest.json", lambda d: d["files"][0].update(version=7))
    error = refused(bundle_dir)
    assert "differs from the manifest's 7" in problems_text(error)


def test_duplicate_json_key_is_refused(bundle_dir: Path) -> None:
    path = bundle_dir / "codes" / "sex.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('"version": 1,', '"version": 1,\n  "version": 2,', 1), encoding="utf-8"
    )
    make_consistent(bundle_dir)
    assert "duplicate key(s) version" in problems_text(refused(bundle_dir))


def test_division_with_wrong_parent_is_refused(bundle_dir: Path) -> None:
    def misplace(data: dict[str, Any]) -> None:
        village = next(n for n in data["nodes"] if n["level"] == "village")
        village["parent"] = "320115002" if village["parent"] != "320115002" else "320115001"

    edit_json(bundle_dir, "divisions/320115.json", misplace)
    make_consistent(bundle_dir)
    error = refused(bundle_dir)
    assert error.file == "divisions/320115.json"
    assert "parent must be" in problems_text(error)


def test_manifest_tool_refuses_unusable_headers(bundle_dir: Path) -> None:
    edit_json(bundle_dir, "codes/sex.json", lambda d: d.update(version="2"))
    before = (bundle_dir / "manifest.json").read_bytes()
    with pytest.raises(InvalidReferenceData) as caught:
        make_consistent(bundle_dir)
    assert caught.value.file == "codes/sex.json"
    assert (bundle_dir / "manifest.json").read_bytes() == before


def test_every_problem_is_reported_at_once(bundle_dir: Path) -> None:
    edit_json(bundle_dir, "codes/sex.json", lambda d: d.update(version="1"))
    edit_json(bundle_dir, "calendar/2024.json", lambda d: d.update(year=2023))
    refresh_checksums(bundle_dir)
    error = refused(bundle_dir)
    files = {p.split(":", 1)[0] for p in error.problems}
    assert {"codes/sex.json", "calendar/2024.json"} <= files


def test_shipped_files_are_written_by_the_formatter() -> None:
    from .conftest import SHIPPED

    for path in sorted(SHIPPED.rglob("*.json")):
        text = path.read_text(encoding="utf-8")
        assert text == dump_json(json.loads(text)), path


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=30,
)


@given(_json)
def test_formatter_round_trips(value: Any) -> None:
    assert json.loads(dump_json(value)) == value
