"""The suites as declared: one per source, each rule stated once, only what the engine runs exactly as Great
Expectations would, and every expectation able to fail on some input.

Fast: reads JSON and the source catalogue, and runs the engine in DuckDB; never imports Great Expectations
(tests/test_quality_reference.py holds the engine to Great Expectations' answers).
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from pipelines import quality
from pipelines.gate import VIEW, validation_view
from warehouse.publish import create_schema
from warehouse.sources import sources

SUITES = Path(__file__).resolve().parents[1] / "expectations"
TODAY, SNAPSHOT = date(2026, 1, 15), date(2025, 12, 31)
CONTEXT = {"today": TODAY, "snapshot": SNAPSHOT, "previous_half": 10, "catalogue_ma_tthc": ["1.000001"],
           "ma_chi_tieu": ["CDDH-01"]}


def every_expectation():
    """(source, index, expectation) for every expectation of every suite."""
    return [(s, i, e) for s in sources() for i, e in enumerate(quality.suite(s).expectations)]


def test_one_suite_per_source_and_one_source_per_suite():
    assert sorted(p.stem for p in SUITES.glob("*.json")) == sorted(sources())
    for path in SUITES.glob("*.json"):
        assert json.loads(path.read_text(encoding="utf-8"))["name"] == path.stem


@pytest.mark.parametrize("source, i, exp", every_expectation(), ids=[f"{s}#{i}" for s, i, _ in every_expectation()])
def test_every_expectation_has_a_severity_and_a_vietnamese_message(source, i, exp):
    assert exp.severity in quality.SEVERITIES
    assert exp.message and exp.message != exp.type
    assert any(ch in exp.message for ch in "ăâđêôơưáàảãạếềểễệốồổỗộớờởỡợúùủũụứừửữựíìỉĩịýỳỷỹỵ"), exp.message


def test_every_column_named_is_canonical_or_derived_in_its_suite():
    for source, _, exp in every_expectation():
        known = set(sources()[source].columns) | set(quality.suite(source).derived)
        assert set(exp.columns()) <= known, (source, exp)


def test_placeholders_are_values_the_gate_provides():
    named = {v[1:] for _, _, e in every_expectation() for v in e.kwargs.values() if isinstance(v, str) and v.startswith("$")}
    assert named <= set(CONTEXT)


def test_the_json_suites_do_not_restate_what_the_catalogue_states():
    """Each rule has one owner: structural expectations are generated from the catalogue, never written twice."""
    for source in sources():
        generated = [(e.type, e.kwargs) for e in quality.structural(sources()[source])]
        stored = json.loads((SUITES / f"{source}.json").read_text(encoding="utf-8"))["expectations"]
        for e in stored:
            assert (e["type"], e["kwargs"]) not in generated, (source, e)
        everything = [(e.type, json.dumps(e.kwargs, sort_keys=True, default=str)) for e in quality.suite(source).expectations]
        assert len(everything) == len(set(everything)), source


def test_the_catalogue_states_the_structural_rules():
    ho_so = {(e.type.removeprefix("expect_column_values_to_"), e.kwargs.get("column"), e.kwargs.get("min_value"),
              e.kwargs.get("max_value")) for e in quality.structural(sources()["ho_so"])}
    assert ("not_be_null", "ma_ho_so", None, None) in ho_so  # required
    assert ("not_be_null", "ngay_hen_tra", None, None) in ho_so
    assert ("be_in_set", "kenh", None, None) in ho_so  # a code set
    assert ("be_in_set", "danh_gia", None, None) in ho_so  # a label set
    assert ("be_between", "ngay_tiep_nhan", "2020-01-01", None) in ho_so  # intake from 2020
    assert ("be_between", "ngay_cap_nhat", None, "$today") in ho_so  # an event date, not after the load date
    assert ("be_between", "phi_le_phi", 0, None) in ho_so  # amounts are not negative
    pakn = {(e.type, e.kwargs.get("column")) for e in quality.structural(sources()["pakn"])}
    assert ("expect_column_values_to_not_be_null", "han_xu_ly") not in pakn  # a deadline may be empty
    hscv = {(e.type, e.kwargs.get("column")) for e in quality.structural(sources()["ho_so_cong_viec"])}
    assert ("expect_column_values_to_not_be_null", "xu_ly_tren_mang") not in hscv  # an empty yes/no means No


@pytest.mark.parametrize("raw, refused", [
    ({"type": "expect_column_values_to_match_regex", "kwargs": {"column": "a", "regex": "x"}}, "không được hỗ trợ"),
    ({"type": "expect_nonsense", "kwargs": {}}, "không được hỗ trợ"),
    ({"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "a", "value_set": [1], "row_condition": "a>1"}},
     "row_condition"),
    ({"type": "expect_column_values_to_be_between", "kwargs": {"column": "a", "min": 0}}, "min"),
    ({"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "a"}}, "thiếu tùy chọn value_set"),
    ({"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "a", "mostly": 1.5}}, "mostly"),
    ({"type": "expect_compound_columns_to_be_unique", "kwargs": {"column_list": ["a"], "ignore_row_if": "never ever"}},
     "ignore_row_if"),
    ({"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "a"}, "meta": {"severity": "fatal"}}, "fatal"),
])
def test_a_suite_asking_for_what_the_engine_does_not_do_is_refused_when_it_loads(raw, refused):
    with pytest.raises(quality.SuiteError, match=refused):
        quality._expectation(raw, "thử")


def test_the_gate_never_imports_great_expectations_for_these_suites():
    """The suites run in DuckDB: loading and checking a sheet must not pay GX's import (seconds)."""
    code = ("import sys; from datetime import date; from pathlib import Path; from pipelines.load import read_file; "
            "read_file(Path('tests/fixtures/ho_so_dong_bo.csv'), today=date(2026, 1, 15)); "
            "assert 'great_expectations' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1], check=True)


# ---------------------------------------------------------------------------------------------------------------
# Every expectation can fail: for each, rows that break it, through the gate's own view


def breaking_rows(source: str, exp: quality.Expectation, types: dict[str, str]) -> list[dict]:
    """Rows (column → value) that break one expectation, whatever else they hold."""
    k = quality.resolve(exp.kwargs, CONTEXT)
    column = k.get("column")
    if exp.type == "expect_column_values_to_not_be_null":
        return [{column: None}]
    if exp.type == "expect_column_values_to_be_in_set":
        return [{column: -99 if isinstance(k["value_set"][0], int) else "???"}]
    if exp.type == "expect_column_values_to_be_between":
        low, high = k.get("min_value"), k.get("max_value")
        if isinstance(low, str) or isinstance(high, (str, date)):
            day = date.fromisoformat(low) - timedelta(days=1) if isinstance(low, str) else high + timedelta(days=1)
            return [{column: day}]
        return [{column: low - 1}] if low is not None else [{column: high + 1}]
    if exp.type in ("expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique"):
        row = {c: _value(types[c]) for c in k.get("column_list", [column])}
        return [row, dict(row)]
    if exp.type == "expect_column_pair_values_a_to_be_greater_than_b":
        return [{k["column_A"]: _value(types[k["column_A"]]), k["column_B"]: _value(types[k["column_B"]], later=True)}]
    if exp.type == "expect_table_row_count_to_be_between":
        return [{}]  # one row, where the previous snapshot had twenty
    raise AssertionError(f"no breaking rows for {exp.type}")


def _value(kind: str, later: bool = False):
    """A value of a catalogue type (a larger one when `later`)."""
    return {"date": date(2025, 3, 2 if later else 1), "datetime": date(2025, 3, 2 if later else 1),
            "amount": 2e6 if later else 1e6, "int": 2 if later else 1}.get(kind, "b" if later else "a")


UNDERLYING = {  # derived columns are broken through the columns they are computed from
    "_xong_co_ngay_ket_thuc": [{"trang_thai": 9, "ngay_ket_thuc": None}],
    "_ke_hoach_toi_da": [{"ke_hoach_von_nam": 100.0, "luy_ke_giai_ngan": 106.0}],
    "_nam_den": [{"so_den": "1", "ngay_den": date(2025, 1, 5)}, {"so_den": "1", "ngay_den": date(2025, 12, 30)}],
    "_ma_chi_tieu": [{"ma_chi_tieu": "xyz-99"}],
    "_tong_diem": [{"tdgq": 10.0, "mdhl": 10.0, "mdsh": 10.0, "tttt": 5.0, "clgq": 5.0, "ckmb": 5.0, "tong_diem": 50.0}],
}


@pytest.fixture(scope="module")
def warehouse():
    """An empty warehouse in memory, shared by the module (each test empties what it fills)."""
    with duckdb.connect() as con:
        create_schema(con)
        yield con


@pytest.mark.parametrize("source, i, exp", every_expectation(), ids=[f"{s}#{i}" for s, i, _ in every_expectation()])
def test_every_expectation_can_fail(warehouse, source, i, exp):
    src = sources()[source]
    types = {c.name: c.type for c in src.columns.values()}
    derived = [c for c in exp.columns() if c in quality.suite(source).derived]
    rows = UNDERLYING[derived[0]] if derived else breaking_rows(source, exp, types)
    with warehouse.cursor() as con:
        con.execute(f"DELETE FROM raw_{source}")
        for n, row in enumerate(rows, start=2):
            names = list(row)
            con.execute(f"INSERT INTO raw_{source} (_file_id, _row{''.join(', ' + c for c in names)}) "
                        f"VALUES (1, {n}{''.join(', ?' for _ in names)})", list(row.values()))
        validation_view(con, src, 1, quality.suite(source).derived)
        con.execute('CREATE OR REPLACE TEMP TABLE failures ("check" INTEGER, "row" INTEGER)')
        context = CONTEXT | ({"previous_half": 20} if exp.type == "expect_table_row_count_to_be_between" else {})
        (check,) = quality.run(con, VIEW, [(i, exp)], context, set(src.columns), "failures").values()
    assert check.success is False and not check.raised, (exp, check)
