"""The app's own store: a SQLite file in WAL mode beside the warehouse, for small transactional writes
(accounts, check-ins, the audit trail, the upload ledger) that must never wait for, or be lost to, a
load republishing the DuckDB warehouse."""

from __future__ import annotations

import errno
import os
import sqlite3
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

from warehouse import settings
from warehouse.communes import default_commune

SCHEMA = Path(__file__).with_name("schema.sql")
BUSY_MS = 15_000  # a writer waits this long for another one (ten people checking in at once)


def store_path(warehouse: Path) -> Path:
    """The store file: $CCHC_APP_STORE, else beside the warehouse (data/warehouse.app.sqlite)."""
    return settings.path("CCHC_APP_STORE") or warehouse.with_name(warehouse.stem + ".app.sqlite")


def open_view() -> bool:
    """Whether people may view the dashboard without signing in ($CCHC_OPEN_VIEW=0 turns it off)."""
    return settings.whole("CCHC_OPEN_VIEW") != 0


def now() -> str:
    """The current local time, ISO, to the second."""
    return datetime.now().isoformat(timespec="seconds")


class StoreError(Exception):
    """The store cannot be used: its file is damaged or not a database, it cannot be opened or made where it is
    named, or its disk refuses to write (read-only, full). Decided here alone (`_unusable`); the dashboard goes on
    showing the figures without it and says so, the command line says so and exits 2. A store busy with another
    writer past the busy timeout ("database is locked") is not this: nothing is wrong with it, and the same action
    succeeds when tried again, so that stays sqlite3's own error.

    str(): what failed, in words for anyone; `fix`: what the administrator does about it."""

    def __init__(self, path: Path, cause: BaseException, writing: bool) -> None:
        code = getattr(cause, "sqlite_errorcode", None)
        code, number = (code & 0xFF if code is not None else None), getattr(cause, "errno", None)
        if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            problem, self.fix = "tệp hỏng, bị cắt cụt hoặc không phải tệp SQLite", "hãy khôi phục tệp từ bản sao lưu"
            writing = False  # whatever was asked of it, a damaged store cannot even be read
        elif code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM) or number in (errno.EACCES, errno.EPERM, errno.EROFS):
            problem = "tệp hoặc thư mục chỉ đọc, hoặc thiếu quyền ghi"
            self.fix = "hãy cho phép ghi vào tệp và thư mục của nó, hoặc đặt kho ở nơi ghi được ($CCHC_APP_STORE)"
        elif code == sqlite3.SQLITE_FULL or number in (errno.ENOSPC, errno.EDQUOT):
            problem, self.fix = "hết chỗ trống trên đĩa", "hãy giải phóng chỗ trống rồi thử lại"
        elif code == sqlite3.SQLITE_CANTOPEN or isinstance(cause, OSError):
            problem = "không mở hoặc tạo được tệp ở đường dẫn này (thư mục không có và không tạo được, hoặc là một thư mục)"
            self.fix = "hãy kiểm tra đường dẫn (--warehouse, $CCHC_APP_STORE)"
        else:
            problem, self.fix = f"lỗi đọc ghi đĩa ({cause})", "hãy kiểm tra ổ đĩa và tệp"
        self.path = path
        super().__init__(f"Không {'ghi' if writing else 'đọc'} được kho ứng dụng (tài khoản, cập nhật, nhật ký) '{path}': {problem}")


# What makes a store unusable, by SQLite's primary result code: its file or its disk, not the SQL, nor a wait.
UNUSABLE = {sqlite3.SQLITE_PERM, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_FULL,
            sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PROTOCOL, sqlite3.SQLITE_NOLFS, sqlite3.SQLITE_NOTADB}


def _unusable(exc: BaseException) -> bool:
    """True when the error says the store cannot be used (see StoreError); False for a busy store, an SQL error, or
    anything that is not the store's (a refusal raised inside a transaction)."""
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        return code is not None and code & 0xFF in UNUSABLE
    return isinstance(exc, OSError)


@contextmanager
def connect(path: Path):
    """A connection in one transaction: committed (and on disk) on leaving, rolled back on an error. StoreError when
    the store cannot be opened, made or written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(path, timeout=BUSY_MS / 1000, isolation_level=None)
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(path, exc, writing=True) from exc
    try:
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = FULL")  # a commit is on disk before it returns: confirmed means kept
        con.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        con.row_factory = sqlite3.Row
        con.executescript(SCHEMA.read_text(encoding="utf-8"))
        _migrate(con)
        con.execute("BEGIN IMMEDIATE")
        yield con
        con.execute("COMMIT")
    except BaseException as exc:
        if con.in_transaction:
            with suppress(sqlite3.Error):  # a damaged or full store may refuse this too: the first error is the one to tell
                con.execute("ROLLBACK")
        if _unusable(exc):
            raise StoreError(path, exc, writing=True) from exc
        raise
    finally:
        con.close()


# The store's recorded migrations, in order, never edited once released (sqlite-utils' way): a store keeps how many
# it has had in PRAGMA user_version, and gets the rest when next opened for writing. ("add", table, column, type,
# what the rows already there get: a function giving their value, or None for NULL) or ("rename", table, old, new).
# Each is a no-op when the store already has it: stores made before the migrations were recorded had them applied
# without a count.
MIGRATIONS = [
    ("add", "cap_nhat", "ngay_du_kien", "TEXT", None),  # the date a measured target's note promised
    ("add", "tai_khoan", "xa", "TEXT", default_commune),  # the communes an account acts for: older ones, the configured one
    ("add", "tep_tai_len", "ma_tien_trinh", "INTEGER", None),  # the process loading the upload (uploads.begin)
    ("rename", "cap_nhat", "ngay_du_kien", "han"),  # a corrective plan's due date, and a note's promised date
    ("add", "cap_nhat", "nguyen_nhan", "TEXT", None),  # a corrective plan: the cause, the action, who carries it out
    ("add", "cap_nhat", "giai_phap", "TEXT", None),
    ("add", "cap_nhat", "nguoi_thuc_hien", "TEXT", None),
    ("add", "tai_khoan", "chuc_danh", "TEXT", None),  # the person behind a department: title, phone; the digest's address
    ("add", "tai_khoan", "dien_thoai", "TEXT", None),
    ("add", "tai_khoan", "email", "TEXT", None),
    ("add", "tai_khoan", "theo_doi", "TEXT", None),  # target ids followed beyond what the role follows, comma-separated
]


def _migrate(con: sqlite3.Connection) -> None:
    """Apply the migrations the store has not had yet, and record how many it has had."""
    done = con.execute("PRAGMA user_version").fetchone()[0]
    for i, step in enumerate(MIGRATIONS[done:], start=done):
        columns = {r[1] for r in con.execute(f"PRAGMA table_info({step[1]})")}
        if step[0] == "rename" and step[2] in columns and step[3] not in columns:
            con.execute(f"ALTER TABLE {step[1]} RENAME COLUMN {step[2]} TO {step[3]}")
        elif step[0] == "add" and not columns & {step[2], *_later_names(i)}:
            con.execute(f"ALTER TABLE {step[1]} ADD COLUMN {step[2]} {step[3]}")
            if step[4]:
                con.execute(f"UPDATE {step[1]} SET {step[2]} = ?", (step[4](),))
    if done < len(MIGRATIONS):
        con.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")


def _later_names(i: int) -> set[str]:
    """The names later migrations rename the column added by migration i to (a store that has one already had it)."""
    table, names = MIGRATIONS[i][1], {MIGRATIONS[i][2]}
    for step in MIGRATIONS[i + 1:]:
        if step[0] == "rename" and step[1] == table and step[2] in names:
            names.add(step[3])
    return names - {MIGRATIONS[i][2]}


def upgrade(path: Path) -> None:
    """Bring an existing store up to this version's tables and columns (the app and the command line do at start)."""
    if path.exists():
        with connect(path):
            pass


def read(path: Path, sql: str, params: dict | tuple = ()) -> list[dict]:
    """Rows of a query as dicts; an absent store reads as empty (and is not created); StoreError when it cannot be read."""
    try:
        if not path.exists():
            return []
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_MS / 1000)
        try:
            con.row_factory = sqlite3.Row
            return [dict(r) for r in con.execute(sql, params)]
        finally:
            con.close()
    except (sqlite3.Error, OSError) as exc:
        if isinstance(exc, sqlite3.OperationalError) and "no such table" in str(exc):
            return []
        if _unusable(exc):
            raise StoreError(path, exc, writing=False) from exc
        raise


def check(path: Path) -> None:
    """StoreError when the store cannot be used now: the tables every page reads (check-ins, accounts, sessions)
    cannot be read, or the store could not be written (its file or folder read-only, its folder not one that can be
    made). An absent store is fine: it is made at the first write. Cheap (no write, no lock): the dashboard asks on
    every run."""
    read(path, "SELECT (SELECT count(*) FROM cap_nhat), (SELECT count(*) FROM tai_khoan), (SELECT count(*) FROM phien)")
    where = next(p for p in (path, *path.parents) if p.exists())
    folder = where if where != path else path.parent
    if not folder.is_dir():
        raise StoreError(path, NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder)), writing=True)
    if not all(os.access(p, os.W_OK) for p in {where, folder}):
        raise StoreError(path, PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(where)), writing=True)


def record(con: sqlite3.Connection, actor: str | None, action: str, subject: str | None, outcome: str,
           detail: str | None = None) -> None:
    """One line of the audit trail (who, when, what, outcome), in the caller's transaction."""
    con.execute("INSERT INTO nhat_ky (luc, nguoi, hanh_dong, doi_tuong, ket_qua, chi_tiet) VALUES (?, ?, ?, ?, ?, ?)",
                (now(), actor, action, subject, outcome, detail))


def audit(path: Path, actor: str | None, action: str, subject: str | None, outcome: str, detail: str | None = None) -> None:
    """One line of the audit trail, in its own transaction."""
    with connect(path) as con:
        record(con, actor, action, subject, outcome, detail)


def audit_trail(path: Path, limit: int = -1) -> list[dict]:
    """The audit trail, newest first: all of it, or its newest `limit` lines."""
    return read(path, "SELECT luc, nguoi, hanh_dong, doi_tuong, ket_qua, chi_tiet FROM nhat_ky ORDER BY id DESC LIMIT ?", (limit,))
