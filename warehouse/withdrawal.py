"""Withdrawing a file loaded by mistake (targets.md, Quality): its rows leave every figure through the same atomic
publish as a load; the ledger keeps that it was loaded and withdrawn (status 'withdrawn', when, by whom), and the
audit keeps the withdrawal, or its refusal. The same bytes can be loaded again later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from warehouse.app import store
from warehouse.app.accounts import User
from warehouse.db import model_sql, run_model
from warehouse.display import vn_number
from warehouse.publish import publishing

ROLES = ("du_lieu", "quan_tri")  # who may withdraw a file


class WithdrawalError(Exception):
    """A withdrawal refused, said so the person can act on it; nothing was changed."""


@dataclass(frozen=True)
class Withdrawn:
    """What a withdrawal took out."""

    file_id: int
    file_name: str
    rows: int
    sources: list[str]


def loaded_files(con: duckdb.DuckDBPyConnection, file_id: int | None = None) -> pl.DataFrame:
    """The files whose rows are in the figures now (all, or the one holding this ledger line), newest first."""
    return run_model(con, model_sql("loaded_files"), {"file_id": file_id}).pl()


def withdraw(warehouse: Path, file_id: int, actor: User) -> Withdrawn:
    """Take every sheet of the loaded file holding ledger line `file_id` out of the figures, in one publish."""
    app = store.store_path(warehouse)
    if not actor.has(*ROLES):
        store.audit(app, actor.name, "rut_tep", f"tệp mã {file_id}", "tu_choi", "không có quyền")
        raise WithdrawalError("Chỉ cán bộ dữ liệu hoặc quản trị được rút tệp đã nạp.")
    store.check(app)  # StoreError before anything changes when the withdrawal could not be audited
    try:
        with publishing(warehouse) as con:
            found = loaded_files(con, file_id)
            if found.is_empty():
                raise WithdrawalError(f"Không có tệp mã {file_id} đang được tính (chưa nạp, bị từ chối hoặc đã rút): "
                                      f"xem danh sách tệp ở trang Dữ liệu.")
            done = Withdrawn(file_id, found["file_name"][0], int(found["rows_loaded"][0]), list(found["sources"][0]))
            if others := _communes_not_acted_for(con, list(found["file_ids"][0]), actor):
                raise WithdrawalError(f"Tệp {done.file_name} có dòng của xã {', '.join(others)}: chỉ cán bộ của các xã đó "
                                      f"(hoặc của thành phố) được rút tệp này.")
            _take_out(con, list(found["file_ids"][0]), done.sources, actor.name)
    except WithdrawalError as exc:
        store.audit(app, actor.name, "rut_tep", f"tệp mã {file_id}", "tu_choi", str(exc))
        raise
    store.audit(app, actor.name, "rut_tep", done.file_name, "thanh_cong",
                f"tệp mã {file_id}: {vn_number(done.rows)} dòng ({', '.join(done.sources)}) không còn được tính")
    return done


def _communes_not_acted_for(con: duckdb.DuckDBPyConnection, file_ids: list[int], actor: User) -> list[str]:
    """The communes the file gave rows to that the actor does not act for."""
    rows = con.execute("SELECT DISTINCT ma_xa FROM file_rows WHERE list_contains($ids, file_id) AND ma_xa IS NOT NULL ORDER BY ma_xa",
                       {"ids": file_ids}).fetchall()
    return [xa for (xa,) in rows if not actor.acts_for(xa)]


def _take_out(con: duckdb.DuckDBPyConnection, file_ids: list[int], sources: list[str], who: str) -> None:
    """Delete the file's rows and rejects, and mark its ledger lines withdrawn. The newest version of everything its
    source describes is marked again when the copy is published (a withdrawn row may have hidden an older one)."""
    ids = {"ids": file_ids}
    for source in sources:
        con.execute(f"UPDATE raw_{source} SET _current = NULL")
        con.execute(f"DELETE FROM raw_{source} WHERE list_contains($ids, _file_id)", ids)
    con.execute("DELETE FROM file_rows WHERE list_contains($ids, file_id)", ids)
    con.execute("DELETE FROM rejects WHERE list_contains($ids, file_id)", ids)
    con.execute("UPDATE load_ledger SET status = 'withdrawn', withdrawn_at = $at, withdrawn_by = $who "
                    "WHERE list_contains($ids, file_id)", ids | {"at": datetime.now(), "who": who})
