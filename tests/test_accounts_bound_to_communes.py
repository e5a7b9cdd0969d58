"""Accounts act for their communes only: the engine refuses a check-in, an account change or a withdrawal of
another commune (tests call it directly), the target page offers no form there, `users add --commune` binds an
account (repeatable, '*' for the city's staff), and accounts made before communes were bound act for the
configured commune once the store is upgraded."""

from __future__ import annotations

import io
import sqlite3
from datetime import date

import pytest
from test_app_pages import ok
from test_app_roles import app, chi_tieu, signed_in, texts  # noqa: F401 - the fixture

from pipelines.cli import main
from pipelines.demo import DEMO_PASSWORD
from warehouse.app import store
from warehouse.app.accounts import EVERY_COMMUNE, AccountError, add_user, operator, set_disabled, users
from warehouse.app.checkins import CheckinRefused, checkins, may_check_in, record_checkin
from warehouse.app.sessions import sign_in
from warehouse.communes import default_commune
from warehouse.plan import load_plan

PLAN = load_plan()
PASSWORD = "mat-khau-dai-1"
HOME, OTHER = default_commune(), "KAN"


@pytest.fixture
def app_store(tmp_path):
    path = tmp_path / "app.sqlite"
    add_user(path, operator("quantri"), "tp.vhxh", ["truong_phong"], PASSWORD, department="VHXH")
    add_user(path, operator("quantri"), "lanhdao.tp", ["lanh_dao"], PASSWORD, communes=[EVERY_COMMUNE])
    return path


def test_a_lead_checks_in_for_their_own_commune_only(app_store):
    lead = sign_in(app_store, "tp.vhxh", PASSWORD)
    assert lead.communes == {HOME} and may_check_in(lead, PLAN.target("CVU-04"), HOME)
    assert not may_check_in(lead, PLAN.target("CVU-04"), OTHER)
    with pytest.raises(CheckinRefused, match=f"không cập nhật cho xã mã {OTHER}"):
        record_checkin(app_store, lead, PLAN, "CVU-04", OTHER, date(2025, 12, 20), "Đã hoàn thành", "15/TTr")
    assert checkins(app_store, "CVU-04", OTHER) == []
    assert store.audit_trail(app_store)[0]["doi_tuong"] == f"{OTHER}/CVU-04" and store.audit_trail(app_store)[0]["ket_qua"] == "tu_choi"
    record_checkin(app_store, lead, PLAN, "CVU-04", HOME, date(2025, 12, 20), "Đã hoàn thành", "15/TTr")
    assert len(checkins(app_store, "CVU-04", HOME)) == 1


def test_the_city_s_staff_act_for_every_commune(app_store):
    city = sign_in(app_store, "lanhdao.tp", PASSWORD)
    record_checkin(app_store, city, PLAN, "CVU-04", OTHER, date(2025, 12, 20), "Đã hoàn thành", "15/TTr")
    assert len(checkins(app_store, "CVU-04", OTHER)) == 1


def test_an_administrator_changes_accounts_of_their_own_communes_only(app_store):
    admin = add_user(app_store, operator("quantri"), "quantri.ktd", ["quan_tri"], PASSWORD)
    with pytest.raises(AccountError, match="xã mình quản trị"):
        add_user(app_store, admin, "tp.kan", ["truong_phong"], PASSWORD, department="VHXH", communes=[OTHER])
    with pytest.raises(AccountError, match="ít nhất một xã"):
        add_user(app_store, admin, "tp.none", ["truong_phong"], PASSWORD, department="VHXH", communes=[])
    add_user(app_store, operator("quantri"), "tp.kan", ["truong_phong"], PASSWORD, department="VHXH", communes=[OTHER])
    with pytest.raises(AccountError, match="thuộc xã khác"):
        set_disabled(app_store, admin, "tp.kan")
    set_disabled(app_store, admin, "tp.vhxh")  # of its own commune
    assert {u["ten_dang_nhap"]: u["da_khoa"] for u in users(app_store)}["tp.kan"] == 0


def test_accounts_made_before_communes_were_bound_act_for_the_configured_one(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as con:  # the accounts table as the previous version made it
        con.execute("CREATE TABLE tai_khoan (ten_dang_nhap TEXT PRIMARY KEY, mat_khau_bam TEXT NOT NULL, vai_tro TEXT NOT NULL, "
                    "phong_ban TEXT, ho_ten TEXT, da_khoa INTEGER NOT NULL DEFAULT 0, so_lan_sai INTEGER NOT NULL DEFAULT 0, "
                    "khoa_den TEXT, tao_luc TEXT NOT NULL)")
        con.execute("INSERT INTO tai_khoan (ten_dang_nhap, mat_khau_bam, vai_tro, tao_luc) VALUES ('cu', 'x', 'lanh_dao', '2025-01-01')")
    store.upgrade(path)
    assert [u["xa"] for u in users(path)] == [HOME]
    add_user(path, operator("quantri"), "moi", ["lanh_dao"], PASSWORD, communes=[OTHER])
    store.upgrade(path)  # again: nothing changes
    assert {u["ten_dang_nhap"]: u["xa"] for u in users(path)} == {"cu": HOME, "moi": OTHER}


def run(monkeypatch, capsys, argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_users_add_binds_the_communes_named(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CCHC_WAREHOUSE", str(tmp_path / "wh.duckdb"))
    app_store = tmp_path / "wh.app.sqlite"
    assert run(monkeypatch, capsys, ["users", "add", "cb.thanhpho", "--role", "lanh_dao", "--commune", "*", "--password-stdin"],
               PASSWORD + "\n")[0] == 0
    assert run(monkeypatch, capsys, ["users", "add", "tp.hai", "--role", "truong_phong", "--department", "VHXH",
                                     "--commune", HOME, "--commune", OTHER, "--password-stdin"], PASSWORD + "\n")[0] == 0
    assert run(monkeypatch, capsys, ["users", "add", "mac.dinh", "--role", "lanh_dao", "--password-stdin"], PASSWORD + "\n")[0] == 0
    assert sign_in(app_store, "cb.thanhpho", PASSWORD).communes == {EVERY_COMMUNE}
    assert sign_in(app_store, "tp.hai", PASSWORD).communes == {HOME, OTHER}
    assert sign_in(app_store, "mac.dinh", PASSWORD).communes == {HOME}
    code, out, _ = run(monkeypatch, capsys, ["users", "list"])
    assert code == 0 and "Xã" in out and ",".join(sorted([HOME, OTHER])) in out
    with pytest.raises(SystemExit) as refused:
        run(monkeypatch, capsys, ["users", "add", "sai", "--role", "lanh_dao", "--commune", "KHONGCO", "--password-stdin"], PASSWORD + "\n")
    assert refused.value.code == 2 and "mã xã không có: KHONGCO" in capsys.readouterr().err
    assert "sai" not in {u["ten_dang_nhap"] for u in users(app_store)}


@pytest.mark.slow
def test_a_lead_is_offered_no_form_on_another_commune_s_target(app):  # noqa: F811
    signed_in(app, "truongphong.vhxh")
    at = chi_tieu(ok(app.run()), "CVU-04")
    assert [b.label for b in at.button if b.label == "Ghi cập nhật"] == ["Ghi cập nhật"]
    at.query_params["xa"] = OTHER
    at = chi_tieu(ok(at.run()), "CVU-04")
    assert not [b for b in at.button if b.label == "Ghi cập nhật"]
    assert "Tài khoản của bạn không cập nhật cho xã" in texts(at)


@pytest.mark.slow
def test_a_clerk_withdraws_no_file_holding_another_commune_s_rows(demo_copy):
    from warehouse.db import connect_readonly
    from warehouse.withdrawal import WithdrawalError, withdraw

    with connect_readonly(demo_copy) as con:
        (file_id,) = con.execute("SELECT min(file_id) FROM file_rows WHERE ma_xa = $xa", {"xa": OTHER}).fetchone()
        before = con.execute("SELECT count(*) FROM file_rows").fetchone()
    clerk = sign_in(store.store_path(demo_copy), "dulieu", DEMO_PASSWORD)
    with pytest.raises(WithdrawalError, match=f"có dòng của xã {OTHER}"):
        withdraw(demo_copy, file_id, clerk)
    with connect_readonly(demo_copy) as con:
        assert con.execute("SELECT count(*) FROM file_rows").fetchone() == before
    assert store.audit_trail(store.store_path(demo_copy))[0]["ket_qua"] == "tu_choi"
