"""Quality (targets.md, revised): a rejected file changes no figure. Its source's targets keep the status the accepted
data gives, with a warning naming the rejected file and its date, until an accepted file of the source arrives;
freshness still applies to the accepted data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from helpers import MET, MISSED, NO_DATA, D, check, hs, load_files, results, write_source

from pipelines.load import load
from warehouse.db import connect_readonly
from warehouse.evaluate import evaluate
from warehouse.plan import load_plan

TO = D("30/06/2025")
FIXTURES = Path(__file__).parent / "fixtures"


def rejected_dossiers(folder: Path, name: str = "ho_so_b") -> Path:
    """A dossier export dated after the load day: the gate rejects it whole."""
    return write_source(folder, name, [hs("B", ngay_ket_thuc="20/03/2025 10:00")], "15/02/2026")


def warning_of(e) -> str:
    return next(w for w in e.warnings if "bị từ chối" in w)


def test_a_rejected_export_leaves_the_figures_of_the_accepted_one_with_a_warning(tmp_path):
    good = write_source(tmp_path, "ho_so_a", [hs("A")], TO)
    (tmp_path / "alone").mkdir()
    alone = results(load_files(tmp_path / "alone", [good]), TO)
    wh = load_files(tmp_path, [good, rejected_dossiers(tmp_path)], clean=False)
    r = results(wh, TO)
    loaded = date.today().strftime("%d/%m/%Y")
    for target in ("TTHC-07", "TTHC-09", "CQS-08"):
        assert (r[target].status, r[target].value, r[target].reason) == (alone[target].status, alone[target].value,
                                                                         alone[target].reason), target
        assert warning_of(r[target]) == (f"Tệp mới nhất của nguồn 'Hồ sơ TTHC' (ho_so_b.csv) bị từ chối ngày {loaded}: "
                                         f"số liệu tính đến tệp đã nạp ngày {loaded}."), target
    check(r["TTHC-07"], 1, 1, MET)
    assert not any("bị từ chối" in w for w in r["TTHC-11"].warnings)  # another source's targets are not told


def test_an_accepted_file_after_it_clears_the_warning(tmp_path):
    wh = load_files(tmp_path, [write_source(tmp_path, "ho_so_a", [hs("A")], TO), rejected_dossiers(tmp_path)], clean=False)
    load([write_source(tmp_path, "ho_so_c", [hs("C", he_thong="Sổ giấy")], TO)], wh, today=D("31/01/2026"))
    e = results(wh, TO)["TTHC-07"]
    check(e, 1, 2, MISSED)  # C is on paper only: the new accepted file counts
    assert not any("bị từ chối" in w for w in e.warnings)


def test_a_source_with_only_a_rejected_file_has_no_data_and_says_both(tmp_path):
    e = results(load_files(tmp_path, [rejected_dossiers(tmp_path)], clean=False), TO)["TTHC-07"]
    assert e.status == NO_DATA and "Chưa nạp dữ liệu 'Hồ sơ TTHC'" in e.reason
    assert warning_of(e).endswith("bị từ chối ngày " + date.today().strftime("%d/%m/%Y") + ": chưa có tệp nào của nguồn này được nạp.")


def test_freshness_still_applies_to_the_accepted_files(tmp_path):
    old = write_source(tmp_path, "ho_so_a", [hs("A")], "01/06/2025")  # 29 days before 30/06: stale for dossiers (7)
    e = results(load_files(tmp_path, [old, rejected_dossiers(tmp_path)], clean=False), TO)["TTHC-07"]
    assert e.status == NO_DATA and "cũ" in e.reason and "bị từ chối" in warning_of(e)


def test_a_rejected_register_leaves_attested_targets_as_they_were(tmp_path):
    rows = [{"ma_chi_tieu": "CVU-04", "ket_qua": "Đã hoàn thành", "ngay_xac_nhan": "10/06/2025", "nguoi_xac_nhan": "A"}]
    good = write_source(tmp_path, "xac_nhan_a", rows, TO)
    bad = write_source(tmp_path, "xac_nhan_b", rows, "15/02/2026")  # dated after the load day
    e = results(load_files(tmp_path, [good, bad], clean=False), TO)["CVU-04"]
    assert e.status == MET and "bị từ chối" in warning_of(e)


@pytest.mark.slow  # builds the demo warehouse or loads twice: over the fast run's minute
def test_a_rejected_upload_changes_no_status_value_series_or_history_of_the_demo(demo_copy):
    plan = load_plan()
    tu, den = plan.start, D("30/09/2025")

    def every_target():
        with connect_readonly(demo_copy) as con:
            return {e.target.id: e for e in evaluate(con, plan, tu, den, "KTD", with_series=True)}

    before = every_target()
    report = load([FIXTURES / "ho_so_qua_nhieu_loi.csv"], demo_copy)
    assert [o.status for o in report.outcomes] == ["rejected"]
    after = every_target()
    for target, e in after.items():
        was = before[target]
        assert (e.status, e.value, e.reason, e.series, e.history) == (was.status, was.value, was.reason, was.series,
                                                                     was.history), target
    touched = {t for t, e in after.items() if any("ho_so_qua_nhieu_loi.csv" in w for w in e.warnings)}
    assert touched == set(plan.fed_by("ho_so")) and len(touched) == 12
