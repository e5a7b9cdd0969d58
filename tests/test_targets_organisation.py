"""Organisation, staff and public-finance targets: TCBM-01/02 (to_chuc, snapshot), TCBM-03 (headcount
series, milestones 6% from 31/12/2024, 8% from 31/12/2025), CVU-01 (appointments), CVU-02 (city-level
training), TCCO-01 (disbursement, snapshot, deadline 31/12/2025)."""

from __future__ import annotations

import pytest
from helpers import MET, MISSED, NO_DATA, NOTHING_AROSE, against, check, load_files, results, write_source

pytestmark = pytest.mark.slow  # each test loads its files into a warehouse: run by .ci/run

TO = "30/06/2025"


def unit(ma, loai, sap_xep=None, giao=None, hien_co=None, so_qd=None, ngay_qd=None):
    return {"ma_don_vi": ma, "ten_don_vi": f"Đơn vị {ma}", "loai_don_vi": loai, "sap_xep_dung_quy_dinh": sap_xep,
            "bien_che_giao": giao, "bien_che_hien_co": hien_co, "so_qd_chuc_nang": so_qd, "ngay_qd_chuc_nang": ngay_qd}


def test_tcbm01_02_units(tmp_path):
    march = [
        unit("U1", "Cơ quan chuyên môn", "Có", 10, 9, "12/QĐ-UBND", "01/07/2025"),   # 01 ok, 02 ok
        unit("U2", "Tổ chức hành chính", "Có", 5, 6, "13/QĐ-UBND"),                  # over quota; decision without date
        unit("U3", None, "Không", 5, 5),                                             # empty type counts; not arranged; no decision
        unit("U4", "Đơn vị sự nghiệp công lập", "Có", 5, 5, "14/QĐ-UBND"),           # not counted
        unit("U5", "Cơ quan chuyên môn", "Có", None, 4, "15/QĐ-UBND"),               # no quota recorded
        unit("U6", "Cơ quan chuyên môn thuộc UBND xã", "Có", 3, 3, "16/QĐ-UBND"),    # ok both
    ]
    december = [unit("U1", "Cơ quan chuyên môn", "Không", 10, 9)]  # older picture: not used
    july = [unit("U1", "Cơ quan chuyên môn", "Có", 10, 9, "12/QĐ-UBND")]  # after `to`: not used
    files = [write_source(tmp_path, "to_chuc_12", december, "31/12/2024"),
             write_source(tmp_path, "to_chuc_03", march, "31/03/2025"),
             write_source(tmp_path, "to_chuc_07", july, "31/07/2025")]
    wh = load_files(tmp_path, files)
    r = results(wh, TO)
    # units U1 U2 U3 U5 U6; TCBM-01 (arranged, quota and headcount recorded, headcount ≤ quota): U1 U6 → 2 / 5
    check(r["TCBM-01"], 2, 5, MISSED)
    assert against(wh, "TCBM-01", TO) == {"U2", "U3", "U5"}
    # TCBM-02 (a decision number): U1 U2 U5 U6 → 4 / 5
    check(r["TCBM-02"], 4, 5, MISSED)
    assert r["TCBM-02"].ngay_so_lieu.isoformat() == "2025-03-31"


def test_tcbm_stale_picture(tmp_path):
    # picture of 15/03/2025 is 107 days old at 30/06 (> 100)
    files = [write_source(tmp_path, "to_chuc", [unit("U1", "Cơ quan chuyên môn", "Có", 1, 1, "1/QĐ")], "15/03/2025")]
    r = results(load_files(tmp_path, files), TO)
    for target in ("TCBM-01", "TCBM-02"):
        assert r[target].status == NO_DATA and "Tổ chức bộ máy" in r[target].reason


HEADCOUNT = [  # state-paid public-service headcount (ngay, so_luong)
    ("30/06/2021", 110),
    ("31/12/2021", 100),  # the baseline: the latest row dated in 2021
    ("31/12/2022", 98),
    ("31/12/2024", 94),
]


def headcount(tmp_path, extra, snapshot, rows=HEADCOUNT):
    data = [{"ngay": d, "so_luong": n} for d, n in [*rows, *extra]]
    return write_source(tmp_path, "bien_che_su_nghiep", data, snapshot)


def test_tcbm03_milestone_6_percent_before_year_end(tmp_path):
    wh = load_files(tmp_path, [headcount(tmp_path, [("30/06/2025", 93)], "30/06/2025")])
    e = results(wh, TO)["TCBM-03"]
    # (100 − 93) / 100 = 7% against the milestone of 31/12/2024: 6% → Đạt
    check(e, 7, 100, MET)
    assert e.threshold == 6


def test_tcbm03_below_6_percent(tmp_path):
    e = results(load_files(tmp_path, [headcount(tmp_path, [("30/06/2025", 95)], "30/06/2025")]), TO)["TCBM-03"]
    # (100 − 95) / 100 = 5% < 6%
    check(e, 5, 100, MISSED)


def test_tcbm03_milestone_8_percent_at_year_end(tmp_path):
    wh = load_files(tmp_path, [headcount(tmp_path, [("30/06/2025", 93), ("31/12/2025", 92)], "31/12/2025")])
    e = results(wh, "31/12/2025")["TCBM-03"]
    # (100 − 92) / 100 = 8% ≥ 8% (milestone of 31/12/2025)
    check(e, 8, 100, MET)
    assert e.threshold == 8
    # one day earlier the 6% milestone applies to the row of 30/06/2025: 7% ≥ 6%
    e = results(wh, "30/12/2025")["TCBM-03"]
    check(e, 7, 100, MET)
    assert e.threshold == 6


def test_tcbm03_7_percent_misses_8_at_year_end(tmp_path):
    e = results(load_files(tmp_path, [headcount(tmp_path, [("31/12/2025", 93)], "31/12/2025")]), "31/12/2025")["TCBM-03"]
    check(e, 7, 100, MISSED)


def test_tcbm03_without_2021_baseline_is_no_data(tmp_path):
    rows = [("31/12/2022", 98), ("31/12/2024", 94)]
    e = results(load_files(tmp_path, [headcount(tmp_path, [("30/06/2025", 90)], "30/06/2025", rows)]), TO)["TCBM-03"]
    assert e.status == NO_DATA and "gốc" in e.reason  # never met by absence


def test_cvu01_appointments(tmp_path):
    def appointment(cb, ngay, dung):
        return {"ma_can_bo": cb, "chuc_vu": "Phó trưởng phòng", "ngay_bo_nhiem": ngay, "dung_quy_trinh": dung}
    rows = [
        appointment("CB01", "15/03/2025", "Có"),
        appointment("CB01", "20/05/2025", "Có"),     # same official, another date: another appointment
        appointment("CB02", "20/04/2025", "Không"),
        appointment("CB03", "10/12/2024", "Không"),  # before the period
        appointment("CB04", "01/07/2025", "Không"),  # after to
    ]
    wh = load_files(tmp_path, [write_source(tmp_path, "bo_nhiem", rows, "05/07/2025")])
    # in the period: CB01×2, CB02 → due procedure 2 / 3
    check(results(wh, TO)["CVU-01"], 2, 3, MISSED)
    assert against(wh, "CVU-01", TO) == {"CB02"}


def test_cvu01_a_later_file_corrects_a_row(tmp_path):
    first = [{"ma_can_bo": "CB02", "ngay_bo_nhiem": "20/04/2025", "dung_quy_trinh": "Không"},
             {"ma_can_bo": "CB01", "ngay_bo_nhiem": "15/03/2025", "dung_quy_trinh": "Có"}]
    correction = [{"ma_can_bo": "CB02", "ngay_bo_nhiem": "20/04/2025", "dung_quy_trinh": "Có"}]
    files = [write_source(tmp_path, "bo_nhiem_1", first, "30/04/2025"), write_source(tmp_path, "bo_nhiem_2", correction, "31/05/2025")]
    # one row per (official, date), from the file with the latest snapshot → 2 / 2
    check(results(load_files(tmp_path, files), TO)["CVU-01"], 2, 2, MET)


def test_cvu02_city_level_courses_only(tmp_path):
    def att(lop, to_chuc, bat_dau, cb, tham_gia):
        return {"ma_lop": lop, "ten_lop": f"Lớp {lop}", "don_vi_to_chuc": to_chuc, "ngay_bat_dau": bat_dau,
                "ma_can_bo": cb, "da_tham_gia": tham_gia}
    rows = [
        att("L1", "UBND thành phố Hải Phòng", "10/03/2025", "CB01", "Không"),
        att("L1", "UBND thành phố Hải Phòng", "10/03/2025", "CB02", "Không"),
        att("L1", "UBND thành phố Hải Phòng", "10/03/2025", "CB01", "Có"),  # same (class, official): the later row wins
        att("L2", "Sở Nội vụ thành phố Hải Phòng", "05/04/2025", "CB03", "Có"),  # a city department
        att("L3", "UBND xã Khúc Thừa Dụ", "05/04/2025", "CB04", "Không"),         # commune-level: not counted
        att("L4", "Trường Chính trị tỉnh", "05/04/2025", "CB05", "Không"),        # not city-level
        att("L5", "UBND Thành phố", "10/12/2024", "CB06", "Không"),               # before the period
    ]
    wh = load_files(tmp_path, [write_source(tmp_path, "dao_tao", rows, "20/06/2025")])
    # L1/CB01 yes, L1/CB02 no, L2/CB03 yes → 2 / 3
    check(results(wh, TO)["CVU-02"], 2, 3, MISSED)
    assert against(wh, "CVU-02", TO) == {"L1 / CB02"}


def test_cvu_staff_registers_go_stale_after_100_days(tmp_path):
    rows = [{"ma_can_bo": "CB01", "ngay_bo_nhiem": "15/02/2025", "dung_quy_trinh": "Có"}]
    e = results(load_files(tmp_path, [write_source(tmp_path, "bo_nhiem", rows, "20/03/2025")]), TO)["CVU-01"]
    assert e.status == NO_DATA and "Bổ nhiệm" in e.reason  # 102 days before 30/06


def project(ma, ke_hoach, luy_ke):
    return {"ma_du_an": ma, "ten_du_an": f"Dự án {ma}", "ke_hoach_von_nam": ke_hoach, "luy_ke_giai_ngan": luy_ke}


def test_tcco01_latest_report_on_or_before_to(tmp_path):
    may = [project("DA1", "1.000.000.000", "600.000.000"), project("DA2", "500.000.000", "300.000.000")]
    july = [project("DA1", "1.000.000.000", "1.000.000.000"), project("DA2", "500.000.000", "500.000.000")]
    files = [write_source(tmp_path, "giai_ngan_05", may, "31/05/2025", how="column"),
             write_source(tmp_path, "giai_ngan_07", july, "15/07/2025")]
    e = results(load_files(tmp_path, files), TO)["TCCO-01"]
    # report of 31/05: 900.000.000 / 1.500.000.000 = 60%
    check(e, 900_000_000, 1_500_000_000, MISSED)


def test_tcco01_judged_at_31_12_when_to_is_in_2026(tmp_path):
    december = [project("DA1", "1.000.000.000", "1.000.000.000"), project("DA2", "500.000.000", "500.000.000")]
    january = [project("DB1", "2.000.000.000", "200.000.000")]  # the 2026 plan
    files = [write_source(tmp_path, "giai_ngan_2025", december, "31/12/2025"),
             write_source(tmp_path, "giai_ngan_2026", january, "31/01/2026")]
    e = results(load_files(tmp_path, files), "31/01/2026")["TCCO-01"]
    # at 31/12/2025: 1.500.000.000 / 1.500.000.000 = 100% → Đạt; today 10%
    check(e, 1_500_000_000, 1_500_000_000, MET)
    assert e.judged_at.isoformat() == "2025-12-31"
    assert abs(e.current_value - 10.0) < 1e-9


def test_tcco01_missed_at_31_12(tmp_path):
    november = [project("DA1", "1.000.000.000", "950.000.000")]
    january = [project("DB1", "2.000.000.000", "2.000.000.000")]
    files = [write_source(tmp_path, "giai_ngan_11", november, "30/11/2025"),
             write_source(tmp_path, "giai_ngan_01", january, "20/01/2026")]
    e = results(load_files(tmp_path, files), "31/01/2026")["TCCO-01"]
    # at 31/12/2025 the 30/11 report (31 days old, fresh): 95% < 100%
    check(e, 950_000_000, 1_000_000_000, MISSED)
    assert e.reason.startswith("Hết hạn 31/12/2025")


def test_tcco01_stale_at_31_12(tmp_path):
    files = [write_source(tmp_path, "giai_ngan_11", [project("DA1", "100", "100")], "15/11/2025"),
             write_source(tmp_path, "giai_ngan_01", [project("DB1", "100", "100")], "31/01/2026")]
    e = results(load_files(tmp_path, files), "31/01/2026")["TCCO-01"]
    # the report used at 31/12/2025 is of 15/11 (46 days > 35)
    assert e.status == NO_DATA and "15/11/2025" in e.reason


def test_tcco01_no_capital_plan_is_met(tmp_path):
    e = results(load_files(tmp_path, [write_source(tmp_path, "giai_ngan", [project("DA1", "0", "0")], "31/05/2025")]), TO)["TCCO-01"]
    assert (e.status, e.reason) == (MET, NOTHING_AROSE)
