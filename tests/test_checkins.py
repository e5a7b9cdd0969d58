"""Check-ins: only an owner (or a leader) may record one, the engine refuses everyone else; they merge with
the register as the spec says (latest date, then latest recorded); they are append-only and durable."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from helpers import KTD, MET, MISSED, load_files, write_source

from warehouse.app.accounts import User
from warehouse.app.checkins import DONE, NOT_DONE, CheckinRefused, checkins, history, record_checkin
from warehouse.db import connect_readonly
from warehouse.evaluate import evaluate, latest_checkins
from warehouse.plan import load_plan
from warehouse.submission import submission_xlsx

PLAN = load_plan()
LEADER = User("chu.tich", frozenset({"lanh_dao"}), communes=frozenset({"KTD"}))
VHXH = User("tp.vhxh", frozenset({"truong_phong"}), "VHXH", communes=frozenset({"KTD"}))
KT = User("tp.kt", frozenset({"truong_phong"}), "KT", communes=frozenset({"KTD"}))
CLERK = User("du.lieu", frozenset({"du_lieu"}), communes=frozenset({"KTD"}))
TODAY = date(2025, 7, 20)


def check_in(app: Path, user: User | None, target: str = "CVU-04", result=DONE, day=date(2025, 6, 1), **kw) -> dict:
    return record_checkin(app, user, PLAN, target, KTD, day, result, today=TODAY, **kw)


def test_owner_and_leader_may_check_in(tmp_path):
    app = tmp_path / "app.sqlite"
    assert PLAN.target("CVU-04").owner == "VHXH"
    check_in(app, VHXH, evidence="12/TTr-UBND", note="Đã gửi đề án lên Sở Nội vụ")
    check_in(app, LEADER, "TCCO-02")
    assert [c["nguoi_ghi"] for c in checkins(app)] == ["chu.tich", "tp.vhxh"]


@pytest.mark.parametrize("user", [None, KT, CLERK], ids=["anonymous", "other department", "clerk"])
def test_the_engine_refuses_anyone_else(tmp_path, user):
    app = tmp_path / "app.sqlite"
    with pytest.raises(CheckinRefused, match="Chỉ lãnh đạo"):
        check_in(app, user)
    assert checkins(app) == []
    with sqlite3.connect(app) as con:
        assert con.execute("SELECT hanh_dong, ket_qua FROM nhat_ky").fetchall() == [("cap_nhat", "tu_choi")]


@pytest.mark.parametrize("target, result, day, note, message, field", [
    ("CVU-04", "xong", date(2025, 6, 1), None, "Hãy chọn kết quả: 'Đã hoàn thành'", "ket_qua"),
    ("CVU-04", None, date(2025, 6, 1), None, "Hãy chọn kết quả", "ket_qua"),
    ("CDDH-05", "-1", date(2025, 6, 1), None, "Hãy nhập kết quả: một số không âm", "ket_qua"),
    ("CVU-04", DONE, date(2025, 8, 1), None, "Hãy chọn ngày xác nhận .* đến hôm nay", "ngay_xac_nhan"),
    ("CVU-04", DONE, date(2025, 6, 1), "x" * 2001, "Hãy rút gọn nội dung: 2001 ký tự", "ghi_chu"),
    ("TTHC-04", None, date(2025, 6, 1), None, "Hãy ghi nội dung", "ghi_chu"),
    ("TTHC-04", "100", date(2025, 6, 1), "ghi chú", "chỉ ghi được ghi chú", "ket_qua"),
])
def test_what_a_check_in_says_is_checked_and_asked_for_at_its_field(tmp_path, target, result, day, note, message, field):
    with pytest.raises(CheckinRefused, match=message) as refused:
        check_in(tmp_path / "app.sqlite", LEADER, target, result, day, note=note)
    assert refused.value.field == field


def test_a_measured_check_in_keeps_its_promised_date_and_it_shows_with_the_note(tmp_path):
    app = tmp_path / "app.sqlite"
    with pytest.raises(CheckinRefused, match="Hãy chọn hạn hoàn thành từ ngày xác nhận") as refused:
        record_checkin(app, LEADER, PLAN, "TTHC-04", "KTD", date(2025, 6, 1), note="Bổ sung", today=date(2025, 7, 1),
                       due=date(2025, 5, 1))
    assert refused.value.field == "han"
    record_checkin(app, LEADER, PLAN, "TTHC-04", "KTD", date(2025, 6, 1), note="Bổ sung", today=date(2025, 7, 1),
                   due=date(2025, 7, 15))
    assert checkins(app)[0]["han"] == "2025-07-15"
    note = latest_checkins(history(app), date(2025, 6, 30), "ghi_chu")[("KTD", "TTHC-04")]
    assert note["han"] == date(2025, 7, 15)


def test_check_ins_are_append_only(tmp_path):
    app = tmp_path / "app.sqlite"
    check_in(app, LEADER)
    with sqlite3.connect(app) as con:
        for sql in ("UPDATE cap_nhat SET ket_qua = 'x'", "DELETE FROM cap_nhat",
                    "INSERT OR REPLACE INTO cap_nhat SELECT id, ma_xa, ma_chi_tieu, 'x', ngay_xac_nhan, so_van_ban_minh_chung, "
                    "ghi_chu, nguoi_ghi, ghi_luc, han, nguyen_nhan, giai_phap, nguoi_thuc_hien FROM cap_nhat",
                    "REPLACE INTO nhat_ky SELECT * FROM nhat_ky"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                con.execute(sql)
    assert checkins(app)[0]["ket_qua"] != "x"


@pytest.mark.slow
def test_check_ins_merge_with_the_register(tmp_path):
    register = [
        {"ma_chi_tieu": "CVU-04", "ket_qua": DONE, "ngay_xac_nhan": "01/06/2025", "so_van_ban_minh_chung": "1/BC",
         "nguoi_xac_nhan": "A"},
        {"ma_chi_tieu": "CVU-03", "ket_qua": NOT_DONE, "ngay_xac_nhan": "10/06/2025", "so_van_ban_minh_chung": "2/BC",
         "nguoi_xac_nhan": "A"},
        {"ma_chi_tieu": "TCHE-03", "ket_qua": DONE, "ngay_xac_nhan": "20/06/2025", "so_van_ban_minh_chung": "3/BC",
         "nguoi_xac_nhan": "A"},
    ]
    wh = load_files(tmp_path, [write_source(tmp_path, "xac_nhan", register, "20/06/2025")])
    app = tmp_path / "app.sqlite"
    check_in(app, VHXH, "CVU-04", NOT_DONE, date(2025, 6, 1))   # same date as the register, recorded later: wins
    check_in(app, VHXH, "CVU-03", DONE, date(2025, 5, 1))        # older than the register's: the register wins
    check_in(app, LEADER, "TCHE-03", NOT_DONE, date(2025, 7, 1))  # after `to`: not yet
    check_in(app, LEADER, "CDDH-05", "2", date(2025, 6, 2))      # only a check-in
    check_in(app, LEADER, "TTHC-04", None, date(2025, 6, 3), note="Hẹn xử lý xong 15/07")
    with connect_readonly(wh) as con:
        r = {e.target.id: e for e in evaluate(con, PLAN, date(2025, 1, 1), date(2025, 6, 30), KTD, checkins=history(app))}
    assert (r["CVU-04"].status, r["CVU-04"].evidence["nguoi_xac_nhan"]) == (MISSED, "tp.vhxh")
    assert r["CVU-03"].status == MISSED
    assert r["TCHE-03"].status == MET
    assert (r["CDDH-05"].status, r["CDDH-05"].value) == (MET, 2.0)
    assert r["TTHC-04"].note["ghi_chu"] == "Hẹn xử lý xong 15/07"
    with connect_readonly(wh) as con:
        plain = {e.target.id: e for e in evaluate(con, PLAN, date(2025, 1, 1), date(2025, 6, 30), KTD)}
    assert plain["TTHC-04"].status == r["TTHC-04"].status and plain["CVU-04"].status == MET
    sheet = openpyxl.load_workbook(io.BytesIO(submission_xlsx(PLAN, list(r.values())))).active
    header = [c.value for c in sheet[1]]
    notes = {row[0]: row[12] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert header[12:] == ["Ghi chú", "Dự báo", "Cần đạt", "Người chủ trì", "Kế hoạch khắc phục"]
    assert "Cập nhật 03/06/2025 (chu.tich): Hẹn xử lý xong 15/07" in notes["TTHC-04"]


def test_ten_people_checking_in_at_once_lose_nothing(tmp_path):
    app = tmp_path / "app.sqlite"
    check_in(app, LEADER)  # the store exists before the rush
    threads = [threading.Thread(target=check_in, args=(app, LEADER, "CVU-04", DONE), kwargs={"note": f"người {i}"})
               for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(c["ghi_chu"] for c in checkins(app) if c["ghi_chu"]) == sorted(f"người {i}" for i in range(10))


def test_a_confirmed_check_in_survives_a_crash_right_after(tmp_path):
    app = tmp_path / "app.sqlite"
    code = (
        "import os, sys; from datetime import date; from pathlib import Path\n"
        "from warehouse.app.accounts import User; from warehouse.app.checkins import record_checkin\n"
        "from warehouse.plan import load_plan\n"
        "record_checkin(Path(sys.argv[1]), User('chu.tich', frozenset({'lanh_dao'}), communes=frozenset({'KTD'})), "
        "load_plan(), 'CVU-04', 'KTD', "
        "date(2025, 6, 1), 'Đã hoàn thành', note='trước khi sập')\n"
        "print('confirmed', flush=True); os.kill(os.getpid(), 9)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(app)], cwd=Path(__file__).resolve().parents[1],
                         capture_output=True, text=True)
    assert out.returncode == -9 and "confirmed" in out.stdout, out.stderr
    assert [c["ghi_chu"] for c in checkins(app)] == ["trước khi sập"]


@pytest.mark.slow
def test_a_check_in_during_a_load_publishing_is_kept(tmp_path):
    from pipelines.load import load

    files = [write_source(tmp_path, "xac_nhan", [{"ma_chi_tieu": "CVU-03", "ket_qua": DONE, "ngay_xac_nhan": "01/06/2025",
                                                   "so_van_ban_minh_chung": "1", "nguoi_xac_nhan": "A"}], "01/06/2025")]
    wh, app = tmp_path / "wh.duckdb", tmp_path / "wh.app.sqlite"
    loading = threading.Thread(target=load, args=(files, wh), kwargs={"today": TODAY})
    loading.start()
    for i in range(5):
        check_in(app, VHXH, note=f"lần {i}")
    loading.join()
    with connect_readonly(wh) as con:
        r = {e.target.id: e for e in evaluate(con, PLAN, date(2025, 1, 1), date(2025, 6, 30), KTD, checkins=history(app))}
    assert len(checkins(app)) == 5 and r["CVU-04"].status == MET and r["CVU-03"].status == MET


def test_a_store_made_before_promised_dates_is_brought_up_to_date_and_read(tmp_path):
    app = tmp_path / "warehouse.app.sqlite"
    with sqlite3.connect(app) as con:  # cap_nhat as the first release made it
        con.executescript("CREATE TABLE cap_nhat (id INTEGER PRIMARY KEY AUTOINCREMENT, ma_xa TEXT NOT NULL, ma_chi_tieu TEXT NOT NULL, "
                          "ket_qua TEXT, ngay_xac_nhan TEXT NOT NULL, so_van_ban_minh_chung TEXT, ghi_chu TEXT, nguoi_ghi TEXT NOT NULL, "
                          "ghi_luc TEXT NOT NULL); INSERT INTO cap_nhat VALUES (1, 'KTD', 'CVU-04', 'Đã hoàn thành', '2025-06-01', "
                          "NULL, 'x', 'tp.vhxh', '2025-06-01T09:00:00');")
    done = subprocess.run([sys.executable, "-m", "pipelines", "--warehouse", str(tmp_path / "warehouse.duckdb"), "checkins", "--json"],
                          cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert '"han": null' in done.stdout and '"ten_nguoi_ghi": "tp.vhxh"' in done.stdout
