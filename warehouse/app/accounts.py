"""Accounts and roles: who may sign in, and what each role may do. Passwords are kept only as argon2id hashes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from warehouse.app import store
from warehouse.communes import default_commune

# An account's columns as titled for people, on the Quản trị page and by the command line
TITLES = {"ten_dang_nhap": "Tài khoản", "vai_tro": "Vai trò", "phong_ban": "Phòng ban", "ho_ten": "Họ tên",
          "chuc_danh": "Chức danh", "email": "Thư điện tử", "theo_doi": "Theo dõi thêm", "xa": "Xã",
          "trang_thai": "Trạng thái"}
ROLES = {
    "lanh_dao": "Lãnh đạo UBND xã",
    "truong_phong": "Trưởng phòng, ban",
    "du_lieu": "Cán bộ dữ liệu",
    "quan_tri": "Quản trị tài khoản",
}
EVERY_COMMUNE = "*"  # an account of the city's staff acts for every commune
MIN_PASSWORD = 8
NAME = re.compile(r"^[a-z0-9._-]{2,40}$")
HASHER = PasswordHasher()


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
    communes: frozenset[str] = frozenset()  # the commune codes the account acts for, or EVERY_COMMUNE

    def has(self, *roles: str) -> bool:
        """True when the person holds any of these roles."""
        return bool(self.roles & set(roles))

    def acts_for(self, commune: str) -> bool:
        """True when the person may record or change anything of this commune."""
        return EVERY_COMMUNE in self.communes or commune in self.communes


@dataclass(frozen=True)
class Lead:
    """The person behind a department: its lead's full name, title and phone (from the accounts)."""

    name: str
    title: str | None = None
    phone: str | None = None

    def __str__(self) -> str:
        return ", ".join(x for x in (self.name, self.title, self.phone) if x)


def operator(name: str) -> User:
    """Whoever runs the command line on the server: they hold the files, so they administer the accounts, of every
    commune."""
    return User(name, frozenset({"quan_tri"}), communes=frozenset({EVERY_COMMUNE}))


def _administers(path: Path, actor: User | None, name: str) -> str:
    """The actor's name when they may change accounts; otherwise the refusal is audited and raised."""
    if actor is None or not actor.has("quan_tri"):
        store.audit(path, actor.name if actor else None, "tai_khoan", name, "tu_choi", "không có quyền quản trị")
        raise AccountError("Chỉ quản trị (quan_tri) được thay đổi tài khoản.")
    return actor.name


def user_of(row: dict) -> User:
    """A user from an account row."""
    return User(row["ten_dang_nhap"], frozenset(row["vai_tro"].split(",")), row["phong_ban"], row["ho_ten"],
                frozenset((row.get("xa") or default_commune()).split(",")))


def check(name: str, roles: list[str], department: str | None, password: str | None) -> None:
    """Refuse a malformed account before anything is written."""
    if not NAME.match(name):
        raise AccountError(f"Hãy nhập tên đăng nhập 2–40 ký tự a-z, 0-9, dấu chấm, gạch dưới, gạch ngang ('{name}' không dùng được).",
                           "ten_dang_nhap")
    if unknown := [r for r in roles if r not in ROLES]:
        raise AccountError(f"Vai trò không có: {', '.join(unknown)} (có: {', '.join(ROLES)}).", "vai_tro")
    if "truong_phong" in roles and not department:
        raise AccountError(f"Hãy chọn phòng ban cho {ROLES['truong_phong'].lower()}.", "phong_ban")
    if password is not None and len(password.strip()) < MIN_PASSWORD:
        raise AccountError(f"Hãy đặt mật khẩu có ít nhất {MIN_PASSWORD} ký tự (không tính dấu cách ở hai đầu).", "mat_khau")


def add_user(path: Path, actor: User | None, name: str, roles: list[str], password: str, department: str | None = None,
             full_name: str | None = None, communes: list[str] | None = None, email: str | None = None,
             title: str | None = None, phone: str | None = None) -> User:
    """Create an account acting for `communes` (default: the configured commune; EVERY_COMMUNE for the city's staff);
    refused when the name is taken, or when the actor does not administer accounts of those communes."""
    by = _administers(path, actor, name)
    if not roles:
        raise AccountError("Hãy chọn ít nhất một vai trò.", "vai_tro")
    check(name, roles, department, password)
    bound = sorted(set(communes if communes is not None else [default_commune()]))
    if not bound:
        raise AccountError("Hãy chọn ít nhất một xã.", "xa")
    if not all(actor.acts_for(c) for c in bound):
        store.audit(path, by, "tai_khoan", name, "tu_choi", f"không quản trị xã {','.join(bound)}")
        raise AccountError("Chỉ tạo được tài khoản cho xã mình quản trị.", "xa")
    email = _email(email)
    hashed = hashed_password(password)
    with store.connect(path) as con:
        if con.execute("SELECT 1 FROM tai_khoan WHERE ten_dang_nhap = ?", (name,)).fetchone():
            raise AccountError(f"Tên đăng nhập '{name}' đã có: hãy chọn tên khác.", "ten_dang_nhap")
        con.execute("INSERT INTO tai_khoan (ten_dang_nhap, mat_khau_bam, vai_tro, phong_ban, ho_ten, xa, email, chuc_danh, "
                    "dien_thoai, tao_luc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (name, hashed, ",".join(sorted(set(roles))), department, full_name, ",".join(bound), email,
                     (title or "").strip() or None, (phone or "").strip() or None, store.now()))
        store.record(con, by, "tai_khoan", name, "thanh_cong", f"tạo tài khoản, vai trò {','.join(sorted(set(roles)))}"
                     + (f", phòng {department}" if department else "") + f", xã {','.join(bound)}")
    return User(name, frozenset(roles), department, full_name, frozenset(bound))


def set_password(path: Path, actor: User | None, name: str, password: str) -> None:
    """Change an account's password (and lift a lock); every session of the account ends."""
    by = _administers(path, actor, name)
    check(name, [], None, password)
    hashed = hashed_password(password)
    with store.connect(path) as con:
        existing(con, name, actor)
        con.execute("UPDATE tai_khoan SET mat_khau_bam = ?, so_lan_sai = 0, khoa_den = NULL WHERE ten_dang_nhap = ?",
                    (hashed, name))
        con.execute("DELETE FROM phien WHERE ten_dang_nhap = ?", (name,))  # whoever knew the old one is signed out
        store.record(con, by, "tai_khoan", name, "thanh_cong", "đổi mật khẩu; các phiên đăng nhập của tài khoản kết thúc")


def set_disabled(path: Path, actor: User | None, name: str, disabled: bool = True) -> None:
    """Disable an account (it can no longer sign in; its history stays), or enable it again."""
    by = _administers(path, actor, name)
    with store.connect(path) as con:
        existing(con, name, actor)
        con.execute("UPDATE tai_khoan SET da_khoa = ? WHERE ten_dang_nhap = ?", (int(disabled), name))
        store.record(con, by, "tai_khoan", name, "thanh_cong", "vô hiệu hoá" if disabled else "kích hoạt lại")


def existing(con, name: str, actor: User | None = None) -> dict:
    """An account's row, or a refusal naming it; with an actor, refused too when the account acts for a commune the
    actor does not."""
    row = con.execute("SELECT * FROM tai_khoan WHERE ten_dang_nhap = ?", (name,)).fetchone()
    if row is None:
        raise AccountError(f"Không có tài khoản '{name}'.")
    if actor and not all(actor.acts_for(c) for c in user_of(dict(row)).communes):
        raise AccountError(f"Tài khoản '{name}' thuộc xã khác: chỉ quản trị của xã đó (hoặc của thành phố) được thay đổi.")
    return dict(row)


def users(path: Path) -> list[dict]:
    """Every account, without its hash."""
    return store.read(path, "SELECT ten_dang_nhap, vai_tro, phong_ban, ho_ten, chuc_danh, dien_thoai, email, theo_doi, xa, "
                            "da_khoa, so_lan_sai, khoa_den, tao_luc FROM tai_khoan ORDER BY ten_dang_nhap")


def leads(path: Path, communes: list[str]) -> dict[tuple[str, str], Lead]:
    """(commune, department code) → the person behind the department there: the active truong_phong account of that
    department acting for the commune (the first by login when there are several), named by its full name (else its
    login)."""
    found: dict[tuple[str, str], Lead] = {}
    for u in users(path):
        account = user_of(u)
        if u["da_khoa"] or not account.has("truong_phong"):
            continue
        for xa in communes:
            if account.acts_for(xa) and (xa, u["phong_ban"]) not in found:
                found[xa, u["phong_ban"]] = Lead(u["ho_ten"] or u["ten_dang_nhap"], u["chuc_danh"], u["dien_thoai"])
    return found


EMAIL = re.compile(r"^[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\"]+$")


def _email(address: str | None) -> str | None:
    """An e-mail address as kept (trimmed; empty: none), or refused when it is not one."""
    address = (address or "").strip()
    if address and (len(address) > 254 or not EMAIL.match(address)):
        raise AccountError(f"Hãy nhập một địa chỉ thư điện tử dạng ten@mien.vn ('{address[:60]}' không dùng được).", "email")
    return address or None


def set_contact(path: Path, actor: User | None, name: str, **contact: str | None) -> None:
    """Set an account's e-mail (email), title (chuc_danh) or phone (dien_thoai), those given (empty: removed): by an
    administrator, or by the person for their own account."""
    unknown = set(contact) - {"email", "chuc_danh", "dien_thoai"}
    if unknown:
        raise ValueError(f"not a contact field: {unknown}")
    by, bound = _own_or_administered(path, actor, name)
    if "email" in contact:
        contact["email"] = _email(contact["email"])
    contact = {k: (v or "").strip()[:120] or None for k, v in contact.items()}
    with store.connect(path) as con:
        existing(con, name, bound)
        for field, value in contact.items():
            con.execute(f"UPDATE tai_khoan SET {field} = ? WHERE ten_dang_nhap = ?", (value, name))
        store.record(con, by, "tai_khoan", name, "thanh_cong",
                     "; ".join(f"{CONTACT[k]}: {v or 'bỏ trống'}" for k, v in contact.items()))


CONTACT = {"email": "thư điện tử", "chuc_danh": "chức danh", "dien_thoai": "điện thoại"}


def _own_or_administered(path: Path, actor: User | None, name: str) -> tuple[str, User | None]:
    """Who changes account `name`'s own settings, and whose communes bound the change: the person themself (none), or
    an administrator (of the account's communes); anyone else is refused, audited (_administers)."""
    if actor is not None and actor.name == name:
        return actor.name, None
    return _administers(path, actor, name), actor


def set_following(path: Path, actor: User | None, name: str, target_ids: list[str], known: set[str]) -> None:
    """Set the targets an account follows beyond its role's (the digest brings them): by the person or an
    administrator; `known`: the plan's target ids."""
    by, bound = _own_or_administered(path, actor, name)
    if unknown := sorted(set(target_ids) - known):
        raise AccountError(f"Không có chỉ tiêu mã {', '.join(unknown)}.", "theo_doi")
    chosen = ",".join(sorted(set(target_ids))) or None
    with store.connect(path) as con:
        existing(con, name, bound)
        con.execute("UPDATE tai_khoan SET theo_doi = ? WHERE ten_dang_nhap = ?", (chosen, name))
        store.record(con, by, "tai_khoan", name, "thanh_cong", f"theo dõi: {chosen or 'không chỉ tiêu nào thêm'}")


def people(path: Path) -> dict[str, str]:
    """Login → how a person is named where their account acted: "Full Name (login)" (accounts with a full name)."""
    return {u["ten_dang_nhap"]: f"{u['ho_ten']} ({u['ten_dang_nhap']})" for u in users(path) if u["ho_ten"]}


def active_user(path: Path, name: str) -> User | None:
    """The account as it stands now, or None when it was disabled or removed (a session ends with it)."""
    rows = store.read(path, "SELECT * FROM tai_khoan WHERE ten_dang_nhap = ? AND da_khoa = 0", (name,))
    return user_of(rows[0]) if rows else None


def hashed_password(password: str) -> str:
    """The argon2id hash kept for a password."""
    return HASHER.hash(password)


def verifies(hashed: str, password: str) -> bool:
    """True when the password matches the hash."""
    try:
        return HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


