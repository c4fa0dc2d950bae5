"""The information screen (就业信息屏) for the hall's large screen (≥ 2 m²).

Full screen, no input needed: pages turn every ``rotate_ms`` (open vacancies, six a page;
the public service catalogue with time limits; one policy notice a page), the complaint
phone always at the foot. Every ``refresh_ms`` the store is read again through
:class:`Operations`, so what a sync pulled appears by itself; a failed read keeps the
pages. Type scales with the screen. Esc and the window manager's close do nothing (a
passer-by cannot close it); staff leave with Ctrl+Shift+Q; ←/→ turn pages by hand.
:func:`attach` gives the counter Ctrl+Shift+I (opens on the second monitor if any);
:func:`run_info_screen` runs it alone with its own sync (``renshe-station info-screen``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hub_sync.model import utc_now
from station_client.rules.tickets import CHINA_TIME
from station_client.store import Store, info_feed
from station_client.store.info_feed import InfoFeed, OpenVacancy, PolicyNotice, PublicService
from station_client.sync import SyncAgent, identity

from .i18n import Language, current_language, gap, install_translations
from .main_window import CounterWindow
from .operations import Operations
from .style import STYLE

log = logging.getLogger("renshe.ui")

LEAVE_KEYS = "Ctrl+Shift+Q"
OPEN_KEYS = "Ctrl+Shift+I"
VACANCIES_PER_PAGE = 6
SERVICES_PER_PAGE = 14
_TURN = {Qt.Key.Key_Right: 1, Qt.Key.Key_PageDown: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_PageUp: -1}


def _label(text: str, name: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(wrap)  # long text (English, a long employer name) never widens the screen
    return label


def _timer(parent: QWidget, ms: int, slot: Callable[[], None]) -> QTimer:
    timer = QTimer(parent)
    timer.setInterval(ms)
    timer.timeout.connect(slot)
    return timer


def _pick(zh: str, en: str | None) -> str:
    return en if en and current_language() is Language.EN else zh


#: The screen's look; sizes in ``u``, the body text's height (see :meth:`InfoScreen._rescale`).
_QSS = """
#infoScreen { background: #eef3f9; }
#infoScreen QLabel { font-size: 1u; color: #1a2433; }
#infoHeader { background: #0d47a1; border-bottom: 0.25u solid #c62828; }
#infoHeader QLabel { color: white; font-size: 1.2u; }
#infoScreen QLabel#infoTitle { font-size: 1.7u; font-weight: bold; }
#infoScreen QLabel#infoSection { font-size: 1.5u; font-weight: bold; color: #0d47a1;
    padding: 0.3u 0.5u; }
#infoScreen QLabel#infoSectionNote { color: #455a64; padding: 0.3u 0.5u; }
#infoScreen QLabel#cardDim { color: #455a64; font-size: 0.9u; }
#infoScreen QFrame#infoCard { background: white; border: 1px solid #c5d3e3;
    border-left: 0.35u solid #1565c0; border-radius: 0.3u; }
#infoScreen QLabel#cardTitle { font-size: 1.3u; font-weight: bold; }
#infoScreen QLabel#cardCount { color: #0d47a1; }
#infoScreen QLabel#cardWage { font-size: 1.2u; font-weight: bold; color: #c62828; }
#infoScreen QLabel#serviceName { font-size: 1.2u; font-weight: bold; }
#infoScreen QLabel#serviceLimit { font-size: 1.2u; color: #1b5e20; font-weight: bold; }
#infoScreen QLabel#noticeTitle { font-size: 1.6u; font-weight: bold; color: #b71c1c; }
#infoScreen QLabel#noticeText { font-size: 1.4u; }
#infoScreen QLabel#infoEmpty { font-size: 1.45u; color: #455a64; }
#infoFooter { background: #0d47a1; }
#infoFooter QLabel { color: white; font-size: 0.95u; }
#infoScreen QLabel#infoComplaint { color: #ffeb3b; font-size: 1.3u; font-weight: bold; }
"""


def _style(unit: int) -> str:
    """:data:`_QSS` in pixels: a 4 m hall screen and a 1024×768 one alike in proportion."""
    return re.sub(r"(\d+(?:\.\d+)?)u\b", lambda m: f"{round(float(m[1]) * unit)}px", _QSS)


def _hbox(into: QWidget | None, *items: QWidget | int) -> QHBoxLayout:
    row = QHBoxLayout(into) if into is not None else QHBoxLayout()
    for item in items:
        row.addStretch(item) if isinstance(item, int) else row.addWidget(item)
    return row


class InfoScreen(QWidget):
    left = Signal()  # staff pressed Ctrl+Shift+Q: the screen closed

    def __init__(
        self,
        load: Callable[[], InfoFeed],
        operations: Operations,
        *,
        station_name: str = "",
        rotate_ms: int = 15000,
        refresh_ms: int = 60000,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__()
        self.setObjectName("infoScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle(self.tr("就业信息屏"))
        self.setCursor(Qt.CursorShape.BlankCursor)
        self._load, self._operations, self._now = load, operations, now
        self.feed: InfoFeed | None = None
        self.page_titles: list[str] = []
        self._loading, self._leaving, self._unit = False, False, 0
        header, footer = QFrame(), QFrame()
        header.setObjectName("infoHeader")
        self.title = _label(station_name or self.tr("人社服务站"), "infoTitle")
        self.clock = _label("", "infoClock")
        _hbox(header, self.title, 1, self.clock)
        self.section = _label("", "infoSection")
        self.section_note = _label("", "infoSectionNote")
        self.pages = QStackedWidget()
        footer.setObjectName("infoFooter")
        self.complaint = _label("", "infoComplaint")
        self.updated = _label(self.tr("正在读取…"), "infoUpdated")
        self.position = _label("", "infoPosition")
        _hbox(footer, self.complaint, 1, self.updated, self.position).setSpacing(32)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(header)
        layout.addLayout(_hbox(None, self.section, 1, self.section_note))
        layout.addWidget(self.pages, 1)
        self.pages.setContentsMargins(12, 0, 12, 12)
        self.pages.setMinimumSize(1, 1)  # content never makes the window outgrow the screen
        layout.addWidget(footer)
        slots = ((rotate_ms, self.next_page), (refresh_ms, self.refresh))
        self._timers = [_timer(self, ms, slot) for ms, slot in slots]
        QShortcut(QKeySequence(LEAVE_KEYS), self).activated.connect(self.leave)
        self._build(None)
        self._rescale()
        for timer in self._timers:
            timer.start()
        self.refresh()

    def refresh(self) -> None:
        """Read the store again in the background (skipped while a read is running)."""
        if not self._loading:
            self._loading = True
            self._operations.run(self._load, self._loaded, self._load_failed)

    def _loaded(self, feed: InfoFeed) -> None:
        self._loading = False
        if self._leaving:  # a read that finished after staff left
            return
        self.updated.setText(self.tr("信息更新于 {time}").format(time=self._local_now("HH:mm")))
        if feed != self.feed:
            self._build(feed)

    def _load_failed(self, error: Exception) -> None:
        self._loading = False  # keep what is shown; the next refresh tries again
        log.warning("information screen: reading the store failed: %s", error)

    def _build(self, feed: InfoFeed | None) -> None:
        keep = self.pages.currentIndex()
        while (page := self.pages.widget(0)) is not None:
            self.pages.removeWidget(page)
            page.deleteLater()
        self.feed = feed
        self.page_titles = []
        if feed is None:
            self._add(self.tr("就业信息"), _label(self.tr("正在读取信息…"), "infoEmpty"))
        else:
            phone = self.tr("监督投诉电话：{phone}").format(phone=feed.complaint_phone)
            self.complaint.setText(phone)
            self._vacancy_pages(feed)
            for at in range(0, len(feed.services), SERVICES_PER_PAGE):
                chunk = feed.services[at : at + SERVICES_PER_PAGE]
                self._add(self.tr("服务事项及办理时限"), self._service_page(chunk))
            for notice in feed.notices:
                self._add(self.tr("政策公告"), self._notice_page(notice))
        self.show_page(keep if 0 <= keep < self.pages.count() else 0)

    def _notice_page(self, notice: PolicyNotice) -> QWidget:
        page = QFrame()
        page.setObjectName("infoCard")
        column = QVBoxLayout(page)
        column.addWidget(_label(_pick(notice.title_zh, notice.title_en), "noticeTitle"))
        meta = [_pick(notice.issuer_zh, notice.issuer_en), notice.document_no or ""]
        meta.append(self.tr("{date} 发布").format(date=self._date(notice.issued_on)))
        if notice.effective_on:
            meta.append(self.tr("{date} 起施行").format(date=self._date(notice.effective_on)))
        column.addWidget(_label(f"{gap()}·{gap()}".join(m for m in meta if m), "cardDim"))
        column.addWidget(_label(_pick(notice.summary_zh, notice.summary_en), "noticeText"))
        column.addStretch(1)
        return page

    def _add(self, title: str, page: QWidget) -> None:
        self.page_titles.append(title)
        self.pages.addWidget(page)

    def _vacancy_pages(self, feed: InfoFeed) -> None:
        title = self.tr("招聘信息")
        if not feed.vacancies:
            none = self.tr("今日暂无在招岗位。欢迎到窗口办理求职登记，有合适岗位我们会及时联系您。")
            empty = _label(none, "infoEmpty")
            empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._add(title, empty)
        for at in range(0, len(feed.vacancies), VACANCIES_PER_PAGE):
            chunk, page = feed.vacancies[at : at + VACANCIES_PER_PAGE], QWidget()
            grid = QGridLayout(page)
            grid.setSpacing(16)
            for i, vacancy in enumerate(chunk):
                grid.addWidget(self._vacancy_card(vacancy), i // 2, i % 2)
            for row in range(3):
                grid.setRowStretch(row, 1)
            self._add(title, page)

    def _vacancy_card(self, vacancy: OpenVacancy) -> QFrame:
        card = QFrame()
        card.setObjectName("infoCard")
        column = QVBoxLayout(card)
        title = _label(vacancy.title, "cardTitle", False)
        column.addLayout(_hbox(None, title, 1, _label(self.wage_text(vacancy), "cardWage", False)))
        column.addWidget(_label(vacancy.employer))
        where = self.tr("工作地点：{place}").format(place=vacancy.location or "—")
        count = self.tr("招 {count} 人").format(count=vacancy.headcount)
        column.addWidget(_label(f"{count}{gap()}{where}", "cardCount"))
        column.addWidget(_label(self.contact_text(vacancy), "cardDim"))
        return card

    def _service_page(self, services: tuple[PublicService, ...]) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setHorizontalSpacing(32)
        half = (len(services) + 1) // 2
        for i, service in enumerate(services):
            row, col = i % half, (i // half) * 2
            grid.addWidget(_label(_pick(service.name_zh, service.name_en), "serviceName"), row, col)
            limit = _label(self.limit_text(service), "serviceLimit")
            grid.addWidget(limit, row, col + 1)
        for row in range(SERVICES_PER_PAGE // 2):
            grid.setRowStretch(row, 1)  # rows spread over the page, a short last page alike
        return page

    def wage_text(self, vacancy: OpenVacancy) -> str:
        low, high = vacancy.wage_min, vacancy.wage_max
        if low and high:
            return self.tr("{low}–{high} 元/月").format(low=low, high=high)
        if low:
            return self.tr("{low} 元/月起").format(low=low)
        if high:
            return self.tr("最高 {high} 元/月").format(high=high)
        return self.tr("薪资面议")

    def contact_text(self, vacancy: OpenVacancy) -> str:
        if vacancy.contact_phone:
            who = vacancy.contact_name or vacancy.employer
            text = self.tr("联系人：{name}　电话：{phone}")
            return text.format(name=who, phone=vacancy.contact_phone)
        return self.tr("详情请到窗口咨询")

    def limit_text(self, service: PublicService) -> str:
        if service.working_days is not None:
            return self.tr("{days} 个工作日").format(days=service.working_days)
        return _pick(service.note_zh or "", service.note_en) or self.tr("详情请到窗口咨询")

    def _date(self, day: date) -> str:
        return QLocale().toString(QDate(day.year, day.month, day.day), self.tr("yyyy年M月d日"))

    def _local_now(self, fmt: str) -> str:
        t = self._now().astimezone(CHINA_TIME)
        when = QDateTime(QDate(t.year, t.month, t.day), QTime(t.hour, t.minute))
        return QLocale().toString(when, fmt)

    def show_page(self, index: int) -> None:  # the clock moves on with the pages
        self.clock.setText(self._local_now(self.tr("yyyy年M月d日 dddd HH:mm")))
        count = self.pages.count()
        index %= count
        self.pages.setCurrentIndex(index)
        title = self.page_titles[index]
        same = [i for i, t in enumerate(self.page_titles) if t == title]
        numbered = self.tr("{title}（{page}/{pages}）").format(
            title=title, page=same.index(index) + 1, pages=len(same)
        )
        self.section.setText(numbered if len(same) > 1 else title)
        note = ""
        if self.feed is not None and title == self.tr("招聘信息"):
            note = self.tr("在招岗位 {count} 个").format(count=self.feed.vacancies_open)
        self.section_note.setText(note)
        self.position.setText(f"{index + 1} / {count}")

    def next_page(self) -> None:
        self.show_page(self.pages.currentIndex() + 1)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # other keys, Esc too, do nothing
        step = _TURN.get(Qt.Key(event.key()), 0)
        if step:
            self.show_page(self.pages.currentIndex() + step)
            self._timers[0].start()  # a page turned by hand stays its full time

    def leave(self) -> None:
        self._leaving = True
        for timer in self._timers:
            timer.stop()
        self.close()
        self.left.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if event.spontaneous() and not self._leaving:
            event.ignore()  # the window manager's close (Alt+F4): a passer-by
            return
        super().closeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:  # body text 1/36 of the height: ~30 px on a 1080p screen
        unit = max(14, self.height() // 36)
        if unit != self._unit:
            self._unit = unit
            self.setStyleSheet(_style(unit))


def station_name(store: Store) -> str:  # "" for a demo or a station not yet enrolled
    return identity.load(store).name if identity.is_enrolled(store) else ""


def _full_screen(screen: InfoScreen, last_monitor: bool) -> None:
    monitors = QApplication.screens()
    target = monitors[-1] if last_monitor and len(monitors) > 1 else QApplication.primaryScreen()
    screen.setGeometry(target.geometry())
    screen.showFullScreen()
    screen.activateWindow()


def attach(window: CounterWindow) -> None:
    """Ctrl+Shift+I in the counter window opens the information screen (on the second
    monitor when there is one); Ctrl+Shift+Q there closes it again. Once per window."""
    if window.property("infoScreenKeys"):
        return
    window.setProperty("infoScreenKeys", OPEN_KEYS)
    store, operations = window.context.store, window.operations
    opened: list[InfoScreen] = []

    def open_screen(name: str) -> None:
        if opened:
            return
        screen = InfoScreen(lambda: info_feed.load_info_feed(store), operations, station_name=name)
        screen.setParent(window, Qt.WindowType.Window)  # its own window, closed with the counter
        screen.left.connect(opened.clear)
        screen.left.connect(screen.deleteLater)
        opened.append(screen)
        _full_screen(screen, last_monitor=True)

    def open_requested() -> None:
        operations.run(lambda: station_name(store), open_screen, lambda _e: open_screen(""))

    QShortcut(QKeySequence(OPEN_KEYS), window).activated.connect(open_requested)


def run_info_screen(store: Store, argv: list[str], *, sync_interval: float = 300.0) -> int:
    """The information screen alone on this PC, syncing, until staff press Ctrl+Shift+Q."""
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    install_translations(app)
    app.setStyleSheet(STYLE)
    operations = Operations()
    agent = SyncAgent(store, interval=sync_interval) if identity.is_enrolled(store) else None
    screen = InfoScreen(
        lambda: info_feed.load_info_feed(store), operations, station_name=station_name(store)
    )
    screen.left.connect(app.quit)
    _full_screen(screen, last_monitor=False)
    if agent is not None:
        agent.start()
    try:
        return int(app.exec())
    finally:
        if agent is not None:
            agent.stop(timeout=10)
        operations.wait_for_done(10000)
