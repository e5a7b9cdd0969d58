"""The load path's rebuild changed nothing a clerk or the Chairman sees: every fixture, bad input and the demo
give the same ledger, the same rejected rows and the same statuses as the first version recorded
(tests/baseline/loads-before-rebuild.json, written by bench/compare_loads.py on that version)."""

import json
from pathlib import Path

import pytest

from bench.compare_loads import differences, snapshot

BASELINE = Path(__file__).parent / "baseline" / "loads-before-rebuild.json"


@pytest.mark.slow
def test_loads_give_what_they_gave_before_the_rebuild():
    assert not differences(json.loads(BASELINE.read_text(encoding="utf-8")), snapshot())
