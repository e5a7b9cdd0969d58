"""Dossier targets (ho_so, with pakn for TTHC-02/03 and the catalogue for TTHC-10's level).

Unless a test says otherwise: period 01/01/2025 – 30/06/2025, a dossier is `hs()`'s default
(Hộ tịch, in person, received 03/03, promised 10/03, finished 07/03, status 10, every yes/no No),
and the files are fresh at `to`.
"""

from __future__ import annotations

import pytest
from helpers import MET, MISSED, NO_DATA, NOTHING_AROSE, D, against, check, hs, load_files, pk, results, tt, write_source

pytestmark = pytest.mark.slow  # each test loads its files into a warehouse: run by .ci/run

TO = "30/06/2025"
DOSSIER_TARGETS = ["TTHC-02", "TTHC-03", "TTHC-07", "TTHC-08", "TTHC-09", "TTHC-10",
                   "CQS-04", "CQS-06", "CQS-07", "CQS-08", "CQS-09", "CQS-10"]


def one_petition(tmp_path, rows=None, snapshot=TO, name="pakn"):
    """A petition file: TTHC-02/03 need one even when no petition names a dossier."""
    return write_source(tmp_path, name, rows or [pk("PK-KHAC", linh_vuc="Môi trường")], snapshot)


# --- TTHC-02 / TTHC-03: the 766 satisfaction formula -------------------------------------------

def test_tthc02_overdue_rules_of_766(tmp_path):
    dossiers = [
        hs("A"),                                                       # finished 07/03 ≤ promised 10/03
        hs("B", ngay_ket_thuc="12/03/2025 09:00"),                     # finished after promised → overdue
        hs("R", ngay_ket_thuc="10/03/2025 18:30"),                     # same calendar day as promised (17:00) → on time
        hs("C", trang_thai="4", ngay_ket_thuc=None, ngay_hen_tra="20/06/2025"),  # open, promised < to → overdue
        hs("D", trang_thai="4", ngay_ket_thuc=None, ngay_hen_tra="30/06/2025"),  # open, promised = to → not yet
        hs("E", trang_thai="5", ngay_ket_thuc=None, ngay_hen_tra="15/07/2025"),  # supplement asked, not due
        hs("S", trang_thai="5", ngay_ket_thuc=None, ngay_hen_tra="20/06/2025"),  # waiting for supplements: no pause → overdue
        hs("F", so_lan_bo_sung="2"),                                   # on time but 2 supplement requests → overdue
        hs("G", so_lan_bo_sung="1"),                                   # one request is allowed
        hs("H", trang_thai="7", ngay_ket_thuc=None, ngay_hen_tra="01/04/2025", so_lan_bo_sung="3"),  # withdrawn: never overdue
        hs("I", trang_thai="8", ngay_ket_thuc=None, ngay_hen_tra="01/04/2025"),  # stopped: never overdue
        # finished after to: open at to, promised < to → overdue
        hs("Q1", trang_thai="9", ngay_ket_thuc="01/07/2025", ngay_hen_tra="25/06/2025"),
        hs("Q2", trang_thai="10", ngay_ket_thuc="02/07/2025", ngay_hen_tra="05/07/2025"),  # open at to, not yet due
        hs("T", trang_thai="2", ngay_tiep_nhan="30/06/2025 16:45", ngay_hen_tra="10/07/2025", ngay_ket_thuc=None),  # received on `to`
        # not counted: status 1 and 3, received before the period or after `to` (all would be overdue)
        hs("M", trang_thai="1", ngay_ket_thuc=None, ngay_hen_tra="01/04/2025"),
        hs("N", trang_thai="3", ngay_ket_thuc=None, ngay_hen_tra="01/04/2025"),
        hs("O", ngay_tiep_nhan="31/12/2024 23:00", ngay_hen_tra="02/01/2025", ngay_ket_thuc="20/01/2025"),
        hs("P", trang_thai="4", ngay_tiep_nhan="01/07/2025", ngay_hen_tra="01/07/2025", ngay_ket_thuc=None),
    ]
    wh = load_files(tmp_path, [write_source(tmp_path, "ho_so", dossiers, "05/07/2025"), one_petition(tmp_path)])
    # counted: A B R C D E S F G H I Q1 Q2 T = 14; overdue: B C S F Q1 → 9 / 14 = 64.3% < 95%
    check(results(wh, TO)["TTHC-02"], 9, 14, MISSED)
    assert against(wh, "TTHC-02", TO) == {"B", "C", "S", "F", "Q1"}


def test_tthc02_rating_and_petitions(tmp_path):
    dossiers = [
        hs("A", danh_gia="Rất hài lòng"),
        hs("B", danh_gia="Không hài lòng"),  # rated Không hài lòng → against
        hs("C"),                             # named by a petition received 15/06 → against
        hs("D"),                             # named by a petition received 01/07, after `to` → not yet
        hs("E"),                             # named by a refused petition received 02/05 → against (any status)
        hs("F"),
    ]
    petitions = [
        pk("PK1", ngay_tiep_nhan="15/06/2025", han_xu_ly="25/06/2025", ngay_xu_ly="20/06/2025", trang_thai="Đã xử lý", ma_ho_so="C"),
        pk("PK2", ngay_tiep_nhan="01/07/2025", han_xu_ly="11/07/2025", ma_ho_so="D"),
        pk("PK3", ngay_tiep_nhan="02/05/2025", han_xu_ly="12/05/2025", ngay_xu_ly="03/05/2025", trang_thai="Từ chối", ma_ho_so="E"),
        pk("PK4", ngay_tiep_nhan="02/05/2025", han_xu_ly="12/05/2025", ma_ho_so="HS-KHONG-CO"),
    ]
    wh = load_files(tmp_path, [write_source(tmp_path, "ho_so", dossiers, TO), one_petition(tmp_path, petitions, "02/07/2025")])
    # 6 dossiers, against B C E → 3 / 6 = 50%
    check(results(wh, TO)["TTHC-02"], 3, 6, MISSED)
    assert against(wh, "TTHC-02", TO) == {"B", "C", "E"}


def test_tthc02_exact_threshold_is_met(tmp_path):
    # 20 dossiers, one finished late → 19 / 20 = 95% ≥ 95% (compared exactly)
    dossiers = [hs(f"A{i:02}") for i in range(19)] + [hs("LATE", ngay_ket_thuc="11/03/2025")]
    e = results(load_files(tmp_path, [write_source(tmp_path, "ho_so", dossiers, TO), one_petition(tmp_path)]), TO)["TTHC-02"]
    check(e, 19, 20, MET)


def test_tthc02_03_nothing_arose_is_met(tmp_path):
    # only a dossier received in 2024 and one still 'Mới đăng ký': no dossier counts → Không phát sinh
    dossiers = [hs("OLD", ngay_tiep_nhan="20/12/2024", ngay_hen_tra="27/12/2024", ngay_ket_thuc="26/12/2024"),
                hs("NEW", trang_thai="1", ngay_ket_thuc=None)]
    r = results(load_files(tmp_path, [write_source(tmp_path, "ho_so", dossiers, TO), one_petition(tmp_path)]), TO)
    for target in ("TTHC-02", "TTHC-03", "TTHC-07", "TTHC-08", "TTHC-09", "CQS-04", "CQS-06", "CQS-07", "CQS-08", "CQS-09", "CQS-10"):
        e = r[target]
        assert (e.status, e.reason, e.value) == (MET, NOTHING_AROSE, None), (target, e.status, e.reason)
        assert not e.mau_so


def test_tthc02_needs_a_petition_file(tmp_path):
    # no pakn file at all: TTHC-02/03 cannot be judged; TTHC-07 (ho_so only) can
    r = results(load_files(tmp_path, [write_source(tmp_path, "ho_so", [hs("A")], TO)]), TO)
    for target in ("TTHC-02", "TTHC-03"):
        assert r[target].status == NO_DATA and "Phản ánh, kiến nghị" in r[target].reason
    check(r["TTHC-07"], 1, 1, MET)


def test_tthc03_only_land_construction_investment(tmp_path):
    dossiers = [
        hs("DD", linh_vuc="Đất đai"),                                                  # ok
        hs("DD2", linh_vuc="ĐẤT ĐAI", trang_thai="4", ngay_ket_thuc=None, ngay_hen_tra="01/06/2025"),  # overdue
        hs("XD", linh_vuc="Xây dựng"),                                                 # ok
        hs("DT", linh_vuc="Đầu tư", danh_gia="Không hài lòng"),                        # against
        hs("LV", linh_vuc="Lĩnh vực đất đai"),                                         # contains 'dat dai' → ok
        hs("HT", linh_vuc="Hộ tịch", ngay_ket_thuc="20/03/2025"),                      # other field (late): TTHC-02 only
        hs("CT", linh_vuc="Chứng thực"),                                               # other field
    ]
    r = results(load_files(tmp_path, [write_source(tmp_path, "ho_so", dossiers, TO), one_petition(tmp_path)]), TO)
    # TTHC-03: DD DD2 XD DT LV = 5, ok DD XD LV → 3 / 5 = 60% < 90%
    check(r["TTHC-03"], 3, 5, MISSED)
    # TTHC-02: all 7, against DD2 DT HT → 4 / 7
    check(r["TTHC-02"], 4, 7, MISSED)


def test_tthc03_ninety_percent_is_met(tmp_path):
    # 10 Xây dựng dossiers, one still open past its promised date → 9 / 10 = 90% ≥ 90%
    dossiers = [hs(f"XD{i}", linh_vuc="Xây dựng") for i in range(9)]
    dossiers.append(hs("XD9", linh_vuc="Xây dựng", trang_thai="4", ngay_ket_thuc=None, ngay_hen_tra="29/06/2025"))
    e = results(load_files(tmp_path, [write_source(tmp_path, "ho_so", dossiers, TO), one_petition(tmp_path)]), TO)["TTHC-03"]
    check(e, 9, 10, MET)


def test_finished_status_without_end_date_is_open(tmp_path):
    # 'Finished' = status 9/10 AND an end date on or before `to`. X says 9 but has no end date:
    # it is open at `to`, promised 10/03 < to → overdue (TTHC-02); unfinished → CQS-06 asks only
    # for digitised components (it has them) and CQS-07 does not count it.
    dossiers = [hs("A", so_hoa_thanh_phan="Có", so_hoa_ket_qua="Có", ket_qua_dien_tu="Có"),
                hs("X", trang_thai="9", ngay_ket_thuc=None, so_hoa_thanh_phan="Có")]
    wh = load_files(tmp_path, [write_source(tmp_path, "ho_so", dossiers, TO), one_petition(tmp_path)])
    r = results(wh, TO)
    check(r["TTHC-02"], 1, 2, MISSED)
    assert against(wh, "TTHC-02", TO) == {"X"}
    check(r["CQS-06"], 2, 2, MET)
    check(r["CQS-07"], 1, 1, MET)


# --- TTHC-07 / TTHC-08 and the paper book ---------------------------------------------------------

def test_tthc07_08_systems_and_paper_book(tmp_path):
    dossiers = [
        hs("TP", he_thong="Thành phố", da_dong_bo="Có"),
        hs("BN", he_thong="Bộ ngành", da_dong_bo="Không"),
        hs("RONG", da_dong_bo="Có"),                  # no he_thong: on the city system
        hs("SG", he_thong="Sổ giấy", da_dong_bo="Có"),  # paper book only
    ]
    r = results(load_files(tmp_path, [write_source(tmp_path, "ho_so", dossiers, TO)]), TO)
    # TTHC-07: on a system TP BN RONG / all 4 → 75%
    check(r["TTHC-07"], 3, 4, MISSED)
    # TTHC-08: synced TP RONG / on a system TP BN RONG → 2 / 3
    check(r["TTHC-08"], 2, 3, MISSED)


def test_paper_book_dossiers_count_everywhere_but_tthc08(tmp_path):
    # two identical dossiers (Đất đai, finished, rated, fee 10.000 unpaid), one only in the paper book
    base = dict(linh_vuc="Đất đai", ma_tthc="1.000004", danh_gia="Hài lòng", phi_le_phi="10.000")
    dossiers = [hs("HT", **base), hs("SG", he_thong="Sổ giấy", **base)]
    files = [write_source(tmp_path, "ho_so", dossiers, TO), one_petition(tmp_path),
             write_source(tmp_path, "thu_tuc", [tt("1.000004", 4)], "31/05/2025")]
    r = results(load_files(tmp_path, files), TO)
    for target in DOSSIER_TARGETS:
        assert r[target].mau_so == (1 if target == "TTHC-08" else 2), (target, r[target].mau_so)


# --- TTHC-09, TTHC-10 ---------------------------------------------------------------------------------

def test_tthc09_reuse(tmp_path):
    dossiers = [hs("A", tai_su_dung="Có"), hs("B", tai_su_dung="Không"), hs("C"),
                hs("D", he_thong="Sổ giấy", tai_su_dung="x")]
    e = results(load_files(tmp_path, [write_source(tmp_path, "ho_so", dossiers, TO)]), TO)["TTHC-09"]
    # reused A D / 4 = 50% ≥ 50%
    check(e, 2, 4, MET)


def test_tthc10_fully_online_when_finished(tmp_path):
    catalogue = [write_source(tmp_path, "thu_tuc_0531", [tt("1.000004", 4), tt("1.000003", 3)], "31/05/2025"),
                 write_source(tmp_path, "thu_tuc_0715", [tt("1.000004", 4), tt("1.000003", 4)], "15/07/2025")]
    online = dict(kenh="2", ma_tthc="1.000004")
    dossiers = [
        hs("A", muc_do="4", ket_qua_dien_tu="Có", **online),               # ok
        hs("B", muc_do="4", **online),                                      # finished, no electronic result
        hs("C", muc_do="4", trang_thai="4", ngay_ket_thuc=None, ngay_hen_tra="15/07/2025", **online),  # open: ok
        hs("D", muc_do="4", kenh="1", ma_tthc="1.000004", ket_qua_dien_tu="Có"),  # in person
        hs("E", muc_do="3", ket_qua_dien_tu="Có", **online),               # một phần
        hs("F", ket_qua_dien_tu="Có", **online),                            # no level: catalogue says 4 → ok
        hs("G", kenh="2", ma_tthc="1.000003", ket_qua_dien_tu="Có"),        # catalogue: 3 at 31/05, 4 from 15/07
        hs("H", kenh="Trực tuyến", muc_do="Toàn trình", ma_tthc="1.000004",
           ngay_ket_thuc="02/07/2025", ngay_hen_tra="05/07/2025"),          # finished 02/07, no e-result
    ]
    wh = load_files(tmp_path, [*catalogue, write_source(tmp_path, "ho_so", dossiers, "31/07/2025")])
    # at 30/06: ok A C F H (H still open) → 4 / 8 = 50% < 80%
    check(results(wh, TO)["TTHC-10"], 4, 8, MISSED)
    assert against(wh, "TTHC-10", TO) == {"B", "D", "E", "G"}
    # at 31/07: G's level is now 4 (snapshot 15/07); H finished without an electronic result
    check(results(wh, "31/07/2025")["TTHC-10"], 4, 8, MISSED)
    assert against(wh, "TTHC-10", "31/07/2025") == {"B", "D", "E", "H"}


# --- CQS-04, 06, 07, 08, 09, 10 -----------------------------------------------------------------------

def test_cqs04_rated_dossiers(tmp_path):
    dossiers = [hs("A", danh_gia="Rất hài lòng"), hs("B", danh_gia="Hài lòng"), hs("C", danh_gia="Không hài lòng"),
                hs("D"), hs("E", trang_thai="1", ngay_ket_thuc=None, danh_gia="Hài lòng")]
    e = results(load_files(tmp_path, [write_source(tmp_path, "ho_so", dossiers, TO)]), TO)["CQS-04"]
    # rated and counted: A B C → satisfied A B → 2 / 3 = 66.7% < 90%
    check(e, 2, 3, MISSED)


def test_cqs06_digitised_result_only_when_finished(tmp_path):
    dossiers = [
        hs("A", so_hoa_thanh_phan="Có", so_hoa_ket_qua="Có"),   # ok
        hs("B", so_hoa_thanh_phan="Có"),                          # finished, result not digitised
        hs("C", so_hoa_thanh_phan="Có", trang_thai="4", ngay_ket_thuc=None, ngay_hen_tra="15/07/2025"),  # open: ok
        hs("D", trang_thai="4", ngay_ket_thuc=None, ngay_hen_tra="15/07/2025"),  # components not digitised
        hs("E", so_hoa_thanh_phan="Có", trang_thai="9", ngay_ket_thuc="02/07/2025", ngay_hen_tra="05/07/2025"),  # open at to: ok
        hs("F", so_hoa_thanh_phan="Có", trang_thai="7", ngay_ket_thuc=None),  # withdrawn, not finished: ok
    ]
    wh = load_files(tmp_path, [write_source(tmp_path, "ho_so", dossiers, "02/07/2025")])
    # ok A C E F → 4 / 6
    check(results(wh, TO)["CQS-06"], 4, 6, MISSED)
    assert against(wh, "CQS-06", TO) == {"B", "D"}


def test_cqs07_finished_dossiers_with_electronic_result(tmp_path):
    dossiers = [
        hs("A", ket_qua_dien_tu="Có"),
        hs("B"),                                                                       # finished, no e-result
        hs("C", trang_thai="4", ngay_ket_thuc=None, ngay_hen_tra="15/07/2025"),        # open: not counted
        hs("D", ngay_ket_thuc="02/07/2025", ngay_hen_tra="05/07/2025"),                # finished after to: not counted
        hs("E", trang_thai="9", ngay_ket_thuc="30/06/2025 23:00", ngay_hen_tra="30/06/2025", ket_qua_dien_tu="1"),
        hs("F", trang_thai="8", ngay_ket_thuc=None),                                  # stopped: not finished
    ]
    e = results(load_files(tmp_path, [write_source(tmp_path, "ho_so", dossiers, "02/07/2025")]), TO)["CQS-07"]
    # finished by to: A B E → e-result A E → 2 / 3
    check(e, 2, 3, MISSED)


def test_cqs08_received_online(tmp_path):
    dossiers = [hs("A", kenh="2"), hs("B", kenh="1"), hs("C", kenh="3"), hs("D", kenh="Trực tuyến"),
                hs("E", kenh="Bưu chính công ích")]
    e = results(load_files(tmp_path, [write_source(tmp_path, "ho_so", dossiers, TO)]), TO)["CQS-08"]
    # online A D → 2 / 5 = 40% < 60%
    check(e, 2, 5, MISSED)


def test_cqs09_processed_online(tmp_path):
    dossiers = [hs(f"A{i}", xu_ly_truc_tuyen="Có") for i in range(4)] + [hs("B")]
    e = results(load_files(tmp_path, [write_source(tmp_path, "ho_so", dossiers, TO)]), TO)["CQS-09"]
    # 4 / 5 = 80% ≥ 80%
    check(e, 4, 5, MET)


def test_cqs10_paid_online_among_dossiers_with_a_fee(tmp_path):
    dossiers = [
        hs("A", phi_le_phi="50.000", thanh_toan_truc_tuyen="1"),                               # national portal
        hs("B", phi_le_phi="20.000", thanh_toan_truc_tuyen="Cổng thanh toán của thành phố"),  # city gateway
        hs("C", phi_le_phi="10.000", thanh_toan_truc_tuyen="0"),
        hs("D", phi_le_phi="0", thanh_toan_truc_tuyen="0"),                                    # no fee: not counted
        hs("E"),                                                                               # no fee: not counted
        hs("F", phi_le_phi="15.000"),                                                          # not paid online
    ]
    e = results(load_files(tmp_path, [write_source(tmp_path, "ho_so", dossiers, TO)]), TO)["CQS-10"]
    # fee > 0: A B C F → paid online A B → 2 / 4 = 50% < 60%
    check(e, 2, 4, MISSED)


# --- one row per dossier across exports ------------------------------------------------------------------

def test_same_dossier_in_two_exports(tmp_path):
    older = [  # exported 20/06
        hs("HS1", kenh="1", ngay_cap_nhat="10/06/2025 10:00"),
        hs("HS2", kenh="2", ngay_cap_nhat="15/06/2025 08:00"),
        hs("HS3", kenh="2", ngay_cap_nhat=None),
        hs("HS4", kenh="2", trang_thai="4", ngay_ket_thuc=None, ngay_hen_tra="15/07/2025", ngay_cap_nhat="10/06/2025 08:00"),
        hs("HS5", kenh="1", trang_thai="1", ngay_ket_thuc=None, ngay_cap_nhat="01/06/2025 08:00"),
        hs("HS6", kenh="1", ngay_cap_nhat="12/06/2025 08:00"),
        hs("HS7", kenh="1"),
    ]
    newer = [  # exported 28/06
        hs("HS1", kenh="2", ngay_cap_nhat="10/06/2025 09:00"),  # same day, an hour older → the 20/06 row wins (kenh 1)
        hs("HS2", kenh="1", ngay_cap_nhat="12/06/2025 08:00"),  # older update in a newer file → 20/06 row wins (kenh 2)
        hs("HS3", kenh="1", ngay_cap_nhat="01/06/2025 08:00"),  # the row without a date loses → this one (kenh 1)
        # now 'Không được tiếp nhận': not counted
        hs("HS4", kenh="2", trang_thai="3", ngay_ket_thuc=None, ngay_cap_nhat="20/06/2025 08:00"),
        hs("HS5", kenh="2", trang_thai="10", ngay_cap_nhat="20/06/2025 08:00"),  # was 'Mới đăng ký', now counted (kenh 2)
        hs("HS6", kenh="2", ngay_cap_nhat="12/06/2025 08:00"),  # tie with a → but see file c
        hs("HS7", kenh="1"),                                    # within one file, the later row wins…
        hs("HS7", kenh="2"),                                    # … → kenh 2
    ]
    # exported 25/06 but loaded last (path order a < b < c): on a tie of ngày cập nhật the later-loaded
    # file wins, whatever its snapshot date → HS6 kenh 1
    last = [hs("HS6", kenh="1", ngay_cap_nhat="12/06/2025 08:00")]
    files = [write_source(tmp_path, "ho_so_a", older, "20/06/2025"), write_source(tmp_path, "ho_so_b", newer, "28/06/2025"),
             write_source(tmp_path, "ho_so_c", last, "25/06/2025")]
    wh = load_files(tmp_path, files)
    # counted HS1 HS2 HS3 HS5 HS6 HS7 (HS4 dropped after the choice); online HS2 HS5 HS7 → 3 / 6 = 50%
    check(results(wh, TO)["CQS-08"], 3, 6, MISSED)
    assert against(wh, "CQS-08", TO) == {"HS1", "HS3", "HS6"}


# --- freshness and quality ----------------------------------------------------------------------------------

def test_dossier_export_older_than_seven_days_is_no_data(tmp_path):
    stale, fresh = tmp_path / "stale", tmp_path / "fresh"
    stale.mkdir(), fresh.mkdir()
    # exported 22/06 (snapshot from the ngay_du_lieu column): 8 days before 30/06 → stale
    r = results(load_files(stale, [write_source(stale, "ho_so", [hs("A")], "22/06/2025", how="column"),
                                   one_petition(stale)]), TO)
    for target in DOSSIER_TARGETS:
        e = r[target]
        assert e.status == NO_DATA, target
        assert "Hồ sơ TTHC" in e.reason and "22/06/2025" in e.reason and "7 ngày" in e.reason, e.reason
    # exported 23/06: exactly 7 days → fresh
    r = results(load_files(fresh, [write_source(fresh, "ho_so", [hs("A")], "23/06/2025", how="column"),
                                   one_petition(fresh)]), TO)
    check(r["TTHC-07"], 1, 1, MET)
    assert r["TTHC-07"].ngay_so_lieu.isoformat() == "2025-06-23"


def test_stale_petitions_hold_back_only_their_targets(tmp_path):
    files = [write_source(tmp_path, "ho_so", [hs("A")], TO), one_petition(tmp_path, snapshot="20/06/2025")]
    r = results(load_files(tmp_path, files), TO)
    for target in ("TTHC-02", "TTHC-03", "TTHC-11"):
        assert r[target].status == NO_DATA and "Phản ánh, kiến nghị" in r[target].reason, target
    check(r["TTHC-07"], 1, 1, MET)


def test_export_dated_after_to_is_fresh(tmp_path):
    # an event source's newest file may postdate `to`: a 15/07 export is fresh at 30/06
    e = results(load_files(tmp_path, [write_source(tmp_path, "ho_so", [hs("A")], "15/07/2025")]), TO)["TTHC-07"]
    check(e, 1, 1, MET)


def test_rows_of_predecessor_communes_count_for_the_commune(tmp_path):
    # KTD was formed from KTD-01…03: their rows are the commune's; another commune's are not
    dossiers = [hs("A", ma_xa="KTD-01"), hs("B", ma_xa="KTD-02", he_thong="Sổ giấy"), hs("C", ma_xa="KTD"),
                hs("D", ma_xa="XA-KHAC", he_thong="Sổ giấy")]
    e = results(load_files(tmp_path, [write_source(tmp_path, "ho_so", dossiers, TO)]), TO)["TTHC-07"]
    # A B C → on a system A C → 2 / 3
    check(e, 2, 3, MISSED)


def test_a_few_bad_rows_leave_a_warning_not_a_grey_status(tmp_path):
    dossiers = [hs(f"A{i}") for i in range(199)] + [hs("BAD", trang_thai="99")]  # 1 bad row of 200: rejected alone
    e = results(load_files(tmp_path, [write_source(tmp_path, "ho_so", dossiers, TO)], clean=False), TO)["TTHC-07"]
    check(e, 199, 199, MET)
    assert e.warnings and "1 dòng" in e.warnings[0]


def test_a_field_written_in_decomposed_letters_counts_as_one_field(tmp_path):
    from pathlib import Path as _Path

    from warehouse.db import connect_readonly
    from warehouse.evaluate import breakdown, records
    from warehouse.plan import load_plan

    wh = load_files(tmp_path, [_Path(__file__).parent / "bad_inputs" / "chu_to_hop.csv"])
    with connect_readonly(wh) as con:
        items = records(con, load_plan().target("TTHC-03"), D("01/01/2025"), D("31/12/2025"), "KTD", against_only=False)
    table = breakdown(items, "linh_vuc")
    assert table["linh_vuc"].to_list() == ["Đất đai"] and table["mau_so"].to_list() == [2.0]
