"""The sync status, always visible at the bottom of the window.

The sync agent reports from its own thread; :class:`StatusBridge` turns each report into
a queued Qt signal, so the widget is only touched on the UI thread.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from station_client.sync.agent import AgentStatus, Phase


def _noop(text: str) -> str:
    """Marks ``text`` for the translation tools; translated where it is shown."""
    return str(QT_TRANSLATE_NOOP("SyncStatusWidget", text))


_PHASES = {
    Phase.NOT_ENROLLED: (_noop("未注册"), "#b00020"),
    Phase.IDLE: (_noop("在线 · 已同步"), "#1b7f3b"),
    Phase.SYNCING: (_noop("正在同步…"), "#1565c0"),
    Phase.OFFLINE: (_noop("离线 · 数据已保存在本机"), "#b26a00"),
    Phase.ERROR: (_noop("同步出错"), "#b00020"),
    Phase.CONFLICTS: (
        _noop("已同步 · 有冲突待主管处理"),
        "#b26a00",
    ),
}


class StatusBridge(QObject):
    """Call :meth:`report` from any thread; ``changed`` arrives on the UI thread."""

    changed = Signal(object)

    def report(self, status: AgentStatus) -> None:
        self.changed.emit(status)


def _tr(text: str) -> str:
    return QCoreApplication.translate("SyncStatusWidget", text)


def _ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return QCoreApplication.translate("SyncStatusWidget", "从未")
    minutes = int((now - moment).total_seconds() // 60)
    if minutes < 1:
        return QCoreApplication.translate("SyncStatusWidget", "刚刚")
    if minutes < 60:
        return QCoreApplication.translate("SyncStatusWidget", "{minutes} 分钟前").format(
            minutes=minutes
        )
    return moment.astimezone().strftime("%m-%d %H:%M")


def describe(status: AgentStatus, now: datetime) -> str:
    """One line for the status bar (also used by tests and the tooltip)."""
    phase, _colour = _PHASES[status.phase]
    parts = [_tr(phase)]
    if status.progress is not None and status.phase is Phase.SYNCING:
        steps = {
            "hello": QCoreApplication.translate("SyncStatusWidget", "正在连接…"),
            "push": QCoreApplication.translate("SyncStatusWidget", "正在上传…"),
            "pull": QCoreApplication.translate("SyncStatusWidget", "正在下载…"),
        }
        total = f"/{status.progress.total}" if status.progress.total else ""
        parts[0] = f"{steps.get(status.progress.step, parts[0])} {status.progress.done}{total}"
    ago = _ago(status.last_success_at, now)
    parts.append(QCoreApplication.translate("SyncStatusWidget", "上次同步：{ago}").format(ago=ago))
    parts.append(
        QCoreApplication.translate("SyncStatusWidget", "待上传 {count} 条").format(
            count=status.pending
        )
    )
    if status.conflicts_waiting:
        parts.append(
            QCoreApplication.translate("SyncStatusWidget", "冲突 {count} 条").format(
                count=status.conflicts_waiting
            )
        )
    if status.rejected_waiting:
        parts.append(
            QCoreApplication.translate("SyncStatusWidget", "被退回 {count} 条").format(
                count=status.rejected_waiting
            )
        )
    if status.clock_warning:
        parts.append(QCoreApplication.translate("SyncStatusWidget", "⚠ 本机时钟不准，请校准"))
    return " · ".join(parts)


class SyncStatusWidget(QWidget):
    sync_now = Signal()

    def __init__(self, now: type[datetime] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._now = now or datetime
        self.label = QLabel(self.tr("同步状态未知"))
        self.label.setObjectName("syncStatus")
        self.button = QPushButton(self.tr("立即同步 (F5)"))
        self.button.clicked.connect(self.sync_now)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.status: AgentStatus | None = None

    def show_status(self, status: AgentStatus) -> None:
        from hub_sync.model import utc_now

        self.status = status
        self.label.setText(describe(status, utc_now()))
        colour = _PHASES[status.phase][1]
        self.label.setStyleSheet(f"color: {colour}; font-weight: bold;")
        tip = status.message or ""
        if status.clock_warning:
            tip = f"{tip}\n{status.clock_warning}".strip()
        self.label.setToolTip(tip)
