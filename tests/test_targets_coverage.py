"""Every target of the plan has at least one hand-computed case in the target tests."""

from __future__ import annotations

import re
from pathlib import Path

from warehouse.plan import load_plan

HERE = Path(__file__).resolve().parent


def test_every_target_has_a_case():
    text = "\n".join(p.read_text(encoding="utf-8") for p in HERE.glob("test_targets_*.py") if p.name != Path(__file__).name)
    named = {m.upper() for m in re.findall(r'"([A-Za-z]+-\d{2})"', text)}
    missing = [t.id for t in load_plan().targets if t.id not in named]
    assert not missing, f"targets without a test case: {missing}"
