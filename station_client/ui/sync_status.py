"""The sync status, always visible at the bottom of the window.

The sync agent reports from its own thread; :class:`StatusBridge` turns each report into
a queued Qt signal, so the widget is only touched on the UI thread.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from station_client.sync.agent import AgentStatus, Phase

_PHASES = {
    Phase.NOT_ENROLLED: ("未注册", "#b00020"),
    Phase.IDLE: ("在线 · 已同步", "#1b7f3b"),
    Phase.SYNCING: ("正在同步…", "#1565c0"),
    Phase.OFFLINE: ("离线 · 数据已保存在本机", "#b26a00"),
    Phase.ERROR: ("同步出错", "#b00020"),
    Phase.CONFLICTS: ("已同步 · 有冲突待主管处理", "#b26a00"),
}


class StatusBridge(QObject):
    """Call :meth:`report` from any thread; ``changed`` arrives on the UI thread."""

    changed = Signal(object)

    def report(self, status: AgentStatus) -> None:
        self.changed.emit(status)


def _ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "从未"
    minutes = int((now - moment).total_seconds() // 60)
    if minutes < 1:
        return "刚刚"
    if minutes < 60:
        return f"{minutes} 分钟前"
    return moment.astimezone().strftime("%m-%d %H:%M")


def describe(status: AgentStatus, now: datetime) -> str:
    """One line for the status bar (also used by tests and the tooltip)."""
    phase, _colour = _PHASES[status.phase]
    parts = [phase]
    if status.progress is not None and status.phase is Phase.SYNCING:
        step = {"hello": "连接", "push": "上传", "pull": "下载"}.get(status.progress.step, "")
        total = f"/{status.progress.total}" if status.progress.total else ""
        parts[0] = f"正在{step}… {status.progress.done}{total}"
    parts.append(f"上次同步：{_ago(status.last_success_at, now)}")
    parts.append(f"待上传 {status.pending} 条")
    if status.conflicts_waiting:
        parts.append(f"冲突 {status.conflicts_waiting} 条")
    if status.rejected_waiting:
        parts.append(f"被退回 {status.rejected_waiting} 条")
    if status.clock_warning:
        parts.append("⚠ 本机时钟不准，请校准")
    return " · ".join(parts)


class SyncStatusWidget(QWidget):
    sync_now = Signal()

    def __init__(self, now: type[datetime] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._now = now or datetime
        self.label = QLabel("同步状态未知")
        self.label.setObjectName("syncStatus")
        self.button = QPushButton("立即同步 (F5)")
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
