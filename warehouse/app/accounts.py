"""Accounts and roles: who may sign in, and what each role may do. Passwords are kept only as argon2id hashes."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from warehouse.app import store

ROLES = {
    "lanh_dao": "Lãnh đạo UBND xã",
    "truong_phong": "Trưởng phòng, ban",
    "du_lieu": "Cán bộ dữ liệu",
    "quan_tri": "Quản trị tài khoản",
}
MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8
TOUCH_SECONDS = 60  # a session's last use is written at most this often
NAME = re.compile(r"^[a-z0-9._-]{2,40}$")
_HASHER = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """A hash verified against when the account is unknown, so timing tells nothing (made once, when first needed)."""
    return _HASHER.hash("not a password")


class AccountError(Exception):
    """A refused account operation, said so the person can act on it; `field` is the field to fix (ten_dang_nhap,
    vai_tro, phong_ban, mat_khau), None when it is not one field's fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class User:
    """A signed-in person."""

    name: str
    roles: frozenset[str]
    department: str | None = None
    full_name: str | None = None

    def has(self, *roles: str) -> bool:
        """True when the person holds any of these roles."""
        return bool(self.roles & set(roles))


def operator(name: str) -> User:
    """Whoever runs the command line on the server: they hold the files, so they administer the accounts."""
    return User(name, frozenset({"quan_tri"}))


def _administers(path: Path, actor: User | None, name: str) -> str:
    """The actor's name when they may change accounts; otherwise the refusal is audited and raised."""
    if actor is None or not actor.has("quan_tri"):
        store.audit(path, actor.name if actor else None, "tai_khoan", name, "tu_choi", "không có quyền quản trị")
        raise AccountError("Chỉ quản trị (quan_tri) được thay đổi tài khoản.")
    return actor.name


def _user(row: dict) -> User:
    """A user from an account row."""
    return User(row["ten_dang_nhap"], frozenset(row["vai_tro"].split(",")), row["phong_ban"], row["ho_ten"])


def _check(name: str, roles: list[str], department: str | None, password: str | None) -> None:
    """Refuse a malformed account before anything is written."""
    if not NAME.match(name):
        raise AccountError(f"Hãy nhập tên đăng nhập 2–40 ký tự a-z, 0-9, dấu chấm, gạch dưới, gạch ngang ('{name}' không dùng được).",
                           "ten_dang_nhap")
    if unknown := [r for r in roles if r not in ROLES]:
        raise AccountError(f"Vai trò không có: {', '.join(unknown)} (có: {', '.join(ROLES)}).", "vai_tro")
    if "truong_phong" in roles and not department:
        raise AccountError(f"Hãy chọn phòng ban cho {ROLES['truong_phong'].lower()}.", "phong_ban")
    if password is not None and len(password) < MIN_PASSWORD:
        raise AccountError(f"Hãy đặt mật khẩu có ít nhất {MIN_PASSWORD} ký tự.", "mat_khau")


def add_user(path: Path, actor: User | None, name: str, roles: list[str], password: str, department: str | None = None,
             full_name: str | None = None) -> User:
    """Create an account (refused when the name is taken, or when the actor does not administer accounts)."""
    by = _administers(path, actor, name)
    if not roles:
        raise AccountError("Hãy chọn ít nhất một vai trò.", "vai_tro")
    _check(name, roles, department, password)
    with store.connect(path) as con:
        if con.execute("SELECT 1 FROM tai_khoan WHERE ten_dang_nhap = ?", (name,)).fetchone():
            raise AccountError(f"Tên đăng nhập '{name}' đã có: hãy chọn tên khác.", "ten_dang_nhap")
        con.execute("INSERT INTO tai_khoan (ten_dang_nhap, mat_khau_bam, vai_tro, phong_ban, ho_ten, tao_luc) VALUES (?, ?, ?, ?, ?, ?)",
                    (name, _HASHER.hash(password), ",".join(sorted(set(roles))), department, full_name, store.now()))
        store.record(con, by, "tai_khoan", name, "thanh_cong", f"tạo tài khoản, vai trò {','.join(sorted(set(roles)))}"
                     + (f", phòng {department}" if department else ""))
    return User(name, frozenset(roles), department, full_name)


def set_password(path: Path, actor: User | None, name: str, password: str) -> None:
    """Change an account's password (and lift a lock)."""
    by = _administers(path, actor, name)
    _check(name, [], None, password)
    with store.connect(path) as con:
        _existing(con, name)
        con.execute("UPDATE tai_khoan SET mat_khau_bam = ?, so_lan_sai = 0, khoa_den = NULL WHERE ten_dang_nhap = ?",
                    (_HASHER.hash(password), name))
        store.record(con, by, "tai_khoan", name, "thanh_cong", "đổi mật khẩu")


def change_own_password(path: Path, user: User, current: str, new: str, keep_token: str | None = None) -> None:
    """A person changes their own password, knowing the current one; their other sessions end (a copied cookie with
    them), all but the one they changed it from."""
    with store.connect(path) as con:
        row = _existing(con, user.name)
        if not _verifies(row["mat_khau_bam"], current):
            store.record(con, user.name, "tai_khoan", user.name, "tu_choi", "đổi mật khẩu: mật khẩu hiện tại sai")
            raise AccountError("Mật khẩu hiện tại không đúng: hãy nhập lại.", "mat_khau_cu")
    try:
        _check(user.name, [], None, new)
    except AccountError as exc:
        raise AccountError(str(exc), "mat_khau_moi") from None
    with store.connect(path) as con:
        con.execute("UPDATE tai_khoan SET mat_khau_bam = ? WHERE ten_dang_nhap = ?", (_HASHER.hash(new), user.name))
        con.execute("DELETE FROM phien WHERE ten_dang_nhap = ? AND ma_bam IS NOT ?", (user.name, _digest(keep_token) if keep_token else None))
        store.record(con, user.name, "tai_khoan", user.name, "thanh_cong", "tự đổi mật khẩu; các phiên khác kết thúc")


def set_disabled(path: Path, actor: User | None, name: str, disabled: bool = True) -> None:
    """Disable an account (it can no longer sign in; its history stays), or enable it again."""
    by = _administers(path, actor, name)
    with store.connect(path) as con:
        _existing(con, name)
        con.execute("UPDATE tai_khoan SET da_khoa = ? WHERE ten_dang_nhap = ?", (int(disabled), name))
        store.record(con, by, "tai_khoan", name, "thanh_cong", "vô hiệu hoá" if disabled else "kích hoạt lại")


def _existing(con, name: str) -> dict:
    """An account's row, or a refusal naming it."""
    row = con.execute("SELECT * FROM tai_khoan WHERE ten_dang_nhap = ?", (name,)).fetchone()
    if row is None:
        raise AccountError(f"Không có tài khoản '{name}'.")
    return dict(row)


def users(path: Path) -> list[dict]:
    """Every account, without its hash."""
    return store.read(path, "SELECT ten_dang_nhap, vai_tro, phong_ban, ho_ten, da_khoa, so_lan_sai, khoa_den, tao_luc "
                            "FROM tai_khoan ORDER BY ten_dang_nhap")


def active_user(path: Path, name: str) -> User | None:
    """The account as it stands now, or None when it was disabled or removed (a session ends with it)."""
    rows = store.read(path, "SELECT * FROM tai_khoan WHERE ten_dang_nhap = ? AND da_khoa = 0", (name,))
    return _user(rows[0]) if rows else None


def sign_in(path: Path, name: str, password: str, at: datetime | None = None) -> User:
    """The account, when the password is right and it is neither disabled nor locked; every attempt is audited.

    After MAX_FAILURES wrong passwords in a row the account is locked for LOCK_MINUTES.
    """
    at = at or datetime.now()
    with store.connect(path) as con:
        row = con.execute("SELECT * FROM tai_khoan WHERE ten_dang_nhap = ?", (name,)).fetchone()
        row = dict(row) if row else None
        problem = _refusal(con, row, name, password, at)
        if problem is None:
            con.execute("UPDATE tai_khoan SET so_lan_sai = 0, khoa_den = NULL WHERE ten_dang_nhap = ?", (name,))
            store.record(con, name, "dang_nhap", name, "thanh_cong")
    if problem:  # raised once the failure is committed: it counts towards the lock
        raise AccountError(problem)
    return _user(row)


def _refusal(con, row: dict | None, name: str, password: str, at: datetime) -> str | None:
    """Why this sign-in is refused (counting and auditing the failure), or None."""
    if row and row["khoa_den"] and datetime.fromisoformat(row["khoa_den"]) > at:
        store.record(con, name, "dang_nhap", name, "tu_choi", "tài khoản đang bị khoá tạm")
        return REFUSED  # the same words as a wrong password: a lock must not tell that the name exists
    if _verifies(row["mat_khau_bam"] if row else _dummy_hash(), password) and row and not row["da_khoa"]:
        return None
    if row and not row["da_khoa"]:
        failures = row["so_lan_sai"] + 1
        locked = (at + timedelta(minutes=LOCK_MINUTES)).isoformat(timespec="seconds") if failures >= MAX_FAILURES else None
        con.execute("UPDATE tai_khoan SET so_lan_sai = ?, khoa_den = ? WHERE ten_dang_nhap = ?", (0 if locked else failures, locked, name))
        if locked:
            store.record(con, name, "khoa", name, "thanh_cong", f"khoá {LOCK_MINUTES} phút sau {MAX_FAILURES} lần sai")
    store.record(con, None, "dang_nhap_sai", name[:60], "tu_choi", None)
    return REFUSED


REFUSED = (f"Tên đăng nhập hoặc mật khẩu không đúng (sau {MAX_FAILURES} lần sai liền, tài khoản bị khoá tạm {LOCK_MINUTES} phút): "
           "hãy kiểm tra lại, thử lại sau hoặc nhờ quản trị đặt lại mật khẩu.")


def _verifies(hashed: str, password: str) -> bool:
    """True when the password matches the hash."""
    try:
        return _HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def start_session(path: Path, user: User) -> str:
    """A new session for a signed-in account: its token (kept by the browser; only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    with store.connect(path) as con:
        con.execute("INSERT INTO phien VALUES (?, ?, ?, ?)", (_digest(token), user.name, store.now(), store.now()))
    return token


def session_user(path: Path, token: str, at: datetime | None = None) -> User | None:
    """The account of a session, or None: unknown token, unused for longer than the setting
    ($CCHC_SESSION_MINUTES, 480), or its account disabled. An ended session is removed and audited."""
    at = at or datetime.now()
    rows = store.read(path, "SELECT p.dung_luc, t.* FROM phien AS p JOIN tai_khoan AS t USING (ten_dang_nhap) WHERE p.ma_bam = ?",
                      (_digest(token),))
    if not rows:
        return None
    row, last = rows[0], datetime.fromisoformat(rows[0]["dung_luc"])
    if row["da_khoa"] or at - last > timedelta(minutes=store.setting("session_minutes", 480)):
        end_session(path, token, "hết phiên" if not row["da_khoa"] else "tài khoản bị vô hiệu hoá")
        return None
    if (at - last).total_seconds() > TOUCH_SECONDS:
        with store.connect(path) as con:
            con.execute("UPDATE phien SET dung_luc = ? WHERE ma_bam = ?", (at.isoformat(timespec="seconds"), _digest(token)))
    return _user(row)


def end_session(path: Path, token: str, why: str = "đăng xuất") -> None:
    """End a session (sign-out or expiry), audited."""
    with store.connect(path) as con:
        row = con.execute("SELECT ten_dang_nhap FROM phien WHERE ma_bam = ?", (_digest(token),)).fetchone()
        if row:
            con.execute("DELETE FROM phien WHERE ma_bam = ?", (_digest(token),))
            store.record(con, row[0], "dang_xuat", row[0], "thanh_cong", why)


def _digest(token: str) -> str:
    """The stored form of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()
