"""Building and publishing the warehouse: its schema and raw tables, the models, the newest version of each
thing, and the atomic swap of a copy built beside it (a load, a withdrawal, an upgrade); a reader never waits."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.communes import commune_map
from warehouse.db import HERE, MODELS, OPEN_CONNECTIONS, TEMPLATES, built_with, check_path, models_fingerprint
from warehouse.sources import Source, sources

BUILD_MEMORY = "1GB"  # DuckDB spills beyond this while building, so that a load of any size stays small
SQL_TYPES = {
    "text": "VARCHAR",
    "label": "VARCHAR",
    "date": "DATE",
    "datetime": "TIMESTAMP",
    "bool": "BOOLEAN",
    "amount": "DOUBLE",
    "int": "BIGINT",
    "score": "DOUBLE",
    "code": "SMALLINT",
}
# Bookkeeping columns of every raw table: the file and row a row came from, the file's date, the
# commune the row belongs to now (ma_xa; the code the file carries is the catalogue's ma_xa_tep), and
# whether it is the newest version of what it describes.
RAW_META = {"_file_id": "INTEGER", "_row": "INTEGER", "_snapshot": "DATE", "ma_xa": "VARCHAR", "_current": "BOOLEAN",
            "_read": "VARCHAR"}  # what the reader noted of a row while it loads (JSON), NULL once it is in


def upgrade(path: Path) -> bool:
    """Bring a warehouse built by older models up to this code's models; True when it had to."""
    check_path(path)
    if not path.exists():
        return False
    with duckdb.connect(str(path), read_only=True) as con:
        if built_with(con) == models_fingerprint():
            return False
    with publishing(path):
        pass  # publishing rebuilds whatever older models built
    return True


def _sql(path: Path) -> str:
    """A model file's text."""
    return path.read_text(encoding="utf-8")


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """The warehouse's own tables, one raw table per source (columns added as the catalogue grows), the maps."""
    _rename_commune_columns(con)
    have = {(t, c) for t, c in con.sql("SELECT table_name, column_name FROM duckdb_columns()").fetchall()}
    script = [_sql(HERE / "schema.sql")]
    for src in sources().values():
        columns = RAW_META | {c.name: SQL_TYPES[c.type] for c in src.columns.values()}
        table = f"raw_{src.name}"
        script.append(f"CREATE TABLE IF NOT EXISTS {table} ({', '.join(f'{n} {t}' for n, t in columns.items())});")
        if any(t == table for t, _ in have):
            script += [f"ALTER TABLE {table} ADD COLUMN {n} {t};" for n, t in columns.items() if (table, n) not in have]
    con.execute("\n".join(script))
    con.execute("DELETE FROM communes; DELETE FROM sources")
    con.execute("INSERT INTO communes SELECT * FROM (SELECT unnest($codes), unnest($now), unnest($names))",
                dict(zip(("codes", "now", "names"), map(list, zip(*commune_map())))))
    con.execute("INSERT INTO sources SELECT * FROM (SELECT unnest($names), generate_subscripts($names, 1) - 1, unnest($labels), "
                "unnest($kinds), unnest($groups), unnest($freshness))",
                {"names": list(sources()), "labels": [s.label for s in sources().values()],
                 "kinds": [s.kind for s in sources().values()], "groups": [s.group for s in sources().values()],
                 "freshness": [s.freshness for s in sources().values()]})


def _rename_commune_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Bring a warehouse that named the file's code `ma_xa` and the commune now `_xa` (raw tables, the ledger) or
    `ma_xa_hien_tai` (communes) to today's names: `ma_xa_tep` for the code a file carries, `ma_xa` for the commune."""
    have = set(con.sql("SELECT table_name, column_name FROM duckdb_columns()").fetchall())
    script = [f"ALTER TABLE {t} RENAME COLUMN ma_xa TO ma_xa_tep; ALTER TABLE {t} RENAME COLUMN _xa TO ma_xa;"
              for t in sorted({t for t, c in have if c == "_xa" and t.startswith("raw_")})]
    if ("load_ledger", "ma_xa") in have:
        script.append("ALTER TABLE load_ledger RENAME COLUMN ma_xa TO ma_xa_tep;")
    if ("communes", "ma_xa_hien_tai") in have:
        script.append("DROP TABLE communes;")  # filled again from the registry
    if script:
        con.execute("\n".join(script))


def build_models(con: duckdb.DuckDBPyConnection) -> None:
    """Staging views (one per source, from the catalogue) and the marts; the rows they read are maintained by loads."""
    tables = {r[0] for r in con.sql("SELECT table_name FROM duckdb_tables()").fetchall()}
    con.execute(_sql(MODELS / "staging" / "staging.sql"))
    for name in sources():
        if f"stg_{name}" in tables:  # older warehouses kept staging as tables
            con.execute(f"DROP TABLE stg_{name}")
        con.execute(f"CREATE OR REPLACE VIEW stg_{name} AS FROM staging('{name}')")
    if "mart_source_files" in tables:
        con.execute("DROP TABLE mart_source_files")
    for model in build_order(sorted((MODELS / "marts").glob("*.sql"))):
        con.execute(_sql(model))


def build_order(models: list[Path]) -> list[Path]:
    """The models in an order where each comes after those whose macros, views or tables it uses."""
    texts = {m: re.sub(r"--[^\n]*", "", _sql(m)) for m in models}
    made = {m: set(re.findall(r"CREATE (?:OR REPLACE )?(?:MACRO|VIEW|TABLE) (\w+)", t, re.I)) for m, t in texts.items()}
    needs = {m: {o for o in models if o != m and any(re.search(rf"\b{n}\b", t) for n in made[o])} for m, t in texts.items()}
    order: list[Path] = []
    while len(order) < len(models):
        ready = [m for m in models if m not in order and needs[m] <= set(order)]
        if not ready:
            raise ValueError(f"models that use each other: {sorted(m.name for m in models if m not in order)}")
        order.append(ready[0])
    return order


def refresh_current(con: duckdb.DuckDBPyConnection, everything: bool = False) -> None:
    """Mark the newest version of each thing in every raw table, for the rows loads added (or, after a change
    of models or of the commune map, for all rows, counting every file's rows per commune again)."""
    if everything:
        con.execute("DELETE FROM file_rows")
    for src in sources().values():
        table = f"raw_{src.name}"
        if everything:
            con.execute(f"UPDATE {table} AS r SET _current = NULL, ma_xa = coalesce("
                        f"(SELECT c.ma_xa FROM communes AS c WHERE c.ma_xa_tep = r.ma_xa_tep), r.ma_xa_tep)")
            count_file_rows(con, src.name)
        if con.sql(f"SELECT 1 FROM {table} WHERE _current IS NULL LIMIT 1").fetchall():
            for statement in _current_rows_sql(src):
                con.execute(statement)


def count_file_rows(con: duckdb.DuckDBPyConnection, source: str, file_ids: list[int] | None = None) -> None:
    """Record how many rows loaded files (or every file of the source) gave each commune."""
    con.execute(f"INSERT INTO file_rows SELECT _file_id, ma_xa, count(*) FROM raw_{source} "
                f"WHERE $f IS NULL OR list_contains($f, _file_id) GROUP BY ALL", {"f": file_ids})


def _current_rows_sql(src: Source) -> list[str]:
    """The statements of templates/current_rows.sql.tmpl, filled in from a source's key and order."""
    if not src.key:  # every row is its own thing (attestations): all current
        return [f"UPDATE raw_{src.name} SET _current = TRUE WHERE _current IS NULL"]
    thing = ["ma_xa", *(["_snapshot"] if src.kind == "snapshot" else []), *src.key]
    newest = f"coalesce({src.order}, TIMESTAMP '0001-01-01')" if src.order else "_snapshot"
    template = _sql(TEMPLATES / "current_rows.sql.tmpl")
    filled = template.format(table=f"raw_{src.name}", thing="{" + ", ".join(f"'k{i}': {e}" for i, e in enumerate(thing)) + "}",
                             keys=", ".join(f"{e} AS k{i}" for i, e in enumerate(thing)),
                             names=", ".join(f"k{i}" for i in range(len(thing))),
                             newest="{" + f"'v': {newest}, 'f': _file_id, 'r': _row" + "}")
    return [s for s in (p.strip() for p in re.sub(r"--[^\n]*", "", filled).split(";")) if s]


def _clean_leftovers(path: Path) -> None:
    """Remove the copies (and their WAL files) that loads killed mid-way left beside the warehouse; the lock is held."""
    for leftover in path.parent.glob(f".{path.name}.*.building*"):
        pid = leftover.name.removeprefix(f".{path.name}.").split(".")[0]
        if pid.isdigit() and not _alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    """True when a process of this id runs."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def mark_demo(path: Path) -> None:
    """Mark a warehouse as holding the demo data: every page says so."""
    with publishing(path) as con:
        con.execute("INSERT OR REPLACE INTO warehouse_info VALUES ('demo', 'yes')")


@contextmanager
def publishing(path: Path):
    """Build into a copy of the warehouse and swap it in atomically; on any error, keep the old one.

    Yields a read-write connection to the copy. Readers holding the old file keep answering from it
    and see the new data when they next connect: DuckDB lets no reader open a file while a writer
    has it, so the copy is what keeps the dashboard answering during a load. On leaving, the newest
    version of everything the load added is marked, the models are (re)built and the copy is
    checkpointed and renamed over the published file.
    """
    check_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _clean_leftovers(path)
        building = path.with_name(f".{path.name}.{os.getpid()}.building")
        building.unlink(missing_ok=True)
        new = not path.exists()
        if not new:
            shutil.copyfile(path, building)
        con = duckdb.connect(str(building), config={"memory_limit": BUILD_MEMORY})
        OPEN_CONNECTIONS.add(con)
        con.execute("SET enable_progress_bar = false")  # DuckDB would draw it on the terminal of a load
        try:
            outdated = not new and built_with(con) != models_fingerprint()
            if new or outdated:
                create_schema(con)
            yield con
            refresh_current(con, everything=outdated)
            build_models(con)
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

