"""Errors of the reference-data package.

A reference bundle (code tables, service catalogue, holiday calendars, divisions) is
accepted whole or not at all; when it is refused the error names the file and lists every
problem found, in Chinese for the clerk and English for district IT.
"""

from collections.abc import Sequence

from station_client.errors import StationError


class ReferenceDataError(StationError):
    """Reference data could not be loaded or installed.

    ``message_zh`` and ``message_en`` are ready to show; ``str()`` gives both.
    """

    def __init__(self, message_zh: str, message_en: str) -> None:
        self.message_zh = message_zh
        self.message_en = message_en
        super().__init__(f"{message_en} / {message_zh}")

    def __str__(self) -> str:
        return f"{self.message_en} / {self.message_zh}"


class InvalidReferenceData(ReferenceDataError):
    """A bundle (or one of its files) failed validation.

    ``file`` is the path (relative to the bundle directory) of the first file found
    faulty, or ``"manifest.json"`` / the directory itself for bundle-wide problems;
    ``problems`` lists every problem, each prefixed with the file it concerns.
    """

    def __init__(self, file: str, problems: Sequence[str]) -> None:
        self.file = file
        self.problems: list[str] = list(problems)
        shown = "; ".join(self.problems[:20])
        more = len(self.problems) - 20
        if more > 0:
            shown += f"; … (+{more})"
        super().__init__(
            message_zh=f"参考数据无效（文件 {file}），已全部拒收：{shown}",
            message_en=f"Invalid reference data (file {file}); bundle refused: {shown}",
        )


class StaleReferenceData(ReferenceDataError):
    """The offered bundle is not newer than the installed one."""

    def __init__(self, offered: int, installed: int) -> None:
        self.offered = offered
        self.installed = installed
        super().__init__(
            message_zh=f"参考数据版本 {offered} 不高于已安装版本 {installed}，未安装",
            message_en=(
                f"Reference data version {offered} is not newer than the installed "
                f"version {installed}; not installed"
            ),
        )
