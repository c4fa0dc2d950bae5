"""Schemas of the reference-data files (pydantic v2, strict).

Every file is UTF-8 JSON with a top-level ``kind``, a positive integer ``version``, a
``source`` (provenance) and its payload. Validation is strict: unknown fields, wrong
types (``"1"`` where a number is expected), invalid dates and inconsistent content are
all refused. Checks that need more than one file (a catalogue category must exist in
the ``service_category`` code table, …) live in :mod:`station_client.reference.bundle`.

The service catalogue's schema is in :mod:`station_client.reference.catalogue_model`.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

#: Levels of the division tree and the length of their codes.
DIVISION_CODE_LENGTH: dict[str, int] = {
    "province": 2,
    "city": 4,
    "district": 6,
    "town": 9,
    "village": 12,
}

Text = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1, max_length=500)]
Code = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z_\-]{0,31}$")]
TableName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
Digits = Annotated[str, StringConstraints(pattern=r"^\d{2,12}$")]
Version = Annotated[int, Field(ge=1)]
AttrValue = str | int | bool


class Strict(BaseModel):
    """Base of every schema: frozen, unknown fields refused, no type coercion."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def duplicates(values: Iterable[object]) -> list[str]:
    """The values that occur more than once, as text, in first-seen order."""
    counts = Counter(values)
    return [str(v) for v, n in counts.items() if n > 1]


# --------------------------------------------------------------------------- code tables


class CodeEntry(Strict):
    """One code of a code table; ``parent`` is a code of the same table (hierarchies)."""

    code: Code
    zh: Text
    en: Text
    parent: Code | None = None
    attrs: dict[TableName, AttrValue] = Field(default_factory=dict)


class CodeTableFile(Strict):
    """``codes/<table>.json``.

    ``attr_tables`` maps an attribute name used in ``entries[].attrs`` to the code table
    its values must come from (e.g. employment forms carry ``four_kinds`` → ``"A"``).
    """

    kind: Literal["code_table"]
    table: TableName
    version: Version
    source: Text
    attr_tables: dict[TableName, TableName] = Field(default_factory=dict)
    entries: list[CodeEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        codes = [e.code for e in self.entries]
        parents = dict(zip(codes, [e.parent for e in self.entries], strict=True))
        if len(parents) != len(codes):  # rare: only then look for which codes repeat
            dup = duplicates(codes)
            raise ValueError(f"duplicate code(s) {', '.join(dup)} in table {self.table!r}")
        # Every parent is checked before any chain is walked, so no walk steps off the
        # table (a grandparent that is not a code is reported, not a KeyError).
        for entry in self.entries:
            if entry.parent is not None and entry.parent not in parents:
                raise ValueError(f"code {entry.code!r}: parent {entry.parent!r} is not a code")
        # Codes whose chain is known to end at a top-level code: a chain is walked only up
        # to such a code, so a 100k-code table is checked in linear time, and an entry
        # whose chain loops is still the first one reported, at the same code.
        rooted: set[str] = set()
        for entry in self.entries:
            parent = entry.parent
            if parent is None or parent in rooted:
                rooted.add(entry.code)
                continue
            seen = {entry.code}
            while parent is not None and parent not in rooted:
                if parent in seen:
                    raise ValueError(f"code {entry.code!r}: parent chain loops at {parent!r}")
                seen.add(parent)
                parent = parents[parent]
            rooted.update(seen)
        return self


# ------------------------------------------------------------------------ holiday calendar


class CalendarDay(Strict):
    """A date with the name of the holiday it belongs to."""

    date: dt.date
    name: Text
    en: Text | None = None


class HolidayCalendarFile(Strict):
    """``calendar/<year>.json``: official days off and make-up working days (调休)."""

    kind: Literal["holiday_calendar"]
    year: Annotated[int, Field(ge=1949, le=2200)]
    version: Version
    source: Text
    holidays: list[CalendarDay] = Field(min_length=1)
    makeup_workdays: list[CalendarDay] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems: list[str] = []
        for label, days in (("holidays", self.holidays), ("makeup_workdays", self.makeup_workdays)):
            outside = [d.date.isoformat() for d in days if d.date.year != self.year]
            if outside:
                problems.append(f"{label}: date(s) {', '.join(outside)} not in year {self.year}")
            dup = duplicates(d.date.isoformat() for d in days)
            if dup:
                problems.append(f"{label}: duplicate date(s) {', '.join(dup)}")
        both = sorted({d.date for d in self.holidays} & {d.date for d in self.makeup_workdays})
        if both:
            listed = ", ".join(d.isoformat() for d in both)
            problems.append(f"date(s) {listed} both a holiday and a make-up working day")
        weekdays = [d.date.isoformat() for d in self.makeup_workdays if d.date.weekday() < 5]
        if weekdays:
            problems.append(
                f"make-up working day(s) {', '.join(weekdays)} fall on a weekday "
                "(a make-up day is always a Saturday or Sunday)"
            )
        if problems:
            raise ValueError("; ".join(problems))
        return self


# ------------------------------------------------------------------------------ divisions


class DivisionNode(Strict):
    """One node of the division tree (统计用区划代码)."""

    code: Digits
    name: Text
    level: Literal["province", "city", "district", "town", "village"]
    parent: Digits | None = None


class DivisionTreeFile(Strict):
    """``divisions/<county>.json``: one district from province down to its villages."""

    kind: Literal["division_tree"]
    version: Version
    source: Text
    data_cutoff: dt.date
    root: Digits
    nodes: list[DivisionNode] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        dup = duplicates(n.code for n in self.nodes)
        if dup:
            raise ValueError(f"duplicate division code(s) {', '.join(dup[:10])}")
        by_code = {n.code: n for n in self.nodes}
        problems: list[str] = []
        for node in self.nodes:
            want = DIVISION_CODE_LENGTH[node.level]
            if len(node.code) != want:
                problems.append(f"{node.code}: a {node.level} code has {want} digits")
                continue
            if node.level == "province":
                if node.parent is not None:
                    problems.append(f"{node.code}: a province has no parent")
                continue
            prefix_len = {4: 2, 6: 4, 9: 6, 12: 9}[want]
            if node.parent != node.code[:prefix_len]:
                problems.append(
                    f"{node.code}: parent must be {node.code[:prefix_len]}, not {node.parent}"
                )
            elif node.parent not in by_code:
                problems.append(f"{node.code}: parent {node.parent} is missing")
        root = by_code.get(self.root)
        if root is None or root.level != "district":
            problems.append(f"root {self.root} is not a district node of the file")
        if problems:
            raise ValueError("; ".join(problems[:20]))
        return self


class Province(Strict):
    code: Annotated[str, StringConstraints(pattern=r"^\d{2}$")]
    name: Text


class City(Strict):
    code: Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
    name: Text
    province: Annotated[str, StringConstraints(pattern=r"^\d{2}$")]


class ExtraPrefix(Strict):
    """A prefix that is valid in ID numbers but not a current province or city."""

    code: Annotated[str, StringConstraints(pattern=r"^(\d{2}|\d{4})$")]
    name: Text
    note: Text


class NationalDivisionsFile(Strict):
    """``divisions/national.json``: all provinces and cities (ID-number prefixes)."""

    kind: Literal["national_divisions"]
    version: Version
    source: Text
    data_cutoff: dt.date
    provinces: list[Province] = Field(min_length=1)
    cities: list[City] = Field(min_length=1)
    extra_prefixes: list[ExtraPrefix] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        codes = [p.code for p in self.provinces] + [c.code for c in self.cities]
        codes += [x.code for x in self.extra_prefixes]
        dup = duplicates(codes)
        if dup:
            raise ValueError(f"duplicate code(s) {', '.join(dup)}")
        provinces = {p.code for p in self.provinces}
        wrong = [c.code for c in self.cities if c.province not in provinces]
        wrong += [c.code for c in self.cities if c.code[:2] != c.province]
        if wrong:
            raise ValueError(f"city code(s) {', '.join(wrong)} do not match their province")
        return self


# ------------------------------------------------------------------------------ manifest

FileKind = Literal[
    "code_table", "service_catalogue", "holiday_calendar", "division_tree", "national_divisions"
]


class ManifestEntry(Strict):
    path: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_\-]+(/[A-Za-z0-9_\-]+)*\.json$")]
    kind: FileKind
    version: Version
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class ManifestFile(Strict):
    """``manifest.json``: the bundle version and every file with its checksum."""

    kind: Literal["manifest"]
    version: Version
    source: Text
    files: list[ManifestEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        dup = duplicates(f.path for f in self.files)
        if dup:
            raise ValueError(f"file(s) listed twice: {', '.join(dup)}")
        if any(f.path == "manifest.json" for f in self.files):
            raise ValueError("the manifest cannot list itself")
        return self
