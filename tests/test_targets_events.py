"""Targets measured from event registers: CDDH-04 (tasks), TCHE-01 (documents), TTHC-11 (petitions),
CQS-01 (work files), CQS-05 (periodic reports).

On time (tasks, documents, petitions): finished on or before the deadline, or still open at `to`
with a deadline on or after `to`; without a deadline: on time once finished by `to`. An item whose
finishing date is after `to` was still open at `to`. Period 01/01/2025 – 30/06/2025.
"""

from __future__ import annotations

import pytest
from helpers import MET, MISSED, NO_DATA, NOTHING_AROSE, against, check, load_files, pk, results, write_source

pytestmark = pytest.mark.slow  # each test loads its files into a warehouse: run by .ci/run

TO = "30/06/2025"


def test_cddh04_tasks_done_on_time(tmp_path):
    def task(ma, giao, han, xong=None):
        return {"ma_nhiem_vu": ma, "noi_dung": f"Nhiệm vụ {ma}", "co_quan_giao": "UBND thành phố",
                "ngay_giao": giao, "han_hoan_thanh": han, "ngay_hoan_thanh": xong}
    tasks = [
        task("N1", "05/01/2025", "31/01/2025", "30/01/2025"),  # on time
        task("N2", "05/01/2025", "31/01/2025", "05/02/2025"),  # late
        task("N3", "01/06/2025", "15/07/2025"),                # open, not yet due
        task("N4", "01/03/2025", "31/03/2025"),                # open, overdue
        task("N5", "01/04/2025", None, "10/04/2025"),          # no deadline, done by to
        task("N6", "01/04/2025", None),                        # no deadline, open → not on time
        task("N7", "20/12/2024", "10/01/2025", "20/01/2025"),  # assigned before the period
        task("N8", "01/05/2025", "31/05/2025", "05/07/2025"),  # done after to: open at to, overdue
        task("N9", "10/06/2025", "30/06/2025"),                # due on `to`, open → on time
        task("N10", "01/07/2025", "10/07/2025"),               # assigned after to
    ]
    wh = load_files(tmp_path, [write_source(tmp_path, "nhiem_vu", tasks, "05/07/2025")])
    # assigned in the period: N1–N6, N8, N9 = 8 → on time N1 N3 N5 N9 → 4 / 8 = 50%
    check(results(wh, TO)["CDDH-04"], 4, 8, MISSED)
    assert against(wh, "CDDH-04", TO) == {"N2", "N4", "N6", "N8"}


def test_cddh04_nothing_assigned_is_met(tmp_path):
    tasks = [{"ma_nhiem_vu": "N7", "ngay_giao": "20/12/2024", "han_hoan_thanh": "10/01/2025"}]
    e = results(load_files(tmp_path, [write_source(tmp_path, "nhiem_vu", tasks, "20/06/2025")]), TO)["CDDH-04"]
    assert (e.status, e.reason, e.value) == (MET, NOTHING_AROSE, None)


def test_tche01_central_legal_documents_only(tmp_path):
    def doc(so, den, qppl, cap, han=None, xong=None):
        return {"so_den": so, "ngay_den": den, "so_ky_hieu": f"{so}/2025/NĐ-CP", "la_vbqppl": qppl,
                "cap_ban_hanh": cap, "han_xu_ly": han, "ngay_hoan_thanh": xong}
    docs = [
        doc("1", "10/02/2025", "Có", "Trung ương", "20/02/2025", "18/02/2025"),  # on time
        doc("2", "10/02/2025", "x", "TRUNG ƯƠNG", "20/02/2025", "25/02/2025"),   # late
        doc("3", "10/03/2025", "Có", "Trung ương"),                              # no deadline, open → not on time
        doc("4", "20/06/2025", "Có", "Trung ương", "15/07/2025"),                # open, not yet due
        doc("5", "10/03/2025", "Không", "Trung ương", "20/03/2025"),             # not a legal normative document
        doc("6", "10/03/2025", "Có", "Thành phố", "20/03/2025"),                 # city-level
        doc("7", "10/03/2025", None, "Trung ương", "20/03/2025"),                # empty la_vbqppl = No
        doc("8", "10/03/2025", "Có", None, "20/03/2025"),                        # level unknown
        doc("9", "20/12/2024", "Có", "Trung ương", "30/12/2024"),                # received before the period
        doc("10", "01/03/2025", "Có", "Trung ương", None, "01/03/2025"),         # no deadline, done → on time
    ]
    wh = load_files(tmp_path, [write_source(tmp_path, "van_ban_den", docs, "25/06/2025")])
    # counted 1 2 3 4 10 → on time 1 4 10 → 3 / 5 = 60%
    check(results(wh, TO)["TCHE-01"], 3, 5, MISSED)
    assert against(wh, "TCHE-01", TO) == {"2", "3"}


def test_tthc11_petitions_handled_on_time(tmp_path):
    petitions = [
        pk("P1", han_xu_ly="12/06/2025", ngay_xu_ly="10/06/2025", trang_thai="Đã xử lý"),   # on time
        pk("P2", han_xu_ly="12/06/2025", ngay_xu_ly="15/06/2025", trang_thai="Đã xử lý"),   # late
        pk("P3", ngay_tiep_nhan="20/06/2025", han_xu_ly="05/07/2025"),                      # open, not yet due
        pk("P4", ngay_tiep_nhan="01/06/2025", han_xu_ly="20/06/2025"),                      # open, overdue
        pk("P5", ngay_tiep_nhan="03/06/2025", han_xu_ly="13/06/2025", ngay_xu_ly="05/06/2025", trang_thai="Từ chối"),  # refused in time
        pk("P6", ngay_tiep_nhan="03/06/2025", han_xu_ly="13/06/2025", ngay_xu_ly="20/06/2025", trang_thai="Từ chối"),  # refused late
        pk("P7", ngay_tiep_nhan="10/06/2025", han_xu_ly="30/06/2025"),                      # due on `to`, open → on time
        pk("P8", ngay_tiep_nhan="10/06/2025", han_xu_ly="20/06/2025", ngay_xu_ly="02/07/2025", trang_thai="Đã xử lý"),  # handled after to
        pk("P9", ngay_tiep_nhan="15/12/2024", han_xu_ly="25/12/2024"),                      # before the period
        pk("P10", ngay_tiep_nhan="01/07/2025", han_xu_ly="11/07/2025"),                     # after to
        pk("P11", ngay_tiep_nhan="10/06/2025", han_xu_ly="20/06/2025 08:00", ngay_xu_ly="20/06/2025 17:00",
           trang_thai="Đã xử lý"),                                                          # same day → on time
    ]
    wh = load_files(tmp_path, [write_source(tmp_path, "pakn", petitions, "02/07/2025")])
    # received in the period: P1–P8, P11 = 9 → on time P1 P3 P5 P7 P11 → 5 / 9
    check(results(wh, TO)["TTHC-11"], 5, 9, MISSED)
    assert against(wh, "TTHC-11", TO) == {"P2", "P4", "P6", "P8"}


def test_tthc11_no_petition_in_period_is_met(tmp_path):
    e = results(load_files(tmp_path, [write_source(tmp_path, "pakn", [pk("P9", ngay_tiep_nhan="15/12/2024",
                                                                         han_xu_ly="25/12/2024")], TO)]), TO)["TTHC-11"]
    assert (e.status, e.reason) == (MET, NOTHING_AROSE)


def test_cqs01_non_secret_work_files_on_the_network(tmp_path):
    def wf(ma, do_mat, mang, mo="10/03/2025"):
        return {"ma_hscv": ma, "don_vi": "Văn phòng", "ngay_mo": mo, "xu_ly_tren_mang": mang, "do_mat": do_mat}
    files = [
        wf("W1", "Thường", "Có"),
        wf("W2", None, "Có"),           # empty secrecy = Thường
        wf("W3", None, "Không"),
        wf("W4", "Mật", "Không"),       # secret: not counted
        wf("W5", "Tối mật", "Không"),   # secret: not counted
        wf("W6", "Thường", "Không", mo="20/12/2024"),  # opened before the period
        wf("W7", "Thường", "1"),
    ]
    wh = load_files(tmp_path, [write_source(tmp_path, "ho_so_cong_viec", files, "20/06/2025")])
    # counted W1 W2 W3 W7 → on the network W1 W2 W7 → 3 / 4 = 75% ≥ 70%
    check(results(wh, TO)["CQS-01"], 3, 4, MET)
    assert against(wh, "CQS-01", TO) == {"W3"}


def test_cqs05_reports_sent_through_the_system_on_time(tmp_path):
    def rep(ma, han, gui=None, kenh=None):
        return {"ma_bao_cao": ma, "ten_bao_cao": f"Báo cáo {ma}", "han_gui": han, "ngay_gui": gui, "kenh_gui": kenh}
    reports = [
        rep("R1", "15/01/2025", "14/01/2025", "Hệ thống báo cáo"),  # ok
        rep("R2", "15/02/2025", "16/02/2025", "Hệ thống báo cáo"),  # late
        rep("R3", "15/03/2025", "10/03/2025", "Văn bản giấy"),      # on paper
        rep("R4", "15/04/2025"),                                    # never sent
        rep("R5", "15/07/2025"),                                    # due after to: not counted
        rep("R6", "15/12/2024", "10/12/2024", "Hệ thống báo cáo"),  # due before the period
        rep("R7", "15/05/2025", "15/05/2025", "Hệ thống báo cáo"),  # sent on the deadline: ok
        rep("R8", "15/06/2025", "02/07/2025", "Hệ thống báo cáo"),  # sent after to: unsent at to, late
    ]
    wh = load_files(tmp_path, [write_source(tmp_path, "bao_cao_dinh_ky", reports, "02/07/2025")])
    # due in the period R1 R2 R3 R4 R7 R8 → ok R1 R7 → 2 / 6
    check(results(wh, TO)["CQS-05"], 2, 6, MISSED)
    assert against(wh, "CQS-05", TO) == {"R2", "R3", "R4", "R8"}


def test_event_register_staleness_is_35_days(tmp_path):
    # newest task file of 25/05 is 36 days before 30/06 → stale; the work-file export of 26/05 (35 days) is fresh
    tasks = [{"ma_nhiem_vu": "N1", "ngay_giao": "05/01/2025", "han_hoan_thanh": "31/01/2025", "ngay_hoan_thanh": "30/01/2025"}]
    work = [{"ma_hscv": "W1", "don_vi": "Văn phòng", "ngay_mo": "10/03/2025", "xu_ly_tren_mang": "Có"}]
    r = results(load_files(tmp_path, [write_source(tmp_path, "nhiem_vu", tasks, "25/05/2025"),
                                      write_source(tmp_path, "ho_so_cong_viec", work, "26/05/2025")]), TO)
    assert r["CDDH-04"].status == NO_DATA and "25/05/2025" in r["CDDH-04"].reason and "35 ngày" in r["CDDH-04"].reason
    check(r["CQS-01"], 1, 1, MET)


def test_same_task_in_two_files_latest_snapshot_wins(tmp_path):
    def task(ma, han, xong=None):
        return {"ma_nhiem_vu": ma, "ngay_giao": "01/03/2025", "han_hoan_thanh": han, "ngay_hoan_thanh": xong}
    # sorted path order loads a before b before c; a has the latest snapshot
    a = [task("N1", "31/03/2025", "30/03/2025"), task("N2", "31/03/2025")]   # snapshot 20/06
    b = [task("N1", "31/03/2025"), task("N2", "31/03/2025", "25/03/2025")]   # snapshot 10/06 (older): loses to a
    c = [task("N2", "31/03/2025", "15/04/2025")]                            # snapshot 20/06 (tie with a): later-loaded wins
    files = [write_source(tmp_path, "nhiem_vu_a", a, "20/06/2025"), write_source(tmp_path, "nhiem_vu_b", b, "10/06/2025"),
             write_source(tmp_path, "nhiem_vu_c", c, "20/06/2025")]
    wh = load_files(tmp_path, files)
    # N1 from a: done 30/03 ≤ 31/03 → on time; N2 from c: done 15/04 > 31/03 → late → 1 / 2
    check(results(wh, TO)["CDDH-04"], 1, 2, MISSED)
    assert against(wh, "CDDH-04", TO) == {"N2"}


def test_tche01_document_number_is_unique_within_a_year(tmp_path):
    def doc(so, den, han, xong=None):
        return {"so_den": so, "ngay_den": den, "so_ky_hieu": f"{so}/ND", "la_vbqppl": "Có", "cap_ban_hanh": "Trung ương",
                "han_xu_ly": han, "ngay_hoan_thanh": xong}
    first = [doc("5", "10/02/2024", "20/02/2024"), doc("5", "10/02/2025", "20/02/2025")]  # two documents numbered 5
    correction = [doc("5", "10/02/2025", "20/02/2025", "19/02/2025")]                      # the 2025 one, handled
    files = [write_source(tmp_path, "van_ban_den_1", first, "31/03/2025"),
             write_source(tmp_path, "van_ban_den_2", correction, "20/06/2025")]
    wh = load_files(tmp_path, files)
    # from 01/01/2024: the 2024 document (open, overdue) and the corrected 2025 one (on time) → 1 / 2
    from datetime import date
    check(results(wh, TO, tu=date(2024, 1, 1))["TCHE-01"], 1, 2, MISSED)
