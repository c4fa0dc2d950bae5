"""What the station prints for people, as plain values: a receipt (受理回执), a one-time
notice (一次性告知书) and registration forms (登记表).

A :class:`PrintedDocument` is titled sections of label/value rows and paragraphs, plus
``barcode_id``: what the station barcode on the sheet stands for (the ticket number on
ticket documents, the record id on a registration form); the UI encodes it in the
station code format and draws it. Printing a person's data is audited, as viewing
their file is; the ID number on a receipt, which goes home with the person, is always
masked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from hub_sync.model import MODELS_BY_TABLE, Employer, Person, Staff, Station
from station_client.reference import ReferenceBundle
from station_client.rules.codes import Role
from station_client.rules.masking import Field, mask_citizen_id, present
from station_client.rules.tickets import OneTimeNotice, TicketStatus, station_day

from . import audit
from . import ticket_support as support
from .actor import Actor
from .errors import StoreError
from .store import Store
from .ticket_views import code_name, staff_names


@dataclass(frozen=True)
class DocumentSection:
    heading: str | None
    rows: tuple[tuple[str, str], ...] = ()  # (label, value)
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class PrintedDocument:
    kind: str  # receipt / notice / form
    title: str
    number: str  # shown under the title (ticket or registration number)
    station: str
    barcode_id: str  # what the station barcode on the sheet stands for
    sections: tuple[DocumentSection, ...]
    footer: tuple[str, ...]
    file_stem: str  # a default file name for a PDF copy


@dataclass(frozen=True)
class FormLayout:
    title: str
    section: str
    number_field: str | None
    rows: tuple[tuple[str, str, str | None], ...]  # (label, column, code table)


#: The person's part of every form: (label, column, code table or "divisions").
PERSON_ROWS: tuple[tuple[str, str, str | None], ...] = (
    ("姓名", "name", None),
    ("性别", "sex", "sex"),
    ("民族", "ethnicity", "ethnicity"),
    ("出生日期", "birth_date", None),
    ("公民身份号码", "citizen_id", None),
    ("联系电话", "phone", None),
    ("户口性质", "hukou_type", "hukou_type"),
    ("文化程度", "education", "education"),
    ("常住地址", "address", None),
)

#: The registration forms the station prints, by table.
FORMS: dict[str, FormLayout] = {
    "job_seeker_registrations": FormLayout(
        "求职登记表",
        "求职意向",
        None,
        (
            ("登记日期", "registered_on", None),
            ("意向职业", "intended_occupation", "occupation"),
            ("意向工作地", "intended_division", "divisions"),
            ("期望月薪（元）", "expected_wage", None),
            ("专业技能", "skills", None),
            ("工作经历", "work_history", None),
            ("培训经历", "training_history", None),
            ("登记有效期至", "valid_until", None),
        ),
    ),
    "unemployment_registrations": FormLayout(
        "失业登记表",
        "失业登记信息",
        "registration_no",
        (
            ("登记编号", "registration_no", None),
            ("登记日期", "registered_on", None),
            ("失业日期", "unemployed_since", None),
            ("失业原因", "reason", "unemployment_reason"),
            ("原工作单位", "former_employer_name", None),
            ("原单位统一社会信用代码", "former_employer_uscc", None),
            ("“4050”人员", "is_4050", None),
            ("低保家庭", "is_low_income", None),
            ("档案编号", "archive_no", None),
        ),
    ),
    "employment_registrations": FormLayout(
        "就业登记表",
        "就业登记信息",
        None,
        (
            ("就业形式", "employment_form", "employment_form"),
            ("劳动合同形式", "contract_form", "contract_form"),
            ("合同起始日期", "contract_start", None),
            ("合同终止日期", "contract_end", None),
            ("职业（工种）", "occupation_code", "occupation"),
            ("月工资（元）", "wage", None),
            ("就业渠道", "channel", "employment_channel"),
            ("就业日期", "started_on", None),
        ),
    ),
    "hard_to_employ_recognitions": FormLayout(
        "就业困难人员认定申请表",
        "认定申请信息",
        "serial_no",
        (
            ("申请编号", "serial_no", None),
            ("困难类别", "category", "hard_to_employ_category"),
            ("家庭人均月收入（元）", "monthly_income", None),
            ("申请日期", "applied_on", None),
        ),
    ),
}

_MASKED = {"name": Field.NAME, "citizen_id": Field.CITIZEN_ID, "phone": Field.PHONE}
_MASKED |= {"address": Field.ADDRESS}


def _station_name(s: Session, station_id: str) -> str:
    station = s.get(Station, station_id)
    return station.name if station else ""


def _audit(s: Session, store: Store, actor: Actor, action: str, person_id: str, what: str) -> None:
    audit.append(
        s,
        station_id=actor.station_id,
        staff_id=actor.staff_id,
        action=action,
        subject_table="persons",
        subject_id=person_id,
        at=store.clock(),
        detail=what,
    )


def ticket_receipt(store: Store, actor: Actor, role: Role, ticket_id: str) -> PrintedDocument:
    """受理回执: what was accepted, by whom, and by when it will be done."""
    bundle = store.reference()
    with store.transaction() as s:
        t = support.ticket(s, ticket_id)
        item = support.item(bundle, t.catalogue_code)
        names = staff_names(s, (t.owner_staff_id, t.first_owner_staff_id))
        rows: list[tuple[str, str]] = [("受理编号", t.ticket_no)]
        person = s.get(Person, t.person_id) if t.person_id else None
        if person is not None:
            rows.append(("申请人", present(Field.NAME, person.name, role)))
            rows.append(("证件号码", mask_citizen_id(person.citizen_id)))
            _audit(s, store, actor, "print_receipt", person.id, t.ticket_no)
        elif t.employer_id:
            employer = s.get(Employer, t.employer_id)
            rows.append(("申请单位", employer.name if employer else ""))
        limit = item.time_limit_working_days
        due = t.due_on.isoformat() if t.due_on else "—"
        if t.due_estimated:
            due += "（按工作日估算，以公布的节假日安排为准）"
        rows += [
            ("办理事项", f"{item.zh}（{item.code}）"),
            ("受理日期", t.accepted_on.isoformat()),
            ("办理时限", f"{limit}个工作日" if limit else "即时办结"),
            ("承诺办结日期", due),
            ("当前状态", TicketStatus(t.status).zh),
            ("首问负责人", names.get(t.first_owner_staff_id, "")),
            ("经办人", names.get(t.owner_staff_id, "")),
        ]
        station = _station_name(s, t.station_id)
        ticket_no = t.ticket_no
    return PrintedDocument(
        kind="receipt",
        title="受理回执",
        number=ticket_no,
        station=station,
        barcode_id=ticket_no,
        sections=(
            DocumentSection(None, rows=tuple(rows)),
            DocumentSection(
                None,
                paragraphs=(
                    "请妥善保管本回执；凭回执或扫描条码可查询办理进度。",
                    f"监督投诉电话：{bundle.catalogue.complaint_phone}",
                ),
            ),
        ),
        footer=(station, f"打印日期：{station_day(store.clock()).isoformat()}"),
        file_stem=f"受理回执-{ticket_no}",
    )


def notice_document(notice: OneTimeNotice) -> PrintedDocument:
    """The 一次性告知书 as printed: its own lines (:meth:`OneTimeNotice.lines_zh`)."""
    lines = notice.lines_zh()
    return PrintedDocument(
        kind="notice",
        title=lines[0],
        number=notice.ticket_no,
        station=notice.station,
        barcode_id=notice.ticket_no,
        sections=(DocumentSection(None, paragraphs=tuple(lines[2:-2])),),
        footer=tuple(lines[-2:]),
        file_stem=f"一次性告知书-{notice.ticket_no}",
    )


def one_time_notice(store: Store, actor: Actor, ticket_id: str) -> PrintedDocument:
    """The ticket's one-time notice, ready to print (the desk audits it)."""
    return notice_document(store.tickets.one_time_notice(actor, ticket_id))


def registration_form(
    store: Store, actor: Actor, role: Role, table: str, record_id: str
) -> PrintedDocument:
    """The registration form of one record (求职/失业/就业登记表, 认定申请表)."""
    form = FORMS.get(table)
    if form is None or table not in MODELS_BY_TABLE:
        raise StoreError(f"no printed form for {table}", "此类记录没有可打印的登记表")
    bundle = store.reference()
    with store.transaction() as s:
        record = s.get(MODELS_BY_TABLE[table], record_id)
        person_id = str(getattr(record, "person_id", "") or "")
        person = s.get(Person, person_id) if person_id else None
        if record is None or person is None or getattr(record, "deleted", False):
            raise StoreError(f"no {table} record {record_id}", "未找到该登记记录")
        person_rows = tuple(
            (label, _person_value(bundle, person, column, table_name, role))
            for label, column, table_name in PERSON_ROWS
        )
        record_rows = tuple(
            (label, _value(bundle, getattr(record, column, None), table_name))
            for label, column, table_name in form.rows
        )
        number = str(getattr(record, form.number_field, "") or "") if form.number_field else ""
        staff = s.get(Staff, actor.staff_id) if actor.staff_id else None
        station = _station_name(s, actor.station_id)
        _audit(s, store, actor, "print_form", person.id, f"{table}:{record_id}")
    today = station_day(store.clock())
    return PrintedDocument(
        kind="form",
        title=form.title,
        number=number,
        station=station,
        barcode_id=record_id,
        sections=(
            DocumentSection("个人基本信息", rows=person_rows),
            DocumentSection(form.section, rows=record_rows),
            DocumentSection(None, paragraphs=("本人承诺以上信息真实有效。",)),
        ),
        footer=(
            f"申请人签字：＿＿＿＿＿＿　经办人：{staff.full_name if staff else ''}",
            f"{station}　{today.year}年{today.month}月{today.day}日",
        ),
        file_stem=f"{form.title}-{number or record_id[:8]}",
    )


def _value(bundle: ReferenceBundle, value: object, table: str | None) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    if table == "divisions":
        code = str(value)
        return bundle.divisions.full_name(code) if code in bundle.divisions else code
    if table:
        return code_name(bundle.code_tables.get(table), str(value))
    return str(value)


def _person_value(
    bundle: ReferenceBundle, person: Person, column: str, table: str | None, role: Role
) -> str:
    value = getattr(person, column, None)
    if column in _MASKED and value:
        return present(_MASKED[column], str(value), role)
    return _value(bundle, value, table)
