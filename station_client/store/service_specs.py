"""What the counter records for each service item: the fields, their pickers and checks.

A :class:`ServiceSpec` names the record a catalogue item creates (cancellation of an
unemployment registration updates one instead) and the fields the clerk fills: label,
kind, the code table a picker offers, whether it is required, the checks a value must
pass and where a blank value comes from. :mod:`station_client.store.services` checks
the values and writes the record; the Qt form is built from the same specs, so the
screen offers exactly what the store accepts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from hub_sync.model import (
    ArchiveRequest,
    AssistanceContact,
    Base,
    EmploymentCertificate,
    EmploymentRegistration,
    GuidanceSession,
    HardToEmployRecognition,
    InspectionComplaint,
    InsuranceEnrolment,
    JobSeekerRegistration,
    MediationCase,
    TrainingReferral,
    UnemploymentRegistration,
)
from station_client.reference import CodeEntry, ReferenceBundle


class Kind(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"  # several lines
    NUMBER = "number"  # a whole number
    DATE = "date"
    FLAG = "flag"  # yes / no
    CODE = "code"  # a code-table picker
    CHOICE = "choice"  # a short fixed list
    DIVISION = "division"  # a town or village of the district
    CITIZEN_ID = "citizen_id"
    USCC = "uscc"  # unified social credit code of an employer
    PHONE = "phone"


PICKERS = frozenset({Kind.CODE, Kind.CHOICE, Kind.DIVISION})


@dataclass(frozen=True)
class FieldSpec:
    """One field of a form. ``stored`` False: a declaration the rules check, not a column.

    ``from_person``: left blank, the value is taken from that column of the person.
    ``employer_to``: a credit code looked up among the station's employers, whose id goes
    to that column (an unknown code is refused only when the field is required).
    ``today``: prefilled with the station's day. Dates may not lie after today unless
    ``future``; ``not_before`` / ``not_after`` name another date field of the form.
    """

    name: str
    zh: str
    kind: Kind = Kind.TEXT
    required: bool = False
    table: str | None = None
    keep: Callable[[CodeEntry], bool] | None = None  # the codes of ``table`` offered
    choices: tuple[tuple[str, str], ...] = ()
    max_len: int = 200
    low: int = 0
    high: int = 1_000_000
    future: bool = False
    not_before: str | None = None
    not_after: str | None = None
    from_person: str | None = None
    employer_to: str | None = None
    stored: bool = True
    today: bool = False
    default: str | bool | None = None
    hint: str = ""

    @property
    def picker(self) -> bool:
        return self.kind in PICKERS

    def options(self, bundle: ReferenceBundle, lang: str = "zh") -> tuple[tuple[str, str], ...]:
        """(code, name) pairs a picker offers; empty for other kinds. Code tables are named
        in ``lang`` ("zh" or "en", the bundle's own names; Chinese where a code has no
        English); fixed choices and place names are Chinese (a screen translates those)."""
        if self.kind is Kind.CHOICE:
            return self.choices
        if self.kind is Kind.CODE:
            assert self.table is not None
            english = lang == "en"
            return tuple(
                (e.code, e.en if english and e.en else e.zh)
                for e in bundle.table(self.table)
                if self.keep is None or self.keep(e)
            )
        if self.kind is Kind.DIVISION:
            tree = bundle.divisions
            nodes = sorted((*tree.towns(), *tree.villages()), key=lambda n: n.code)
            return tuple((n.code, "".join(p.name for p in tree.path(n.code)[3:])) for n in nodes)
        return ()


@dataclass(frozen=True)
class ServiceSpec:
    """The form of one catalogue item and the record it writes.

    ``person_column`` holds the person's id in the record; ``number`` = (column, letters)
    gives the record a station-unique number like ``TJ-<station>-<yyyymmdd>-0001``;
    ``fixed`` values are written as they are.
    """

    code: str
    model: type[Base]
    fields: tuple[FieldSpec, ...]
    person_column: str = "person_id"
    number: tuple[str, str] | None = None
    fixed: Mapping[str, Any] = field(default_factory=dict)

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)


# ------------------------------------------------------------------------ the forms


def _day(name: str, zh: str, **kw: Any) -> FieldSpec:
    return FieldSpec(name, zh, Kind.DATE, **kw)


def _today(name: str, zh: str) -> FieldSpec:
    return FieldSpec(name, zh, Kind.DATE, required=True, today=True)


def _code(name: str, zh: str, table: str, **kw: Any) -> FieldSpec:
    return FieldSpec(name, zh, Kind.CODE, table=table, **kw)


def _flag(name: str, zh: str, **kw: Any) -> FieldSpec:
    return FieldSpec(name, zh, Kind.FLAG, **kw)


def _text(name: str, zh: str, **kw: Any) -> FieldSpec:
    return FieldSpec(name, zh, Kind.TEXT, **kw)


def _long(name: str, zh: str, **kw: Any) -> FieldSpec:
    return FieldSpec(name, zh, Kind.LONG_TEXT, **kw)


def _money(name: str, zh: str) -> FieldSpec:
    return FieldSpec(name, zh, Kind.NUMBER, high=200_000, hint="元/月")


def _flexible(entry: CodeEntry) -> bool:
    return entry.parent == "40"


def _not_flexible(entry: CodeEntry) -> bool:
    return entry.code != "40" and entry.parent != "40"


def _employer(name: str, zh: str, to: str, **kw: Any) -> FieldSpec:
    hint = "18位统一社会信用代码"
    return FieldSpec(name, zh, Kind.USCC, stored=False, employer_to=to, hint=hint, **kw)


_OCCUPATION = _code("occupation_code", "职业（工种）", "occupation")
_WAGE = _money("wage", "月工资")
_CHANNEL = _code("channel", "就业渠道", "employment_channel")
_STARTED = _today("started_on", "就业日期")
_PLACE = (("hukou", "户籍地"), ("residence", "常住地"))
_ARCHIVE_KINDS = (
    ("intake", "档案转入（接收）"),
    ("lookup", "档案查阅"),
    ("certificate", "开具存档证明"),
    ("transfer_out", "档案转出"),
)
_OUTCOMES = (("pending", "待反馈"), ("accepted", "接受"), ("refused", "拒绝"))
#: How a 就业创业证 is applied for (``certificate_type``): a first certificate, a lost
#: one re-issued, a damaged or full one exchanged (the old one is marked either way).
CERTIFICATE_FIRST, CERTIFICATE_LOST, CERTIFICATE_EXCHANGED = "1", "2", "3"
_CERTIFICATE_KINDS = (
    (CERTIFICATE_FIRST, "首次申领"),
    (CERTIFICATE_LOST, "遗失补发"),
    (CERTIFICATE_EXCHANGED, "损毁或记满换发"),
)

_FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "JY-001": (
        _today("registered_on", "登记日期"),
        _code("intended_occupation", "求职意向（职业）", "occupation"),
        FieldSpec("intended_division", "意向工作地点", Kind.DIVISION),
        _money("expected_wage", "期望月工资"),
        _text("skills", "技能特长", max_len=500),
        _long("work_history", "工作经历"),
        _long("training_history", "培训经历"),
        _day("valid_until", "登记有效期至", future=True, not_before="registered_on"),
    ),
    "JY-002": (
        _today("registered_on", "登记日期"),
        _day("unemployed_since", "失业日期", not_after="registered_on"),
        _code("reason", "失业原因", "unemployment_reason", required=True),
        FieldSpec("place_basis", "登记地", Kind.CHOICE, True, choices=_PLACE, default="hukou"),
        FieldSpec("former_employer_uscc", "原单位统一社会信用代码", Kind.USCC),
        _text("former_employer_name", "原工作单位名称"),
        _flag("is_4050", "“4050”人员"),
        _flag("is_low_income", "低保家庭成员"),
        _text("archive_no", "档案编号"),
        _flag("wishes_to_work", "有劳动能力和就业意愿", stored=False, default=True),
        _flag("in_full_time_education", "全日制在校学生", stored=False),
        _flag("receiving_pension", "已按月领取养老金", stored=False),
        _flag("female_cadre", "女性，原法定退休年龄55周岁", stored=False),
    ),
    "JY-003": (
        _today("cancelled_on", "注销日期"),
        _code("cancellation_reason", "注销原因", "unemployment_cancel_reason", required=True),
    ),
    "JY-004": (
        _employer("employer_uscc", "用人单位统一社会信用代码", "employer_id", required=True),
        _code("employment_form", "就业形式", "employment_form", required=True, keep=_not_flexible),
        _code("contract_form", "劳动合同类型", "contract_form"),
        _day("contract_start", "合同开始日期"),
        _day("contract_end", "合同终止日期", future=True, not_before="contract_start"),
        _OCCUPATION,
        _WAGE,
        _CHANNEL,
        _STARTED,
    ),
    "JY-005": (
        _code("flexible_type", "灵活就业形式", "employment_form", required=True, keep=_flexible),
        _OCCUPATION,
        _money("wage", "月收入"),
        _CHANNEL,
        _STARTED,
    ),
    "JY-006": (
        FieldSpec(
            "certificate_type",
            "申领类型",
            Kind.CHOICE,
            required=True,
            choices=_CERTIFICATE_KINDS,
            default=CERTIFICATE_FIRST,
        ),
        _today("issued_on", "发证日期"),
        _text("replaces_no", "原证编号", stored=False, max_len=30, hint="补发、换发时核对原证"),
    ),
    "JY-007": (
        _code("category", "困难类别", "hard_to_employ_category", required=True),
        FieldSpec("monthly_income", "家庭人均月收入", Kind.NUMBER, high=100_000, hint="元/月"),
        _today("applied_on", "申请日期"),
    ),
    "JY-008": (
        _today("contacted_on", "服务日期"),
        _code("method", "援助方式", "assistance_method", required=True),
        _code("assistance_type", "援助类型", "assistance_type", hint="留空按人员类别确定"),
        _long("content", "服务内容", max_len=500),
        FieldSpec("outcome", "结果", Kind.CHOICE, choices=_OUTCOMES),
    ),
    "JY-011": (
        _today("held_on", "指导日期"),
        _code("session_type", "指导方式", "guidance_session_type", required=True, default="1"),
        _code("content_code", "指导内容", "service_content"),
        _long("result", "指导结果"),
    ),
    "JY-012": (
        _text("course", "培训项目", required=True),
        _text("provider", "培训机构"),
        _code("occupation_code", "培训职业（工种）", "occupation"),
        _today("referred_on", "推荐日期"),
    ),
    "SB-001": (
        _code("insurance_type", "险种", "insurance_type", required=True),
        _today("enrolled_on", "参保日期"),
    ),
    "TJ-001": (
        _text("applicant_name", "申请人姓名", required=True, from_person="name"),
        _employer("respondent_uscc", "被申请单位统一社会信用代码", "respondent_employer_id"),
        _text("respondent_name", "被申请人（单位名称）", required=True),
        _long("matter", "争议事项", required=True),
        _long("claims", "请求事项"),
        _long("reasons", "事实和理由"),
        _flag("oral_application", "口头申请（已当场记录）"),
        _today("applied_on", "申请日期"),
    ),
    "JC-001": (
        _text("complainant_name", "投诉人姓名", required=True, from_person="name"),
        _code("complainant_sex", "投诉人性别", "sex", from_person="sex"),
        FieldSpec("complainant_age", "投诉人年龄", Kind.NUMBER, low=1, high=130),
        _text("complainant_occupation", "投诉人职业"),
        _text("complainant_workplace", "投诉人工作单位"),
        _text("complainant_address", "投诉人住址", from_person="address"),
        FieldSpec("complainant_phone", "联系电话", Kind.PHONE, from_person="phone"),
        _employer("employer_uscc", "被投诉单位统一社会信用代码", "employer_id"),
        _text("employer_name", "被投诉单位名称", required=True),
        _text("employer_address", "单位地址"),
        _text("employer_legal_rep", "法定代表人"),
        _long("facts", "投诉事实", required=True),
        _long("requests", "投诉请求"),
        _today("received_on", "收到日期"),
    ),
    "RS-001": (
        FieldSpec("kind", "档案业务", Kind.CHOICE, required=True, choices=_ARCHIVE_KINDS),
        _today("requested_on", "申请日期"),
        _long("notes", "说明"),
    ),
}

_U, _C = UnemploymentRegistration, InspectionComplaint
#: Every catalogue item the counter records, by catalogue code.
SPECS: dict[str, ServiceSpec] = {
    "JY-001": ServiceSpec("JY-001", JobSeekerRegistration, _FIELDS["JY-001"]),
    "JY-002": ServiceSpec("JY-002", _U, _FIELDS["JY-002"], number=("registration_no", "SY")),
    "JY-003": ServiceSpec("JY-003", _U, _FIELDS["JY-003"]),
    "JY-004": ServiceSpec("JY-004", EmploymentRegistration, _FIELDS["JY-004"]),
    "JY-005": ServiceSpec(
        "JY-005", EmploymentRegistration, _FIELDS["JY-005"], fixed={"employment_form": "40"}
    ),
    "JY-006": ServiceSpec(
        "JY-006", EmploymentCertificate, _FIELDS["JY-006"], number=("certificate_no", "JZ")
    ),
    "JY-007": ServiceSpec(
        "JY-007", HardToEmployRecognition, _FIELDS["JY-007"], number=("serial_no", "KN")
    ),
    "JY-008": ServiceSpec("JY-008", AssistanceContact, _FIELDS["JY-008"]),
    "JY-011": ServiceSpec("JY-011", GuidanceSession, _FIELDS["JY-011"]),
    "JY-012": ServiceSpec(
        "JY-012", TrainingReferral, _FIELDS["JY-012"], fixed={"status": "referred"}
    ),
    "SB-001": ServiceSpec(
        "SB-001", InsuranceEnrolment, _FIELDS["SB-001"], fixed={"status": "applied"}
    ),
    "TJ-001": ServiceSpec(
        "TJ-001",
        MediationCase,
        _FIELDS["TJ-001"],
        person_column="applicant_person_id",
        number=("case_no", "TJ"),
        fixed={"status": "applied"},
    ),
    "JC-001": ServiceSpec(
        "JC-001",
        _C,
        _FIELDS["JC-001"],
        person_column="complainant_person_id",
        number=("complaint_no", "JC"),
        fixed={"status": "received"},
    ),
    "RS-001": ServiceSpec(
        "RS-001", ArchiveRequest, _FIELDS["RS-001"], fixed={"status": "requested"}
    ),
}

#: A new person's registration (人员登记); sex and birth date follow from the ID number.
PERSON_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("citizen_id", "公民身份号码", Kind.CITIZEN_ID, required=True),
    _text("name", "姓名", required=True),
    _code("sex", "性别", "sex", hint="留空按身份证号确定"),
    _day("birth_date", "出生日期", hint="留空按身份证号确定"),
    _code("ethnicity", "民族", "ethnicity"),
    FieldSpec("phone", "联系电话", Kind.PHONE),
    _text("address", "住址"),
    FieldSpec("residence_division", "常住地（村、社区）", Kind.DIVISION),
    _code("hukou_type", "户口性质", "hukou_type"),
    _code("education", "文化程度", "education"),
    _code("marital_status", "婚姻状况", "marital_status"),
    _code("political_status", "政治面貌", "political_status"),
    _flag("verified", "已核验身份证件"),
)
