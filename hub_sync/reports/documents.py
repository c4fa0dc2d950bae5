"""The assessment, statistics and acceptance reports as documents (tables to export)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from .assessment import Assessment, TicketCounts, Unit, item_codes
from .document import Cell, Column, ColumnKind, Document, Sheet
from .errors import BadScope
from .reference_files import CATALOGUE, CodeNames, no_names
from .standards import Acceptance, StationAcceptance
from .statistics import FOUR_KINDS, Statistics

_I, _P, _N, _T = ColumnKind.INTEGER, ColumnKind.PERCENT, ColumnKind.DECIMAL, ColumnKind.TEXT
_LEVEL_ZH = {
    "district": "区（县）",
    "town": "街道（乡镇）",
    "village": "社区（村）",
    "station": "服务站",
    "clerk": "经办人员",
}
_VERDICT = {True: "合格", False: "不合格", None: "未记录"}


def _summary_row(unit: Unit) -> tuple[Cell, ...]:
    c, p = unit.current, unit.previous
    t, r = c.tickets, c.ratings
    return (
        _LEVEL_ZH.get(unit.level, unit.level),
        unit.name,
        t.accepted,
        t.completed,
        p.tickets.completed,
        t.completed - p.tickets.completed,
        t.on_time,
        t.late,
        t.open_overdue,
        t.on_time_rate,
        t.average_completion_working_days,
        c.persons_served,
        p.persons_served,
        c.persons_served - p.persons_served,
        r.rated,
        r.average("overall"),
        r.average("efficiency"),
        r.average("competence"),
        r.average("attitude"),
        r.bad,
        r.callback_on_time,
        r.callback_late,
        r.callback_pending,
        r.callback_overdue,
    )


_SUMMARY_COLUMNS = (
    Column("层级", _T, 10),
    Column("名称", _T, 28),
    Column("受理件数", _I, 8),
    Column("办结件数", _I, 8),
    Column("上期办结", _I, 8),
    Column("办结增减", _I, 8),
    Column("按时办结", _I, 8),
    Column("超时办结", _I, 8),
    Column("逾期未办结", _I, 8),
    Column("按时办结率", _P, 8),
    Column("平均办结工作日", _N, 8),
    Column("服务人数", _I, 8),
    Column("上期服务人数", _I, 8),
    Column("服务人数增减", _I, 8),
    Column("评价数", _I, 7),
    Column("总体评价均分", _N, 7),
    Column("办事效率均分", _N, 7),
    Column("业务能力均分", _N, 7),
    Column("服务态度均分", _N, 7),
    Column("差评数", _I, 6),
    Column("差评按时回访", _I, 7),
    Column("差评超时回访", _I, 7),
    Column("差评待回访", _I, 7),
    Column("差评逾期未回访", _I, 7),
)
_ITEM_COLUMNS = (
    Column("层级", _T, 10),
    Column("名称", _T, 28),
    Column("事项编码", _T, 8),
    Column("服务事项", _T, 28),
    Column("受理件数", _I, 8),
    Column("办结件数", _I, 8),
    Column("按时办结", _I, 8),
    Column("超时办结", _I, 8),
    Column("逾期未办结", _I, 8),
    Column("平均办结工作日", _N, 8),
    Column("上期办结", _I, 8),
    Column("办结增减", _I, 8),
)


def _item_rows(units: Iterable[Unit], codes: list[str], names: CodeNames) -> list[tuple[Cell, ...]]:
    rows: list[tuple[Cell, ...]] = []
    for unit in units:
        for code in codes:
            now, before = unit.current.by_item.get(code), unit.previous.by_item.get(code)
            if now is None and before is None:
                continue
            c, p = now or _zero(), before or _zero()
            rows.append(
                (
                    _LEVEL_ZH.get(unit.level, unit.level),
                    unit.name,
                    code,
                    names(CATALOGUE, code) or code,
                    c.accepted,
                    c.completed,
                    c.on_time,
                    c.late,
                    c.open_overdue,
                    c.average_completion_working_days,
                    p.completed,
                    c.completed - p.completed,
                )
            )
    return rows


def _zero() -> TicketCounts:
    return TicketCounts()


def _assessment_lines(a: Assessment, made_at: datetime) -> tuple[str, ...]:
    lines = [
        f"范围：{a.scope.label}",
        f"统计期：{a.period.label_zh}（{a.period.start} 至 {a.period.end}）；"
        f"上期：{a.previous_period.label_zh}",
        f"数据截至：{a.as_of}　制表时间：{made_at:%Y-%m-%d %H:%M}",
    ]
    if a.estimated_years:
        years = "、".join(str(y) for y in a.estimated_years)
        lines.append(f"{years}年节假日安排未载入，工作日按周一至周五估算")
    return tuple(lines)


_NOTES = (
    "办结：本期内办结的事项；按时：办结日不晚于办结时限（即办事项为受理当日）；",
    "逾期未办结：期末（或截至日）仍未办结且已超过时限的事项，待补材料期间不计时；",
    "服务人数：本期内有事项受理或办结的不同人员数；差评回访时限为15个工作日。",
)


def assessment_document(
    a: Assessment, *, made_at: datetime, names: CodeNames = no_names
) -> Document:
    """All units (the scope, towns, stations, clerks) and their figures by service item."""
    codes = item_codes(a)
    summary = Sheet(
        "汇总", "绩效考核汇总", _SUMMARY_COLUMNS, [_summary_row(u) for u in a.units], _NOTES
    )
    items = Sheet("分事项", "分服务事项办理情况", _ITEM_COLUMNS, _item_rows(a.units, codes, names))
    return Document("绩效考核统计表", _assessment_lines(a, made_at), (summary, items))


def station_payment_document(
    a: Assessment, station_key: str, *, made_at: datetime, names: CodeNames = no_names
) -> Document:
    """按效付费: one station's figures, its clerks, and its services by item."""
    if a.root.key == station_key:
        station = a.root
    else:
        try:
            station = a.unit("station", station_key)
        except KeyError:
            raise BadScope(
                f"station {station_key} is not in the assessment of {a.scope.label}",
                f"服务站 {station_key} 不在{a.scope.label}的考核范围内",
            ) from None
    units = [station, *a.children(station)]
    summary = Sheet(
        "考核指标", "服务站考核指标", _SUMMARY_COLUMNS, [_summary_row(u) for u in units], _NOTES
    )
    items = Sheet(
        "分事项", "分服务事项办理情况", _ITEM_COLUMNS, _item_rows([station], item_codes(a), names)
    )
    lines = (f"服务站：{station.name}", *_assessment_lines(a, made_at)[1:])
    return Document(f"按效付费考核表（{station.name}）", lines, (summary, items))


def statistics_document(
    s: Statistics, *, made_at: datetime, names: CodeNames = no_names
) -> Document:
    columns = (
        Column("区域", _T, 24),
        Column("期末登记失业人数", _I, 9),
        Column("本期新增登记", _I, 9),
        Column("本期注销", _I, 8),
        Column("长期失业", _I, 8),
        Column("4050人员", _I, 8),
        Column("低保人员", _I, 8),
        *(Column(f"{k}类人员", _I, 8) for k in FOUR_KINDS),
        Column("未分类", _I, 7),
        Column("就业困难人员（期末）", _I, 9),
        Column("本期新认定", _I, 8),
        Column("本期安置", _I, 8),
        Column("其中按期安置", _I, 8),
        Column("零就业家庭成员", _I, 8),
        Column("零就业援助在办", _I, 8),
        Column("零就业本期安置", _I, 8),
        Column("其中按期安置", _I, 8),
    )
    rows: list[tuple[Cell, ...]] = [
        (
            a.name or a.code,
            a.unemployed_at_end,
            a.unemployed_new,
            a.unemployed_cancelled,
            a.long_term_at_end,
            a.four_fifty_at_end,
            a.low_income_at_end,
            *(a.four_kinds.get(k, 0) for k in FOUR_KINDS),
            a.four_kinds.get("", 0),
            a.hard_to_employ_at_end,
            a.hard_to_employ_new,
            a.hard_to_employ_placed,
            a.hard_to_employ_placed_in_time,
            a.zero_household_members,
            a.zero_household_plans_open,
            a.zero_household_placed,
            a.zero_household_placed_in_time,
        )
        for a in s.areas
    ]
    reasons: list[tuple[Cell, ...]] = [
        (code, names("unemployment_cancel_reason", code) or code or "未填写", n)
        for code, n in sorted(s.cancellation_reasons.items())
    ]
    lines = (
        f"范围：{s.scope.label}",
        f"统计期：{s.period.label_zh}；期末数据截至 {s.period.cutoff(s.as_of)}",
        f"制表时间：{made_at:%Y-%m-%d %H:%M}",
    )
    return Document(
        "就业失业统计表",
        lines,
        (
            Sheet("统计", "就业失业统计", columns, rows),
            Sheet(
                "注销原因",
                "本期失业登记注销原因",
                (Column("代码", _T, 6), Column("注销原因", _T, 40), Column("人数", _I, 8)),
                reasons,
            ),
        ),
    )


_CHECK_ORDER = ("staff", "floor", "hall", "archive", "screen", "computers", "equipment")
_CHECK_ZH = {
    "staff": "人员配备",
    "floor": "场所面积",
    "hall": "大厅占比",
    "archive": "档案室",
    "screen": "显示屏",
    "computers": "计算机",
    "equipment": "设备",
}


def _cell_of(station: StationAcceptance, code: str) -> str:
    found = [c for c in station.checks if c.code == code]
    if not found:
        return "—"
    check = found[0]
    return check.actual if check.passed is None else f"{check.actual}（{_VERDICT[check.passed]}）"


def _failing(stations: Iterable[StationAcceptance], code: str) -> int:
    return sum(1 for s in stations for c in s.checks if c.code == code and c.passed is False)


def acceptance_document(
    a: Acceptance, *, made_at: datetime, only: Callable[[StationAcceptance], bool] | None = None
) -> Document:
    """The district summary and every station's checklist (``only``: some stations)."""
    stations = [s for s in a.stations if only is None or only(s)]
    summary_columns = (
        Column("服务站", _T, 28),
        Column("层级", _T, 10),
        Column("区划代码", _T, 13),
        Column("服务人口", _I, 8),
        Column("工作人员", _I, 6),
        *(Column(_CHECK_ZH[c], _T, 14) for c in _CHECK_ORDER),
        Column("验收结论", _T, 8),
    )
    summary = [
        (
            s.name,
            _LEVEL_ZH.get(s.level, s.level),
            s.org_code,
            s.population,
            s.staff,
            *(_cell_of(s, c) for c in _CHECK_ORDER),
            _VERDICT[s.passed] if s.passed is not None else "待补记录",
        )
        for s in stations
    ]
    checklist_columns = (
        Column("服务站", _T, 28),
        Column("检查项目", _T, 14),
        Column("标准", _T, 30),
        Column("实际", _T, 24),
        Column("结论", _T, 8),
    )
    checklist = [
        (s.name, c.zh, c.required, c.actual, _VERDICT[c.passed]) for s in stations for c in s.checks
    ]
    verdicts = [s.passed for s in stations]
    notes = (
        f"合格 {verdicts.count(True)} 个，不合格 {verdicts.count(False)} 个，"
        f"待补记录 {verdicts.count(None)} 个（共 {len(stations)} 个服务站）",
        *(f"{_CHECK_ZH[c]}不合格：{_failing(stations, c)} 个" for c in _CHECK_ORDER),
    )
    lines = (
        f"范围：{a.scope.label}",
        f"标准：街道（乡镇）每{a.standards.town_staff_per}服务人口配备1人；社区（村）服务人口"
        f"{a.standards.village_threshold}以上每{a.standards.village_staff_per}人配备1人，否则1人；"
        f"服务大厅面积不低于{a.standards.hall_share:.0%}",
        f"制表时间：{made_at:%Y-%m-%d %H:%M}",
    )
    title = "服务站验收检查表" if len(stations) == 1 else "服务站建设标准验收汇总表"
    return Document(
        title,
        lines,
        (
            Sheet("汇总", "验收汇总", summary_columns, summary, notes),
            Sheet("验收清单", "逐项验收清单", checklist_columns, checklist),
        ),
    )
