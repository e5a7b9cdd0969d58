"""The data-quality gate (pipelines/gate.py) through the real loader, on small CSVs written in tmp_path.

Each file has canonical column names as headers, dd/mm/yyyy dates and a `ngay_du_lieu` column (`ngay_bao_cao` for
disbursement). What is asserted is what a clerk and the dashboard see: the load outcome, the `rejects` table, the
published fact tables, and the stored `quality_results` (also through `python -m pipelines quality --json`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from helpers import hs, tt, write_source

from pipelines import quality
from pipelines.load import FileOutcome, load
from warehouse.db import connect_readonly

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 1, 31)
SNAPSHOT = "31/12/2025"
HEN_TRA = "Ngày hẹn trả trước ngày tiếp nhận"
PAIR = "expect_column_pair_values_a_to_be_greater_than_b"


def load_one(tmp_path: Path, name: str, rows: list[dict], snapshot: str = SNAPSHOT) -> tuple[FileOutcome, Path, Path]:
    """Write one CSV and load it into tmp_path/wh.duckdb: (its outcome, the file, the warehouse)."""
    path = write_source(tmp_path, name, rows, snapshot, how="column")
    wh = tmp_path / "wh.duckdb"
    (outcome,) = load([path], wh, today=TODAY).outcomes
    return outcome, path, wh


def query(wh: Path, sql: str) -> list[dict]:
    with connect_readonly(wh) as con:
        return con.sql(sql).pl().to_dicts()


def facts(wh: Path) -> dict[str, list]:
    """Every fact, staging and mart table of the published warehouse, rows sorted."""
    with connect_readonly(wh) as con:
        names = [r[0] for r in con.sql("SELECT table_name FROM information_schema.tables").fetchall()
                 if r[0].startswith(("raw_", "stg_", "mart_"))]
        return {n: sorted(map(str, con.sql(f'SELECT * FROM "{n}"').fetchall())) for n in names}


def dossiers(n: int, bad: int = 0, prefix: str = "HS") -> list[dict]:
    """n dossiers, the last `bad` of them promised the day before their intake."""
    return [hs(f"{prefix}{i:03d}", **({"ngay_hen_tra": "02/03/2025 17:00"} if i >= n - bad else {})) for i in range(n)]


# ---------------------------------------------------------------------------------------------------------------
# Critical row failures


def test_a_critical_row_failure_rejects_that_row_and_loads_the_rest(tmp_path):
    outcome, path, wh = load_one(tmp_path, "ho_so", dossiers(10, bad=1))
    assert (outcome.status, outcome.rows_read, outcome.rows_loaded, outcome.rows_rejected) == ("loaded", 10, 9, 1)
    (reject,) = query(wh, "SELECT * FROM rejects")
    # the header is line 1 of the file, so the 10th dossier is line 11
    assert reject == {"file_id": 1, "path": str(path), "sheet": None, "row": 11, "column": "ngay_hen_tra",
                      "value": "02/03/2025", "reason": HEN_TRA}
    loaded = {r["ma_ho_so"] for r in query(wh, "SELECT ma_ho_so FROM raw_ho_so")}
    assert loaded == {f"HS{i:03d}" for i in range(9)}


def test_the_reject_names_the_line_of_the_file(tmp_path):
    rows = dossiers(6)
    rows[2] = hs("HS002", ngay_ket_thuc="01/03/2025 10:00")  # ended before it was received
    outcome, _, wh = load_one(tmp_path, "ho_so", rows)
    assert outcome.rows_rejected == 1
    assert query(wh, 'SELECT "row", "column", reason FROM rejects') == [
        {"row": 4, "column": "ngay_ket_thuc", "reason": "Ngày kết thúc xử lý trước ngày tiếp nhận"}]


@pytest.mark.parametrize("n, bad, rejected", [
    (10, 3, False),   # 30% of the rows, but only 3
    (10, 4, True),    # more than 2% and more than 3
    (250, 5, False),  # more than 3, but 2% of the rows
    (250, 6, True),
])
def test_a_file_is_rejected_whole_above_two_percent_and_three_rows(tmp_path, n, bad, rejected):
    outcome, _, wh = load_one(tmp_path, "ho_so", dossiers(n, bad=bad))
    assert (outcome.status == "rejected") is rejected
    if rejected:
        assert outcome.rows_loaded == 0 and outcome.rows_rejected == n and "cả tệp bị từ chối" in outcome.message
        lines = query(wh, 'SELECT "row", reason FROM rejects ORDER BY "row" NULLS LAST')
        assert [r["reason"] for r in lines[:-1]] == [HEN_TRA] * bad and lines[-1]["row"] is None
    else:
        assert (outcome.rows_loaded, outcome.rows_rejected) == (n - bad, bad)


def test_a_rejected_file_leaves_the_published_facts_unchanged(tmp_path):
    good = write_source(tmp_path, "ho_so_thang_11", dossiers(10, prefix="A"), "30/11/2025", how="column")
    wh = tmp_path / "wh.duckdb"
    load([good], wh, today=TODAY)
    before = facts(wh)
    assert before["raw_ho_so"] and before["stg_ho_so"]
    bad = write_source(tmp_path, "ho_so_thang_12", dossiers(10, bad=4, prefix="B"), SNAPSHOT, how="column")
    (outcome,) = load([bad], wh, today=TODAY).outcomes
    assert outcome.status == "rejected"
    assert facts(wh) == before
    ledger = query(wh, "SELECT file_name, status FROM load_ledger ORDER BY file_id")
    assert ledger == [{"file_name": "ho_so_thang_11.csv", "status": "loaded"},
                      {"file_name": "ho_so_thang_12.csv", "status": "rejected"}]
    stored = query(wh, "SELECT count(*) AS n FROM quality_results WHERE file_id = 2")[0]["n"]
    assert stored == len(quality.suite("ho_so").expectations)


# ---------------------------------------------------------------------------------------------------------------
# Warnings keep the rows


def test_duplicate_dossier_codes_are_a_warning_and_the_rows_stay(tmp_path):
    rows = dossiers(5) + [hs("HS001", trang_thai="9")]
    outcome, _, wh = load_one(tmp_path, "ho_so", rows)
    assert (outcome.status, outcome.rows_loaded, outcome.rows_rejected) == ("loaded", 6, 0)
    assert "Mã hồ sơ trùng trong tệp: dòng sau được dùng: 2 dòng." in outcome.warnings
    assert query(wh, "SELECT count(*) AS n FROM raw_ho_so")[0]["n"] == 6
    assert query(wh, "SELECT count(*) AS n FROM rejects")[0]["n"] == 0


def test_a_procedure_missing_from_the_catalogue_is_a_warning(tmp_path):
    catalogue = write_source(tmp_path, "thu_tuc", [tt("1.000001", 4), tt("1.000002", 3)], "30/11/2025", how="column")
    files = write_source(tmp_path, "ho_so", dossiers(4) + [hs("HS9", ma_tthc="9.999999")], SNAPSHOT, how="column")
    wh = tmp_path / "wh.duckdb"
    by_source = {o.source: o for o in load([catalogue, files], wh, today=TODAY).outcomes}
    outcome = by_source["ho_so"]
    assert (outcome.status, outcome.rows_loaded) == ("loaded", 5)
    assert "Mã TTHC không có trong danh mục TTHC đã nạp: 1 dòng." in outcome.warnings
    (stored,) = query(wh, "SELECT success, unexpected_count, sample_values FROM quality_results "
                          "WHERE suite = 'ho_so' AND \"column\" = 'ma_tthc' AND expectation LIKE '%in_set'")
    assert stored == {"success": False, "unexpected_count": 1, "sample_values": ["9.999999"]}


def test_without_a_catalogue_the_procedure_check_is_skipped_not_passed(tmp_path):
    outcome, _, wh = load_one(tmp_path, "ho_so", dossiers(3) + [hs("HS9", ma_tthc="9.999999")])
    assert outcome.warnings == []
    (stored,) = query(wh, "SELECT success, message FROM quality_results "
                          "WHERE \"column\" = 'ma_tthc' AND expectation LIKE '%in_set'")
    assert stored["success"] is None and "bỏ qua" in stored["message"]


def test_a_finished_dossier_without_an_end_date_is_a_warning(tmp_path):
    rows = dossiers(4) + [hs("HS8", ngay_ket_thuc=None, trang_thai="10"), hs("HS9", ngay_ket_thuc=None, trang_thai="4")]
    outcome, _, _ = load_one(tmp_path, "ho_so", rows)
    assert (outcome.status, outcome.rows_loaded, outcome.rows_rejected) == ("loaded", 6, 0)
    assert [w for w in outcome.warnings if w.startswith("Hồ sơ đã giải quyết xong")] == [
        "Hồ sơ đã giải quyết xong (trạng thái 9, 10) mà không có ngày kết thúc xử lý: được tính là chưa xong: 1 dòng."]


def units(n: int) -> list[dict]:
    return [{"ma_don_vi": f"DV{i:02d}", "ten_don_vi": f"Đơn vị {i}", "bien_che_giao": 5, "bien_che_hien_co": 4}
            for i in range(n)]


SHRINK = "Ảnh chụp giảm quá một nửa so với lần trước: kiểm tra tệp có bị xuất thiếu không."


@pytest.mark.parametrize("before, after, warned", [(10, 4, True), (10, 5, False), (9, 4, True), (9, 5, False)])
def test_a_snapshot_shrinking_by_more_than_half_is_a_warning(tmp_path, before, after, warned):
    wh = tmp_path / "wh.duckdb"
    load([write_source(tmp_path, "to_chuc_q3", units(before), "30/09/2025", how="column")], wh, today=TODAY)
    later = write_source(tmp_path, "to_chuc_q4", units(after), SNAPSHOT, how="column")
    (outcome,) = load([later], wh, today=TODAY).outcomes
    assert (outcome.status, outcome.rows_loaded) == ("loaded", after)
    assert (SHRINK in outcome.warnings) is warned


def test_the_first_snapshot_has_nothing_to_shrink_from(tmp_path):
    outcome, _, wh = load_one(tmp_path, "to_chuc", units(2))
    assert outcome.warnings == []
    (stored,) = query(wh, "SELECT success FROM quality_results WHERE expectation LIKE '%row_count%'")
    assert stored["success"] is None


# ---------------------------------------------------------------------------------------------------------------
# Disbursement against plan


def project(ma: str, plan: int, spent: int) -> dict:
    return {"ma_du_an": ma, "ten_du_an": f"Dự án {ma}", "ke_hoach_von_nam": plan, "luy_ke_giai_ngan": spent}


def test_disbursement_above_plan_by_more_than_the_margin_rejects_the_project(tmp_path):
    margin = 0.05  # expectations/giai_ngan.json: _ke_hoach_toi_da
    plan = 200_000_000
    rows = [project("DA-1", plan, plan),                              # all of it
            project("DA-2", plan, int(plan * (1 + margin))),          # at the margin: rounding, late adjustments
            project("DA-3", plan, int(plan * (1 + margin)) + 1_000),  # above it
            project("DA-4", plan, int(plan * (1 + 2 * margin)))]
    outcome, path, wh = load_one(tmp_path, "giai_ngan", rows)
    assert (outcome.status, outcome.rows_loaded, outcome.rows_rejected) == ("loaded", 2, 2)
    assert {r["ma_du_an"] for r in query(wh, "SELECT ma_du_an FROM raw_giai_ngan")} == {"DA-1", "DA-2"}
    rejects = query(wh, 'SELECT path, "row", "column", value, reason FROM rejects ORDER BY "row"')
    assert [(r["row"], r["column"]) for r in rejects] == [(4, "luy_ke_giai_ngan"), (5, "luy_ke_giai_ngan")]
    assert {r["reason"] for r in rejects} == {"Lũy kế giải ngân vượt kế hoạch vốn năm quá biên cho phép"}
    assert rejects[0]["path"] == str(path) and float(rejects[0]["value"]) == plan * (1 + margin) + 1_000


# ---------------------------------------------------------------------------------------------------------------
# Stored results


def test_results_are_stored_one_row_per_expectation_per_sheet(tmp_path):
    rows = dossiers(6, bad=1) + [hs("HS000")]
    outcome, path, wh = load_one(tmp_path, "ho_so", rows)
    stored = query(wh, "SELECT * FROM quality_results ORDER BY expectation, \"column\"")
    suite = quality.suite("ho_so").expectations
    assert len(stored) == len(suite) == outcome.checks_run + 1  # the catalogue check is skipped: none loaded
    assert {(r["file_id"], r["path"], r["sheet"], r["suite"]) for r in stored} == {(1, str(path), None, "ho_so")}
    assert all(r["element_count"] == 7 and r["raised"] is False and r["exception"] is None for r in stored)
    by = {(r["expectation"], r["column"], r["message"]): r for r in stored}
    pair = by[(PAIR, "ngay_hen_tra", HEN_TRA)]
    assert (pair["success"], pair["unexpected_count"], pair["sample_values"]) == (False, 1, ["02/03/2025"])
    unique = by[("expect_column_values_to_be_unique", "ma_ho_so", "Mã hồ sơ trùng trong tệp: dòng sau được dùng")]
    assert (unique["success"], unique["unexpected_count"], unique["severity"]) == (False, 2, "warning")
    assert unique["sample_values"] == ["HS000"]
    assert sum(r["success"] is False for r in stored) == outcome.checks_failed == 2


def test_quality_command_returns_the_stored_results_as_json(tmp_path):
    _, _, wh = load_one(tmp_path, "ho_so", dossiers(6, bad=1))

    def run(*flags: str) -> list[dict]:
        done = subprocess.run([sys.executable, "-m", "pipelines", "quality", "--json", *flags, "--warehouse", str(wh)],
                              cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    failed = run()
    assert [(r["expectation"], r["column"], r["unexpected_count"]) for r in failed if r["success"] is False] == [
        (PAIR, "ngay_hen_tra", 1)]
    assert {r["file_name"] for r in failed} == {"ho_so.csv"}
    assert all(r["success"] is not True for r in failed)  # only what did not pass (failed or skipped)
    every = run("--all")
    assert len(every) == len(quality.suite("ho_so").expectations)
    assert {"sample_values", "raised", "severity", "element_count", "message"} <= set(every[0])


# ---------------------------------------------------------------------------------------------------------------
# A check that raises


def boom(*args, **kwargs):
    raise RuntimeError("kiểm tra hỏng")


def test_a_critical_check_that_raises_rejects_the_sheet(tmp_path, monkeypatch):
    monkeypatch.setitem(quality.ROW_CHECKS, PAIR, boom)
    outcome, _, wh = load_one(tmp_path, "ho_so", dossiers(5))
    assert outcome.status == "rejected" and outcome.rows_loaded == 0
    assert "Kiểm tra bắt buộc không chạy được" in outcome.message and "RuntimeError: kiểm tra hỏng" in outcome.message
    raised = query(wh, "SELECT \"column\", success, raised, exception, severity FROM quality_results WHERE raised")
    assert sorted(r["column"] for r in raised) == ["ngay_hen_tra", "ngay_ket_thuc"]
    assert all(r["success"] is False and r["severity"] == "critical" and "kiểm tra hỏng" in r["exception"]
               for r in raised)
    assert query(wh, "SELECT count(*) AS n FROM raw_ho_so")[0]["n"] == 0


def test_a_warning_check_that_raises_is_recorded_and_warned_not_passed(tmp_path, monkeypatch):
    monkeypatch.setitem(quality.ROW_CHECKS, "expect_column_values_to_be_unique", boom)
    outcome, _, wh = load_one(tmp_path, "ho_so", dossiers(5))
    assert (outcome.status, outcome.rows_loaded) == ("loaded", 5)
    assert outcome.warnings == [
        "Mã hồ sơ trùng trong tệp: dòng sau được dùng (kiểm tra không chạy được: RuntimeError: kiểm tra hỏng)."]
    (stored,) = query(wh, "SELECT success, raised, exception FROM quality_results WHERE raised")
    assert stored["success"] is False and "RuntimeError" in stored["exception"]


@pytest.mark.slow
def test_great_expectations_revalidates_the_stored_sheets_and_agrees(tmp_path):
    _, _, wh = load_one(tmp_path, "ho_so", dossiers(6) + [hs("HS000")])  # a duplicate code: a warning
    done = subprocess.run([sys.executable, "-m", "pipelines", "quality", "--engine", "gx", "--all", "--json", "--warehouse", str(wh)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    gx_results = json.loads(done.stdout)
    assert gx_results and {r["engine"] for r in gx_results} == {"gx"}
    ours = query(wh, "SELECT expectation, \"column\", success, unexpected_count FROM quality_results WHERE engine = 'gate' "
                     "AND success IS NOT NULL ORDER BY ALL")
    theirs = query(wh, "SELECT expectation, \"column\", success, unexpected_count FROM quality_results WHERE engine = 'gx' "
                       "ORDER BY ALL")
    assert theirs == ours  # stored rows: the gate kept them, Great Expectations finds what the gate found
    assert any(r["success"] is False for r in theirs)  # the duplicate, found by both
