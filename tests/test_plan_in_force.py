"""One plan in force, decided in one place (warehouse.plan.plan_path: --plan, $CCHC_PLAN, the period's year, the
default) and used by the command line, the gate and the dashboard: `load --plan` checks a register's target ids
against that plan."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main
from warehouse.plan import DEFAULT_PLAN, PLAN_ENV, load_plan, plan_path

REGISTER = ("Mã chỉ tiêu,Kết quả,Ngày xác nhận,Văn bản minh chứng,Ghi chú,Người xác nhận\n"
            "CDDH-91,Đã hoàn thành,20/12/2025,1/BC,,Chủ tịch UBND xã\n"
            "CDDH-01,Đã hoàn thành,20/12/2025,2/BC,,Chủ tịch UBND xã\n")


@pytest.fixture
def next_plan(tmp_path) -> Path:
    """A plan whose CDDH-01 became CDDH-91 (a new year's ids)."""
    path = tmp_path / "ke-hoach-moi.toml"
    path.write_text(DEFAULT_PLAN.read_text(encoding="utf-8").replace('"CDDH-01"', '"CDDH-91"'), encoding="utf-8")
    return path


def refused_ids(warehouse: Path) -> set[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {v for (v,) in con.execute("SELECT value FROM rejects WHERE \"column\" = 'ma_chi_tieu'").fetchall()}


@pytest.mark.parametrize("named, refused", [(True, {"CDDH-01"}), (False, {"CDDH-91"})], ids=["--plan", "default"])
def test_a_register_is_checked_against_the_plan_in_force(tmp_path, next_plan, capsys, named, refused):
    register = tmp_path / "xac_nhan_2025.csv"
    register.write_text(REGISTER, encoding="utf-8")
    warehouse = tmp_path / "wh.duckdb"
    main(["--warehouse", str(warehouse), *(["--plan", str(next_plan)] if named else []), "load", "--quiet", str(register)])
    capsys.readouterr()
    assert refused_ids(warehouse) == refused


def test_one_function_decides_the_plan(next_plan, monkeypatch):
    monkeypatch.delenv(PLAN_ENV, raising=False)
    assert plan_path() == DEFAULT_PLAN and plan_path(2025, next_plan) == next_plan
    monkeypatch.setenv(PLAN_ENV, str(next_plan))
    assert plan_path(2025) == next_plan and "CDDH-91" in {t.id for t in load_plan().targets}
