"""The suites (expectations/*.json) are well formed and hold the checks the data-quality issue asks for.

Fast: reads JSON and the source catalogue, never imports Great Expectations (tests/test_quality_reference.py
holds our engine to GX's answers).
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from pipelines import quality
from pipelines.catalogue import codes, labels, sources

ROOT = Path(__file__).resolve().parents[1]
SEVERITIES = {"critical", "warning"}
PLACEHOLDERS = {"snapshot", "previous_half", "catalogue_ma_tthc"}  # the values pipelines/gate.py provides
# Expectation types allowed to run through Great Expectations at load time (slow at city scale): none so far.
# Add a type here only on purpose, and give it crafted cases in test_quality_reference.py.
THROUGH_GX: frozenset[str] = frozenset()
VIETNAMESE = re.compile(r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.IGNORECASE)

NOT_NULL = "expect_column_values_to_not_be_null"
IN_SET = "expect_column_values_to_be_in_set"
BETWEEN = "expect_column_values_to_be_between"
PAIR = "expect_column_pair_values_a_to_be_greater_than_b"
UNIQUE = "expect_column_values_to_be_unique"
COMPOUND = "expect_compound_columns_to_be_unique"
ROW_COUNT = "expect_table_row_count_to_be_between"


def suite_files() -> dict[str, Path]:
    return {p.stem: p for p in (ROOT / "expectations").glob("*.json")}


def expectations(source: str) -> list[dict]:
    return quality.suite(source)["expectations"]


def all_expectations():
    return [(s, i, e) for s in sources() for i, e in enumerate(expectations(s))]


def derived(source: str) -> set[str]:
    """The derived columns a source module gives its suite."""
    module = importlib.import_module(f"pipelines.sources.{source}")
    return set(getattr(module, "derived", dict)())


def find(source: str, kind: str, **kwargs) -> list[dict]:
    """Expectations of a type whose kwargs include these values."""
    return [e for e in expectations(source)
            if e["type"] == kind and all(e["kwargs"].get(k) == v for k, v in kwargs.items())]


def one(source: str, kind: str, severity: str = "critical", **kwargs) -> dict:
    """The single expectation of a type with these kwargs, at this severity."""
    found = find(source, kind, **kwargs)
    assert len(found) == 1, f"{source}: want one {kind} {kwargs}, found {len(found)}"
    assert found[0]["meta"]["severity"] == severity, f"{source}: {kind} {kwargs} should be {severity}"
    return found[0]


# ---------------------------------------------------------------------------------------------------------------
# Shape


def test_one_suite_per_source_and_one_source_per_suite():
    assert sorted(suite_files()) == sorted(sources())
    for name, path in suite_files().items():
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["name"] == name
        assert data["expectations"], name
        assert set(data) <= {"name", "expectations", "meta", "id", "notes"}, name


@pytest.mark.parametrize("source, i, exp", all_expectations(), ids=[f"{s}#{i}" for s, i, _ in all_expectations()])
def test_every_expectation_has_a_severity_and_a_vietnamese_message(source, i, exp):
    assert set(exp) <= {"type", "kwargs", "meta"}
    meta = exp.get("meta", {})
    assert meta.get("severity") in SEVERITIES
    message = meta.get("message", "")
    assert message.strip() and message == message.strip()
    assert VIETNAMESE.search(message), f"not Vietnamese: {message!r}"
    assert unicodedata.is_normalized("NFC", message)
    assert not message.endswith("."), "the gate adds the full stop"


def test_every_type_runs_in_our_engine_or_is_allowed_through_gx():
    native = set(quality.ROW_CHECKS) | set(quality.TABLE_CHECKS)
    assert not THROUGH_GX & native
    used = {e["type"] for _, _, e in all_expectations()}
    assert used <= native | THROUGH_GX, used - native - THROUGH_GX


def test_every_column_named_is_canonical_or_derived_for_its_source():
    unknown = []
    for source, i, exp in all_expectations():
        known = set(sources()[source].columns) | derived(source)
        unknown += [(source, i, c) for c in quality._columns(exp["kwargs"]) if c not in known]
    assert not unknown


def test_derived_columns_are_marked_as_such():
    for source in sources():
        assert all(name.startswith("_") for name in derived(source)), source
        assert not derived(source) & set(sources()[source].columns), source


def test_placeholders_are_ones_the_gate_provides():
    named = {v[1:] for _, _, e in all_expectations() for v in e["kwargs"].values()
             if isinstance(v, str) and v.startswith("$")}
    assert named <= PLACEHOLDERS, named - PLACEHOLDERS


def test_no_duplicate_expectations():
    for source in sources():
        seen = [json.dumps([e["type"], e["kwargs"]], sort_keys=True) for e in expectations(source)]
        assert len(seen) == len(set(seen)), source


def test_the_gate_never_imports_great_expectations_for_these_suites():
    """The suites run natively: loading and checking a sheet must not pay GX's import (seconds)."""
    script = (
        "import sys\n"
        "from datetime import date\n"
        "from pathlib import Path\n"
        "from pipelines import gate, load\n"
        "from pipelines.extract import read_file\n"
        "for path in sorted(Path('tests/fixtures').iterdir()):\n"
        "    if path.suffix == '.py': continue\n"
        "    for r in read_file(path, today=date(2026, 1, 15), final=False):\n"
        "        gate.apply_gate(r, gate.GateContext())\n"
        "assert 'great_expectations' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]


# ---------------------------------------------------------------------------------------------------------------
# The checks the issue asks for


@pytest.mark.parametrize("source", list(sources()))
def test_required_columns_are_not_null(source):
    """Every required column must be filled, except deadlines (may be empty) and yes/no (empty means No)."""
    for c in sources()[source].columns.values():
        if c.required and not c.deadline and c.type != "bool":
            one(source, NOT_NULL, column=c.name)


@pytest.mark.parametrize("source", [s for s in sources() if sources()[s].key])
def test_keys_are_unique_as_a_warning(source):
    key = list(sources()[source].key)
    if source == "van_ban_den":  # so_den is unique within the year of ngay_den
        assert key == ["so_den", "ngay_den"] and "_nam_den" in derived(source)
        key = ["so_den", "_nam_den"]
    if len(key) == 1:
        one(source, UNIQUE, "warning", column=key[0])
    else:
        one(source, COMPOUND, "warning", column_list=key)


def test_year_of_arrival_is_derived_from_the_arrival_date():
    frame = pl.DataFrame({"ngay_den": pl.Series([date(2025, 1, 5), date(2024, 12, 31), None], dtype=pl.Date)})
    years = frame.select(**importlib.import_module("pipelines.sources.van_ban_den").derived())["_nam_den"]
    assert years.to_list() == [2025, 2024, None]


@pytest.mark.parametrize("source, column, values", [
    ("ho_so", "kenh", sorted(codes()["kenh"])),
    ("ho_so", "trang_thai", sorted(codes()["trang_thai_ho_so"])),
    ("ho_so", "muc_do", sorted(codes()["muc_do"])),
    ("ho_so", "thanh_toan_truc_tuyen", sorted(codes()["thanh_toan_truc_tuyen"])),
    ("ho_so", "danh_gia", labels()["danh_gia"]),
    ("thu_tuc", "muc_do", sorted(codes()["muc_do"])),
    ("pakn", "trang_thai", labels()["trang_thai_pakn"]),
])
def test_codes_are_in_their_sets(source, column, values):
    exp = one(source, IN_SET, column=column)
    assert exp["kwargs"]["value_set"] == values


def test_every_set_on_a_code_or_label_column_is_exactly_its_catalogue_set():
    """A set is never stale, and holds values of the column's type (ints for codes, words for labels)."""
    for source, _, exp in all_expectations():
        if exp["type"] != IN_SET or isinstance(exp["kwargs"]["value_set"], str):
            continue
        col = sources()[source].columns.get(exp["kwargs"]["column"])
        if col is not None and col.codes:
            assert exp["kwargs"]["value_set"] == sorted(codes()[col.codes]), (source, col.name)
        if col is not None and col.labels:
            assert exp["kwargs"]["value_set"] == labels()[col.labels], (source, col.name)


@pytest.mark.parametrize("source, column", [("ho_so", "ngay_tiep_nhan"), ("pakn", "ngay_tiep_nhan")])
def test_intake_dates_are_not_before_2020(source, column):
    one(source, BETWEEN, column=column, min_value="2020-01-01")


def test_no_date_bound_other_than_2020_and_the_snapshot():
    """Older document and validity dates are fine: a date's lower bound, where there is one, is 1/1/2020."""
    for source, _, exp in all_expectations():
        col = sources()[source].columns.get(exp["kwargs"].get("column"))
        if exp["type"] == BETWEEN and col is not None and col.type in ("date", "datetime"):
            assert exp["kwargs"].get("min_value") in (None, "2020-01-01"), (source, col.name)
            assert exp["kwargs"].get("max_value") in (None, "$snapshot"), (source, col.name)
            assert col.event or exp["kwargs"].get("max_value") is None, f"{source}.{col.name}: not an event date"
        if col is not None and col.name in ("ngay_van_ban", "hieu_luc_tu", "hieu_luc_den", "ngay_qd_chuc_nang"):
            assert exp["type"] != BETWEEN, (source, col.name)


@pytest.mark.parametrize("source, column", [(s, c.name) for s in sources() for c in sources()[s].columns.values()
                                            if c.event and c.type in ("date", "datetime")])
def test_event_dates_are_not_after_the_snapshot(source, column):
    one(source, BETWEEN, column=column, max_value="$snapshot")


@pytest.mark.parametrize("later", ["ngay_hen_tra", "ngay_ket_thuc"])
def test_promised_and_end_dates_are_not_before_intake(later):
    exp = one("ho_so", PAIR, column_A=later, column_B="ngay_tiep_nhan")
    assert exp["kwargs"]["or_equal"] is True and exp["kwargs"]["ignore_row_if"] == "either_value_is_missing"


@pytest.mark.parametrize("source, column", [(s, c.name) for s in sources() for c in sources()[s].columns.values()
                                            if c.type in ("amount", "int")])
def test_amounts_and_counts_are_not_negative(source, column):
    exp = one(source, BETWEEN, column=column, min_value=0)
    assert "max_value" not in exp["kwargs"]


def test_disbursement_not_above_plan_by_more_than_the_margin():
    margin = quality.settings()["disbursement_margin"]
    assert 0 < margin < 0.5
    exp = one("giai_ngan", PAIR, column_A="_ke_hoach_toi_da", column_B="luy_ke_giai_ngan")
    assert exp["kwargs"]["or_equal"] is True and exp["kwargs"]["ignore_row_if"] == "either_value_is_missing"
    plans = pl.DataFrame({"ke_hoach_von_nam": [100.0, 0.0, None]})
    ceiling = plans.select(**importlib.import_module("pipelines.sources.giai_ngan").derived())["_ke_hoach_toi_da"]
    assert ceiling.to_list() == [100.0 * (1 + margin), 0.0, None]


def test_finished_dossier_has_an_end_date_as_a_warning():
    exp = one("ho_so", IN_SET, "warning", column="_xong_co_ngay_ket_thuc")
    assert exp["kwargs"]["value_set"] == [True]
    frame = pl.DataFrame({"trang_thai": pl.Series([9, 10, 10, 4, 4], dtype=pl.Int16),
                          "ngay_ket_thuc": pl.Series([None, None, 1, None, 1], dtype=pl.Int64).cast(pl.Datetime("us"))})
    flags = frame.select(**importlib.import_module("pipelines.sources.ho_so").derived())["_xong_co_ngay_ket_thuc"]
    assert flags.to_list() == [False, False, True, True, True]


@pytest.mark.parametrize("source", list(sources()))
def test_snapshot_sources_warn_when_shrinking_by_more_than_half(source):
    found = find(source, ROW_COUNT, min_value="$previous_half")
    if sources()[source].kind == "snapshot":
        assert len(found) == 1 and found[0]["meta"]["severity"] == "warning"
    else:
        assert not found, f"{source} is an event source: partial exports are normal"
    assert {s for s in sources() if sources()[s].kind == "snapshot"} == {"thu_tuc", "giai_ngan", "to_chuc"}


def test_dossier_procedures_are_in_the_catalogue_as_a_warning():
    one("ho_so", IN_SET, "warning", column="ma_tthc", value_set="$catalogue_ma_tthc")
