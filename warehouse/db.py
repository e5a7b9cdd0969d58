"""The DuckDB warehouse file as it is read: where it is, whether it is one and current, read-only connections
(stopped together by Ctrl-C), and running a model with bound parameters. Building and publishing it: warehouse.publish."""

from __future__ import annotations

import hashlib
import json
import os
import re
import weakref
from contextlib import suppress
from functools import cache
from pathlib import Path

import duckdb

from warehouse import settings
from warehouse.communes import communes

HERE = Path(__file__).parent
MODELS = HERE / "models"
TEMPLATES = HERE / "templates"  # SQL with Python format fields, filled in from the source catalogue


class OutdatedWarehouse(RuntimeError):
    """A warehouse built by other models than this code's: bring it up to date with upgrade() first."""


class WarehouseError(Exception):
    """A warehouse path that cannot be one, or a file that is not a sound warehouse; the message says what to do."""


DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file


def check_path(path: Path) -> None:
    """Refuse, in words a clerk can act on, a warehouse path that is a folder, lies under a file, or names a file
    that is not a DuckDB warehouse."""
    if path.is_dir():
        raise WarehouseError(f"'{path}' là một thư mục, không phải tệp kho dữ liệu: hãy chỉ ra một tệp .duckdb.")
    if any(parent.exists() and not parent.is_dir() for parent in path.parents):
        raise WarehouseError(f"'{path}' nằm dưới một tệp, không phải thư mục: hãy chọn đường dẫn khác cho kho dữ liệu.")
    if path.exists():
        with open(path, "rb") as f:
            head = f.read(12)
        if head[8:12] != DUCKDB_MAGIC:
            raise WarehouseError(f"'{path}' không phải kho dữ liệu DuckDB (tệp khác đặt nhầm tên?): hãy chỉ ra đúng tệp kho.")


def warehouse_path(flag: str | os.PathLike | None = None) -> Path:
    """The warehouse file: the flag, else $CCHC_WAREHOUSE, else data/warehouse.duckdb."""
    return Path(flag or settings.text("CCHC_WAREHOUSE"))


OPEN_CONNECTIONS: weakref.WeakSet[duckdb.DuckDBPyConnection] = weakref.WeakSet()  # the connections interrupt_all stops


def interrupt_all() -> None:
    """Stop the statement each warehouse connection of this process is running (for Ctrl-C)."""
    for con in list(OPEN_CONNECTIONS):
        with suppress(duckdb.Error):
            con.interrupt()


def connect_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """A short-lived read-only connection to the published warehouse; it never writes."""
    con = duckdb.connect(str(path), read_only=True)
    OPEN_CONNECTIONS.add(con)
    if built_with(con) != models_fingerprint():
        con.close()
        raise OutdatedWarehouse(f"Kho dữ liệu {path} được tạo bởi phiên bản cũ: khởi động lại ứng dụng hoặc chạy "
                                f"'python -m pipelines upgrade' để cập nhật.")
    return con


@cache
def models_fingerprint() -> str:
    """A hash of the schema, the source catalogue, the commune registry in force (resolved: $CCHC_COMMUNES's, else
    communes.toml; a changed one re-maps the rows of predecessors at the next start or upgrade) and every model."""
    files = [HERE / "schema.sql", HERE / "sources.toml", *sorted(MODELS.rglob("*.sql")), *sorted(TEMPLATES.iterdir())]
    registry = json.dumps(communes(), sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(b"".join(f.read_bytes() for f in files) + registry).hexdigest()


def built_with(con: duckdb.DuckDBPyConnection) -> str | None:
    """The models fingerprint a warehouse was published with (None if it has none)."""
    try:
        return con.sql("SELECT value FROM warehouse_info WHERE key = 'models'").fetchall()[0][0]
    except (duckdb.CatalogException, IndexError):
        return None


def is_demo(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the warehouse holds the demo data."""
    return bool(con.sql("SELECT 1 FROM warehouse_info WHERE key = 'demo'").fetchall())


@cache
def model_sql(name: str) -> str:
    """The text of a read of the warehouse kept as a file of its own (models/<name>.sql)."""
    return (MODELS / f"{name}.sql").read_text(encoding="utf-8")


def run_model(con: duckdb.DuckDBPyConnection, sql: str, params: dict) -> duckdb.DuckDBPyRelation:
    """Run a model's SQL with the bound parameters it names ($tu_ngay, $den_ngay, $ma_xa)."""
    return con.sql(sql, params=bound(sql, params))


def fetch_rows(con: duckdb.DuckDBPyConnection, sql: str, params: dict) -> list[tuple]:
    """Run a statement once with the bound parameters it names and fetch its rows (a relation would bind it twice)."""
    return con.execute(sql, bound(sql, params)).fetchall()


def bound(sql: str, params: dict) -> dict:
    """The parameters a statement names (DuckDB refuses others)."""
    named = set(re.findall(r"\$([A-Za-z_][A-Za-z_0-9]*)", sql))
    return {k: v for k, v in params.items() if k in named}

