"""One matter on the 审核审批 screen: which matter, its number and what was applied for,
the decisions so far, and the decision form — the result, the reason (required to
refuse) and the password again. The form only collects and checks what it can without
the store; the screen (:mod:`.approvals`) sends it through Operations and shows the
answer here."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_client.rules.approvals import Result
from station_client.store.review_queue import MatterEntry

from .i18n import Language, current_language

_ERROR_STYLE = "color: #b00020"


def _english() -> bool:
    return current_language() is Language.EN


class DecisionPanel(QWidget):
    """The selected matter and the decision form; ``submitted`` carries
    ``(result, reason, password)`` once the form is complete."""

    submitted = Signal(str, str, str)

    def __init__(self) -> None:
        super().__init__()
        self.entry: MatterEntry | None = None
        self.summary = QLabel("")
        self.summary.setObjectName("approvalSummary")
        self.summary.setWordWrap(True)
        self.history = QListWidget()
        self.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes table → form
        self.result = QComboBox()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("审核意见；不通过时必填理由"))
        self.reason_error = QLabel("")
        self.reason_error.setStyleSheet(_ERROR_STYLE)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("再次输入本人登录密码"))
        self.password_error = QLabel("")
        self.password_error.setStyleSheet(_ERROR_STYLE)
        self.submit_button = QPushButton(self.tr("提交决定 (Ctrl+Enter)"))
        form = QFormLayout()
        form.addRow(self.tr("结论"), self.result)
        form.addRow(self.tr("意见/理由"), self.reason)
        form.addRow("", self.reason_error)
        form.addRow(self.tr("密码"), self.password)
        form.addRow("", self.password_error)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(self.tr("已有决定")))
        layout.addWidget(self.history, 1)
        layout.addLayout(form)
        layout.addWidget(self.submit_button)
        self.submit_button.clicked.connect(self.submit)
        self.reason.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.submit)
        self.show_entry(None)

    # -- showing -------------------------------------------------------------------------
    def show_entry(self, entry: MatterEntry | None) -> None:
        self.entry = entry
        self.clear_form()
        self.history.clear()
        self.result.clear()
        enabled = entry is not None and entry.may_decide
        for widget in (self.result, self.reason, self.password, self.submit_button):
            widget.setEnabled(enabled)
        if entry is None:
            self.summary.setText(self.tr("在左侧选择一件申请（↑↓），Tab 到结论、理由和密码"))
            return
        en = _english()
        lines = (
            self.tr("{matter}：{name}　{number}").format(
                matter=entry.item_en if en else entry.item_zh,
                name=entry.name,
                number=entry.record_no,
            ),
            entry.about_en if en else entry.about_zh,
            self.tr("申请日期：{applied}　受理单：{ticket}").format(
                applied=entry.applied_on.isoformat(), ticket=entry.ticket_no or "—"
            ),
            self.tr("当前环节：{step}，期限 {due}").format(
                step=entry.step_en if en else entry.step_zh, due=entry.due_on.isoformat()
            ),
        )
        self.summary.setText("\n".join(lines))
        for line in entry.decisions:
            verdict = self.tr("通过") if line.result is Result.PASS else self.tr("不通过")
            text = self.tr("{step}：{verdict}（{who}，{on}）").format(
                step=line.step_en if en else line.step_zh,
                verdict=verdict,
                who=line.reviewer,
                on=line.decided_on.isoformat(),
            )
            if line.reason:
                text = self.tr("{line}　意见：{reason}").format(line=text, reason=line.reason)
            self.history.addItem(text)
        if not self.history.count():
            self.history.addItem(self.tr("（尚无）"))
        if entry.objections_only:  # the notice passes by itself; only an objection is entered
            self.result.addItem(self.tr("异议成立（不通过）"), Result.FAIL.value)
        elif entry.outcomes_zh and entry.outcomes_en:  # say what each choice makes of it
            passed, failed = entry.outcomes_en if en else entry.outcomes_zh
            self.result.addItem(
                self.tr("通过（{outcome}）").format(outcome=passed), Result.PASS.value
            )
            self.result.addItem(
                self.tr("不通过（{outcome}）").format(outcome=failed), Result.FAIL.value
            )
        else:
            self.result.addItem(self.tr("通过"), Result.PASS.value)
            self.result.addItem(self.tr("不通过"), Result.FAIL.value)
        if not entry.may_decide:
            self.password_error.setText(self.tr("已超期，转您督办；由本环节的审核人员办理"))

    def clear_form(self) -> None:
        self.reason.clear()
        self.password.clear()
        self.reason_error.clear()
        self.password_error.clear()
        self.submit_button.setEnabled(self.entry is not None and self.entry.may_decide)

    # -- the form ------------------------------------------------------------------------
    def submit(self) -> None:
        """Check what can be checked here, then hand the form to the screen."""
        if self.entry is None or not self.entry.may_decide or not self.submit_button.isEnabled():
            return
        self.reason_error.clear()
        self.password_error.clear()
        result = str(self.result.currentData())
        if result == Result.FAIL.value and not self.reason.text().strip():
            self.reason_error.setText(self.tr("不通过须填写理由"))
            self.reason.setFocus()
            return
        if not self.password.text():
            self.password_error.setText(self.tr("请再次输入密码以确认本人决定"))
            self.password.setFocus()
            return
        self.submit_button.setEnabled(False)
        self.submitted.emit(result, self.reason.text(), self.password.text())

    def refused(self, field: str, text: str) -> None:
        """A refusal the store gave, shown at its field."""
        self.submit_button.setEnabled(self.entry is not None and self.entry.may_decide)
        if field == "password":
            self.password.clear()
            self.password_error.setText(text)
            self.password.setFocus()
        elif field == "reason":
            self.reason_error.setText(text)
            self.reason.setFocus()
