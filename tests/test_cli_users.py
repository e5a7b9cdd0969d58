"""The accounts and check-ins commands: passwords only on standard input, refusals with exit 2."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from pipelines.cli import main
from warehouse.app.accounts import User
from warehouse.app.checkins import record_checkin
from warehouse.app.sessions import sign_in
from warehouse.plan import load_plan


@pytest.fixture
def warehouse(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_WAREHOUSE", str(tmp_path / "wh.duckdb"))
    return tmp_path / "wh.duckdb"


def run(monkeypatch, capsys, argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_add_list_passwd_disable(warehouse, monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, ["users", "add", "tp.kt", "--role", "truong_phong", "--role", "lanh_dao",
                                             "--department", "KT", "--password-stdin"], "mat-khau-so-1\n")
    assert code == 0 and "mat-khau" not in out
    app = warehouse.with_name("wh.app.sqlite")
    assert sign_in(app, "tp.kt", "mat-khau-so-1").roles == {"truong_phong", "lanh_dao"}
    code, out, _ = run(monkeypatch, capsys, ["users", "list"])
    assert "lanh_dao,truong_phong" in out and "KT" in out and "hoạt động" in out
    assert run(monkeypatch, capsys, ["users", "passwd", "tp.kt", "--password-stdin"], "mat-khau-so-2\n")[0] == 0
    assert sign_in(app, "tp.kt", "mat-khau-so-2")
    assert run(monkeypatch, capsys, ["users", "disable", "tp.kt"])[0] == 0
    assert "vô hiệu" in run(monkeypatch, capsys, ["users", "list"])[1]


@pytest.mark.parametrize("argv, stdin, message", [
    (["users", "add", "a.b", "--role", "lanh_dao", "--password-stdin"], "", "Không có mật khẩu"),
    (["users", "add", "a.b", "--role", "truong_phong", "--password-stdin"], "mat-khau-so-1\n", "phòng ban"),
    (["users", "disable", "khong.co"], "", "Không có tài khoản"),
])
def test_refusals_exit_2(warehouse, monkeypatch, capsys, argv, stdin, message):
    code, _, err = run(monkeypatch, capsys, argv, stdin)
    assert code == 2 and message in err


def test_unknown_department_is_refused(warehouse, monkeypatch, capsys):
    with pytest.raises(SystemExit) as exit_:
        run(monkeypatch, capsys, ["users", "add", "a.b", "--role", "truong_phong", "--department", "XYZ", "--password-stdin"],
            "mat-khau-so-1\n")
    assert exit_.value.code == 2


def test_checkins_listed_as_json(warehouse, monkeypatch, capsys):
    app = warehouse.with_name("wh.app.sqlite")
    leader = User("chu.tich", frozenset({"lanh_dao"}), communes=frozenset({"KTD"}))
    record_checkin(app, leader, load_plan(), "CVU-04", "KTD", date(2025, 6, 1), "Đã hoàn thành", "12/TTr", "gửi Sở")
    record_checkin(app, leader, load_plan(), "CDDH-05", "KTD", date(2025, 6, 2), "3")
    code, out, _ = run(monkeypatch, capsys, ["checkins", "--target", "cvu-04", "--json"])
    rows = json.loads(out)
    assert code == 0 and [(r["ma_chi_tieu"], r["ket_qua"], r["so_van_ban_minh_chung"], r["nguoi_ghi"]) for r in rows] == [
        ("CVU-04", "Đã hoàn thành", "12/TTr", "chu.tich")]
    assert "CDDH-05" in run(monkeypatch, capsys, ["checkins"])[1]
