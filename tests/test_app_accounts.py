"""Accounts: argon2 hashes only, roles checked, sign-in audited, a lock after repeated failures."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from warehouse.app import store
from warehouse.app.accounts import AccountError, User, active_user, add_user, operator, set_disabled, set_password, users
from warehouse.app.sessions import MAX_FAILURES, change_own_password, end_session, session_user, sign_in, start_session

PASSWORD = "mat-khau-dai-1"
ADMIN = operator("quantri")


@pytest.fixture
def app(tmp_path):
    path = tmp_path / "app.sqlite"
    add_user(path, ADMIN, "tp.vhxh", ["truong_phong"], PASSWORD, department="VHXH", full_name="Trần Văn Bình")
    return path


def test_password_is_stored_only_as_an_argon2_hash(app):
    with sqlite3.connect(app) as con:
        (hashed,) = con.execute("SELECT mat_khau_bam FROM tai_khoan").fetchone()
        dump = "\n".join(con.iterdump())
    assert hashed.startswith("$argon2id$") and PASSWORD not in dump
    assert "mat_khau_bam" not in users(app)[0]


def test_sign_in_gives_the_roles_and_department(app):
    user = sign_in(app, "tp.vhxh", PASSWORD)
    assert user.roles == {"truong_phong"} and user.department == "VHXH"
    assert [r["hanh_dong"] for r in store.audit_trail(app)][:2] == ["dang_nhap", "tai_khoan"]


@pytest.mark.parametrize("name, password", [("tp.vhxh", "sai-mat-khau"), ("khong.co", PASSWORD)])
def test_a_wrong_password_or_unknown_name_says_the_same(app, name, password):
    with pytest.raises(AccountError, match="không đúng"):
        sign_in(app, name, password)
    assert store.audit_trail(app)[0]["hanh_dong"] == "dang_nhap_sai"


def test_repeated_failures_lock_the_account_for_a_while(app):
    at = datetime(2025, 6, 1, 9, 0)
    for _ in range(MAX_FAILURES):
        with pytest.raises(AccountError):
            sign_in(app, "tp.vhxh", "sai-mat-khau", at=at)
    with pytest.raises(AccountError) as locked:
        sign_in(app, "tp.vhxh", PASSWORD, at=at + timedelta(minutes=1))  # even the right password
    with pytest.raises(AccountError) as unknown:
        sign_in(app, "khong.co", PASSWORD, at=at + timedelta(minutes=1))
    assert str(locked.value) == str(unknown.value)  # a lock does not tell that the name exists
    assert sign_in(app, "tp.vhxh", PASSWORD, at=at + timedelta(hours=1)).name == "tp.vhxh"
    assert "khoa" in [r["hanh_dong"] for r in store.audit_trail(app)]


def test_a_disabled_account_cannot_sign_in_and_its_session_ends(app):
    set_disabled(app, ADMIN, "tp.vhxh")
    assert active_user(app, "tp.vhxh") is None
    with pytest.raises(AccountError):
        sign_in(app, "tp.vhxh", PASSWORD)
    set_disabled(app, ADMIN, "tp.vhxh", False)
    assert sign_in(app, "tp.vhxh", PASSWORD)


def test_password_change(app):
    set_password(app, ADMIN, "tp.vhxh", "mat-khau-moi-2")
    with pytest.raises(AccountError):
        sign_in(app, "tp.vhxh", PASSWORD)
    assert sign_in(app, "tp.vhxh", "mat-khau-moi-2")


@pytest.mark.parametrize("name, roles, department, password, message, field", [
    ("tp.vhxh", ["lanh_dao"], None, PASSWORD, "đã có: hãy chọn tên khác", "ten_dang_nhap"),
    ("Bad Name", ["lanh_dao"], None, PASSWORD, "Hãy nhập tên đăng nhập", "ten_dang_nhap"),
    ("a.b", [], None, PASSWORD, "Hãy chọn ít nhất một vai trò", "vai_tro"),
    ("a.b", ["vua"], None, PASSWORD, "Vai trò không có", "vai_tro"),
    ("a.b", ["truong_phong"], None, PASSWORD, "Hãy chọn phòng ban", "phong_ban"),
    ("a.b", ["lanh_dao"], None, "ngan", "Hãy đặt mật khẩu có ít nhất", "mat_khau"),
])
def test_malformed_accounts_are_refused_at_their_field(app, name, roles, department, password, message, field):
    with pytest.raises(AccountError, match=message) as refused:
        add_user(app, ADMIN, name, roles, password, department=department)
    assert refused.value.field == field and "--" not in str(refused.value)


def test_the_audit_cannot_be_edited(app):
    with sqlite3.connect(app) as con, pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("DELETE FROM nhat_ky")


def test_a_session_holds_until_unused_too_long_or_ended(app, monkeypatch):
    user = sign_in(app, "tp.vhxh", PASSWORD)
    token = start_session(app, user)
    assert session_user(app, token) == user
    assert session_user(app, "khong-phai-token") is None
    with sqlite3.connect(app) as con:
        assert con.execute("SELECT count(*) FROM phien WHERE ma_bam = ?", (token,)).fetchone()[0] == 0  # only its hash
    monkeypatch.setenv("CCHC_SESSION_MINUTES", "30")
    assert session_user(app, token, at=datetime.now() + timedelta(minutes=31)) is None
    assert session_user(app, token) is None  # ended for good, and audited
    assert store.audit_trail(app)[0]["chi_tiet"] == "hết phiên"
    again = start_session(app, user)
    end_session(app, again)
    assert session_user(app, again) is None


def test_disabling_an_account_ends_its_sessions(app):
    token = start_session(app, sign_in(app, "tp.vhxh", PASSWORD))
    set_disabled(app, ADMIN, "tp.vhxh")
    assert session_user(app, token) is None


@pytest.mark.parametrize("actor", [None, User("tp.vhxh", frozenset({"truong_phong"}), "VHXH")], ids=["anonymous", "lead"])
def test_only_an_administrator_changes_accounts(app, actor):
    for change in (lambda: add_user(app, actor, "moi", ["lanh_dao"], PASSWORD), lambda: set_password(app, actor, "tp.vhxh", "x" * 9),
                   lambda: set_disabled(app, actor, "tp.vhxh")):
        with pytest.raises(AccountError, match="Chỉ quản trị"):
            change()
    assert [u["ten_dang_nhap"] for u in users(app)] == ["tp.vhxh"] and active_user(app, "tp.vhxh")
    assert store.audit_trail(app)[0]["ket_qua"] == "tu_choi"


def test_a_person_changes_their_own_password_and_their_other_sessions_end(app):
    person = sign_in(app, "tp.vhxh", PASSWORD)
    here, elsewhere = start_session(app, person), start_session(app, person)
    with pytest.raises(AccountError, match="Mật khẩu hiện tại không đúng") as refused:
        change_own_password(app, person, "sai-mat-khau", "mat-khau-moi-3", keep_token=here)
    assert refused.value.field == "mat_khau_cu"
    with pytest.raises(AccountError, match="ít nhất") as refused:
        change_own_password(app, person, PASSWORD, "ngan", keep_token=here)
    assert refused.value.field == "mat_khau_moi"
    change_own_password(app, person, PASSWORD, "mat-khau-moi-3", keep_token=here)
    assert session_user(app, here) == person and session_user(app, elsewhere) is None  # a copied cookie ends too
    assert sign_in(app, "tp.vhxh", "mat-khau-moi-3")


def test_failed_sign_ins_by_unknown_names_are_counted_and_throttled_per_address(app):
    from warehouse.app.sessions import THROTTLED, UNKNOWN_AUDITED, unknown_failures

    at = datetime(2025, 12, 1, 9, 30)
    lines = len(store.audit_trail(app))
    for n in range(UNKNOWN_AUDITED + 30):
        with pytest.raises(AccountError):
            sign_in(app, f"khong.co.{n}", PASSWORD, at=at, source="10.0.0.9")
    trail = store.audit_trail(app)
    assert len(trail) - lines == UNKNOWN_AUDITED + 1  # one line each up to the threshold, then one saying so: not one each
    assert "bị từ chối đến hết giờ" in trail[0]["chi_tiet"]
    assert unknown_failures(app)[0] == {"gio": "2025-12-01T09", "nguon": "10.0.0.9", "so_lan": UNKNOWN_AUDITED + 30}
    with pytest.raises(AccountError, match=THROTTLED[:20]):  # the address is refused at once, whoever it names
        sign_in(app, "tp.vhxh", PASSWORD, at=at, source="10.0.0.9")
    assert sign_in(app, "tp.vhxh", PASSWORD, at=at, source="10.0.0.7").name == "tp.vhxh"  # another address
    assert sign_in(app, "tp.vhxh", PASSWORD, at=at + timedelta(hours=1), source="10.0.0.9").name == "tp.vhxh"  # the next hour


def test_a_blank_password_is_refused(app):
    for blank in (" " * 8, " " * 4 + "ab" + " " * 4, "\t" * 9):
        with pytest.raises(AccountError, match="ít nhất"):
            add_user(app, ADMIN, "moi.tk", ["lanh_dao"], blank)
        with pytest.raises(AccountError, match="ít nhất"):
            set_password(app, ADMIN, "tp.vhxh", blank)


def test_a_password_reset_ends_the_account_s_sessions(app):
    token = start_session(app, sign_in(app, "tp.vhxh", PASSWORD))
    set_password(app, ADMIN, "tp.vhxh", "mat-khau-moi-2")
    assert session_user(app, token) is None  # a copied cookie with it


def test_a_session_in_use_still_ends_after_its_lifetime(app, monkeypatch):
    monkeypatch.setenv("CCHC_SESSION_MAX_HOURS", "12")
    token, start = start_session(app, sign_in(app, "tp.vhxh", PASSWORD)), datetime.now()
    for hour in range(1, 12):  # used every hour: never unused for long
        assert session_user(app, token, at=start + timedelta(hours=hour)) is not None
    assert session_user(app, token, at=start + timedelta(hours=12, minutes=5)) is None
    assert store.audit_trail(app)[0]["chi_tiet"] == "phiên quá thời hạn"
