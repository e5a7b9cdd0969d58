"""Signing in and sessions: passwords checked against the accounts' hashes, wrong ones counted towards a lock, failures by
unknown names throttled per address, and the sessions a browser keeps (only a token's hash is stored)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from warehouse import settings
from warehouse.app import store
from warehouse.app.accounts import AccountError, User, check, existing, hashed_password, user_of, verifies

MAX_FAILURES = 5
LOCK_MINUTES = 15
TOUCH_SECONDS = 60  # a session's last use is written at most this often
ACCOUNT = "SELECT * FROM tai_khoan WHERE ten_dang_nhap = ?"
UNKNOWN_AUDITED = 20  # failed sign-ins by unknown names from one address in an hour, each with its audit line
THROTTLED = "Quá nhiều lần đăng nhập sai từ máy này: hãy thử lại sau ít phút, hoặc nhờ quản trị giúp."
REFUSED = (f"Tên đăng nhập hoặc mật khẩu không đúng (sau {MAX_FAILURES} lần sai liền, tài khoản bị khoá tạm {LOCK_MINUTES} phút): "
           "hãy kiểm tra lại, thử lại sau hoặc nhờ quản trị đặt lại mật khẩu.")


@cache
def _dummy_hash() -> str:
    """A hash verified against when the account is unknown, so timing tells nothing (made once, when first needed)."""
    return hashed_password("not a password")


def sign_in(path: Path, name: str, password: str, at: datetime | None = None, source: str | None = None) -> User:
    """The account, when the password is right and it is neither disabled nor locked; every attempt is audited, but
    for failures by unknown names, counted per address (`source`) and hour: UNKNOWN_AUDITED of them get an audit line
    each, then the address is refused at once for the rest of the hour (said once in the audit).

    After MAX_FAILURES wrong passwords in a row the account is locked for LOCK_MINUTES.

    The password is verified against the hash as read before the write transaction: argon2 is slow on purpose, and
    the store's write lock must not wait for it (everyone's check-ins would). The transaction reads the account
    again and judges on that; should its hash have changed in between, the password is verified against the new one.
    """
    at, source = at or datetime.now(), source or "không rõ"
    if _unknown_failures(path, source, at) > UNKNOWN_AUDITED:
        with store.connect(path) as con:
            _count_unknown(con, source, at)
        raise AccountError(THROTTLED)
    seen = _account(store.read(path, ACCOUNT, (name,)))
    while True:
        verified = verifies(seen["mat_khau_bam"] if seen else _dummy_hash(), password)  # outside any write transaction
        with store.connect(path) as con:
            row = _account(con.execute(ACCOUNT, (name,)).fetchall())
            same = (row and row["mat_khau_bam"]) == (seen and seen["mat_khau_bam"])
            if same:
                problem = _refusal(con, row, name, verified, at, source)
                if problem is None:
                    con.execute("UPDATE tai_khoan SET so_lan_sai = 0, khoa_den = NULL WHERE ten_dang_nhap = ?", (name,))
                    store.record(con, name, "dang_nhap", name, "thanh_cong")
        if same:
            break
        seen = row
    if problem:  # raised once the failure is committed: it counts towards the lock
        raise AccountError(problem)
    return user_of(row)


def _account(rows: list) -> dict | None:
    """The account row of a query by name, or None."""
    return dict(rows[0]) if rows else None


def _refusal(con, row: dict | None, name: str, verified: bool, at: datetime, source: str) -> str | None:
    """Why this sign-in is refused (counting and auditing the failure), or None; `verified`: whether the password
    matched the account's hash (or the dummy one, for an unknown name)."""
    if row and row["khoa_den"] and datetime.fromisoformat(row["khoa_den"]) > at:
        store.record(con, name, "dang_nhap", name, "tu_choi", "tài khoản đang bị khoá tạm")
        return REFUSED  # the same words as a wrong password: a lock must not tell that the name exists
    if verified and row and not row["da_khoa"]:
        return None
    if row and not row["da_khoa"]:
        failures = row["so_lan_sai"] + 1
        locked = (at + timedelta(minutes=LOCK_MINUTES)).isoformat(timespec="seconds") if failures >= MAX_FAILURES else None
        con.execute("UPDATE tai_khoan SET so_lan_sai = ?, khoa_den = ? WHERE ten_dang_nhap = ?", (0 if locked else failures, locked, name))
        if locked:
            store.record(con, name, "khoa", name, "thanh_cong", f"khoá {LOCK_MINUTES} phút sau {MAX_FAILURES} lần sai")
    if row is None:
        count = _count_unknown(con, source, at)
        if count > UNKNOWN_AUDITED:
            store.record(con, None, "dang_nhap_sai", f"từ {source}", "tu_choi",
                         f"quá {UNKNOWN_AUDITED} lần sai với tên không có trong giờ: "
                         "địa chỉ này bị từ chối đến hết giờ, các lần sau chỉ được đếm")
            return THROTTLED
    store.record(con, None, "dang_nhap_sai", name[:60], "tu_choi", f"từ {source}")
    return REFUSED


def _hour(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H")


def _unknown_failures(path: Path, source: str, at: datetime) -> int:
    """Failed sign-ins by unknown names from this address in this hour."""
    rows = store.read(path, "SELECT so_lan FROM dang_nhap_sai WHERE nguon = ? AND gio = ?", (source, _hour(at)))
    return rows[0]["so_lan"] if rows else 0


def _count_unknown(con, source: str, at: datetime) -> int:
    """Count one more failed sign-in by an unknown name from this address this hour; the count now."""
    return con.execute("INSERT INTO dang_nhap_sai VALUES (?, ?, 1) ON CONFLICT (nguon, gio) DO UPDATE SET so_lan = so_lan + 1 "
                       "RETURNING so_lan", (source, _hour(at))).fetchone()[0]


def unknown_failures(path: Path) -> list[dict]:
    """Failed sign-ins by unknown names, per address and hour, newest first."""
    return store.read(path, "SELECT gio, nguon, so_lan FROM dang_nhap_sai ORDER BY gio DESC, so_lan DESC")


def change_own_password(path: Path, user: User, current: str, new: str, keep_token: str | None = None) -> None:
    """A person changes their own password, knowing the current one; their other sessions end (a copied cookie with
    them), all but the one they changed it from. Both hashes are computed before the write transaction."""
    seen = _account(store.read(path, ACCOUNT, (user.name,)))
    if seen is None:
        raise AccountError(f"Không có tài khoản '{user.name}'.")
    if not verifies(seen["mat_khau_bam"], current):
        store.audit(path, user.name, "tai_khoan", user.name, "tu_choi", "đổi mật khẩu: mật khẩu hiện tại sai")
        raise AccountError("Mật khẩu hiện tại không đúng: hãy nhập lại.", "mat_khau_cu")
    try:
        check(user.name, [], None, new)
    except AccountError as exc:
        raise AccountError(str(exc), "mat_khau_moi") from None
    hashed = hashed_password(new)
    with store.connect(path) as con:
        if existing(con, user.name)["mat_khau_bam"] != seen["mat_khau_bam"]:  # reset meanwhile: `current` was checked against the old one
            raise AccountError("Mật khẩu vừa được đặt lại ở nơi khác: hãy nhập mật khẩu hiện tại mới.", "mat_khau_cu")
        con.execute("UPDATE tai_khoan SET mat_khau_bam = ? WHERE ten_dang_nhap = ?", (hashed, user.name))
        con.execute("DELETE FROM phien WHERE ten_dang_nhap = ? AND ma_bam IS NOT ?",
                    (user.name, _digest(keep_token) if keep_token else None))
        store.record(con, user.name, "tai_khoan", user.name, "thanh_cong", "tự đổi mật khẩu; các phiên khác kết thúc")


def start_session(path: Path, user: User) -> str:
    """A new session for a signed-in account: its token (kept by the browser; only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    with store.connect(path) as con:
        con.execute("INSERT INTO phien VALUES (?, ?, ?, ?)", (_digest(token), user.name, store.now(), store.now()))
    return token


def session_user(path: Path, token: str, at: datetime | None = None) -> User | None:
    """The account of a session, or None: unknown token, unused for longer than the setting
    ($CCHC_SESSION_MINUTES, 480), older than $CCHC_SESSION_MAX_HOURS (12) however used, or its account disabled. An
    ended session is removed and audited."""
    at = at or datetime.now()
    rows = store.read(path, "SELECT p.dung_luc, p.tao_luc AS bat_dau, t.* FROM phien AS p JOIN tai_khoan AS t USING (ten_dang_nhap) "
                            "WHERE p.ma_bam = ?", (_digest(token),))
    if not rows:
        return None
    row, last = rows[0], datetime.fromisoformat(rows[0]["dung_luc"])
    unused = at - last > timedelta(minutes=settings.whole("CCHC_SESSION_MINUTES"))
    too_old = at - datetime.fromisoformat(row["bat_dau"]) > timedelta(hours=settings.whole("CCHC_SESSION_MAX_HOURS"))
    if row["da_khoa"] or unused or too_old:
        end_session(path, token, "tài khoản bị vô hiệu hoá" if row["da_khoa"] else "hết phiên" if unused else "phiên quá thời hạn")
        return None
    if (at - last).total_seconds() > TOUCH_SECONDS:
        with store.connect(path) as con:
            con.execute("UPDATE phien SET dung_luc = ? WHERE ma_bam = ?", (at.isoformat(timespec="seconds"), _digest(token)))
    return user_of(row)


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
