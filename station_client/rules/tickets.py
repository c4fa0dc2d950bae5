"""Service tickets: 首问负责, 限时办结, 工作“AB角” and 一次性告知 as plain rules.

A ticket is one counter matter from acceptance to its end. Its statuses:

=====================  ========  ===========================================================
``accepted``           已受理    opened at the counter by the first-asked clerk
``in_progress``        办理中    being worked on
``waiting_materials``  待补材料  the person was told once, in writing, everything missing
``forwarded``          已上报    handed up to the town or district level for a decision
``completed``          已办结    done (final)
``rejected``           不予办理  refused, always with the reason (final)
``withdrawn``          已撤回    the applicant withdrew (final)
=====================  ========  ===========================================================

Deadlines count working days on the official calendar from the day of acceptance (the
day itself not counted; no time limit = done on the spot, due the same day). While
materials are missing the time limit does not run: as with 《行政许可法》第三十二条, the
matter counts as accepted on the day the complete materials arrive, so the deadline
restarts from that day.

Who may act on a ticket: its owner; its named backup (AB角) when the owner is absent;
a supervisor of the station at any time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum

from station_client.rules.codes import Role, StationLevel
from station_client.rules.deadlines import DeadlineState, deadline_state
from station_client.rules.errors import ValidationError
from station_client.rules.workdays import Deadline, WorkCalendar

#: China Standard Time: the station's day (ticket numbers, acceptance, completion) is the
#: clerk's day, not the UTC day (07:30 in Beijing is still "yesterday" in UTC).
CHINA_TIME = timezone(timedelta(hours=8), "CST")

REASON_MAX = 500


class TicketStatus(StrEnum):
    """Where a ticket stands; the values are stored in ``service_tickets.status``."""

    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    WAITING_MATERIALS = "waiting_materials"
    FORWARDED = "forwarded"
    COMPLETED = "completed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def zh(self) -> str:
        return _STATUS_ZH[self]

    @property
    def final(self) -> bool:
        return not ALLOWED_TRANSITIONS[self]


_STATUS_ZH = {
    TicketStatus.ACCEPTED: "已受理",
    TicketStatus.IN_PROGRESS: "办理中",
    TicketStatus.WAITING_MATERIALS: "待补材料",
    TicketStatus.FORWARDED: "已上报",
    TicketStatus.COMPLETED: "已办结",
    TicketStatus.REJECTED: "不予办理",
    TicketStatus.WITHDRAWN: "已撤回",
}

_S = TicketStatus
_ENDS = frozenset({_S.COMPLETED, _S.REJECTED, _S.WITHDRAWN})
ALLOWED_TRANSITIONS: dict[TicketStatus, frozenset[TicketStatus]] = {
    _S.ACCEPTED: frozenset({_S.IN_PROGRESS, _S.WAITING_MATERIALS, _S.FORWARDED}) | _ENDS,
    _S.IN_PROGRESS: frozenset({_S.WAITING_MATERIALS, _S.FORWARDED}) | _ENDS,
    # Nothing is completed while materials are missing: they arrive first (→ in progress).
    _S.WAITING_MATERIALS: frozenset({_S.IN_PROGRESS, _S.REJECTED, _S.WITHDRAWN}),
    # The higher level sends the matter back, or its decision closes it.
    _S.FORWARDED: frozenset({_S.IN_PROGRESS}) | _ENDS,
    _S.COMPLETED: frozenset(),
    _S.REJECTED: frozenset(),
    _S.WITHDRAWN: frozenset(),
}
OPEN_STATUSES: frozenset[TicketStatus] = frozenset(s for s in TicketStatus if not s.final)
#: A refusal must state its reason (不予办理须说明理由).
REASON_REQUIRED: frozenset[TicketStatus] = frozenset({_S.REJECTED})


def parse_status(value: str) -> TicketStatus:
    """The status named ``value``, or ValidationError listing the known ones."""
    try:
        return TicketStatus(value)
    except ValueError:
        known = ", ".join(s.value for s in TicketStatus)
        raise ValidationError(
            "status",
            "unknown_code",
            f"未知的受理单状态“{value}”",
            f"unknown ticket status {value!r} (known: {known})",
        ) from None


def check_transition(current: TicketStatus, target: TicketStatus) -> None:
    """Refuse a status change the ticket's life does not allow, saying what is allowed."""
    if target in ALLOWED_TRANSITIONS[current]:
        return
    allowed = [s for s in TicketStatus if s in ALLOWED_TRANSITIONS[current]]  # life order
    if not allowed:
        zh_tail, en_tail = "该事项已结束，不能再更改", "the matter is closed"
    else:
        zh_tail = "只能改为：" + "、".join(s.zh for s in allowed)
        en_tail = "allowed: " + ", ".join(s.value for s in allowed)
    raise ValidationError(
        "status",
        "transition",
        f"受理单状态为“{current.zh}”，不能改为“{target.zh}”；{zh_tail}",
        f"a ticket that is {current.value} cannot become {target.value}; {en_tail}",
    )


def check_reason(value: str | None, *, field: str = "reason", what_zh: str = "原因") -> str:
    """A non-blank reason of at most 500 characters, stripped."""
    text = (value or "").strip()
    if not text:
        raise ValidationError(field, "required", f"请填写{what_zh}", f"{field} is required")
    if len(text) > REASON_MAX:
        raise ValidationError(
            field,
            "length",
            f"{what_zh}超过{REASON_MAX}个字",
            f"{field} is longer than {REASON_MAX} characters",
        )
    return text


# ----------------------------------------------------------------- days and deadlines


def station_day(moment: datetime) -> date:
    """The calendar day at the station (China Standard Time) of an aware ``moment``."""
    return moment.astimezone(CHINA_TIME).date()


def ticket_deadline(
    start: date, time_limit_working_days: int | None, calendar: WorkCalendar
) -> Deadline:
    """Due date of a matter accepted (or completed in materials) on ``start``.

    No time limit means done on the spot: due the same day.
    """
    return calendar.add_working_days(start, time_limit_working_days or 0)


def ticket_deadline_state(
    status: TicketStatus,
    today: date,
    due: date | None,
    calendar: WorkCalendar,
    *,
    completed_on: date | None = None,
    due_soon_working_days: int = 1,
) -> DeadlineState | None:
    """The colour of a ticket on the work list; None while its time limit does not run
    (waiting for materials) or when it has no due date."""
    if due is None or status is TicketStatus.WAITING_MATERIALS:
        return None
    done = completed_on if status is TicketStatus.COMPLETED else None
    return deadline_state(
        today, due, calendar, completed_on=done, due_soon_working_days=due_soon_working_days
    )


# ------------------------------------------------------------------------ numbering


def ticket_number(prefix: str, day: date, serial: int) -> str:
    """``<station prefix>-<yyyymmdd>-<nnnn>``, e.g. ``320115001001-20260930-0001``."""
    if serial < 1:
        raise ValueError(f"ticket serial must be positive, got {serial}")
    return f"{prefix}-{day:%Y%m%d}-{serial:04d}"


def next_serial(existing: Iterable[str], prefix: str, day: date) -> int:
    """The next serial of the day after the station's existing ticket numbers."""
    head = f"{prefix}-{day:%Y%m%d}-"
    serials = [
        int(n[len(head) :]) for n in existing if n.startswith(head) and n[len(head) :].isdigit()
    ]
    return max(serials, default=0) + 1


# ------------------------------------------------------------------- who may act


class Authority(StrEnum):
    """Why a staff member may act on a ticket."""

    OWNER = "owner"
    BACKUP = "backup"  # AB角, while the owner is absent
    SUPERVISOR = "supervisor"


def is_absent(today: date, *, absent_until: date | None, active: bool) -> bool:
    """A staff member is away while ``today`` is on or before ``absent_until``, or for good
    once the account is inactive."""
    return not active or (absent_until is not None and today <= absent_until)


def acting_authority(
    staff_id: str,
    role: Role,
    *,
    owner_id: str,
    backup_id: str | None,
    owner_absent: bool,
) -> Authority:
    """Why ``staff_id`` may act on the ticket, or ValidationError saying who may."""
    if staff_id == owner_id:
        return Authority.OWNER
    if role is Role.SUPERVISOR:
        return Authority.SUPERVISOR
    if staff_id == backup_id and owner_absent:
        return Authority.BACKUP
    if staff_id == backup_id:
        zh = "经办人在岗，AB角只在经办人不在岗时代为办理"
        en = "the owner is at work; the backup acts only while the owner is absent"
    else:
        zh = "只有经办人、经办人不在岗时的AB角或站点负责人可以办理此事项"
        en = "only the owner, the backup while the owner is absent, or a supervisor may act"
    raise ValidationError("staff", "not_allowed", zh, en)


_LEVEL_RANK = {StationLevel.VILLAGE: 0, StationLevel.TOWN: 1, StationLevel.DISTRICT: 2}


def check_handover_level(
    to_level: str, *, station_level: str | None, item_levels: Sequence[str]
) -> StationLevel:
    """A level a matter may be handed up to: above the station, and one that delivers it."""
    try:
        level = StationLevel(to_level)
    except ValueError:
        raise ValidationError(
            "to_level", "unknown_code", f"未知的层级“{to_level}”", f"unknown level {to_level!r}"
        ) from None
    if (
        station_level in _LEVEL_RANK
        and _LEVEL_RANK[level] <= _LEVEL_RANK[StationLevel(station_level)]
    ):
        raise ValidationError(
            "to_level",
            "not_higher",
            "只能上报到更高一级",
            f"a {station_level} station can only hand a matter up, not to {to_level}",
        )
    if level.value not in item_levels:
        raise ValidationError(
            "to_level",
            "not_delivered",
            "该层级不办理此事项",
            f"the {to_level} level does not deliver this service",
        )
    return level


# ------------------------------------------------------------ 一次性告知 (one-time notice)


@dataclass(frozen=True)
class NoticeMaterial:
    """A material still to be brought, as the catalogue names it."""

    zh: str
    en: str
    note: str | None = None


def check_missing_materials(
    chosen: Sequence[str], catalogue: Sequence[NoticeMaterial]
) -> tuple[NoticeMaterial, ...]:
    """The missing materials, in catalogue order; each must be one of the item's materials.

    Telling the person *once* means telling them *everything*, so an empty list is refused,
    and only what the catalogue asks for may be asked for.
    """
    if not catalogue:
        raise ValidationError(
            "missing_materials",
            "no_materials",
            "服务目录中此事项无需提交材料，不能告知补正",
            "the catalogue asks no materials for this service",
        )
    if not chosen:
        raise ValidationError(
            "missing_materials",
            "required",
            "请勾选需要补正的全部材料",
            "list every missing material",
        )
    names = {m.zh for m in catalogue}
    for name in chosen:
        if name not in names:
            raise ValidationError(
                "missing_materials",
                "unknown_material",
                f"“{name}”不在此事项的材料清单中",
                f"{name!r} is not among this service's materials",
            )
    wanted = set(chosen)
    return tuple(m for m in catalogue if m.zh in wanted)


@dataclass(frozen=True)
class OneTimeNotice:
    """一次性告知书: everything the person must still bring, on one sheet.

    ``applicant`` is already masked for the role of the staff member printing it.
    ``time_limit_working_days`` None means the matter is done on the spot.
    """

    ticket_no: str
    applicant: str
    item_code: str
    item_zh: str
    missing: tuple[NoticeMaterial, ...]
    time_limit_working_days: int | None
    complaint_phone: str
    station: str
    staff: str
    day: date

    title: str = "一次性告知书"

    @property
    def time_limit_zh(self) -> str:
        if self.time_limit_working_days is None:
            return "材料齐全后当场办结"
        return f"材料齐全之日起{self.time_limit_working_days}个工作日内办结"

    def lines_zh(self) -> list[str]:
        """The sheet as printable lines."""
        lines = [
            self.title,
            f"编号：{self.ticket_no}",
            f"{self.applicant}：",
            f"您申请办理的“{self.item_zh}”（{self.item_code}）尚需补充以下材料：",
        ]
        for n, material in enumerate(self.missing, 1):
            note = f"（{material.note}）" if material.note else ""
            lines.append(f"  {n}. {material.zh}{note}")
        lines += [
            f"办理时限：{self.time_limit_zh}。",
            "以上为需补充的全部材料，请一次备齐。",
            f"监督投诉电话：{self.complaint_phone}",
            f"{self.station}　经办人：{self.staff}",
            f"{self.day.year}年{self.day.month}月{self.day.day}日",
        ]
        return lines


# ----------------------------------------------------------------- 好差评 (evaluation)

#: The five levels of the national rating (1 = 非常不满意 … 5 = 非常满意).
RATING_LEVELS = range(1, 6)
#: The rated indicators (code table ``evaluation_indicator``) and their column names.
INDICATORS = {
    "overall": "总体评价",
    "efficiency": "办事效率",
    "competence": "业务能力",
    "attitude": "服务态度",
}


def check_rating(field: str, value: object, *, required: bool) -> int | None:
    """A rating 1-5 of indicator ``field``; None allowed for the optional indicators."""
    name = INDICATORS.get(field, field)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in RATING_LEVELS:
        raise ValidationError(
            field,
            "rating",
            f"“{name}”须为1至5级评价",
            f"{field} must be a rating from 1 to 5, got {value!r}",
        )
    return value
