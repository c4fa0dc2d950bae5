"""Refusals of the approval rules (:mod:`.approvals`, :mod:`.approval_checks`).

Every refusal is an :class:`ApprovalRefused` naming the field it concerns and saying, in
Chinese and English, what is wrong and, where there is something to do, what. Its
``reason`` falls in one of three classes the hub turns into its error codes: the
reviewer does not fit the step, maker-checker, or not the step's turn.
"""

from __future__ import annotations

from station_client.rules.errors import ValidationError


class ApprovalRefused(ValidationError):
    """A decision that may not be taken (``reason`` says which rule refused it)."""


#: The reviewer does not fit the step (role, level, area, account).
REVIEWER_REASONS = frozenset({"wrong_role", "wrong_level", "wrong_area", "inactive"})
#: Maker-checker: the accepting clerk, someone who decided another step, or no way to tell.
MAKER_REASONS = frozenset({"maker", "two_steps", "no_maker"})
#: Not the step's turn: decided, closed, not reached yet, a notice passed by hand.
ORDER_REASONS = frozenset(
    {"closed", "already_decided", "not_yet", "step_over", "notice_pass", "not_reviewed"}
)

# reason → (field, Chinese, English); the texts are formatted with the caller's values.
_REFUSALS: dict[str, tuple[str, str, str]] = {
    "unknown_step": ("step", "没有审核环节“{step}”", "no review step {step!r}"),
    "unknown_result": (
        "result",
        "审核结论只能是通过或不通过",
        "the result must be pass or fail, not {result!r}",
    ),
    "inactive": ("staff", "该账号已停用，不能作出审核决定", "this account is no longer active"),
    "wrong_level": (
        "staff",
        "“{step}”须由{level_zh}工作人员办理",
        "{step_en} is decided by staff of the {level} level",
    ),
    "wrong_role": (
        "staff",
        "“{step}”须由站点负责人（主管）审核",
        "{step_en} is decided by a supervisor",
    ),
    "wrong_area": (
        "staff",
        "申请人不在您负责的区域内",
        "the applicant does not live in your area",
    ),
    "no_maker": (
        "ticket",
        "本站没有该申请的受理单，无法核对受理人，请先同步",
        "the application's service ticket is not at this station, so who accepted it "
        "cannot be checked: sync first",
    ),
    "maker": (
        "staff",
        "受理该申请的工作人员不能审核本申请（受理与审核须分离）",
        "the clerk who accepted the application may not decide on it (maker-checker)",
    ),
    "two_steps": (
        "staff",
        "您已办理本申请的“{other}”环节，同一人不能办理两个审核环节",
        "you decided {other_en} of this application; no one decides two steps",
    ),
    "already_decided": (
        "step",
        "“{step}”已由{who}于{on}作出决定，无需再审",
        "{step_en} was already decided by {who} on {on}",
    ),
    "closed": ("step", "该申请已审结", "the application has been decided"),
    "not_reviewed": (
        "step",
        "服务目录未规定“{item}”须经审核",
        "the service catalogue sets no review for {item_en}",
    ),
    "not_yet": (
        "step",
        "尚未到“{step}”环节：正在“{waiting}”（至{until}）",
        "{step_en} is not due yet: the application is at {waiting_en} (until {until})",
    ),
    "step_over": (
        "step",
        "“{step}”环节已结束，该申请现处于“{waiting}”",
        "{step_en} is over: the application is at {waiting_en} now",
    ),
    "notice_pass": (
        "result",
        "公示期满（{until}）无异议即自动通过，公示期内只能登记成立的异议",
        "the public notice passes by itself when it ends ({until}) unopposed; "
        "during it only an upheld objection is recorded",
    ),
    "ticket_waiting": (
        "ticket",
        "该申请尚在补正材料，材料齐全后才能审核",
        "the application is waiting for materials; decide once they are complete",
    ),
    "ticket_closed": (
        "ticket",
        "该申请的受理单已{status}，不能再审核",
        "the application's ticket is {status_en}: no further decision",
    ),
}

_LEVEL_ZH = {"village": "村（社区）", "town": "镇（街道）", "district": "区"}


def refused(reason: str, **values: object) -> ApprovalRefused:
    """The refusal ``reason``, its texts filled with ``values``."""
    field, zh, en = _REFUSALS[reason]
    if "level" in values:
        values = {**values, "level_zh": _LEVEL_ZH.get(str(values["level"]), values["level"])}
    return ApprovalRefused(field, reason, zh.format(**values), en.format(**values))
