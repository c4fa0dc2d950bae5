"""The ``report`` command both command lines share, run on the fixed district."""

from __future__ import annotations

import argparse
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine

from hub_sync.reports import command
from hub_sync.reports.command import ReportContext, hub_context
from station_client.reference import default_bundle_dir

from .conftest import FixedEngines
from .dataset import ident


@pytest.fixture
def hub(fixed_engines: FixedEngines) -> Engine:
    return fixed_engines["hub-sqlite"]


@pytest.fixture
def context() -> ReportContext:
    made = hub_context(default_bundle_dir())
    return ReportContext(
        made.workdays, made.names, made.mask, lambda: datetime(2026, 11, 2, 1, tzinfo=UTC)
    )


def run(engine: Engine, context: ReportContext, *argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="renshe-hub")
    command.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["report", *argv])
    out, err = io.StringIO(), io.StringIO()
    with engine.connect() as conn:
        code = command.run(args, conn, context, prog="renshe-hub", out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_assessment_printed_and_exported(
    hub: Engine, context: ReportContext, tmp_path: Path
) -> None:
    code, out, err = run(hub, context, "assessment", "--period", "2026-10", "--scope", "320115")
    assert (code, err) == (0, "")
    assert "绩效考核统计表" in out and "统计期：2026年10月" in out
    district = next(line for line in out.splitlines() if line.startswith("区（县）"))
    assert district.split()[:6] == ["区（县）", "江宁区", "10", "8", "1", "7"]
    xlsx, pdf = tmp_path / "a.xlsx", tmp_path / "a.pdf"
    argv = (
        "assessment",
        "--period",
        "2026-10",
        "--scope",
        "320115",
        "--xlsx",
        str(xlsx),
        "--pdf",
        str(pdf),
    )
    code, out, _ = run(hub, context, *argv)
    assert code == 0 and out.split() == ["wrote", str(xlsx), "wrote", str(pdf)]
    assert openpyxl.load_workbook(xlsx).sheetnames == ["汇总", "分事项"]
    station = ("--station", ident("V1"), "--xlsx", str(tmp_path / "v1.xlsx"))
    assert (
        run(hub, context, "assessment", "--period", "2026-10", "--scope", "320115", *station)[0]
        == 0
    )


def test_ledgers_withhold_personal_data_on_the_hub(hub: Engine, context: ReportContext) -> None:
    code, out, _ = run(
        hub, context, "ledger", "unemployed", "--period", "2026-10", "--scope", "320115001"
    )
    assert code == 0
    assert "失业人员台账" in out and "共 5 条" in out
    assert "（不显示）" in out and "张P1明" not in out
    assert "用人单位解除劳动合同" in out  # code names from the reference files


def test_statistics_and_acceptance(hub: Engine, context: ReportContext, tmp_path: Path) -> None:
    code, out, _ = run(hub, context, "statistics", "--period", "2026-10", "--scope", "320115")
    assert code == 0 and "东山街道" in out
    inspections = tmp_path / "inspections.json"
    inspections.write_text(json.dumps({"stations": [{"station": "320115001", "floor_m2": 150}]}))
    code, out, _ = run(
        hub, context, "acceptance", "--scope", "320115", "--facilities", str(inspections)
    )
    assert code == 0 and "TA服务站" in out and "150m²（合格）" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("assessment", "--period", "2026-13", "--scope", "320115"), "no month 13"),
        (("statistics", "--period", "Oct", "--scope", "320115"), "not a period"),
        (("assessment", "--period", "2027-01", "--scope", "320115"), "has not started"),
        (("ledger", "unemployed", "--period", "2026-10", "--scope", "999999"), "not known"),
        (
            ("assessment", "--period", "2026-10", "--scope", "320115", "--station", "nope"),
            "not in the assessment",
        ),
        (("acceptance", "--scope", "320115", "--facilities", "/nonexistent/f.json"), "cannot read"),
    ],
)
def test_bad_input_says_why_and_writes_nothing(
    hub: Engine, context: ReportContext, tmp_path: Path, argv: tuple[str, ...], message: str
) -> None:
    target = tmp_path / "out.xlsx"
    code, out, err = run(hub, context, *argv, "--xlsx", str(target))
    assert code == 2 and out == ""
    assert message in err and err.count("renshe-hub:") == 2  # English and Chinese
    assert not target.exists()
