"""Attested targets (xac_nhan): the latest attestation on or before `to` counts (on the same day,
the later row); `Đã hoàn thành` → Đạt, `Chưa hoàn thành` → Chưa đạt, a number → compared with the
threshold (count targets CDDH-05 ≥ 1, TCHE-02 ≥ 2); none → Chưa có dữ liệu."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import MET, MISSED, NO_DATA, load_files, results, write_source

pytestmark = pytest.mark.slow  # each test loads its files into a warehouse: run by .ci/run

TO = "30/06/2025"
DONE, NOT_DONE = "Đã hoàn thành", "Chưa hoàn thành"


def att(target, ket_qua, ngay, so="01/BC-UBND"):
    return {"ma_chi_tieu": target, "ket_qua": ket_qua, "ngay_xac_nhan": ngay, "so_van_ban_minh_chung": so,
            "nguoi_xac_nhan": "Nguyễn Văn A"}


def test_every_attested_target(tmp_path):
    rows = [
        att("CDDH-01", DONE, "15/01/2025", "05/KH-UBND"),                             # → Đạt
        att("CDDH-02", DONE, "10/02/2025"), att("CDDH-02", NOT_DONE, "15/07/2025"),   # later one after to → Đạt
        att("CDDH-03", NOT_DONE, "01/03/2025"), att("CDDH-03", DONE, "20/07/2025"),   # done only after to → Chưa đạt
        att("CDDH-05", "2", "20/05/2025"),                                            # 2 ≥ 1 → Đạt
        # CDDH-06: none → Chưa có dữ liệu
        att("TCHE-02", "1", "20/05/2025"),                                            # 1 < 2 → Chưa đạt
        att("TCHE-03", DONE, "20/05/2025"), att("TCHE-03", NOT_DONE, "20/05/2025"),   # same day: the later row → Chưa đạt
        att("CVU-03", NOT_DONE, "10/03/2025"), att("CVU-03", DONE, "20/05/2025"),     # the latest → Đạt
        att("cvu-04", DONE, "30/06/2025"),                                            # on `to` counts → Đạt
        att("TCCO-02", DONE, "01/07/2025"),                                           # only after to → Chưa có dữ liệu
        att("TCCO-03", NOT_DONE, "30/06/2025"),                                       # → Chưa đạt
    ]
    r = results(load_files(tmp_path, [write_source(tmp_path, "xac_nhan", rows, "20/07/2025")]), TO)
    expected = {
        "CDDH-01": (MET, 1.0), "CDDH-02": (MET, 1.0), "CDDH-03": (MISSED, 0.0), "CDDH-05": (MET, 2.0),
        "CDDH-06": (NO_DATA, None), "TCHE-02": (MISSED, 1.0), "TCHE-03": (MISSED, 0.0), "CVU-03": (MET, 1.0),
        "CVU-04": (MET, 1.0), "TCCO-02": (NO_DATA, None), "TCCO-03": (MISSED, 0.0),
    }
    got = {t: (r[t].status, r[t].value) for t in expected}
    assert got == expected
    assert r["CDDH-01"].ngay_so_lieu == date(2025, 1, 15)
    assert r["CDDH-01"].evidence["so_van_ban_minh_chung"] == "05/KH-UBND"
    assert r["CDDH-06"].reason and r["TCCO-02"].reason


def test_count_targets_at_their_threshold(tmp_path):
    rows = [att("TCHE-02", "2", "20/05/2025"), att("CDDH-05", "0", "20/05/2025")]
    r = results(load_files(tmp_path, [write_source(tmp_path, "xac_nhan", rows, "20/05/2025")]), TO)
    assert (r["TCHE-02"].status, r["TCHE-02"].value) == (MET, 2.0)      # 2 ≥ 2
    assert (r["CDDH-05"].status, r["CDDH-05"].value) == (MISSED, 0.0)   # 0 < 1


def test_attestation_depends_on_to(tmp_path):
    rows = [att("CDDH-01", NOT_DONE, "10/03/2025"), att("CDDH-01", DONE, "20/05/2025")]
    wh = load_files(tmp_path, [write_source(tmp_path, "xac_nhan", rows, "20/05/2025")])
    assert results(wh, "28/02/2025")["CDDH-01"].status == NO_DATA
    assert results(wh, "15/04/2025")["CDDH-01"].status == MISSED
    assert results(wh, TO)["CDDH-01"].status == MET


def test_attestation_after_the_plan_deadline_is_not_counted(tmp_path):
    # with `to` in 2026 the target is judged at 31/12/2025: a January attestation comes too late
    rows = [att("CDDH-06", NOT_DONE, "15/12/2025"), att("CDDH-06", DONE, "10/01/2026")]
    e = results(load_files(tmp_path, [write_source(tmp_path, "xac_nhan", rows, "10/01/2026")]), "31/01/2026")["CDDH-06"]
    assert (e.status, e.judged_at) == (MISSED, date(2025, 12, 31))
