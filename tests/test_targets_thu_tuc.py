"""Procedure-catalogue targets (thu_tuc, a snapshot source): TTHC-01, 04, 05, 06, CQS-02, 03.

A ratio uses the latest picture on or before `to`, counts only procedures in force at `to`
(`hieu_luc_tu` empty or ≤ to, `hieu_luc_den` empty or after to), and every numerator is a subset of
its denominator. TTHC-04/05 have a deadline, 20/07/2025: a later `to` is judged at the deadline.
"""

from __future__ import annotations

import pytest
from helpers import MET, MISSED, NO_DATA, NOTHING_AROSE, against, check, load_files, results, tt, write_source

pytestmark = pytest.mark.slow  # each test loads its files into a warehouse: run by .ci/run

TO = "30/06/2025"
CATALOGUE_TARGETS = ["TTHC-01", "TTHC-04", "TTHC-05", "TTHC-06", "CQS-02", "CQS-03"]
ALL_GOOD = dict(du_dieu_kien_toan_trinh="Có", cung_cap_tren_dvcqg="Có", lien_quan_doanh_nghiep="Có",
                khong_phu_thuoc_dia_gioi="Có", thuc_hien_tai_trung_tam="Có", ho_tro_di_dong="Có")

# The picture of 31/05/2025 (yes/no columns not listed are No):
MAY = [
    tt("T1", 4, **ALL_GOOD),
    tt("T2", 3, du_dieu_kien_toan_trinh="Có", lien_quan_doanh_nghiep="Có", thuc_hien_tai_trung_tam="Có"),
    tt("T3", 2, lien_quan_doanh_nghiep="Có", mien_khoan3_dieu14="Có"),  # exempt from the centre rule
    tt("T4", 4, du_dieu_kien_toan_trinh="Có", cung_cap_tren_dvcqg="Có", khong_phu_thuoc_dia_gioi="Có"),
    tt("T5", 2, du_dieu_kien_toan_trinh="Có", lien_quan_doanh_nghiep="Có", hieu_luc_tu="01/07/2025"),  # not yet in force
    tt("T6", 2, du_dieu_kien_toan_trinh="Có", lien_quan_doanh_nghiep="Có", hieu_luc_den="30/06/2025"),  # ends on `to`: out
    tt("T7", 4, du_dieu_kien_toan_trinh="Có", cung_cap_tren_dvcqg="Có", khong_phu_thuoc_dia_gioi="Có",
       thuc_hien_tai_trung_tam="Có", ho_tro_di_dong="Có", hieu_luc_tu="30/06/2025", hieu_luc_den="01/07/2025"),  # in force on `to`
]


def test_catalogue_ratios_at_30_06(tmp_path):
    # in force at 30/06: T1 T2 T3 T4 T7 (T5 starts 01/07, T6 ends 30/06)
    wh = load_files(tmp_path, [write_source(tmp_path, "thu_tuc", MAY, "31/05/2025")])
    r = results(wh, TO)
    # TTHC-01: not exempt T1 T2 T4 T7 → at the centre T1 T2 T7 → 3 / 4
    check(r["TTHC-01"], 3, 4, MISSED)
    assert against(wh, "TTHC-01", TO) == {"T4"}
    # TTHC-04: eligible for toàn trình T1 T2 T4 T7 → on the national portal T1 T4 T7 → 3 / 4
    check(r["TTHC-04"], 3, 4, MISSED)
    # TTHC-05: business-related T1 T2 T3 → online (level 3 or 4) T1 T2 → 2 / 3
    check(r["TTHC-05"], 2, 3, MISSED)
    # TTHC-06: boundary-free T1 T4 T7 / in force 5 → 60%
    check(r["TTHC-06"], 3, 5, MISSED)
    # CQS-02: toàn trình T1 T4 T7 → on mobile T1 T7 → 2 / 3 = 66.7% < 80%
    check(r["CQS-02"], 2, 3, MISSED)
    # CQS-03: eligible T1 T2 T4 T7 → at level 4 T1 T4 T7 → 3 / 4
    check(r["CQS-03"], 3, 4, MISSED)
    assert r["CQS-03"].ngay_so_lieu.isoformat() == "2025-05-31"


def test_latest_picture_on_or_before_to(tmp_path):
    march = [tt("T9", 4, **ALL_GOOD)]                       # everything met, one procedure
    july = [tt("T1", 4, **ALL_GOOD), tt("T8", 4, **ALL_GOOD)]
    files = [write_source(tmp_path, "thu_tuc_03", march, "31/03/2025"),
             write_source(tmp_path, "thu_tuc_05", MAY, "31/05/2025"),
             write_source(tmp_path, "thu_tuc_07", july, "15/07/2025")]
    wh = load_files(tmp_path, files)
    # at 15/04 the March picture: 1 / 1 everywhere (T1…T7 of May do not exist yet)
    r = results(wh, "15/04/2025")
    for target in CATALOGUE_TARGETS:
        check(r[target], 1, 1, MET)
    # at 30/06 the May picture (the July one is after `to`): as in test_catalogue_ratios_at_30_06
    r = results(wh, TO)
    check(r["TTHC-06"], 3, 5, MISSED)
    check(r["CQS-02"], 2, 3, MISSED)


def test_nothing_in_force_is_met(tmp_path):
    # only procedures not yet in force (from 01/09): every denominator is zero → Không phát sinh
    rows = [tt("T1", 4, hieu_luc_tu="01/09/2025"), tt("T2", 2, lien_quan_doanh_nghiep="Có", du_dieu_kien_toan_trinh="Có",
                                                     hieu_luc_tu="01/09/2025")]
    r = results(load_files(tmp_path, [write_source(tmp_path, "thu_tuc", rows, "31/05/2025")]), TO)
    for target in CATALOGUE_TARGETS:
        assert (r[target].status, r[target].reason) == (MET, NOTHING_AROSE), target


def test_stale_picture_is_no_data_even_with_a_later_one(tmp_path):
    # picture of 15/03 is 107 days before 30/06 (> 100); the 15/07 picture is after `to`, not used
    files = [write_source(tmp_path, "thu_tuc_03", MAY, "15/03/2025"),
             write_source(tmp_path, "thu_tuc_07", MAY, "15/07/2025")]
    r = results(load_files(tmp_path, files), TO)
    for target in CATALOGUE_TARGETS:
        assert r[target].status == NO_DATA, target
        assert "Danh mục TTHC" in r[target].reason and "15/03/2025" in r[target].reason


# --- TTHC-04 / TTHC-05: deadline 20/07/2025 ------------------------------------------------------------

def test_tthc04_05_met_at_deadline_missed_later(tmp_path):
    at_deadline = [  # picture of 15/07/2025
        tt("A", 4, du_dieu_kien_toan_trinh="Có", cung_cap_tren_dvcqg="Có", lien_quan_doanh_nghiep="Có"),
        tt("B", 3, du_dieu_kien_toan_trinh="Có", cung_cap_tren_dvcqg="Có", lien_quan_doanh_nghiep="Có"),
        # in force only from 01/09: not counted at the deadline
        tt("C", 2, du_dieu_kien_toan_trinh="Có", lien_quan_doanh_nghiep="Có", hieu_luc_tu="01/09/2025"),
    ]
    later = [  # picture of 30/11/2025: C is in force and neither online nor on the portal
        tt("A", 4, du_dieu_kien_toan_trinh="Có", cung_cap_tren_dvcqg="Có", lien_quan_doanh_nghiep="Có"),
        tt("B", 3, du_dieu_kien_toan_trinh="Có", cung_cap_tren_dvcqg="Có", lien_quan_doanh_nghiep="Có"),
        tt("C", 2, du_dieu_kien_toan_trinh="Có", lien_quan_doanh_nghiep="Có", hieu_luc_tu="01/09/2025"),
    ]
    files = [write_source(tmp_path, "thu_tuc_07", at_deadline, "15/07/2025"),
             write_source(tmp_path, "thu_tuc_11", later, "30/11/2025")]
    r = results(load_files(tmp_path, files), "31/12/2025")
    for target in ("TTHC-04", "TTHC-05"):
        e = r[target]
        # judged at 20/07 with the 15/07 picture: A B / A B → 100% Đạt; today it would be 2 / 3
        assert e.judged_at.isoformat() == "2025-07-20"
        check(e, 2, 2, MET)
        assert abs(e.current_value - 200 / 3) < 1e-9
    # a target without that deadline uses the latest picture: CQS-03 eligible A B C → level 4: A → 1 / 3
    check(r["CQS-03"], 1, 3, MISSED)


def test_tthc04_05_missed_at_deadline_fixed_later(tmp_path):
    at_deadline = [tt("A", 4, du_dieu_kien_toan_trinh="Có", lien_quan_doanh_nghiep="Có"),          # not on the portal
                   tt("B", 2, du_dieu_kien_toan_trinh="Có", cung_cap_tren_dvcqg="Có", lien_quan_doanh_nghiep="Có")]  # not online
    fixed = [tt("A", 4, du_dieu_kien_toan_trinh="Có", cung_cap_tren_dvcqg="Có", lien_quan_doanh_nghiep="Có"),
             tt("B", 3, du_dieu_kien_toan_trinh="Có", cung_cap_tren_dvcqg="Có", lien_quan_doanh_nghiep="Có")]
    files = [write_source(tmp_path, "thu_tuc_06", at_deadline, "30/06/2025"),
             write_source(tmp_path, "thu_tuc_11", fixed, "30/11/2025")]
    r = results(load_files(tmp_path, files), "31/12/2025")
    # at 20/07 (picture 30/06): TTHC-04 on the portal B / eligible A B = 1 / 2; TTHC-05 online A / A B = 1 / 2
    for target in ("TTHC-04", "TTHC-05"):
        e = r[target]
        check(e, 1, 2, MISSED)
        assert e.judged_at.isoformat() == "2025-07-20"
        assert e.reason.startswith("Hết hạn 20/07/2025")
        assert e.current_value == 100.0


def test_tthc04_freshness_is_judged_at_the_deadline(tmp_path):
    # the only picture on or before 20/07 is of 01/03 (141 days old at the deadline): no data,
    # although a fresh picture of 30/11 exists at `to`
    rows = [tt("A", 4, du_dieu_kien_toan_trinh="Có", cung_cap_tren_dvcqg="Có", lien_quan_doanh_nghiep="Có")]
    files = [write_source(tmp_path, "thu_tuc_03", rows, "01/03/2025"), write_source(tmp_path, "thu_tuc_11", rows, "30/11/2025")]
    r = results(load_files(tmp_path, files), "31/12/2025")
    for target in ("TTHC-04", "TTHC-05"):
        assert r[target].status == NO_DATA and "01/03/2025" in r[target].reason, target
    check(r["TTHC-06"], 0, 1, MISSED)  # no deadline: the 30/11 picture is used


def test_two_files_with_the_same_snapshot_date_make_one_picture(tmp_path):
    # files a and b are both of 31/05: unioned; T1 in both → the later-loaded file (b) wins
    a = [tt("T1", 4, **ALL_GOOD), tt("T2", 4, **ALL_GOOD)]
    b = [tt("T1", 4, du_dieu_kien_toan_trinh="Có"), tt("T3", 4, **ALL_GOOD)]
    files = [write_source(tmp_path, "thu_tuc_a", a, "31/05/2025"), write_source(tmp_path, "thu_tuc_b", b, "31/05/2025")]
    e = results(load_files(tmp_path, files), TO)["TTHC-06"]
    # T1 (from b: bound to the boundary) T2 T3 → boundary-free T2 T3 → 2 / 3
    check(e, 2, 3, MISSED)
