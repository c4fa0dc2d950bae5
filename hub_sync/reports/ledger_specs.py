"""What each basic ledger (基础台账) shows: its columns, and which query fills it.

Columns name the personal data that is masked (``personal``) and the code table whose
names replace codes (``codes``; the pseudo tables ``division`` and ``status`` are the
org units' names and the record statuses below).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from . import ledger_queries as q
from .document import ColumnKind
from .ledger_queries import AnySelect, Context

DIVISION = "division"  # pseudo code table: names of org units
STATUS = "status"  # pseudo code table: record statuses


class PersonalField(StrEnum):
    """Personal data masked unless the viewer's role permits (values as the station's
    ``rules.masking.Field``)."""

    CITIZEN_ID = "citizen_id"
    PHONE = "phone"
    NAME = "name"
    ADDRESS = "address"


class LedgerKind(StrEnum):
    JOB_SEEKERS = "job_seekers"
    UNEMPLOYED = "unemployed"
    LONG_TERM_UNEMPLOYED = "long_term_unemployed"
    HARD_TO_EMPLOY = "hard_to_employ"
    EMPLOYMENT = "employment"
    VACANCIES = "vacancies"
    MEDIATION = "mediation"
    COMPLAINTS = "complaints"
    ARCHIVE_REQUESTS = "archive_requests"


@dataclass(frozen=True)
class Field:
    key: str
    zh: str
    en: str
    kind: ColumnKind = ColumnKind.TEXT
    personal: PersonalField | None = None
    codes: str | None = None  # code table whose name is shown
    width: int = 12


@dataclass(frozen=True)
class LedgerSpec:
    kind: LedgerKind
    zh: str
    en: str
    fields: tuple[Field, ...]
    query: Callable[[Context], AnySelect]
    # Values computed from the row (long-term flag …); None drops the row.
    derive: Callable[[dict[str, Any], Context], dict[str, Any] | None] | None = None


_D, _I = ColumnKind.DATE, ColumnKind.INTEGER
NAME = Field("name", "姓名", "Name", personal=PersonalField.NAME, width=10)
ID_NUMBER = Field(
    "citizen_id", "公民身份号码", "ID number", personal=PersonalField.CITIZEN_ID, width=20
)
SEX = Field("sex", "性别", "Sex", codes="sex", width=6)
PHONE = Field("phone", "联系电话", "Phone", personal=PersonalField.PHONE, width=14)
AREA = Field("area", "村（社区）", "Village", codes=DIVISION, width=16)
PERSON = (NAME, ID_NUMBER, SEX, PHONE, AREA)


UNEMPLOYED = (
    Field("registration_no", "失业登记编号", "Registration no.", width=16),
    *PERSON,
    Field("registered_on", "登记日期", "Registered", _D),
    Field("unemployed_since", "失业日期", "Unemployed since", _D),
    Field("reason", "失业原因", "Reason", codes="unemployment_reason", width=16),
    Field("is_4050", "4050人员", "4050", width=6),
    Field("is_low_income", "低保", "Low income", width=6),
    Field("long_term", "长期失业", "Long-term", width=6),
    Field("months", "登记月数", "Months", _I, width=6),
    Field("last_contact_on", "末次联系", "Last contact", _D),
    Field("cancelled_on", "注销日期", "Cancelled", _D),
    Field(
        "cancellation_reason",
        "注销原因",
        "Cancel reason",
        codes="unemployment_cancel_reason",
        width=16,
    ),
)

STATUS_ZH = {
    "active": "有效",
    "superseded": "已更新",
    "expired": "已过期",
    "applied": "已申请",
    "under_review": "审核中",
    "approved": "已认定",
    "recognised": "已认定",
    "rejected": "不予认定",
    "cancelled": "已注销",
    "open": "进行中",
    "closed": "已结束",
    "placed": "已安置",
    "accepted": "已受理",
    "refused": "不予受理",
    "agreed": "已达成协议",
    "confirmed": "已司法确认",
    "arbitration": "已转仲裁",
    "received": "已收到",
    "investigating": "调查中",
    "requested": "已申请",
    "forwarded": "已转交",
    "done": "已办结",
    "intake": "档案转入（接收）",
    "lookup": "档案查阅",
    "certificate": "开具存档证明",
    "transfer_out": "档案转出",
}


def _status(key: str = "status") -> Field:
    return Field(key, "状态", "Status", codes=STATUS, width=10)


SPECS: dict[LedgerKind, LedgerSpec] = {
    s.kind: s
    for s in (
        LedgerSpec(
            LedgerKind.JOB_SEEKERS,
            "求职登记台账",
            "Register of job seekers",
            (
                *PERSON,
                Field("registered_on", "登记日期", "Registered", _D),
                Field("occupation", "求职意向", "Occupation sought", codes="occupation", width=16),
                Field("wage", "期望月工资", "Wage sought", _I, width=8),
                Field("valid_until", "有效期至", "Valid until", _D),
                _status(),
            ),
            q.job_seekers,
        ),
        LedgerSpec(
            LedgerKind.UNEMPLOYED,
            "失业人员台账",
            "Register of the unemployed",
            UNEMPLOYED,
            q.unemployed,
            q.with_long_term,
        ),
        LedgerSpec(
            LedgerKind.LONG_TERM_UNEMPLOYED,
            "长期失业人员台账",
            "Register of the long-term unemployed",
            UNEMPLOYED,
            q.unemployed,
            q.only_long_term,
        ),
        LedgerSpec(
            LedgerKind.HARD_TO_EMPLOY,
            "就业困难人员及援助台账",
            "Register of the hard-to-employ and their assistance",
            (
                Field("serial_no", "认定编号", "Serial no.", width=14),
                *PERSON,
                Field(
                    "category", "困难类别", "Category", codes="hard_to_employ_category", width=18
                ),
                Field("applied_on", "申请日期", "Applied", _D),
                Field("decided_on", "认定日期", "Decided", _D),
                _status(),
                Field("cancelled_on", "注销日期", "Cancelled", _D),
                Field("zero_household", "零就业家庭", "Zero-employment household", width=6),
                Field("contacts", "本期援助次数", "Assistance (period)", _I, width=6),
                Field("guidance", "其中职业指导", "of which guidance", _I, width=6),
                Field("offers", "其中岗位推荐", "of which job offers", _I, width=6),
                Field("plan_status", "援助计划", "Assistance plan", codes=STATUS, width=8),
                Field("employed_on", "实现就业日期", "Employed on", _D),
            ),
            q.hard_to_employ,
        ),
        LedgerSpec(
            LedgerKind.EMPLOYMENT,
            "就业登记台账",
            "Register of employment registrations",
            (
                *PERSON,
                Field("employer", "用人单位", "Employer", width=24),
                Field("uscc", "统一社会信用代码", "USCC", width=20),
                Field("form", "就业形式", "Form", codes="employment_form", width=12),
                Field("flexible_type", "灵活就业形式", "Flexible type", codes="employment_form"),
                Field("contract_form", "合同类型", "Contract", codes="contract_form", width=14),
                Field("contract_end", "合同终止日期", "Contract ends", _D),
                Field("wage", "月工资", "Wage", _I, width=8),
                Field("started_on", "就业日期", "Started", _D),
                Field("terminated_on", "终止日期", "Terminated", _D),
                Field("termination_reason", "终止原因", "Reason", width=16),
            ),
            q.employment,
        ),
        LedgerSpec(
            LedgerKind.VACANCIES,
            "岗位信息及推荐台账",
            "Register of vacancies and placements",
            (
                Field("employer", "用人单位", "Employer", width=24),
                Field("title", "岗位名称", "Job", width=14),
                Field("occupation", "职业", "Occupation", codes="occupation", width=14),
                Field("headcount", "招聘人数", "Openings", _I, width=6),
                Field("wage_min", "工资下限", "Wage from", _I, width=8),
                Field("wage_max", "工资上限", "Wage to", _I, width=8),
                AREA,
                Field("valid_from", "有效期起", "Valid from", _D),
                Field("valid_until", "有效期止", "Valid until", _D),
                _status(),
                Field("recommended", "本期推荐人次", "Recommended", _I, width=6),
                Field("accepted", "推荐成功", "Accepted", _I, width=6),
            ),
            q.vacancies,
        ),
        LedgerSpec(
            LedgerKind.MEDIATION,
            "劳动争议调解台账",
            "Register of labour-dispute mediation",
            (
                Field("case_no", "案件编号", "Case no.", width=16),
                Field("name", "申请人", "Applicant", personal=PersonalField.NAME, width=10),
                PHONE,
                Field("respondent", "被申请人", "Respondent", width=24),
                Field("matter", "争议事项", "Matter", width=30),
                Field("applied_on", "申请日期", "Applied", _D),
                Field("accepted_on", "受理日期", "Accepted", _D),
                Field("agreement_on", "达成协议日期", "Agreement", _D),
                Field("confirmed_on", "确认日期", "Confirmed", _D),
                Field("arbitration_on", "转仲裁日期", "To arbitration", _D),
                _status(),
            ),
            q.mediation,
        ),
        LedgerSpec(
            LedgerKind.COMPLAINTS,
            "劳动保障监察投诉台账",
            "Register of labour-inspection complaints",
            (
                Field("complaint_no", "投诉编号", "Complaint no.", width=16),
                Field("name", "投诉人", "Complainant", personal=PersonalField.NAME, width=10),
                PHONE,
                Field("employer", "被投诉单位", "Employer", width=24),
                Field("facts", "投诉事实", "Facts", width=30),
                Field("received_on", "收到日期", "Received", _D),
                Field("accepted_on", "受理日期", "Accepted", _D),
                Field("investigation_due", "调查期限", "Investigate by", _D),
                Field("closed_on", "结案日期", "Closed", _D),
                _status(),
            ),
            q.complaints,
        ),
        LedgerSpec(
            LedgerKind.ARCHIVE_REQUESTS,
            "人事档案业务台账",
            "Register of personnel-archive requests",
            (
                NAME,
                ID_NUMBER,
                PHONE,
                AREA,
                Field("kind", "业务类型", "Request", codes=STATUS, width=14),
                Field("requested_on", "申请日期", "Requested", _D),
                Field("forwarded_on", "转交日期", "Forwarded", _D),
                Field("receipt_due", "回执期限", "Receipt due", _D),
                Field("received_on", "回执日期", "Receipt", _D),
                Field("overdue", "催办", "Chase", width=8),
                Field("file_location", "存放位置", "Location", width=14),
                _status(),
            ),
            q.archive_requests,
            q.with_receipt_overdue,
        ),
    )
}
