"""审计查询: supervisors and district admins search the audit log at the hub (who viewed
or changed which person, when, from which station) and verify the hash chains — the
hub's and this station's own. Shown only to those roles; the work runs through
Operations (:mod:`station_client.sync.audit_review`)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_client.sync import audit_review as ar
from station_client.sync.conflicts import SUPERVISING

from .i18n import error_text
from .main_window import CounterWindow

# Column titles in Chinese, marked for translation (shown through tr()).
_COLUMNS = (
    str(QT_TRANSLATE_NOOP("AuditReviewScreen", "时间")),
    str(QT_TRANSLATE_NOOP("AuditReviewScreen", "站点")),
    str(QT_TRANSLATE_NOOP("AuditReviewScreen", "工作人员")),
    str(QT_TRANSLATE_NOOP("AuditReviewScreen", "操作")),
    str(QT_TRANSLATE_NOOP("AuditReviewScreen", "对象")),
    str(QT_TRANSLATE_NOOP("AuditReviewScreen", "姓名")),
    str(QT_TRANSLATE_NOOP("AuditReviewScreen", "身份证号")),
    str(QT_TRANSLATE_NOOP("AuditReviewScreen", "说明")),
)
_ERROR = "color: #b00020"


class AuditReviewScreen(QWidget):
    def __init__(self, window: CounterWindow) -> None:
        super().__init__()
        self.window_ = window
        self.person, self.staff, self.station = QLineEdit(), QLineEdit(), QLineEdit()
        self.since, self.until = QLineEdit(), QLineEdit()
        self.person.setPlaceholderText(self.tr("身份证号或人员编号"))
        self.staff.setPlaceholderText(self.tr("工作人员账号"))
        self.station.setPlaceholderText(self.tr("站点编号（hub 为区级中心）"))
        for field in (self.since, self.until):
            field.setPlaceholderText("YYYY-MM-DD")
        self.date_error = QLabel("")
        self.date_error.setStyleSheet(_ERROR)
        self.search_button = QPushButton(self.tr("查询 (Enter)"))
        self.verify_button = QPushButton(self.tr("校验区级审计链"))
        self.local_button = QPushButton(self.tr("校验本站审计链"))
        self.results = QTableWidget(0, len(_COLUMNS))
        self.results.setHorizontalHeaderLabels([self.tr(c) for c in _COLUMNS])
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.horizontalHeader().setStretchLastSection(True)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.chain = QLabel("")
        self.chain.setObjectName("chainStatus")
        self.chain.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("人员"), self.person)
        form.addRow(self.tr("工作人员"), self.staff)
        form.addRow(self.tr("站点"), self.station)
        dates = QHBoxLayout()
        dates.addWidget(self.since)
        dates.addWidget(QLabel(self.tr("至")))
        dates.addWidget(self.until)
        form.addRow(self.tr("日期"), dates)
        form.addRow("", self.date_error)
        buttons = QHBoxLayout()
        for button in (self.search_button, self.verify_button, self.local_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.chain)
        for field in (self.person, self.staff, self.station, self.since, self.until):
            field.returnPressed.connect(self.search)
        self.search_button.clicked.connect(self.search)
        self.verify_button.clicked.connect(self.verify_hub)
        self.local_button.clicked.connect(self.verify_station)

    def _day(self, field: QLineEdit) -> date | None:
        text = field.text().strip()
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(self.tr("日期格式应为 YYYY-MM-DD，例如 2025-03-01")) from None

    def criteria(self) -> ar.AuditSearch | None:
        """What to search for, or None with the bad date shown under the dates."""
        self.date_error.clear()
        try:
            since, until = self._day(self.since), self._day(self.until)
        except ValueError as e:
            self.date_error.setText(str(e))
            return None
        if since and until and since > until:
            self.date_error.setText(self.tr("开始日期不能晚于结束日期"))
            return None
        return ar.AuditSearch(
            self.person.text(), self.staff.text(), self.station.text(), since, until
        )

    def search(self) -> None:
        criteria, session = self.criteria(), self.window_.session
        if criteria is None or session is None:
            return
        store = self.window_.context.store
        self.message.setText(self.tr("正在查询…"))
        self.window_.operations.run(
            lambda: ar.search(store, session, criteria), self._found, self._failed
        )

    def _found(self, rows: list[ar.AuditRow]) -> None:
        self.results.setRowCount(len(rows))
        for i, r in enumerate(rows):
            at = datetime.fromisoformat(r.at).astimezone().strftime("%Y-%m-%d %H:%M:%S")
            cells = (
                at,
                r.station_name or r.station_id[-8:],
                r.staff_name or r.staff_id or "",
                r.action,
                f"{r.subject_table}:{r.subject_id[-8:]}",
                r.person_name or "",
                r.citizen_id or "",
                r.detail or "",
            )
            for j, text in enumerate(cells):
                self.results.setItem(i, j, QTableWidgetItem(text))
        self.message.setText(self.tr("共 {n} 条记录").format(n=len(rows)))

    def verify_hub(self) -> None:
        session = self.window_.session
        if session is None:
            return
        store = self.window_.context.store
        self.chain.setText(self.tr("正在校验区级审计链…"))
        self.window_.operations.run(
            lambda: ar.verify_hub(store, session), self._hub_verified, self._failed
        )

    def _hub_verified(self, report: ar.ChainReport) -> None:
        if report.intact:
            self.chain.setText(
                self.tr("区级审计链完整：{c} 条链，共 {n} 条记录").format(
                    c=report.chains, n=report.entries
                )
            )
            return
        first = report.first_break
        assert first is not None
        self.chain.setText(
            self.tr("区级审计链断裂：站点 {s} 第 {q} 条（{why}），共 {k} 条链有断点").format(
                s=first.station_id,
                q=first.chain_seq,
                why=self.tr(_PROBLEMS.get(first.problem, first.problem)),
                k=len(report.breaks),
            )
        )

    def verify_station(self) -> None:
        store = self.window_.context.store
        self.window_.operations.run(
            lambda: ar.verify_station(store), self._station_verified, self._failed
        )

    def _station_verified(self, result: ar.LocalChain) -> None:
        if result.broken is None:
            self.chain.setText(self.tr("本站审计链完整：共 {n} 条记录").format(n=result.length))
        else:
            broken = result.broken
            self.chain.setText(self.tr("本站审计链断裂：") + (error_text(broken) or str(broken)))

    def _failed(self, error: Exception) -> None:
        self.message.setText(error_text(error) or self.tr("操作失败，请稍后重试或联系信息科"))

    def clear(self) -> None:
        for field in (self.person, self.staff, self.station, self.since, self.until):
            field.clear()
        self.results.setRowCount(0)
        self.message.clear()
        self.chain.clear()
        self.date_error.clear()


_PROBLEMS = {
    "missing": str(QT_TRANSLATE_NOOP("AuditReviewScreen", "记录缺失")),
    "out_of_order": str(QT_TRANSLATE_NOOP("AuditReviewScreen", "前后不衔接")),
    "altered": str(QT_TRANSLATE_NOOP("AuditReviewScreen", "内容被篡改")),
}


def attach(window: CounterWindow) -> None:
    """The 审计查询 tab, visible only while a supervisor or district admin is logged in."""
    screen = AuditReviewScreen(window)
    window.add_workspace_tab(screen, QCoreApplication.translate("AuditReviewScreen", "审计查询"))
    index = window.workspace.indexOf(screen)
    window.workspace.setTabVisible(index, False)

    def keep_hidden(current: int) -> None:
        if current == index and not window.workspace.isTabVisible(index):
            window.workspace.setCurrentIndex(0)

    def logged_in(*_args: object) -> None:
        allowed = window.session is not None and window.session.staff.role in SUPERVISING
        window.workspace.setTabVisible(index, allowed)
        keep_hidden(window.workspace.currentIndex())
        if not allowed:
            screen.clear()

    def cleared() -> None:
        window.workspace.setTabVisible(index, False)
        keep_hidden(window.workspace.currentIndex())
        screen.clear()

    window.workspace.currentChanged.connect(keep_hidden)
    window.login.logged_in.connect(logged_in)
    window.personal_data_cleared.connect(cleared)
    screen.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
