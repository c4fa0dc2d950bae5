"""Basic ledgers (基础台账) of a station, town or district for any period.

``ledger(conn, kind, scope, period, mask=…, as_of=…)`` lists the records (see
``ledger_specs`` for what each ledger holds), with personal data passed through the
caller's ``mask``: the station builds it from the viewer's role with its masking rules
(``rules.masking.present``); a caller without a role uses :func:`withheld`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.exc import SQLAlchemyError

from hub_sync.model import OrgUnit

from .document import Column, ColumnKind, Document, Sheet, tr
from .errors import QueryFailed, UnknownReport
from .ledger_queries import Context
from .ledger_specs import (
    DIVISION,
    SPECS,
    STATUS,
    STATUS_ZH,
    Field,
    LedgerKind,
    PersonalField,
)
from .periods import Period
from .reference_files import CodeNames, no_names
from .scope import Scope
from .tuning import for_reports

__all__ = ["Ledger", "LedgerKind", "Masker", "PersonalField", "ledger", "revealed", "withheld"]

Masker = Callable[[PersonalField, str | None], str]


def withheld(field: PersonalField, value: str | None) -> str:
    """Personal data left out entirely (a caller that knows no viewer's role)."""
    return "" if value is None else "（不显示）"


def revealed(field: PersonalField, value: str | None) -> str:
    """Personal data shown as it is (the viewer's role permits it)."""
    return value or ""


@dataclass(frozen=True)
class Ledger:
    kind: LedgerKind
    title_zh: str
    title_en: str
    scope: Scope
    period: Period
    as_of: date
    fields: tuple[Field, ...]
    rows: list[tuple[Any, ...]]  # in the order of ``fields``, masked and named

    def column(self, key: str) -> list[Any]:
        i = [f.key for f in self.fields].index(key)
        return [row[i] for row in self.rows]


def ledger_kind(text: str) -> LedgerKind:
    try:
        return LedgerKind(text)
    except ValueError:
        known = ", ".join(k.value for k in LedgerKind)
        raise UnknownReport(f"no ledger {text!r} (one of: {known})", f"没有台账 {text}") from None


def _division_names(conn: Connection, scope: Scope) -> dict[str, str]:
    query = select(OrgUnit.code, OrgUnit.name).where(OrgUnit.code.like(scope.division[:6] + "%"))
    return {k: v for k, v in conn.execute(query)}


def ledger(
    conn: Connection,
    kind: LedgerKind | str,
    scope: Scope,
    period: Period,
    *,
    mask: Masker,
    as_of: date,
    names: CodeNames = no_names,
    long_term_months: int = 6,
) -> Ledger:
    """The ledger ``kind`` of ``scope`` for ``period`` (long-term unemployment after
    ``long_term_months`` months: reference data, catalogue item JY-002)."""
    spec = SPECS[ledger_kind(kind) if isinstance(kind, str) else kind]
    ctx = Context(scope, period, as_of, long_term_months)
    try:
        for_reports(conn)
        found = [dict(row) for row in conn.execute(spec.query(ctx)).mappings()]
        divisions = _division_names(conn, scope)
    except SQLAlchemyError as e:
        raise QueryFailed(f"the ledger query failed: {e}", f"{spec.zh}查询失败") from e
    rows = []
    for values in found:
        made = spec.derive(values, ctx) if spec.derive else values
        if made is not None:
            rows.append(
                tuple(_cell(f, made.get(f.key), mask, names, divisions) for f in spec.fields)
            )
    return Ledger(spec.kind, spec.zh, spec.en, scope, period, as_of, spec.fields, rows)


def _cell(
    field: Field, value: Any, mask: Masker, names: CodeNames, divisions: dict[str, str]
) -> Any:
    if field.personal is not None:
        return mask(field.personal, None if value is None else str(value))
    if isinstance(value, bool):
        return "是" if value else ""
    if value is None or field.codes is None:
        return value
    code = str(value)
    if field.codes == DIVISION:
        return divisions.get(code, code)
    if field.codes == STATUS:
        return STATUS_ZH.get(code, code)
    return names(field.codes, code) or code


def ledger_document(found: Ledger, *, made_at: datetime, language: str = "zh") -> Document:
    """The ledger as one numbered table, titled with scope, period and date."""
    number = Column(tr(language, "序号", "No."), ColumnKind.INTEGER, 6)
    columns = (number, *(Column(tr(language, f.zh, f.en), f.kind, f.width) for f in found.fields))
    rows = [(i, *row) for i, row in enumerate(found.rows, start=1)]
    title = tr(language, found.title_zh, found.title_en)
    lines = (
        tr(language, f"范围：{found.scope.label}", f"Scope: {found.scope.label}"),
        tr(language, f"统计期：{found.period.label_zh}", f"Period: {found.period.label}"),
        tr(
            language,
            f"共 {len(rows)} 条　制表时间：{made_at:%Y-%m-%d %H:%M}",
            f"{len(rows)} rows, made {made_at:%Y-%m-%d %H:%M}",
        ),
    )
    sheet = Sheet(title[:31], title, columns, rows)
    return Document(title, lines, (sheet,))
