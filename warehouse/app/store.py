"""The app's own store: a SQLite file in WAL mode beside the warehouse, for small transactional writes
(accounts, check-ins, the audit trail, the upload ledger) that must never wait for, or be lost to, a
load republishing the DuckDB warehouse."""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

SCHEMA = Path(__file__).with_name("schema.sql")
ENV_VAR = "CCHC_APP_STORE"
BUSY_MS = 15_000  # a writer waits this long for another one (ten people checking in at once)


def store_path(warehouse: Path) -> Path:
    """The store file: $CCHC_APP_STORE, else beside the warehouse (data/warehouse.app.sqlite)."""
    return Path(os.environ.get(ENV_VAR) or warehouse.with_name(warehouse.stem + ".app.sqlite"))


def setting(name: str, default: int) -> int:
    """A whole-number setting from the environment ($CCHC_<NAME>), else its default."""
    value = os.environ.get(f"CCHC_{name.upper()}", "").strip()
    return int(value) if value.isdigit() else default


def open_view() -> bool:
    """Whether people may view the dashboard without signing in ($CCHC_OPEN_VIEW=0 turns it off)."""
    return setting("open_view", 1) != 0


def now() -> str:
    """The current local time, ISO, to the second."""
    return datetime.now().isoformat(timespec="seconds")


@contextmanager
def connect(path: Path):
    """A connection in one transaction: committed (and on disk) on leaving, rolled back on an error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=BUSY_MS / 1000, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = FULL")  # a commit is on disk before it returns: confirmed means kept
        con.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        con.row_factory = sqlite3.Row
        con.executescript(SCHEMA.read_text(encoding="utf-8"))
        _add_columns(con)
        con.execute("BEGIN IMMEDIATE")
        yield con
        con.execute("COMMIT")
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise
    finally:
        con.close()


# Columns added after a store was first made: (table, column, type). A store gets them when next opened for writing.
ADDED = [("cap_nhat", "ngay_du_kien", "TEXT")]  # ISO date promised on a measured target's check-in


def _add_columns(con: sqlite3.Connection) -> None:
    """Add the columns an older store lacks."""
    for table, column, kind in ADDED:
        if column not in {r[1] for r in con.execute(f"PRAGMA table_info({table})")}:
            con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


def upgrade(path: Path) -> None:
    """Bring an existing store up to this version's tables and columns (the app and the command line do at start)."""
    if path.exists():
        with connect(path):
            pass


def read(path: Path, sql: str, params: dict | tuple = ()) -> list[dict]:
    """Rows of a query as dicts; an absent store reads as empty (and is not created)."""
    if not path.exists():
        return []
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_MS / 1000)
    try:
        con.row_factory = sqlite3.Row
        return [dict(r) for r in con.execute(sql, params)]
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return []
        raise
    finally:
        con.close()


def record(con: sqlite3.Connection, actor: str | None, action: str, subject: str | None, outcome: str,
           detail: str | None = None) -> None:
    """One line of the audit trail (who, when, what, outcome), in the caller's transaction."""
    con.execute("INSERT INTO nhat_ky (luc, nguoi, hanh_dong, doi_tuong, ket_qua, chi_tiet) VALUES (?, ?, ?, ?, ?, ?)",
                (now(), actor, action, subject, outcome, detail))


def audit(path: Path, actor: str | None, action: str, subject: str | None, outcome: str, detail: str | None = None) -> None:
    """One line of the audit trail, in its own transaction."""
    with connect(path) as con:
        record(con, actor, action, subject, outcome, detail)


def audit_trail(path: Path, limit: int = 5000) -> list[dict]:
    """The audit trail, newest first."""
    return read(path, "SELECT luc, nguoi, hanh_dong, doi_tuong, ket_qua, chi_tiet FROM nhat_ky ORDER BY id DESC LIMIT ?", (limit,))
