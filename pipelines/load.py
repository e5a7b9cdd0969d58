"""Load export files into the warehouse: read, account for every row, publish atomically."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl
from tqdm import tqdm

from pipelines.catalogue import default_commune
from pipelines.extract import SheetResult, finalise, read_file
from pipelines.files import SUFFIXES
from pipelines.gate import GateContext, apply_gate
from warehouse.db import connect_readonly, publishing


@dataclass
class FileOutcome:
    """One ledger line: a sheet of a file and what became of it."""

    path: Path
    sheet: str | None
    source: str | None
    status: str  # loaded, rejected, skipped (already loaded)
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    snapshot: date | None = None
    message: str | None = None
    warnings: list[str] = field(default_factory=list)
    checks_failed: int = 0
    checks_run: int = 0


@dataclass
class LoadReport:
    """What a load did, file by file."""

    outcomes: list[FileOutcome]
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage: read, gate, publish

    @property
    def clean(self) -> bool:
        """True when every file went in whole."""
        return all(o.status != "rejected" and o.rows_rejected == 0 for o in self.outcomes)


def expand(paths: list[Path]) -> list[Path]:
    """Files named, and export files inside folders named, in code-point order of their paths."""
    found = []
    for p in paths:
        if p.is_dir():
            found += [f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.startswith((".", "~$"))]
        else:
            found.append(p)
    return sorted(set(found), key=lambda f: str(f))


def sha256(path: Path) -> str:
    """The file's SHA-256, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def already_loaded(warehouse: Path) -> set[str]:
    """Hashes of files the published warehouse already holds."""
    if not warehouse.exists():
        return set()
    with connect_readonly(warehouse) as con:
        return {r[0] for r in con.sql("SELECT DISTINCT sha256 FROM load_ledger WHERE status = 'loaded'").fetchall()}


def load(paths: list[Path], warehouse: Path, source: str | None = None, commune: str | None = None,
         today: date | None = None, progress: bool = False) -> LoadReport:
    """Load files into the warehouse. Nothing is published unless the whole load succeeds."""
    files = expand(paths)
    missing = [str(p) for p in files if not p.exists()]
    if missing:
        raise FileNotFoundError(f"Không tìm thấy tệp: {', '.join(missing)}")
    commune, today = commune or default_commune(), today or date.today()
    known = already_loaded(warehouse)
    outcomes, pending, clock = [], [], Stopwatch()
    for path in tqdm(files, desc="Đọc tệp", unit="tệp", disable=not progress):
        digest = sha256(path)
        if digest in known:
            outcomes.append(_skipped(path))
            continue
        pending += [(digest, r) for r in read_file(path, source, today=today, commune=commune, final=False)]
    clock.lap("read")
    context = GateContext.from_warehouse(warehouse, [r for _, r in pending])
    for _, r in tqdm(pending, desc="Kiểm tra chất lượng", unit="trang", disable=not progress):
        apply_gate(r, context)
        finalise(r, today)
        outcomes.append(_outcome(r))
    clock.lap("gate")
    outcomes.sort(key=lambda o: str(o.path))
    if pending:
        with publishing(warehouse, changed={r.source.name for _, r in pending if r.source}) as con:
            raced = _loaded_meanwhile(con, pending)  # another load may have published the same files first
            _record(con, [p for p in pending if p[0] not in raced], commune)
        raced_paths = {r.path for d, r in pending if d in raced}
        outcomes = [_skipped(o.path) if o.path in raced_paths else o for o in outcomes]
    clock.lap("publish")
    return LoadReport(outcomes, clock.laps)


class Stopwatch:
    """Seconds spent in each stage of a load, for the benchmark."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        """Record the time since the previous lap under this name."""
        now = time.perf_counter()
        self.laps[name], self._last = now - self._last, now


def _outcome(r: SheetResult) -> FileOutcome:
    """The ledger line of a sheet result."""
    return FileOutcome(
        path=r.path, sheet=r.sheet, source=r.source.name if r.source else None,
        status="rejected" if r.error else "loaded",
        rows_read=r.rows_read, rows_loaded=0 if r.error else r.rows_loaded, rows_rejected=r.rows_rejected,
        snapshot=r.snapshot, message=r.error, warnings=r.warnings,
        checks_failed=sum(c.success is False for c in r.quality), checks_run=sum(c.success is not None for c in r.quality),
    )


def _skipped(path: Path) -> FileOutcome:
    """The outcome of a file the warehouse already holds."""
    return FileOutcome(path, None, None, "skipped", message="Đã nạp trước đó: không thay đổi gì.")


def _loaded_meanwhile(con: duckdb.DuckDBPyConnection, pending: list[tuple[str, SheetResult]]) -> set[str]:
    """Hashes of pending files that the warehouse, as the lock found it, already holds."""
    digests = sorted({d for d, _ in pending})
    found = con.sql("SELECT DISTINCT sha256 FROM load_ledger WHERE status = 'loaded' AND list_contains($d, sha256)",
                    params={"d": digests}).fetchall()
    return {r[0] for r in found}


def _record(con: duckdb.DuckDBPyConnection, pending: list[tuple[str, SheetResult]], commune: str) -> None:
    """Write ledger lines, raw rows and rejects into the warehouse being built."""
    next_id = con.sql("SELECT coalesce(max(file_id), 0) + 1 FROM load_ledger").fetchall()[0][0]
    now = datetime.now()
    for file_id, (digest, r) in enumerate(pending, start=next_id):
        o = _outcome(r)
        communes = r.rows["ma_xa"].unique().to_list() if r.rows is not None and not r.error else []
        con.execute(
            "INSERT INTO load_ledger VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [file_id, str(r.path), r.path.name, r.sheet, digest, o.source, communes[0] if len(communes) == 1 else commune,
             r.snapshot, r.snapshot_basis, o.rows_read, o.rows_loaded, o.rows_rejected, o.status, r.error,
             "; ".join(r.warnings) or None, now],
        )
        _insert_rejects(con, file_id, r)
        _insert_quality(con, file_id, r, now)
        if not r.error and r.rows is not None and len(r.rows):
            rows = r.rows.with_columns(_file_id=pl.lit(file_id, pl.Int32), _snapshot=pl.lit(r.snapshot, pl.Date))
            con.register("incoming", _fill_missing_flags(rows, r))
            con.execute(f"INSERT INTO raw_{r.source.name} BY NAME SELECT * FROM incoming")
            con.unregister("incoming")


def _fill_missing_flags(rows: pl.DataFrame, r: SheetResult) -> pl.DataFrame:
    """Yes/no columns absent from the file are all No (an empty cell means No)."""
    absent = [c.name for c in r.source.columns.values() if c.type == "bool" and c.name not in rows.columns]
    return rows.with_columns(pl.lit(False).alias(c) for c in absent)


def _insert_rejects(con: duckdb.DuckDBPyConnection, file_id: int, r: SheetResult) -> None:
    """Rejected cells, plus one line for the whole sheet when it was rejected."""
    frame = r.rejects
    if r.error:
        whole = pl.DataFrame({"row": [None], "column": [None], "value": [None], "reason": [r.error]}, schema=frame.schema)
        frame = pl.concat([frame, whole])
    if not len(frame):
        return
    con.register("incoming_rejects", frame.select(
        pl.lit(file_id).alias("file_id"), pl.lit(str(r.path)).alias("path"), pl.lit(r.sheet, pl.String).alias("sheet"),
        "row", "column", "value", "reason",
    ))
    con.execute("INSERT INTO rejects SELECT * FROM incoming_rejects")
    con.unregister("incoming_rejects")


def _insert_quality(con: duckdb.DuckDBPyConnection, file_id: int, r: SheetResult, now: datetime) -> None:
    """One line per expectation run on the sheet."""
    rows = [
        (file_id, str(r.path), r.sheet, r.source.name, c.expectation, c.column, c.severity, c.message, c.success,
         c.unexpected_count, c.element_count, c.samples, c.raised, c.exception, now)
        for c in r.quality
    ]
    if rows:
        con.executemany("INSERT INTO quality_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
