"""Every title names the commune shown, not the plan's own: the command line's status, the chat picture and the
weekly digest of a commune other than the configured one."""

from __future__ import annotations

import pytest

from pipelines.cli import main
from warehouse.db import connect_readonly
from warehouse.evaluate import evaluate
from warehouse.picture import picture_heading
from warehouse.plan import load_plan

PLAN = load_plan()


@pytest.mark.slow
def test_status_picture_and_digest_name_the_commune_asked_for(demo_warehouse, capsys):
    assert main(["--warehouse", str(demo_warehouse), "status", "--commune", "KAN", "--to", "31/12/2025"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert "xã Kiến An" in first and "Khúc Thừa Dụ" not in first
    with connect_readonly(demo_warehouse) as con:
        evaluations = evaluate(con, PLAN, PLAN.start, PLAN.deadline, "KAN")
    assert picture_heading(evaluations, PLAN)[0] == "CCHC 2025 · xã Kiến An"
