"""The dashboard's figures: the period and measure chosen, the chart and its table.

The table is the chart in rows (unit, level, this period, last period, change) and is
where the keyboard works: ↑↓ moves the chart's highlight, Enter asks to go down. The
period and measure controls sit in :attr:`FiguresPanel.controls`, which the screen lays
out above both the figures and the list of matters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hub_sync.reports import Period, PeriodKind, ReportError, parse_period
from hub_sync.reports.drilldown import Measure, UnitFigures
from hub_sync.reports.periods import add_months

from .i18n import error_text

if TYPE_CHECKING:
    from .dashboard_charts import FigureChart

MEASURES: tuple[tuple[Measure, str], ...] = (
    (Measure.COMPLETED, str(QT_TRANSLATE_NOOP("DashboardScreen", "办结件数（服务量）"))),
    (Measure.ON_TIME, str(QT_TRANSLATE_NOOP("DashboardScreen", "按时办结"))),
    (Measure.LATE, str(QT_TRANSLATE_NOOP("DashboardScreen", "超期办结"))),
    (Measure.OPEN_OVERDUE, str(QT_TRANSLATE_NOOP("DashboardScreen", "逾期未办结"))),
    (Measure.ACCEPTED, str(QT_TRANSLATE_NOOP("DashboardScreen", "受理件数"))),
    (Measure.COMPLETION_DAYS, str(QT_TRANSLATE_NOOP("DashboardScreen", "平均办结用时（工作日）"))),
    (Measure.RATING, str(QT_TRANSLATE_NOOP("DashboardScreen", "满意度评价（平均分）"))),
)
KINDS: tuple[tuple[PeriodKind, str], ...] = (
    (PeriodKind.MONTH, str(QT_TRANSLATE_NOOP("DashboardScreen", "月度"))),
    (PeriodKind.QUARTER, str(QT_TRANSLATE_NOOP("DashboardScreen", "季度"))),
    (PeriodKind.YEAR, str(QT_TRANSLATE_NOOP("DashboardScreen", "年度"))),
)
_LEVELS = {
    "district": str(QT_TRANSLATE_NOOP("DashboardScreen", "区（县）")),
    "town": str(QT_TRANSLATE_NOOP("DashboardScreen", "街道（乡镇）")),
    "village": str(QT_TRANSLATE_NOOP("DashboardScreen", "社区（村）")),
    "station": str(QT_TRANSLATE_NOOP("DashboardScreen", "服务站")),
    "clerk": str(QT_TRANSLATE_NOOP("DashboardScreen", "经办人员")),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("DashboardScreen", text)


def level_text(level: str) -> str:
    return _tr(str(_LEVELS[level])) if level in _LEVELS else level


def period_of(kind: PeriodKind, day: date) -> Period:
    """The month, quarter or year that holds ``day``."""
    if kind is PeriodKind.QUARTER:
        return Period.quarter(day.year, (day.month - 1) // 3 + 1)
    if kind is PeriodKind.YEAR:
        return Period.year(day.year)
    return Period.month(day.year, day.month)


def following(period: Period) -> Period:
    """The period of the same kind just after ``period``."""
    months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}.get(period.kind)
    if months is None:  # a range of days: as many days just after
        start = period.end + timedelta(days=1)
        return Period.days(start, start + timedelta(days=period.day_count - 1))
    return period_of(period.kind, add_months(period.start, months))


def _number(value: float | None, average: bool) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}" if average else str(int(value))


def _change(now: float | None, before: float | None, average: bool) -> str:
    if now is None or before is None:
        return "—"
    difference = now - before
    if not difference:
        return "0"
    return f"{difference:+.1f}" if average else f"{int(difference):+d}"


class FiguresPanel(QWidget):
    period_chosen = Signal(object)  # a Period
    period_refused = Signal(str)  # why, for the screen's message line
    measure_chosen = Signal(object)  # a Measure
    drill_requested = Signal(int)  # a row

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__()
        self.today = today
        self.period = period_of(PeriodKind.MONTH, today())
        self.measure = Measure.COMPLETED
        self.measures = [m for m, _label in MEASURES]
        self.units: list[UnitFigures] = []
        self.kind = QComboBox()
        for kind, label in KINDS:
            self.kind.addItem(_tr(label), kind)
        self.period_text = QLineEdit(self.period.label)
        self.period_text.setMaximumWidth(200)
        self.period_text.setToolTip(
            QCoreApplication.translate("DashboardScreen", "例如 2026-10、2026-Q4、2026，回车确认")
        )
        self.measure_box = QComboBox()
        for measure, label in MEASURES:
            self.measure_box.addItem(_tr(label), measure)
        period_label = QLabel(QCoreApplication.translate("DashboardScreen", "统计期(&P)"))
        period_label.setBuddy(self.kind)
        measure_label = QLabel(QCoreApplication.translate("DashboardScreen", "指标(&M)"))
        measure_label.setBuddy(self.measure_box)
        self.earlier = QPushButton(
            QCoreApplication.translate("DashboardScreen", "上一期 (Ctrl+PgUp)")
        )
        self.later = QPushButton(
            QCoreApplication.translate("DashboardScreen", "下一期 (Ctrl+PgDown)")
        )
        self.refresh = QPushButton(QCoreApplication.translate("DashboardScreen", "刷新 (Ctrl+R)"))
        self.controls = QHBoxLayout()
        for widget in (
            period_label,
            self.kind,
            self.period_text,
            self.earlier,
            self.later,
            self.refresh,
            measure_label,
            self.measure_box,
        ):
            self.controls.addWidget(widget)
        self.controls.addStretch(1)
        self._chart: FigureChart | None = None  # made when first needed: see chart
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("DashboardScreen", "单位"),
                QCoreApplication.translate("DashboardScreen", "层级"),
                QCoreApplication.translate("DashboardScreen", "本期"),
                QCoreApplication.translate("DashboardScreen", "上期"),
                QCoreApplication.translate("DashboardScreen", "增减"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumWidth(460)  # name, level and three figures without scrolling
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        self._split = split
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.kind.activated.connect(lambda i: self.choose_kind(self.kind.itemData(i)))
        self.period_text.returnPressed.connect(self._typed)
        self.earlier.clicked.connect(lambda: self.step(-1))
        self.later.clicked.connect(lambda: self.step(1))
        self.refresh.clicked.connect(lambda: self.period_chosen.emit(self.period))
        self.measure_box.activated.connect(
            lambda i: self.choose_measure(self.measure_box.itemData(i))
        )
        self.table.itemActivated.connect(lambda item: self.drill_requested.emit(item.row()))
        self.table.currentCellChanged.connect(lambda row, *_: self.chart.select(row))

    @property
    def chart(self) -> FigureChart:
        """The bar chart, made the first time figures are shown: Qt Charts takes a
        fifth of a second to load, which every start of the counter would otherwise pay
        for a screen only supervisors open."""
        if self._chart is None:
            from .dashboard_charts import FigureChart

            self._chart = FigureChart()
            self._chart.unit_clicked.connect(self._bar_clicked)
            self._split.insertWidget(0, self._chart)
            self._split.setStretchFactor(0, 3)
            self._split.setStretchFactor(1, 2)
        return self._chart

    # -- the period -----------------------------------------------------------------------
    def choose(self, period: Period) -> None:
        if period.start > self.today():
            self.period_refused.emit(
                QCoreApplication.translate("DashboardScreen", "统计期 {period} 尚未开始").format(
                    period=period.label
                )
            )
            self.period_text.setText(self.period.label)
            return
        self.period = period
        self.period_text.setText(period.label)
        index = self.kind.findData(period.kind)
        if index >= 0:
            self.kind.setCurrentIndex(index)
        self.period_chosen.emit(period)

    def choose_kind(self, kind: PeriodKind) -> None:
        self.choose(period_of(kind, min(self.period.start, self.today())))

    def step(self, direction: int) -> None:
        self.choose(self.period.previous() if direction < 0 else following(self.period))

    def _typed(self) -> None:
        try:
            period = parse_period(self.period_text.text())
        except ReportError as e:
            self.period_refused.emit(error_text(e) or str(e))
            return
        self.choose(period)

    # -- the measure ----------------------------------------------------------------------
    def choose_measure(self, measure: Measure) -> None:
        self.measure = measure
        self.measure_box.setCurrentIndex(self.measures.index(measure))
        self.measure_chosen.emit(measure)

    @staticmethod
    def measure_label(measure: Measure) -> str:
        return _tr(dict(MEASURES)[measure])

    # -- the units ------------------------------------------------------------------------
    def show_units(
        self,
        units: Sequence[UnitFigures],
        parent_name: str,
        periods: tuple[str, str],
        select: tuple[str, str] | None = None,
    ) -> None:
        """``units`` (one level below ``parent_name``) in the chart and the table; the
        row of ``select`` (else the first) gets the cursor."""
        self.units = list(units)
        average = self.measure.is_average
        title = f"{self.measure_label(self.measure)} · {parent_name}"
        self.chart.show_units(self.units, self.measure, title, periods)
        self.table.setRowCount(len(self.units))
        for row, unit in enumerate(self.units):
            now, before = unit.current.value(self.measure), unit.previous.value(self.measure)
            cells = (
                unit.name,
                level_text(unit.level),
                _number(now, average),
                _number(before, average),
                _change(now, before, average),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)
        keys = [u.unit_key for u in self.units]
        if self.units:
            row = keys.index(select) if select in keys else 0
            self.table.setCurrentCell(row, 0)
            self.chart.select(row)

    def unit_at(self, row: int) -> UnitFigures | None:
        return self.units[row] if 0 <= row < len(self.units) else None

    def current_row(self) -> int:
        return self.table.currentRow()

    def _bar_clicked(self, index: int) -> None:
        self.table.setCurrentCell(index, 0)
        self.drill_requested.emit(index)

    def clear(self) -> None:
        self.units = []
        self.table.setRowCount(0)
        if self._chart is not None:
            self._chart.show_units([], self.measure, "", ("", ""))
