"""Loading a reference bundle: every file checked, the whole accepted or nothing.

A bundle is a directory with ``manifest.json`` (bundle version, and each file's kind,
version and SHA-256) and the data files it lists: ``codes/*.json``, ``catalogue.json``,
``calendar/<year>.json``, ``divisions/<county>.json`` and ``divisions/national.json``.
:func:`load_bundle` verifies checksums, validates every file against its schema, then
checks what spans files (referenced code tables exist, …). Any problem anywhere raises
:class:`~station_client.reference.errors.InvalidReferenceData` listing all problems.
"""

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import pydantic

from hub_sync import collector
from station_client.reference.catalogue_model import CatalogueFile
from station_client.reference.errors import InvalidReferenceData
from station_client.reference.manifest import MANIFEST_NAME, data_files, sha256_of
from station_client.reference.model import (
    CodeTableFile,
    DivisionTreeFile,
    HolidayCalendarFile,
    ManifestFile,
    NationalDivisionsFile,
    Strict,
)
from station_client.reference.tables import Catalogue, CodeTable, DivisionTree
from station_client.rules.workdays import WorkCalendar, YearCalendar

#: Environment variable naming a ``resources`` directory to use instead of the shipped one.
RESOURCES_ENV = "RENSHE_RESOURCES"

#: Code tables the software relies on; a bundle without any of them is refused.
REQUIRED_CODE_TABLES: frozenset[str] = frozenset(
    {
        "assistance_method",
        "assistance_type",
        "contract_form",
        "data_source",
        "education",
        "employment_channel",
        "employment_end_reason",
        "employment_form",
        "ethnicity",
        "evaluation_indicator",
        "evaluation_level",
        "four_kinds",
        "guidance_session_type",
        "hard_to_employ_category",
        "hukou_type",
        "insurance_type",
        "marital_status",
        "occupation",
        "policy_benefit",
        "political_status",
        "service_category",
        "service_content",
        "service_level",
        "sex",
        "target_group",
        "unemployment_cancel_reason",
        "unemployment_reason",
    }
)

_MODELS: dict[str, type[Strict]] = {
    "code_table": CodeTableFile,
    "service_catalogue": CatalogueFile,
    "holiday_calendar": HolidayCalendarFile,
    "division_tree": DivisionTreeFile,
    "national_divisions": NationalDivisionsFile,
}


@dataclass(frozen=True)
class ReferenceBundle:
    """A validated reference bundle, ready for the rules and the UI."""

    version: int
    code_tables: Mapping[str, CodeTable]
    catalogue: Catalogue
    calendar: WorkCalendar
    calendar_years: frozenset[int]
    divisions: DivisionTree
    national_prefixes: frozenset[str]
    national_names: Mapping[str, str]
    file_versions: Mapping[str, int]

    def table(self, name: str) -> CodeTable:
        """The code table ``name``; ``KeyError`` if the bundle has none."""
        return self.code_tables[name]


def default_bundle_dir() -> Path:
    """The shipped bundle: ``$RENSHE_RESOURCES/reference`` if the variable is set, else
    ``resources/reference`` beside the ``station_client`` package."""
    override = os.environ.get(RESOURCES_ENV)
    if override:
        return Path(override) / "reference"
    return Path(__file__).resolve().parents[2] / "resources" / "reference"


class _Problems:
    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, file: str, problem: str) -> None:
        self.items.append((file, problem))

    def raise_if_any(self) -> None:
        if self.items:
            raise InvalidReferenceData(self.items[0][0], [f"{f}: {p}" for f, p in self.items])


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):  # rare: only then look for which keys repeat
        keys = [k for k, _ in pairs]
        dup = sorted({k for k in keys if keys.count(k) > 1})
        raise ValueError(f"duplicate key(s) {', '.join(dup)} in one object")
    return found


# Code tables are validated in Python mode (see _parse), which words a wrong container
# in Python terms ("a valid dictionary or instance of CodeEntry"); every file is JSON, so
# these say it as JSON-mode validation does for the other files.
_JSON_WORDING = {
    "model_type": "Input should be an object",
    "dict_type": "Input should be an object",
    "list_type": "Input should be a valid array",
}


def _describe(error: pydantic.ValidationError) -> list[str]:
    out = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"])
        message = _JSON_WORDING.get(item["type"]) or str(item["msg"]).removeprefix("Value error, ")
        if item["type"] not in {"value_error", "missing"}:
            shown = repr(item.get("input"))
            message += f" (got {shown[:60]})"
        out.append(f"{where}: {message}" if where else message)
    return out


def _parse(raw: bytes, model: type[Strict], name: str, problems: _Problems) -> Strict | None:
    try:
        data = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicate_keys)
    except UnicodeDecodeError as exc:
        problems.add(name, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        return None
    except ValueError as exc:
        problems.add(name, f"not valid JSON: {exc}")
        return None
    try:
        if model is CodeTableFile:
            # The big files (100k codes): validated from the objects just parsed rather
            # than parsing the text a second time. Strict Python mode judges them as strict
            # JSON mode does, as a code table has no field whose JSON form is not its Python
            # one; the others (dates) are validated from the text.
            return model.model_validate(data, strict=True)
        return model.model_validate_json(raw, strict=True)
    except pydantic.ValidationError as exc:
        for problem in _describe(exc):
            problems.add(name, problem)
        return None


def load_bundle(directory: Path) -> ReferenceBundle:
    """Load and fully validate the bundle in ``directory``.

    Raises :class:`~station_client.reference.errors.InvalidReferenceData` naming the file
    and listing every problem if anything is wrong.
    """
    # A bundle is some 100k small objects in no reference cycle; built with the cycle
    # collector on, they set off full collections over the growing heap: three quarters
    # of the load time of a 12 MB bundle, for nothing.
    with collector.paused():
        return _load(directory)


def _load(directory: Path) -> ReferenceBundle:
    problems = _Problems()
    manifest_path = directory / MANIFEST_NAME
    if not manifest_path.is_file():
        problems.add(MANIFEST_NAME, f"no manifest in {directory}")
        problems.raise_if_any()
    manifest = _parse(manifest_path.read_bytes(), ManifestFile, MANIFEST_NAME, problems)
    problems.raise_if_any()
    assert isinstance(manifest, ManifestFile)

    listed = {f.path for f in manifest.files}
    for path in data_files(directory):
        name = path.relative_to(directory).as_posix()
        if name not in listed:
            problems.add(name, "file is not listed in the manifest")

    parsed: dict[str, Strict] = {}
    for entry in manifest.files:
        path = directory / entry.path
        if not path.is_file():
            problems.add(entry.path, "listed in the manifest but missing")
            continue
        if sha256_of(path) != entry.sha256:
            problems.add(entry.path, "checksum does not match the manifest (file altered?)")
            continue
        model = _parse(path.read_bytes(), _MODELS[entry.kind], entry.path, problems)
        if model is None:
            continue
        version = getattr(model, "version", None)
        if version != entry.version:
            problems.add(
                entry.path, f"version {version} differs from the manifest's {entry.version}"
            )
        parsed[entry.path] = model
    problems.raise_if_any()
    return _assemble(manifest, parsed, problems)


_T = TypeVar("_T")


def _one(parsed: dict[str, Strict], kind: type[_T], label: str, problems: _Problems) -> _T | None:
    found = [m for m in parsed.values() if isinstance(m, kind)]
    if len(found) != 1:
        problems.add(MANIFEST_NAME, f"a bundle needs exactly one {label} file, found {len(found)}")
        return None
    return found[0]


def _assemble(
    manifest: ManifestFile, parsed: dict[str, Strict], problems: _Problems
) -> ReferenceBundle:
    tables: dict[str, CodeTable] = {}
    years: dict[int, HolidayCalendarFile] = {}
    for name, model in parsed.items():
        stem = Path(name).stem
        if isinstance(model, CodeTableFile):
            if model.table in tables:
                problems.add(name, f"code table {model.table!r} is defined twice")
            elif stem != model.table:
                problems.add(name, f"file name must be {model.table}.json for its table")
            tables[model.table] = CodeTable(model)
        elif isinstance(model, HolidayCalendarFile):
            if model.year in years:
                problems.add(name, f"calendar year {model.year} is defined twice")
            elif stem != str(model.year):
                problems.add(name, f"file name must be {model.year}.json for year {model.year}")
            years[model.year] = model
    for missing in sorted(REQUIRED_CODE_TABLES - tables.keys()):
        problems.add(MANIFEST_NAME, f"required code table {missing!r} is missing")
    if not years:
        problems.add(MANIFEST_NAME, "a bundle needs at least one holiday calendar year")
    catalogue = _one(parsed, CatalogueFile, "service catalogue", problems)
    tree = _one(parsed, DivisionTreeFile, "division tree", problems)
    national = _one(parsed, NationalDivisionsFile, "national divisions", problems)
    names = {id(model): name for name, model in parsed.items()}

    _check_attr_tables(tables, parsed, problems)
    if catalogue is not None:
        _check_catalogue(catalogue, names[id(catalogue)], tables, problems)
    if tree is not None and national is not None:
        known = {p.code for p in national.provinces} | {c.code for c in national.cities}
        for prefix in (tree.root[:2], tree.root[:4]):
            if prefix not in known:
                problems.add(
                    names[id(tree)], f"{prefix} (root {tree.root}) is not in national.json"
                )
    problems.raise_if_any()
    assert catalogue is not None and tree is not None and national is not None

    national_names = {p.code: p.name for p in national.provinces}
    national_names |= {c.code: c.name for c in national.cities}
    national_names |= {x.code: x.name for x in national.extra_prefixes}
    calendar = WorkCalendar(
        YearCalendar(
            year=y.year,
            holidays=frozenset(d.date for d in y.holidays),
            makeup_workdays=frozenset(d.date for d in y.makeup_workdays),
            version=f"{y.year}-v{y.version}",
        )
        for y in sorted(years.values(), key=lambda c: c.year)
    )
    return ReferenceBundle(
        version=manifest.version,
        code_tables=MappingProxyType(dict(sorted(tables.items()))),
        catalogue=Catalogue(catalogue),
        calendar=calendar,
        calendar_years=frozenset(years),
        divisions=DivisionTree(tree),
        national_prefixes=frozenset(national_names),
        national_names=MappingProxyType(national_names),
        file_versions=MappingProxyType({f.path: f.version for f in manifest.files}),
    )


def _check_attr_tables(
    tables: dict[str, CodeTable], parsed: dict[str, Strict], problems: _Problems
) -> None:
    for name, model in parsed.items():
        if not isinstance(model, CodeTableFile):
            continue
        for attr, target in model.attr_tables.items():
            other = tables.get(target)
            if other is None:
                problems.add(name, f"attribute {attr!r} refers to unknown table {target!r}")
                continue
            for entry in model.entries:
                value = entry.attrs.get(attr)
                if value is not None and str(value) not in other:
                    problems.add(
                        name,
                        f"code {entry.code!r}: {attr}={value!r} is not a code of table {target!r}",
                    )


def _check_catalogue(
    catalogue: CatalogueFile, name: str, tables: dict[str, CodeTable], problems: _Problems
) -> None:
    categories = tables.get(catalogue.category_table)
    levels = tables.get(catalogue.level_table)
    for label, table, table_name in (
        ("category_table", categories, catalogue.category_table),
        ("level_table", levels, catalogue.level_table),
    ):
        if table is None:
            problems.add(name, f"{label} refers to unknown code table {table_name!r}")
    for item in catalogue.items:
        if categories is not None and item.category not in categories:
            problems.add(name, f"item {item.code}: unknown category {item.category!r}")
        if levels is None:
            continue
        for level in item.levels:
            if level not in levels:
                problems.add(name, f"item {item.code}: unknown level {level!r}")
        for step in item.review_steps:
            if step.level not in levels:
                problems.add(
                    name, f"item {item.code}: step {step.code} has unknown level {step.level!r}"
                )
