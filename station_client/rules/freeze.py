"""Freeze rules: when a station must stop starting new registrations.

A station that has been cut off from the district for too long, that holds too much
work the hub has not taken, or that runs software past its upgrade deadline stops
starting *new* registrations until the cause is dealt with. Serving people already on
file, searching, viewing and syncing all go on: freezing exists so that the backlog
shrinks, never to stop the counter altogether.

The parameters are the district's (pushed with the reference data, see
``station_client/store/freeze.py``); :data:`DEFAULT_RULES` applies while the district
has pushed none. A limit of ``None`` switches that rule off. Every reason says exactly
what is wrong and what to do, in Chinese and English.

"Unapproved" items are local changes the hub has not accepted: records in conflict
(waiting for a supervisor's decision at the hub) plus ops the hub refused that nobody
has looked at yet. "Unsent" items are outbox entries not yet acknowledged by the hub.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .errors import ValidationError

#: Codes of the reasons, stable for the UI, the health report and district IT.
NOT_SYNCED = "not_synced"
TOO_MANY_UNSENT = "too_many_unsent"
TOO_MANY_UNAPPROVED = "too_many_unapproved"
SOFTWARE_TOO_OLD = "software_too_old"
#: A warning only: the upgrade deadline is still ahead.
UPGRADE_DUE = "upgrade_due"


@dataclass(frozen=True)
class FreezeRules:
    """The district's limits; ``None`` switches a rule off."""

    max_days_without_sync: int | None = 7
    max_unsent: int | None = 1000
    max_unapproved: int | None = 50
    #: Software older than this must be replaced by ``required_by`` (inclusive: frozen
    #: from the day after).
    required_version: str | None = None
    required_by: date | None = None
    #: Where the rules came from (shown to district IT and in logs).
    source: str = "built-in defaults"


DEFAULT_RULES = FreezeRules()


@dataclass(frozen=True)
class FreezeInputs:
    """What the rules look at, gathered by the store."""

    today: date
    #: Whole or fractional days since the last successful sync; ``None`` if the station
    #: has never synced and is not enrolled either (a stand-alone demo station).
    days_since_sync: float | None
    unsent: int
    unapproved: int
    client_version: str


@dataclass(frozen=True)
class FreezeReason:
    code: str
    zh: str  # what is wrong, for the clerk
    en: str
    todo_zh: str  # what to do about it
    todo_en: str

    @property
    def message_zh(self) -> str:
        return f"{self.zh}。{self.todo_zh}"

    @property
    def message_en(self) -> str:
        return f"{self.en}. {self.todo_en}"


@dataclass(frozen=True)
class FreezeState:
    """Frozen or not, every reason (several can hold at once), and warnings."""

    reasons: tuple[FreezeReason, ...] = ()
    warnings: tuple[FreezeReason, ...] = ()

    @property
    def frozen(self) -> bool:
        return bool(self.reasons)

    @property
    def message_zh(self) -> str:
        if not self.reasons:
            return ""
        lines = "\n".join(f"· {r.message_zh}" for r in self.reasons)
        return f"本站已暂停新登记（查询、办理已登记人员业务和同步不受影响）：\n{lines}"

    @property
    def message_en(self) -> str:
        if not self.reasons:
            return ""
        lines = "\n".join(f"- {r.message_en}" for r in self.reasons)
        return (
            "New registrations are paused at this station (search, serving people on file "
            f"and sync still work):\n{lines}"
        )


def version_key(version: str) -> tuple[int, ...]:
    """``"1.10.2"`` → ``(1, 10, 2)``; the numeric prefix of each dotted part counts
    (``"0.2.0rc1"`` → ``(0, 2, 0)``), so versions compare as numbers, not as text."""
    parts = []
    for part in version.strip().split("."):
        digits = re.match(r"\d*", part)
        parts.append(int(digits.group(0)) if digits and digits.group(0) else 0)
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def evaluate(rules: FreezeRules, facts: FreezeInputs) -> FreezeState:
    """Apply the rules to the facts: every reason to freeze, and upgrade warnings."""
    reasons: list[FreezeReason] = []
    warnings: list[FreezeReason] = []
    limit = rules.max_days_without_sync
    days_since = facts.days_since_sync
    if limit is not None and days_since is not None and days_since > limit:
        days = int(days_since)
        reasons.append(
            FreezeReason(
                NOT_SYNCED,
                f"本站已 {days} 天未与区级中心同步（上限 {limit} 天）",
                f"this station has not synced with the district hub for {days} days "
                f"(limit {limit})",
                "请检查网络后点击“立即同步”；仍无法同步请致电区信息科",
                'check the network and press "sync now"; if it still fails, call district IT',
            )
        )
    if rules.max_unsent is not None and facts.unsent > rules.max_unsent:
        reasons.append(
            FreezeReason(
                TOO_MANY_UNSENT,
                f"本站有 {facts.unsent} 条记录尚未上传（上限 {rules.max_unsent} 条）",
                f"{facts.unsent} changes are waiting to be sent (limit {rules.max_unsent})",
                "请联网并点击“立即同步”，上传完成后自动恢复",
                'connect and press "sync now"; registration resumes once they are sent',
            )
        )
    if rules.max_unapproved is not None and facts.unapproved > rules.max_unapproved:
        reasons.append(
            FreezeReason(
                TOO_MANY_UNAPPROVED,
                f"本站有 {facts.unapproved} 条记录未获区级中心认可（冲突待裁定或被退回，"
                f"上限 {rules.max_unapproved} 条）",
                f"{facts.unapproved} records are not accepted by the hub (conflicts waiting "
                f"for a supervisor or refused changes; limit {rules.max_unapproved})",
                "请主管在区级中心处理冲突，经办人查看并处理被退回的记录",
                "a supervisor resolves the conflicts at the hub; clerks review and dismiss "
                "the refused changes",
            )
        )
    _check_version(rules, facts, reasons, warnings)
    return FreezeState(tuple(reasons), tuple(warnings))


def _check_version(
    rules: FreezeRules,
    facts: FreezeInputs,
    reasons: list[FreezeReason],
    warnings: list[FreezeReason],
) -> None:
    required = rules.required_version
    if required is None or version_key(facts.client_version) >= version_key(required):
        return
    deadline = rules.required_by
    if deadline is not None and facts.today <= deadline:
        warnings.append(
            FreezeReason(
                UPGRADE_DUE,
                f"本站软件版本 {facts.client_version} 须在 {deadline:%Y-%m-%d} 前升级到 "
                f"{required} 或更高",
                f"software {facts.client_version} must be upgraded to {required} or later "
                f"by {deadline:%Y-%m-%d}",
                "同步时会自动下载新版本；如未更新请致电区信息科",
                "updates arrive with the sync; if none has arrived, call district IT",
            )
        )
        return
    after = f"（期限 {deadline:%Y-%m-%d} 已过）" if deadline else ""
    after_en = f" (deadline {deadline:%Y-%m-%d} passed)" if deadline else ""
    reasons.append(
        FreezeReason(
            SOFTWARE_TOO_OLD,
            f"本站软件版本 {facts.client_version} 低于要求的 {required}{after}",
            f"software {facts.client_version} is older than the required {required}{after_en}",
            "请同步以安装新版本，或致电区信息科升级",
            "sync to install the new version, or call district IT to upgrade",
        )
    )


# ------------------------------------------------------------------ the district's file

_KEYS = {
    "kind",
    "version",
    "max_days_without_sync",
    "max_unsent",
    "max_unapproved",
    "required_version",
    "required_by",
}


def _bad(problem_zh: str, problem_en: str) -> ValidationError:
    return ValidationError("freeze_rules", "format", f"冻结规则有误：{problem_zh}", problem_en)


def _limit(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _bad(f"{key} 须为非负整数或 null", f"{key} must be a whole number ≥ 0 or null")
    return value


def parse_rules(text: str, source: str = "district") -> FreezeRules:
    """The district's freeze rules from their JSON text::

        {"kind": "freeze_rules", "version": 3, "max_days_without_sync": 7,
         "max_unsent": 1000, "max_unapproved": 50,
         "required_version": "0.2.0", "required_by": "2026-12-31"}

    Every limit may be ``null`` (rule off); a key left out keeps its default. Anything
    else (unknown keys, wrong types, a version without a deadline or the reverse) is
    refused with a :class:`ValidationError`, so a faulty file is never half applied.
    """
    try:
        data = json.loads(text)
    except ValueError as e:
        raise _bad("不是有效的 JSON", f"not valid JSON: {e}") from e
    if not isinstance(data, dict) or data.get("kind") != "freeze_rules":
        raise _bad('须为 kind 为 "freeze_rules" 的对象', 'must be an object of kind "freeze_rules"')
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise _bad(f"未知字段 {', '.join(unknown)}", f"unknown keys {', '.join(unknown)}")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _bad("version 须为正整数", "version must be a positive whole number")
    defaults = DEFAULT_RULES
    values = {
        key: _limit(data, key) if key in data else getattr(defaults, key)
        for key in ("max_days_without_sync", "max_unsent", "max_unapproved")
    }
    required = data.get("required_version")
    deadline_text = data.get("required_by")
    if (required is None) != (deadline_text is None):
        raise _bad(
            "required_version 与 required_by 须同时给出",
            "required_version and required_by go together",
        )
    deadline = None
    if required is not None:
        if not isinstance(required, str) or not re.fullmatch(r"\d+(\.\d+){0,3}", required):
            raise _bad("required_version 须形如 1.2.3", "required_version must look like 1.2.3")
        try:
            deadline = date.fromisoformat(str(deadline_text))
        except ValueError as e:
            raise _bad("required_by 须为 YYYY-MM-DD", "required_by must be YYYY-MM-DD") from e
    return FreezeRules(
        max_days_without_sync=values["max_days_without_sync"],
        max_unsent=values["max_unsent"],
        max_unapproved=values["max_unapproved"],
        required_version=required,
        required_by=deadline,
        source=f"{source} v{version}",
    )
