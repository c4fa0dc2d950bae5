"""The basic ledgers of the fixed district: which records each one lists, the values
shown, personal data masked for the viewer's role, on every backend."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from hub_sync.reports import (
    LedgerKind,
    PersonalField,
    UnknownReport,
    area_scope,
    code_names_from_bundle,
    ledger,
    parse_period,
    revealed,
    station_scope,
    withheld,
)
from hub_sync.reports.ledgers import Masker
from station_client.reference import ReferenceBundle
from station_client.rules.codes import Role
from station_client.rules.masking import Field, mask_citizen_id, present

from .dataset import AS_OF, DISTRICT, TOWN_A, TOWN_B, citizen_id, ident

OCTOBER = parse_period("2026-10")


def masked_for(role: Role) -> Masker:
    """The station's masking rules for a viewer of ``role`` (what the station passes)."""

    def mask(field: PersonalField, value: str | None) -> str:
        return present(Field(field.value), value, role)

    return mask


def _ledger(engine: Engine, kind: str, scope: str = DISTRICT, mask: Masker = revealed, **kw):  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        where = (
            area_scope(conn, scope)
            if not scope.startswith("station:")
            else station_scope(conn, scope[8:])
        )
        return ledger(conn, kind, where, kw.pop("period", OCTOBER), mask=mask, as_of=AS_OF, **kw)


def test_unemployed_register(fixed: Engine, reference: ReferenceBundle) -> None:
    found = _ledger(fixed, "unemployed", names=code_names_from_bundle(reference))
    assert found.title_zh == "失业人员台账"
    # In October at some time: not SY7 (an error) nor SY8 (cancelled in September);
    # by registration day, then number.
    assert found.column("registration_no") == ["SY5", "SY1", "SY3", "SY6", "SY4", "SY2"]
    assert found.column("long_term") == ["是", "是", "", "是", "", ""]
    assert found.column("months") == [10, 7, 5, 6, 5, 0]  # SY3 until its cancellation
    assert found.column("name")[0] == "张P4明"
    assert found.column("citizen_id")[0] == citizen_id("p4")
    assert found.column("area") == ["三村", "一村", "一村", "二村", "二村", "一村"]
    assert found.column("sex")[0] == "男"
    assert found.column("reason")[0] == reference.table("unemployment_reason").entry("02").zh
    assert found.column("cancelled_on")[2] == date(2026, 10, 12)
    assert found.column("is_4050") == ["", "", "", "", "是", ""]
    long_term = _ledger(fixed, LedgerKind.LONG_TERM_UNEMPLOYED)
    assert long_term.column("registration_no") == ["SY5", "SY1", "SY6"]
    assert _ledger(fixed, "unemployed", TOWN_A).column("registration_no") == [
        "SY1",
        "SY3",
        "SY6",
        "SY4",
        "SY2",
    ]
    assert _ledger(fixed, "unemployed", f"station:{ident('V1')}").column("registration_no") == [
        "SY1",
        "SY3",
        "SY2",
    ]


def test_every_ledger_lists_what_it_should(fixed: Engine) -> None:
    assert [r[0] for r in _ledger(fixed, "job_seekers").rows] == ["张P5明", "张P7明"]
    hard = _ledger(fixed, "hard_to_employ")
    assert hard.column("serial_no") == ["KN3", "KN1", "KN4", "KN2"]  # not the refused KN5
    assert hard.column("contacts") == [2, 0, 1, 0]
    assert hard.column("guidance") == [1, 0, 0, 0]
    assert hard.column("offers") == [1, 0, 1, 0]
    assert hard.column("plan_status") == ["进行中", None, "进行中", None]
    assert hard.column("employed_on") == [date(2026, 10, 16), None, date(2026, 10, 20), None]
    assert hard.column("status") == ["已注销", "已认定", "已认定", "审核中"]
    employment = _ledger(fixed, "employment")
    assert employment.column("started_on") == [
        date(2026, 9, 21),
        date(2026, 10, 16),
        date(2026, 10, 20),
    ]
    assert employment.column("terminated_on")[0] == date(2026, 10, 9)
    assert employment.column("employer")[1] == "南京er1有限公司"
    vacancies = _ledger(fixed, "vacancies")
    assert vacancies.column("title") == ["岗位VA", "岗位VC"]  # VB expired, VD deleted
    assert vacancies.column("recommended") == [2, 0]
    assert vacancies.column("accepted") == [1, 0]
    assert _ledger(fixed, "vacancies", TOWN_B).rows == []
    assert _ledger(fixed, "mediation").column("case_no") == ["TJ1", "TJ2"]
    assert _ledger(fixed, "mediation", TOWN_A).column("case_no") == ["TJ1"]  # TJ2: district only
    assert _ledger(fixed, "complaints").column("complaint_no") == ["JC1"]
    assert _ledger(fixed, "complaints", TOWN_A).rows == []
    archives = _ledger(fixed, "archive_requests")
    assert archives.column("kind") == ["档案转入（接收）", "档案查阅"]
    assert archives.column("overdue") == ["已超期", ""]


@pytest.mark.parametrize(
    ("role", "name", "number_masked"),
    [
        (Role.CLERK, "张P1明", False),
        (Role.DISTRICT_ADMIN, "张P1明", True),
        (Role.DISTRICT_IT, "张***", True),
    ],
)
def test_personal_data_masked_by_role(
    fixed: Engine, role: Role, name: str, number_masked: bool
) -> None:
    found = _ledger(fixed, "unemployed", mask=masked_for(role))
    row = found.column("registration_no").index("SY1")
    number = citizen_id("p1")
    assert found.column("name")[row] == name
    assert found.column("citizen_id")[row] == (mask_citizen_id(number) if number_masked else number)
    phones = found.column("phone")
    assert (phones[row] == "13912340001") is not number_masked
    withheld_rows = _ledger(fixed, "complaints", mask=withheld).rows
    assert withheld_rows[0][1:3] == ("（不显示）", "（不显示）")


def test_unknown_ledger(fixed: Engine) -> None:
    with pytest.raises(UnknownReport, match="no ledger 'payroll'"):
        _ledger(fixed, "payroll")
