"""A sync report in words, for the command line and the log (Chinese first)."""

from __future__ import annotations

from .agent import SyncReport


def describe(report: SyncReport) -> list[str]:
    lines = [
        f"已上传 pushed {report.pushed} (applied {report.applied}, merged {report.merged}, "
        f"conflict {report.conflicts}, rejected {report.rejected}, "
        f"duplicate {report.duplicates})",
        f"已下载 pulled {report.pulled} (applied {report.pulled_applied}, "
        f"kept local edits {report.kept_local}"
        + (f", not stored {report.pulled_invalid}" if report.pulled_invalid else "")
        + ")"
        + ("  — full re-download after a hub restore 已重新下载" if report.resynced else ""),
        f"cursor {report.cursor.epoch}:{report.cursor.seq}",
    ]
    for reason in report.rejected_reasons:
        lines.append(f"被拒绝 rejected {reason}")
    if report.clock_warning:
        lines.append(
            f"时钟警告 clock warning: {report.clock_warning} "
            f"(offset {report.clock_offset_ms / 1000:+.0f} s)"
        )
    lines.append(
        f"待处理 waiting: {report.pending} to send, {report.conflicts_waiting} in conflict, "
        f"{report.rejected_waiting} rejected"
    )
    return lines
