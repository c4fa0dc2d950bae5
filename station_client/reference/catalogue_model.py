"""Schema of ``catalogue.json``, the service catalogue (服务事项目录).

Each item says who delivers it (``levels``: village / town / district), its time limit in
working days (``None`` when the service is done on the spot), the materials asked for,
and, when it needs review, the review steps with their own working-day limits; the
steps add up to the item's time limit. Limits that are not in working days (calendar
days, months, counts: "the employer registers within 30 days of hiring", "≥ 3 job
offers") are listed under ``limits``. Every figure is reference data the district can
change and push; none is a constant in code.
"""

from typing import Annotated, Literal, Self

from pydantic import Field, StringConstraints, model_validator

from station_client.reference.model import Code, Strict, TableName, Text, Version, duplicates

ItemCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}-\d{3}$")]
LimitUnit = Literal["working_days", "calendar_days", "months", "years", "count", "percent"]


class Material(Strict):
    """A document asked for; ``required`` False means "when applicable" (see ``note``)."""

    zh: Text
    en: Text
    required: bool
    note: Text | None = None


class ReviewStep(Strict):
    """One review step, done at ``level`` within ``working_days``."""

    code: Code
    zh: Text
    en: Text
    level: TableName
    working_days: Annotated[int, Field(ge=1, le=365)]


class Limit(Strict):
    """A further limit of an item, in its own unit (not necessarily working days)."""

    code: Code
    zh: Text
    en: Text
    value: Annotated[int, Field(ge=1)]
    unit: LimitUnit


class ServiceItem(Strict):
    """One service of the catalogue."""

    code: ItemCode
    zh: Text
    en: Text
    category: Code
    levels: list[TableName] = Field(min_length=1)
    time_limit_working_days: Annotated[int, Field(ge=1, le=365)] | None
    time_limit_note: Text | None = None
    materials: list[Material] = Field(default_factory=list)
    review_steps: list[ReviewStep] = Field(default_factory=list)
    needs_review: bool
    public: bool
    limits: list[Limit] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems: list[str] = []
        dup = duplicates(self.levels)
        if dup:
            problems.append(f"level(s) {', '.join(dup)} listed twice")
        dup = duplicates(s.code for s in self.review_steps)
        if dup:
            problems.append(f"review step code(s) {', '.join(dup)} used twice")
        dup = duplicates(x.code for x in self.limits)
        if dup:
            problems.append(f"limit code(s) {', '.join(dup)} used twice")
        if self.needs_review != bool(self.review_steps):
            problems.append(
                "needs_review must be true exactly when review_steps are given "
                f"(needs_review={self.needs_review}, {len(self.review_steps)} step(s))"
            )
        if self.review_steps:
            total = sum(s.working_days for s in self.review_steps)
            if total != self.time_limit_working_days:
                problems.append(
                    f"review steps add up to {total} working days but the time limit is "
                    f"{self.time_limit_working_days}"
                )
        if problems:
            raise ValueError(f"item {self.code}: " + "; ".join(problems))
        return self


class CatalogueFile(Strict):
    """``catalogue.json``.

    ``category_table`` and ``level_table`` name the code tables that item categories and
    levels (and review-step levels) must come from.
    """

    kind: Literal["service_catalogue"]
    version: Version
    source: Text
    complaint_phone: Annotated[str, StringConstraints(pattern=r"^[0-9\-]{3,20}$")]
    category_table: TableName
    level_table: TableName
    items: list[ServiceItem] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        dup = duplicates(i.code for i in self.items)
        if dup:
            raise ValueError(f"duplicate item code(s) {', '.join(dup)}")
        return self
