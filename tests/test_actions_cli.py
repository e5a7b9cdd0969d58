"""`python -m pipelines actions` on the demo: the escalations are exactly those the spec's rule gives, worked out
here from `status --json` at each month end (since when each target has been red), and a plan recorded in the
dashboard shows with its state."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from warehouse.app.accounts import active_user
from warehouse.app.checkins import record_checkin
from warehouse.app.store import store_path
from warehouse.plan import load_plan

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
TO = date(2025, 9, 30)


def pipelines(warehouse: Path, *args: str):
    done = subprocess.run([sys.executable, "-m", "pipelines", "--warehouse", str(warehouse), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return done.stdout


def statuses(warehouse: Path, day: date, capsys) -> dict[str, str]:
    """Every target's status at `day`, as `status --json` says (run in this process: nine of them)."""
    from pipelines.cli import main

    capsys.readouterr()
    assert main(["--warehouse", str(warehouse), "status", "--to", day.isoformat(), "--json"]) == 0
    return {r["id"]: r["status"] for r in json.loads(capsys.readouterr().out)}


def month_ends() -> list[date]:
    from calendar import monthrange
    return [date(2025, m, monthrange(2025, m)[1]) for m in range(1, 10)]


def test_the_escalations_are_those_the_rule_gives(demo_warehouse, capsys):
    at = {day: statuses(demo_warehouse, day, capsys) for day in month_ends()}  # 30/09 is the last month end and `to`
    expected = set()
    for target, status in at[TO].items():
        if status != "Chưa đạt":
            continue
        since = TO
        for day in reversed(month_ends()):
            if at[day][target] != "Chưa đạt":
                break
            since = day
        if (TO - since).days >= 14:
            expected.add(target)
    found = json.loads(pipelines(demo_warehouse, "actions", "--to", TO.isoformat(), "--json"))
    assert expected and {r["ma_chi_tieu"] for r in found} == expected
    assert {r["trang_thai"] for r in found} == {"chua_co_giai_phap"} and {r["ma_xa"] for r in found} == {"KTD"}
    keys = {"ma_chi_tieu", "ma_xa", "nguyen_nhan", "giai_phap", "nguoi_thuc_hien", "han", "trang_thai", "ghi_boi", "ghi_luc"}
    assert all(keys <= r.keys() for r in found)


def test_a_plan_recorded_shows_with_its_state_and_overdue_ones_are_escalated(demo_copy):
    app = store_path(demo_copy)
    record_checkin(app, active_user(app, "truongphong.vhxh"), load_plan(), "CQS-10", "KTD", date(2025, 9, 1),
                   today=date(2025, 9, 1), cause="Người dân quen nộp tiền mặt", action="Hướng dẫn thanh toán trực tuyến",
                   doer="Lê Văn An", due=date(2025, 9, 15))
    rows = {r["ma_chi_tieu"]: r for r in json.loads(pipelines(demo_copy, "actions", "--to", "2025-09-10", "--json"))}
    assert rows["CQS-10"]["trang_thai"] == "dang_thuc_hien" and rows["CQS-10"]["ghi_boi"] == "truongphong.vhxh"
    overdue = json.loads(pipelines(demo_copy, "actions", "--to", TO.isoformat(), "--overdue", "--json"))
    cqs = next(r for r in overdue if r["ma_chi_tieu"] == "CQS-10")
    assert (cqs["trang_thai"], cqs["han"], cqs["nguoi_thuc_hien"]) == ("qua_han", "2025-09-15", "Lê Văn An")
    table = pipelines(demo_copy, "actions", "--to", TO.isoformat())
    assert "quá hạn" in table and "Lê Văn An" in table and "15/09/2025" in table
