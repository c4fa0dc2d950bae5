"""The dashboard's bar chart: one measure of some units, this period beside the last.

Horizontal bars (unit names read better down the side than slanted under columns), the
current period's set first. Qt draws the first category at the bottom, so the units go
in reversed and indices are turned back: to callers, index ``i`` is always ``units[i]``.
A click on either bar of a unit emits :attr:`FigureChart.unit_clicked` with its index.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter

from hub_sync.reports.drilldown import Measure, UnitFigures

CURRENT_COLOUR, PREVIOUS_COLOUR, SELECTED_COLOUR = "#1565c0", "#90a4ae", "#ef6c00"
LABEL_COLOUR = "#263238"


class FigureChart(QChartView):
    unit_clicked = Signal(int)  # index into the units shown

    def __init__(self) -> None:
        super().__init__()
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the table beside it takes the keys
        self.setMinimumHeight(260)
        chart = QChart()
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        title = QFont(chart.titleFont())
        title.setPointSize(12)
        title.setBold(True)
        chart.setTitleFont(title)
        self.setChart(chart)
        self.sets: list[QBarSet] = []
        self._count = 0

    def show_units(
        self,
        units: Sequence[UnitFigures],
        measure: Measure,
        title: str,
        periods: tuple[str, str],
    ) -> None:
        """Bars of ``measure`` for ``units``; ``periods`` names the current and previous."""
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitle(title)
        self._count = len(units)
        ordered = list(reversed(units))
        series = QHorizontalBarSeries()
        self.sets = []
        for label, colour, pick in (
            (
                QCoreApplication.translate("DashboardScreen", "本期 {period}").format(
                    period=periods[0]
                ),
                CURRENT_COLOUR,
                "current",
            ),
            (
                QCoreApplication.translate("DashboardScreen", "上期 {period}").format(
                    period=periods[1]
                ),
                PREVIOUS_COLOUR,
                "previous",
            ),
        ):
            bars = QBarSet(label)
            bars.setColor(QColor(colour))
            bars.setSelectedColor(QColor(SELECTED_COLOUR))
            bars.setLabelColor(QColor(LABEL_COLOUR))  # (white by default: unseen outside a bar)
            for unit in ordered:
                value = getattr(unit, pick).value(measure)
                bars.append(0.0 if value is None else value)
            bars.clicked.connect(self._clicked)
            self.sets.append(bars)
        # Qt stacks the sets of a category upwards: the current one goes in last to sit on
        # top, nearest the unit's name as the eye reads down.
        for bars in reversed(self.sets):
            series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        series.setLabelsPrecision(3)
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        chart.addSeries(series)
        names = QBarCategoryAxis()
        names.append(_unique([_short(unit.name) for unit in ordered]) or [""])
        chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(names)
        values = QValueAxis()
        top = max((max(self.values(i), default=0.0) for i in range(2)), default=0.0)
        values.setRange(0.0, max(top * 1.15, 4.0 if not measure.is_average else 5.0))
        values.applyNiceNumbers()  # ticks on round numbers, so a bar of 6 reads as 6
        if not measure.is_average:  # counts: a tick on every whole number up to ten at most
            values.setTickCount(int(values.max()) + 1 if values.max() <= 10 else values.tickCount())
        values.setLabelFormat("%.0f" if not measure.is_average else "%.1f")
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(values)

    def values(self, which: int) -> list[float]:
        """The bars of the current (0) or previous (1) period, in the units' order."""
        bars = self.sets[which] if which < len(self.sets) else None
        if bars is None:
            return []
        return [bars.at(self._count - 1 - i) for i in range(self._count)]

    def select(self, index: int) -> None:
        """Mark the unit the table's cursor is on (the keyboard's view of a click)."""
        for bars in self.sets:
            bars.deselectAllBars()
        if self.sets and 0 <= index < self._count:  # this period's bar: last period's stays
            self.sets[0].selectBar(self._count - 1 - index)

    def _clicked(self, index: int) -> None:
        self.unit_clicked.emit(self._count - 1 - index)


def _short(name: str, limit: int = 16) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _unique(names: list[str]) -> list[str]:
    """A category axis drops a repeated name (and every bar after it moves up one): two
    clerks called 王芳 become 王芳 and 王芳 (2)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out
