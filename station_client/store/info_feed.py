"""What the information screen (就业信息屏) shows now, as plain values.

* **Vacancies**: open vacancies valid on the station's day (status ``open``, places left,
  ``valid_from`` ≤ today ≤ ``valid_until``, neither it nor its employer deleted), newest
  first: title, employer, wage range, headcount, place of work named from the division
  reference data (the vacancy's own division, else the employer's), and the employer's
  recruitment contact. Vacancies reach the store through sync like every record, so a
  screen that reloads the feed shows what the last pull brought.
* **Services**: the public items of the service catalogue (服务项目公示) with their time
  limits, and the complaint phone, all from the installed reference bundle.
* **Policy notices** (政策公告): ``<resources>/notices/notices.json`` (``resources`` is
  ``$RENSHE_RESOURCES`` when set, as for the reference bundle). It is not part of the
  reference bundle: the bundle refuses any file its manifest does not list and knows no
  notice kind, so notices travel with the software until the district pushes them. A
  broken notices file costs the notices page only, never the screen.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import pydantic
from pydantic import Field, StringConstraints
from sqlalchemy import func, or_, select

from hub_sync.model import Employer, Vacancy
from station_client.reference import RESOURCES_ENV, ReferenceBundle, ServiceItem
from station_client.reference.model import Strict, Text, Version
from station_client.rules.tickets import CHINA_TIME

from .errors import StoreError
from .store import Store

log = logging.getLogger("renshe.info_feed")

NOTICES_FILE = Path("notices") / "notices.json"
DEFAULT_VACANCY_LIMIT = 60
#: City-level entries of the statistics tables that name no place (北京市 › 市辖区).
_NOT_PLACES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
_COMMITTEE_SUFFIXES = ("居民委员会", "村民委员会", "居委会", "村委会")
#: The code table the shipped catalogue names as its ``category_table``.
CATEGORY_TABLE = "service_category"


# ----------------------------------------------------------------------------- notices
class _NoticeEntry(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9\-]{0,63}$")]
    title_zh: Text
    title_en: Text
    issuer_zh: Text
    issuer_en: Text
    document_no: Text | None
    issued_on: dt.date
    effective_on: dt.date | None
    summary_zh: Text
    summary_en: Text
    show_until: dt.date | None = None


class _NoticesFile(Strict):
    kind: Literal["policy_notices"]
    version: Version
    source: Text
    notices: list[_NoticeEntry] = Field(max_length=50)


@dataclass(frozen=True)
class PolicyNotice:
    id: str
    title_zh: str
    title_en: str
    issuer_zh: str
    issuer_en: str
    document_no: str | None
    issued_on: dt.date
    effective_on: dt.date | None
    summary_zh: str
    summary_en: str
    show_until: dt.date | None


def default_notices_path() -> Path:
    """``$RENSHE_RESOURCES/notices/notices.json``, else the shipped one."""
    override = os.environ.get(RESOURCES_ENV)
    base = Path(override) if override else Path(__file__).resolve().parents[2] / "resources"
    return base / NOTICES_FILE


def load_notices(path: Path | None = None) -> tuple[PolicyNotice, ...]:
    """The notices in ``path`` (default: :func:`default_notices_path`), in file order.

    Raises :class:`StoreError` naming the file and the problem when it is missing or not
    a valid notices file."""
    where = path or default_notices_path()
    try:
        raw = where.read_bytes()
    except OSError as e:
        raise StoreError(
            f"cannot read the policy notices {where}: {e.strerror}", f"无法读取政策公告文件 {where}"
        ) from e
    try:
        data = _NoticesFile.model_validate_json(raw)
    except pydantic.ValidationError as e:
        first = e.errors()[0]
        at = ".".join(str(p) for p in first["loc"])
        raise StoreError(
            f"the policy notices {where} are invalid: {at}: {first['msg']}",
            f"政策公告文件 {where} 格式有误（{at}）",
        ) from e
    return tuple(PolicyNotice(**entry.model_dump()) for entry in data.notices)


# ---------------------------------------------------------------------------- the feed
@dataclass(frozen=True)
class OpenVacancy:
    id: str
    title: str
    employer: str
    wage_min: int | None  # yuan per month
    wage_max: int | None
    headcount: int
    location: str | None  # e.g. 东山街道佘村社区, from the division reference data
    contact_name: str | None
    contact_phone: str | None
    requirements: str | None
    valid_until: dt.date | None


@dataclass(frozen=True)
class PublicService:
    code: str
    name_zh: str
    name_en: str
    category_zh: str
    category_en: str
    working_days: int | None  # the time limit; None: no limit in working days
    note_zh: str | None  # what the public reads instead when there is no such limit
    note_en: str | None


@dataclass(frozen=True)
class InfoFeed:
    day: dt.date  # the station's (Beijing) day the vacancies are valid on
    vacancies: tuple[OpenVacancy, ...]
    vacancies_open: int  # all open vacancies, even beyond the ones listed
    services: tuple[PublicService, ...]
    complaint_phone: str
    notices: tuple[PolicyNotice, ...]
    problems: tuple[str, ...] = ()  # what could not be loaded (logged, not shown)


def station_day(store: Store) -> dt.date:
    """Today at the station: the Beijing date of the store's clock."""
    return store.clock().astimezone(CHINA_TIME).date()


def load_info_feed(
    store: Store,
    *,
    notices_path: Path | None = None,
    on: dt.date | None = None,
    vacancy_limit: int = DEFAULT_VACANCY_LIMIT,
) -> InfoFeed:
    """Everything the information screen shows, read now (runs on a worker thread)."""
    day = on or station_day(store)
    reference = store.reference()
    vacancies, total = _open_vacancies(store, reference, day, vacancy_limit)
    problems: list[str] = []
    try:
        notices = tuple(
            n
            for n in load_notices(notices_path)
            if n.issued_on <= day and (n.show_until is None or day <= n.show_until)
        )
    except StoreError as e:
        log.warning("policy notices not shown: %s", e.message_en)
        problems.append(e.message_en)
        notices = ()
    return InfoFeed(
        day=day,
        vacancies=vacancies,
        vacancies_open=total,
        services=public_services(reference),
        complaint_phone=reference.catalogue.complaint_phone,
        notices=notices,
        problems=tuple(problems),
    )


def _open_vacancies(
    store: Store, reference: ReferenceBundle, day: dt.date, limit: int
) -> tuple[tuple[OpenVacancy, ...], int]:
    v, e = Vacancy, Employer
    conditions = (
        v.deleted.is_(False),
        v.status == "open",
        v.headcount > 0,
        v.valid_from <= day,
        or_(v.valid_until.is_(None), v.valid_until >= day),
        or_(e.id.is_(None), e.deleted.is_(False)),
    )
    query = (
        select(v, e.name, e.division_code, e.contact_name, e.contact_phone)
        .outerjoin(e, e.id == v.employer_id)
        .where(*conditions)
    )
    count = (
        select(func.count()).select_from(v).outerjoin(e, e.id == v.employer_id).where(*conditions)
    )
    with store.transaction() as session:
        total = int(session.execute(count).scalar_one())
        rows = session.execute(
            query.order_by(v.valid_from.desc(), v.changed_at.desc(), v.id).limit(limit)
        ).all()
    out = []
    for vacancy, employer, employer_division, contact_name, contact_phone in rows:
        out.append(
            OpenVacancy(
                id=vacancy.id,
                title=vacancy.title,
                employer=employer or "",
                wage_min=vacancy.wage_min,
                wage_max=vacancy.wage_max,
                headcount=vacancy.headcount,
                location=place_name(reference, vacancy.location_division or employer_division),
                contact_name=contact_name,
                contact_phone=contact_phone,
                requirements=vacancy.requirements,
                valid_until=vacancy.valid_until,
            )
        )
    return tuple(out), total


def place_name(reference: ReferenceBundle, code: str | None) -> str | None:
    """A division as a passer-by reads it: the names below the county (东山街道中前社区),
    the county's own name for the county, province and city for a code outside it."""
    if not code:
        return None
    tree = reference.divisions
    if code in tree:
        path = tree.path(code)
        below = [_short(n.name) for n in path if len(n.code) > len(tree.root.code)]
        return "".join(below) or path[-1].name
    names = [reference.national_names.get(prefix) for prefix in (code[:2], code[:4])]
    return "".join(n for n in names if n and n not in _NOT_PLACES) or None


def _short(name: str) -> str:
    """中前社区居委会 → 中前社区, 彭福村村民委员会 → 彭福村: the committee is not the place."""
    for suffix in _COMMITTEE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name.removesuffix(suffix)
    return name


def public_services(reference: ReferenceBundle) -> tuple[PublicService, ...]:
    """The public catalogue items, in catalogue order, with what their limit reads."""
    categories = reference.table(CATEGORY_TABLE)
    out = []
    for item in reference.catalogue.public_items():
        category = categories.get(item.category)
        note_zh, note_en = _public_note(item)
        out.append(
            PublicService(
                code=item.code,
                name_zh=item.zh,
                name_en=item.en,
                category_zh=category.zh if category else item.category,
                category_en=category.en if category else item.category,
                working_days=item.time_limit_working_days,
                note_zh=note_zh,
                note_en=note_en,
            )
        )
    return tuple(out)


def _public_note(item: ServiceItem) -> tuple[str | None, str | None]:
    """What the public reads for an item without a working-day limit: the first clause of
    its note (``当场办结``, ``当场受理`` …). The note of an item that has a working-day
    limit explains the figure to the district and is not shown; a bracketed pointer to
    ``limits`` (for the district) is dropped."""
    if item.time_limit_working_days is not None or not item.time_limit_note:
        return None, None
    zh, _, en = item.time_limit_note.partition(" / ")
    return _first_clause(zh, "；"), _first_clause(en, ";") if en else None


def _first_clause(text: str, separator: str) -> str:
    clause = text.split(separator, 1)[0].strip()
    for bracket in ("（", "("):
        head, found, tail = clause.partition(bracket)
        if found and "limits" in tail:
            clause = head.strip()
    return clause
