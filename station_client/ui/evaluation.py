"""好差评: the served person rates a completed matter.

Five levels (非常满意 … 非常不满意, code table ``evaluation_level``) for the overall rating
(required) and each indicator the model records (办事效率, 业务能力, 服务态度), plus a
comment. With a second screen attached the rating opens full screen there, facing the
person; otherwise a large dialog the clerk turns towards them. Digits 5…1 rate the row
that has the focus and move on; Enter submits; Esc closes without a rating. A bad rating
tells the clerk (on the clerk's screen) by when it must be put right and called back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_client.reference import ReferenceBundle
from station_client.rules.tickets import INDICATORS, TicketStatus
from station_client.store.person_file import PersonFile
from station_client.store.ticket_views import TicketView, person_tickets

from .i18n import Language, current_language, localized
from .main_window import CounterWindow
from .printing import error_text, message_label, show_message

_LEVELS = (
    (5, str(QT_TRANSLATE_NOOP("Evaluation", "非常满意"))),
    (4, str(QT_TRANSLATE_NOOP("Evaluation", "满意"))),
    (3, str(QT_TRANSLATE_NOOP("Evaluation", "基本满意"))),
    (2, str(QT_TRANSLATE_NOOP("Evaluation", "不满意"))),
    (1, str(QT_TRANSLATE_NOOP("Evaluation", "非常不满意"))),
)
_INDICATOR_NAMES = {
    "overall": str(QT_TRANSLATE_NOOP("Evaluation", "总体评价")),
    "efficiency": str(QT_TRANSLATE_NOOP("Evaluation", "办事效率")),
    "competence": str(QT_TRANSLATE_NOOP("Evaluation", "业务能力")),
    "attitude": str(QT_TRANSLATE_NOOP("Evaluation", "服务态度")),
}
_S = TypeVar("_S")


def tr(text: str) -> str:
    return QCoreApplication.translate("Evaluation", text)


def rating_levels(bundle: ReferenceBundle) -> list[tuple[int, str]]:
    """The five levels, best first, named as the code table ``evaluation_level`` names
    them (in the UI's language)."""
    table = bundle.code_tables.get("evaluation_level")
    if table is None:
        return [(code, tr(name)) for code, name in _LEVELS]
    english = current_language() is Language.EN
    levels = [(int(e.code), e.en if english else e.zh) for e in table if e.code.isdigit()]
    return sorted(levels, reverse=True)


def customer_screen(screens: Sequence[_S], clerk: _S | None) -> _S | None:
    """The screen facing the person: another screen than the clerk's, if there is one."""
    if len(screens) < 2:
        return None
    others = [s for s in screens if s is not clerk]
    return others[0] if others else None


class RatingRow(QWidget):
    """One indicator: five buttons, one checked at most, and a message line under them."""

    def __init__(self, field: str, title: str, levels: Sequence[tuple[int, str]]) -> None:
        super().__init__()
        self.field = field
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[int, QPushButton] = {}
        row = QHBoxLayout()
        heading = QLabel(title)
        heading.setMinimumWidth(160)
        row.addWidget(heading)
        for value, name in levels:
            button = QPushButton(f"{name}\n{value}")
            button.setCheckable(True)
            button.setAutoDefault(False)  # Enter submits, whichever rating has the focus
            button.setMinimumHeight(64)
            self.group.addButton(button, value)
            self.buttons[value] = button
            row.addWidget(button)
        self.error = message_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.error)

    @property
    def value(self) -> int | None:
        checked = self.group.checkedId()
        return checked if checked > 0 else None

    def rate(self, value: int) -> None:
        self.buttons[value].setChecked(True)
        show_message(self.error, None)

    def has_focus(self) -> bool:
        return any(b.hasFocus() for b in self.buttons.values())


class EvaluationDialog(QDialog):
    """The rating of one completed matter, saved through ServiceDesk.evaluate."""

    saved = Signal(object)  # the ServiceEvaluation

    def __init__(self, window: CounterWindow, ticket: TicketView) -> None:
        super().__init__(window)
        self.counter = window
        self.ticket = ticket
        self.setWindowTitle(self.tr("服务评价"))
        self.setStyleSheet(
            "* { font-size: 20pt; } QLineEdit { padding: 8px; }"
            " QPushButton:checked { background: #1565c0; color: white; font-weight: bold; }"
        )
        heading = QLabel(self.tr("请您对本次服务作出评价"))
        heading.setStyleSheet("font-size: 30pt; font-weight: bold; color: #1565c0;")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        what = QLabel(
            self.tr("{item}　受理编号 {ticket_no}").format(
                item=localized(ticket.item_zh, ticket.item_en), ticket_no=ticket.ticket_no
            )
        )
        what.setAlignment(Qt.AlignmentFlag.AlignCenter)
        levels = rating_levels(window.context.store.reference())
        self.rows = [
            RatingRow(field, tr(_INDICATOR_NAMES.get(field, name)), levels)
            for field, name in INDICATORS.items()
        ]
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(self.tr("意见或建议（可不填）"))
        self.comment_error = message_label()
        self.message = message_label()
        self.submit_button = QPushButton(self.tr("提交评价 (Enter)"))
        self.submit_button.setDefault(True)
        later = QPushButton(self.tr("暂不评价 (Esc)"))
        later.setAutoDefault(False)
        self.submit_button.clicked.connect(self.submit)
        later.clicked.connect(self.reject)
        grid = QGridLayout()
        for n, row in enumerate(self.rows):
            grid.addWidget(row, n, 0)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(later)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(what)
        layout.addLayout(grid)
        for line in (self.comment, self.comment_error, self.message):
            layout.addWidget(line)
        layout.addLayout(buttons)
        self.rows[0].buttons[5].setFocus()

    def row(self, field: str) -> RatingRow:
        return next(r for r in self.rows if r.field == field)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        digit = event.text()
        if digit in ("1", "2", "3", "4", "5") and not self.comment.hasFocus():
            current = next((r for r in self.rows if r.has_focus()), None)
            current = current or next((r for r in self.rows if r.value is None), self.rows[-1])
            current.rate(int(digit))
            index = self.rows.index(current)
            if index + 1 < len(self.rows):
                self.rows[index + 1].buttons[5].setFocus()
            else:
                self.comment.setFocus()
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        values = {r.field: r.value for r in self.rows}
        if values["overall"] is None:
            show_message(self.row("overall").error, self.tr("请选择总体评价"))
            return
        overall = int(values.pop("overall") or 0)
        comment = self.comment.text().strip() or None
        desk, actor, ticket_id = (
            self.counter.context.store.tickets,
            self.counter.actor,
            self.ticket.id,
        )
        self.submit_button.setEnabled(False)
        show_message(self.message, None)
        self.counter.operations.run(
            lambda: desk.evaluate(actor, ticket_id, overall=overall, comment=comment, **values),
            self._saved,
            self._failed,
        )

    def _saved(self, evaluation: object) -> None:
        due = getattr(evaluation, "callback_due", None)
        text = self.tr("评价已保存，谢谢！")
        if due is not None:
            text += self.tr("（差评：请于 {0} 前整改并回访）").format(due.isoformat())
        self.counter.notice.setText(text)
        self.saved.emit(evaluation)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.submit_button.setEnabled(True)
        field = getattr(error, "field", "")
        if field == "comment":
            show_message(self.comment_error, error_text(error))
        elif field in INDICATORS:
            show_message(self.row(field).error, error_text(error))
        else:
            show_message(self.message, error_text(error))


def ask_rating(window: CounterWindow, ticket: TicketView) -> EvaluationDialog:
    """Open the rating for ``ticket``: full screen on the person's screen if there is one."""
    for old in window.findChildren(EvaluationDialog):  # keep only the one on screen
        if not old.isVisible():
            old.deleteLater()
    dialog = EvaluationDialog(window, ticket)
    window.personal_data_cleared.connect(dialog.reject)
    screen: QScreen | None = customer_screen(QGuiApplication.screens(), window.screen())
    if screen is not None:
        dialog.setScreen(screen)
        dialog.setGeometry(screen.geometry())
        dialog.showFullScreen()
    else:
        available = window.screen().availableGeometry()
        dialog.resize(int(available.width() * 0.8), int(available.height() * 0.8))
        dialog.open()
    return dialog


def rate_latest(window: CounterWindow, file: PersonFile) -> None:
    """The person's latest completed, unrated matter, if any, goes to the rating."""
    store, person_id = window.context.store, file.person_id

    def found(tickets: list[TicketView]) -> None:
        waiting = [t for t in tickets if t.status is TicketStatus.COMPLETED and not t.rated]
        if waiting:
            ask_rating(window, waiting[0])
        else:
            window.notice.setText(
                QCoreApplication.translate("Evaluation", "此人没有待评价的已办结事项")
            )

    window.operations.run(
        lambda: person_tickets(store, person_id),
        found,
        lambda e: window.notice.setText(error_text(e)),
    )


def attach(window: CounterWindow) -> None:
    window.add_file_action(
        QCoreApplication.translate("Evaluation", "服务评价"),
        "F10",
        lambda file: rate_latest(window, file),
    )
