"""The DuckDB warehouse file: where it is, its schema and models, and atomic publishing."""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import duckdb

from pipelines.catalogue import commune_map, sources

HERE = Path(__file__).parent
MODELS = HERE / "models"
ENV_VAR = "CCHC_WAREHOUSE"
DEFAULT_PATH = Path("data") / "warehouse.duckdb"
BUILD_MEMORY = "1GB"  # DuckDB spills beyond this while building, so that a city-scale load stays small
MART_ORDER = ("macros", "mart_thu_tuc", "mart_giai_ngan", "mart_to_chuc", "mart_ho_so", "xac_nhan_moi_nhat", "mart_source_files", "mart_source_health")
SQL_TYPES = {
    "text": "VARCHAR",
    "label": "VARCHAR",
    "date": "DATE",
    "datetime": "TIMESTAMP",
    "bool": "BOOLEAN",
    "amount": "DOUBLE",
    "int": "BIGINT",
    "code": "SMALLINT",
}


def warehouse_path(flag: str | os.PathLike | None = None) -> Path:
    """The warehouse file: the flag, else $CCHC_WAREHOUSE, else data/warehouse.duckdb."""
    return Path(flag or os.environ.get(ENV_VAR) or DEFAULT_PATH)


def connect_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """A short-lived read-only connection to the published warehouse, its models as this code defines them."""
    con = duckdb.connect(str(path), read_only=True)
    if _built_with(con) == models_fingerprint():
        return con
    con.close()
    with publishing(path):  # a warehouse built by an older version of the models: rebuild them, publish
        pass
    return duckdb.connect(str(path), read_only=True)


@cache
def models_fingerprint() -> str:
    """A hash of the schema, the source catalogue, the commune map and every model file."""
    pipelines = HERE.parent / "pipelines"
    files = [HERE / "schema.sql", pipelines / "sources.toml", pipelines / "communes.toml", *sorted(MODELS.rglob("*.sql"))]
    return hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()


def _built_with(con: duckdb.DuckDBPyConnection) -> str | None:
    """The models fingerprint a warehouse was published with (None if it has none)."""
    try:
        return con.sql("SELECT value FROM warehouse_info WHERE key = 'models'").fetchall()[0][0]
    except (duckdb.CatalogException, IndexError):
        return None


def raw_table_ddl(name: str) -> str:
    """CREATE TABLE for a source's raw rows, from the source catalogue."""
    cols = [f"    {c.name} {SQL_TYPES[c.type]}" for c in sources()[name].columns.values()]
    meta = ["    _file_id INTEGER NOT NULL", "    _row INTEGER NOT NULL", "    _snapshot DATE"]
    return f"CREATE TABLE IF NOT EXISTS raw_{name} (\n" + ",\n".join(meta + cols) + "\n);"


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """The warehouse's own tables, one raw table per source, and the commune map."""
    con.execute((HERE / "schema.sql").read_text(encoding="utf-8"))
    for name in sources():
        con.execute(raw_table_ddl(name))
    con.execute("DELETE FROM communes")
    con.executemany("INSERT INTO communes VALUES (?, ?, ?)", commune_map())


def build_models(con: duckdb.DuckDBPyConnection, changed: set[str] | None = None) -> None:
    """Rebuild the staging tables of the changed sources (all when None, or when one is missing), then the marts."""
    existing = {r[0] for r in con.sql("SELECT table_name FROM duckdb_tables()").fetchall()}
    for path in sorted((MODELS / "staging").glob("*.sql")):
        if changed is None or path.stem.removeprefix("stg_") in changed or path.stem not in existing:
            con.execute(path.read_text(encoding="utf-8"))
    for name in MART_ORDER:
        con.execute((MODELS / "marts" / f"{name}.sql").read_text(encoding="utf-8"))


def run_model(con: duckdb.DuckDBPyConnection, sql: str, params: dict) -> duckdb.DuckDBPyRelation:
    """Run a model's SQL with the bound parameters it names ($tu_ngay, $den_ngay, $ma_xa)."""
    named = set(re.findall(r"\$([a-z_]+)", sql))
    return con.sql(sql, params={k: v for k, v in params.items() if k in named})


@contextmanager
def publishing(path: Path, changed: set[str] | None = None):
    """Build into a copy of the warehouse and swap it in atomically; on any error, keep the old one.

    Yields a read-write connection to the copy. Readers holding the old file keep answering from it
    and see the new data when they next connect. `changed`: the sources whose raw rows may change
    (their staging is rebuilt; None: every source).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        building = path.with_name(f".{path.name}.{os.getpid()}.building")
        building.unlink(missing_ok=True)
        if path.exists():
            shutil.copyfile(path, building)
        con = duckdb.connect(str(building), config={"memory_limit": BUILD_MEMORY})
        try:
            create_schema(con)
            yield con
            build_models(con, None if _built_with(con) != models_fingerprint() else changed)
            con.execute("INSERT OR REPLACE INTO warehouse_info VALUES ('models', ?)", [models_fingerprint()])
            con.execute("CHECKPOINT")
            con.close()
            os.replace(building, path)
        except BaseException:
            con.close()
            building.unlink(missing_ok=True)
            raise
        finally:
            building.with_name(building.name + ".wal").unlink(missing_ok=True)
