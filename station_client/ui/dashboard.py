"""绩效看板 (Ctrl+Shift+D): the assessment figures as charts, for supervisors and district
admins, with the way down from the district to the matters behind a number.

The chart shows one measure (Ctrl+1…7) of the units one level down — towns, stations,
clerks — this period beside the last; the table beside it holds the same figures and
takes the keys. Enter (or a click on a bar) goes down a level; on a clerk, or Ctrl+T on
any row, it lists the matters behind the figure, and Enter there opens the person's
file. Backspace or Alt+← goes back up. Ctrl+PgUp/PgDown step the period; the period
kind and the measure are lists on the top row (Alt+P, Alt+M).

The figures come from :mod:`station_client.sync.reports` (the hub, or this station's
own store) through ``Operations``; results that arrive after the period changed or the
user switched are dropped. Clerks never see the tab.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from hub_sync.reports import Period, parse_period
from hub_sync.reports.drilldown import Measure, TicketLine, TicketList, UnitFigures
from hub_sync.reports.periods import station_day
from station_client.rules.codes import Role
from station_client.sync import reports as rp

from .dashboard_panel import FiguresPanel
from .dashboard_tickets import TicketsBehind
from .i18n import error_text
from .main_window import CounterWindow

SHORTCUT = "Ctrl+Shift+D"
VIEWERS = (Role.SUPERVISOR, Role.DISTRICT_ADMIN)


class DashboardScreen(QWidget):
    def __init__(self, window: CounterWindow) -> None:
        super().__init__()
        self.window_ = window
        self.figures = FiguresPanel(self.today)
        self.tickets = TicketsBehind()
        self.tickets.hide()
        self.data: rp.Dashboard | None = None
        self.path: list[tuple[str, str]] = []  # from the root down to the unit shown
        self.listed: UnitFigures | None = None  # whose matters the list shows
        self._generation = 0  # bumped on every request and clear: late answers are dropped
        self.heading = QLabel(self.tr("绩效看板"))
        self.heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.source = QLabel("")
        self.source.setWordWrap(True)
        self.crumbs = QLabel("")
        self.crumbs.setObjectName("dashboardCrumbs")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        self.hint = QLabel(
            self.tr(
                "Enter 下一级 · Ctrl+T 办件明细 · Backspace/Alt+← 返回上级 · "
                "Ctrl+PgUp/PgDown 上一期/下一期 · Ctrl+1…7 指标"
            )
        )
        self.hint.setStyleSheet("color: #546e7a")
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.source, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.figures.controls)
        layout.addWidget(self.crumbs)
        layout.addWidget(self.message)
        layout.addWidget(self.figures, 1)
        layout.addWidget(self.tickets, 1)
        layout.addWidget(self.hint)
        self.figures.period_chosen.connect(self.load)
        self.figures.measure_chosen.connect(lambda _m: self._measure_changed())
        self.figures.drill_requested.connect(self.drill)
        self.figures.period_refused.connect(self.message.setText)
        self.tickets.open_requested.connect(self.open_ticket)
        for keys, slot in (
            ("Backspace", self.go_up),
            ("Alt+Left", self.go_up),
            ("Ctrl+T", lambda: self.list_tickets(self.figures.current_row())),
            ("Ctrl+R", lambda: self.load(self.figures.period)),
            ("Ctrl+PgUp", lambda: self.figures.step(-1)),
            ("Ctrl+PgDown", lambda: self.figures.step(1)),
            *(
                (f"Ctrl+{i}", lambda m=m: self.figures.choose_measure(m))
                for i, m in enumerate(self.figures.measures, 1)
            ),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def today(self) -> date:
        return station_day(self.window_.context.store.clock())

    # -- figures --------------------------------------------------------------------------
    def load(self, period: Period | None = None) -> None:
        session = self.window_.session
        if session is None:
            return
        wanted = period or self.figures.period
        self._generation += 1
        generation, store, today = self._generation, self.window_.context.store, self.today()
        self.message.setText(self.tr("正在统计…"))
        self.window_.operations.run(
            lambda: rp.load_assessment(store, session, wanted, today),
            lambda data: self._loaded(generation, data),
            lambda error: self._failed(error, generation),
        )

    def _loaded(self, generation: int, data: rp.Dashboard) -> None:
        if generation != self._generation:
            return
        self.message.clear()
        view = data.view
        kept = [key for key in self.path if any(u.unit_key == key for u in view.units)]
        self.path = kept if kept[:1] == [view.root.unit_key] else [view.root.unit_key]
        self.data = data
        self._say_source(data)
        self._back_to_figures()
        self._show_level()

    def _say_source(self, data: rp.Dashboard) -> None:
        view = data.view
        where = self.tr("区级中心") if data.source is rp.Source.HUB else self.tr("本站数据")
        said = self.tr("数据来源：{source} · 截至 {day}").format(
            source=where, day=view.as_of.isoformat()
        )
        if data.fell_back is not None:
            said += " · " + self.tr("无法连接区级中心，显示本站数据：{why}").format(
                why=error_text(data.fell_back) or data.fell_back
            )
        if view.estimated_years:
            years = ", ".join(str(y) for y in view.estimated_years)
            said += " · " + self.tr("{years} 年无官方日历，工作日按周一至周五估算").format(
                years=years
            )
        self.source.setText(said)

    def current_unit(self) -> UnitFigures | None:
        if self.data is None or not self.path:
            return None
        return self.data.view.unit(*self.path[-1])

    def _show_level(self, select: tuple[str, str] | None = None) -> None:
        unit = self.current_unit()
        if self.data is None or unit is None:
            return
        view = self.data.view
        self.crumbs.setText(" › ".join(view.unit(*key).name for key in self.path))
        self.figures.show_units(
            view.children(unit) or [unit], unit.name, (view.period, view.previous_period), select
        )

    def _measure_changed(self) -> None:
        unit = self.listed if self.tickets.isVisible() else None
        self._show_level(select=unit.unit_key if unit else None)
        if unit is not None:  # the list of matters follows the measure too
            self.list_tickets(self.figures.current_row())

    def drill(self, row: int) -> None:
        """Down one level from the unit on ``row``; below a clerk, its matters."""
        chosen = self.figures.unit_at(row)
        if self.data is None or chosen is None:
            return
        if self.data.view.children(chosen) and chosen.unit_key != self.path[-1]:
            self.path.append(chosen.unit_key)
            self._show_level()
        else:
            self.list_tickets(row)

    def go_up(self) -> None:
        if self.tickets.isVisible() and self.listed is not None:
            self._back_to_figures()
            self._show_level(select=self.listed.unit_key)
        elif len(self.path) > 1:
            left = self.path.pop()
            self._show_level(select=left)

    def _back_to_figures(self) -> None:
        self.tickets.hide()
        self.tickets.clear()
        self.figures.show()
        self.figures.table.setFocus()

    # -- the matters behind a figure ------------------------------------------------------
    def list_tickets(self, row: int) -> None:
        unit = self.figures.unit_at(row)
        session, data = self.window_.session, self.data
        if unit is None or session is None or data is None:
            return
        measure = self.figures.measure
        period, as_of = parse_period(data.view.period), data.view.as_of
        self._generation += 1
        generation, store = self._generation, self.window_.context.store
        self.message.setText(self.tr("正在读取办件…"))
        self.window_.operations.run(
            lambda: rp.load_tickets(
                store, session, data.source, unit.unit_key, measure, period, as_of
            ),
            lambda listing: self._listed(generation, unit, listing),
            lambda error: self._failed(error, generation),
        )

    def _listed(self, generation: int, unit: UnitFigures, listing: TicketList) -> None:
        if generation != self._generation:
            return
        self.message.clear()
        self.listed = unit
        label = self.figures.measure_label(listing.measure)
        title = self.tr("{unit} · {measure} · {period}").format(
            unit=unit.name, measure=label, period=listing.period
        )
        self.figures.hide()
        self.tickets.show()
        self.tickets.show_list(listing, title, rated=listing.measure is Measure.RATING)
        self.tickets.table.setFocus()
        crumbs = [self.data.view.unit(*key).name for key in self.path] if self.data else []
        if not crumbs or crumbs[-1] != unit.name:
            crumbs.append(unit.name)
        self.crumbs.setText(" › ".join([*crumbs, self.tr("办件明细")]))

    def open_ticket(self, line: TicketLine) -> None:
        """The person's file, where their matters are (F4); only if this station has it."""
        person_id, store = line.person_id, self.window_.context.store
        if person_id is None:
            self.message.setText(self.tr("此办件没有办事人档案（单位办件）"))
            return

        def here(found: bool) -> None:
            if found:
                self.window_.open_person(person_id)
            else:
                self.message.setText(
                    self.tr("本站没有此办事人的档案，请在办理站点（{station}）查看").format(
                        station=line.station_name or line.station_id
                    )
                )

        self.window_.operations.run(lambda: rp.person_here(store, person_id), here, self._failed)

    # -- errors and clearing --------------------------------------------------------------
    def _failed(self, error: Exception, generation: int | None = None) -> None:
        if generation is not None and generation != self._generation:
            return
        self.message.setText(error_text(error) or self.tr("统计失败，请稍后重试或联系信息科"))

    def clear(self) -> None:
        """Switch user: nothing of the last person's figures or lists stays."""
        self._generation += 1
        self.data, self.path, self.listed = None, [], None
        self.source.clear()
        self.crumbs.clear()
        self.message.clear()
        self.figures.clear()
        self._back_to_figures()


def attach(window: CounterWindow) -> None:
    """The 绩效看板 tab, visible only while a supervisor or district admin is logged in."""
    screen = DashboardScreen(window)
    window.add_workspace_tab(
        screen, QCoreApplication.translate("DashboardScreen", "绩效看板"), SHORTCUT
    )
    index = window.workspace.indexOf(screen)
    window.workspace.setTabVisible(index, False)

    def allowed() -> bool:
        return window.session is not None and window.session.staff.role in VIEWERS

    def switched(current: int) -> None:
        if current != index:
            return
        if not allowed() or not window.workspace.isTabVisible(index):
            window.workspace.setCurrentIndex(0)  # a clerk's Ctrl+Shift+D opens nothing
            return
        screen.figures.table.setFocus()  # the keys work at once
        if screen.data is None:
            screen.load()

    def logged_in(*_args: object) -> None:
        window.workspace.setTabVisible(index, allowed())
        screen.clear()
        switched(window.workspace.currentIndex())

    def cleared() -> None:
        window.workspace.setTabVisible(index, False)
        screen.clear()
        switched(window.workspace.currentIndex())

    window.workspace.currentChanged.connect(switched)
    window.login.logged_in.connect(logged_in)
    window.personal_data_cleared.connect(cleared)
