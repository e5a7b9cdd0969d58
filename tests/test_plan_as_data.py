"""Plans are data: a 2026 plan with renumbered targets, new thresholds and a mid-year deadline, reusing the
measures, loads and evaluates with no code change; chosen by --plan, $CCHC_PLAN or the period's year."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import KTD, MET, MISSED, NO_DATA, D, hs, load_files, write_source

from pipelines.cli import main
from warehouse.db import connect_readonly
from warehouse.evaluate import evaluate
from warehouse.plan import DEFAULT_PLAN, PLAN_ENV, load_plan, plan_path

pytestmark = pytest.mark.slow  # loads a warehouse: run by .ci/run

PLAN_2026 = Path(__file__).parent / "fixtures" / "plans" / "ke-hoach-2026.toml"
JAN = {"ngay_tiep_nhan": "05/01/2026 08:00", "ngay_hen_tra": "12/01/2026 17:00", "ngay_ket_thuc": "09/01/2026 10:00"}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """Four dossiers of January 2026: two received online, three synced to the national portal."""
    tmp = tmp_path_factory.mktemp("plan2026")
    rows = [hs("A", kenh="2", da_dong_bo=True, **JAN), hs("B", kenh="2", da_dong_bo=True, **JAN),
            hs("C", da_dong_bo=True, **JAN), hs("D", da_dong_bo=False, **JAN)]
    return load_files(tmp, [write_source(tmp, "ho_so", rows, "20/01/2026")])


def test_a_2026_plan_evaluates_with_its_own_ids_and_thresholds(warehouse):
    plan = load_plan(PLAN_2026)
    assert [t.id for t in plan.targets] == ["HCC-1", "SO-1", "SO-2"]
    with connect_readonly(warehouse) as con:
        got = {e.target.id: (e.status, e.tu_so, e.mau_so) for e in evaluate(con, plan, D("01/01/2026"), D("20/01/2026"), KTD)}
    assert got == {"HCC-1": (MISSED, 3, 4),  # 75% < 98%
                   "SO-1": (MET, 2, 4),      # 50% ≥ 50%
                   "SO-2": (NO_DATA, None, None)}


def test_the_command_line_takes_the_plan_by_file(warehouse, capsys):
    assert main(["status", "--plan", str(PLAN_2026), "--from", "2026-01-01", "--to", "2026-01-20", "--json",
                 "--warehouse", str(warehouse)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["threshold"]) for r in rows] == [("HCC-1", 98), ("SO-1", 50), ("SO-2", None)]


def test_the_plan_in_force_follows_the_environment_then_the_year(monkeypatch, tmp_path):
    assert plan_path(2025) == DEFAULT_PLAN and plan_path(2031) == DEFAULT_PLAN  # no 2031 plan: the default
    monkeypatch.setenv(PLAN_ENV, str(PLAN_2026))
    assert plan_path(2025) == PLAN_2026 and load_plan().year == 2026


def test_a_plan_naming_no_measure_is_refused(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(PLAN_2026.read_text(encoding="utf-8").replace('measure = "ho_so_nop_truc_tuyen"', 'measure = "khong_co"'),
                   encoding="utf-8")
    with pytest.raises(ValueError, match="SO-1 cần 'measure'"):
        load_plan(bad)
