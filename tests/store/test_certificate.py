"""就业创业证核发 (JY-006): issued after an employment or unemployment registration, one
valid certificate a person, a lost one re-issued and a full one exchanged; each refusal
names its field and saves nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from hub_sync.model import EmploymentCertificate, ServiceTicket
from station_client.rules import ValidationError
from station_client.rules.codes import Role
from station_client.store.person_file import Wording, open_person_file
from station_client.store.service_specs import SPECS
from station_client.store.services import errors_of, record_service

from .test_services import CLERK, TODAY, VALID, Desk
from .test_services import desk as desk  # the fixture, shared

FIRST = {"certificate_type": "1", "issued_on": TODAY}


def _certificates(desk: Desk) -> list[EmploymentCertificate]:
    with desk.store.transaction() as s:
        query = select(EmploymentCertificate).order_by(EmploymentCertificate.certificate_no)
        found = list(s.scalars(query))
        s.expunge_all()
        return found


def _refused(desk: Desk, values: dict[str, object]) -> dict[str, str]:
    """The fields named by the refusal, with their Chinese messages."""
    with pytest.raises(ValidationError) as refused:
        record_service(desk.store, CLERK, "JY-006", desk.person_id, values)
    return {e.field: e.message_zh for e in errors_of(refused.value)}


def _registered(desk: Desk) -> None:
    record_service(desk.store, CLERK, "JY-002", desk.person_id, VALID["JY-002"])


def test_the_form_asks_how_the_certificate_is_applied_for() -> None:
    spec = SPECS["JY-006"]
    assert spec.model is EmploymentCertificate and spec.number == ("certificate_no", "JZ")
    assert [f.name for f in spec.fields] == ["certificate_type", "issued_on", "replaces_no"]
    kinds = dict(spec.field("certificate_type").choices)
    assert kinds == {"1": "首次申领", "2": "遗失补发", "3": "损毁或记满换发"}
    assert not spec.field("replaces_no").stored  # checked, not a column


def test_a_first_certificate_needs_a_registration_first(desk: Desk) -> None:
    assert _refused(desk, FIRST) == {"person": "请先办理就业登记或失业登记，再核发就业创业证"}
    assert _certificates(desk) == []


def test_a_first_certificate_is_numbered_by_the_station_and_due_in_five_working_days(
    desk: Desk, reference
) -> None:
    _registered(desk)
    result = record_service(desk.store, CLERK, "JY-006", desk.person_id, FIRST)

    [certificate] = _certificates(desk)
    assert certificate.certificate_no == "JZ-320115001001-20261102-0001"
    assert (certificate.issuing_org, certificate.status) == ("320115001001", "valid")
    assert (certificate.person_id, certificate.issued_on) == (desk.person_id, TODAY)
    assert certificate.certificate_type == "1"
    assert reference.catalogue.item("JY-006").time_limit_working_days == 5
    ticket = desk.get(ServiceTicket, result.ticket_id)
    assert (ticket.status, ticket.due_on) == ("accepted", date(2026, 11, 9))
    assert (ticket.subject_table, ticket.subject_id) == ("employment_certificates", certificate.id)


def test_a_second_first_certificate_is_refused_at_the_kind(desk: Desk) -> None:
    _registered(desk)
    record_service(desk.store, CLERK, "JY-006", desk.person_id, FIRST)
    refused = _refused(desk, FIRST)
    assert list(refused) == ["certificate_type"]
    assert "已持有有效的就业创业证（JZ-320115001001-20261102-0001）" in refused["certificate_type"]
    assert len(_certificates(desk)) == 1


def test_a_lost_certificate_is_reissued_and_the_old_one_marked_lost(desk: Desk) -> None:
    _registered(desk)
    record_service(desk.store, CLERK, "JY-006", desk.person_id, FIRST)
    lost = {"certificate_type": "2", "issued_on": TODAY}

    wrong = _refused(desk, {**lost, "replaces_no": "JZ-320115001001-20260101-0009"})
    assert wrong == {"replaces_no": "原证编号与本站记录（JZ-320115001001-20261102-0001）不符"}

    right = {**lost, "replaces_no": "jz-320115001001-20261102-0001"}  # case does not matter
    record_service(desk.store, CLERK, "JY-006", desk.person_id, right)
    old, new = _certificates(desk)
    assert (old.status, new.status) == ("lost", "valid")
    assert new.certificate_no == "JZ-320115001001-20261102-0002" and new.certificate_type == "2"


def test_an_exchange_needs_a_certificate_to_exchange(desk: Desk) -> None:
    _registered(desk)
    exchange = {"certificate_type": "3", "issued_on": TODAY}
    assert _refused(desk, exchange) == {
        "certificate_type": "该人员没有有效的就业创业证，请选首次申领"
    }
    record_service(desk.store, CLERK, "JY-006", desk.person_id, FIRST)
    record_service(desk.store, CLERK, "JY-006", desk.person_id, exchange)
    assert [c.status for c in _certificates(desk)] == ["exchanged", "valid"]


def test_field_checks_come_first_and_name_every_bad_field(desk: Desk) -> None:
    _registered(desk)
    refused = _refused(
        desk, {"certificate_type": "9", "issued_on": "2026-11-20", "replaces_no": "X" * 31}
    )
    assert refused == {
        "certificate_type": "“9”不是可选的申领类型",
        "issued_on": "发证日期不能晚于今天（2026-11-02）",
        "replaces_no": "原证编号不能超过30个字",
    }
    assert _refused(desk, {"certificate_type": "", "issued_on": TODAY}) == {
        "certificate_type": "请选择申领类型"
    }
    assert _certificates(desk) == []


def test_the_file_lists_the_certificate_in_the_language_asked_for(desk: Desk) -> None:
    _registered(desk)
    record_service(desk.store, CLERK, "JY-006", desk.person_id, FIRST)
    chinese = open_person_file(desk.store, CLERK, Role.CLERK, desk.person_id)
    [row] = chinese.sections["certificates"]
    assert row.summary["证书编号"] == "JZ-320115001001-20261102-0001"
    assert row.summary["申领类型"] == "首次申领" and row.summary["发证日期"] == "2026-11-02"

    words = {"申领类型": "Kind", "首次申领": "first issue", "证书编号": "Number"}
    english = Wording("en", lambda text: words.get(text, text))
    [row] = open_person_file(
        desk.store, CLERK, Role.CLERK, desk.person_id, wording=english
    ).sections["certificates"]
    assert row.summary["Kind"] == "first issue"
    assert row.summary["Number"] == "JZ-320115001001-20261102-0001"
    [registration] = open_person_file(
        desk.store, CLERK, Role.CLERK, desk.person_id, wording=english
    ).sections["unemployment"]
    assert registration.summary["失业原因"] == "Contract terminated by the employer"  # the bundle's
