"""Load export files into the warehouse: read, check, account for every row, publish atomically.

A load works inside a copy of the warehouse (warehouse.publish.publishing): every sheet is typed straight into
its raw table, the quality gate keeps or rejects its rows, the ledger, rejects and quality results record
what happened, and the copy is published whole, or not at all. Nothing of a file is held in memory, so a
file of any size loads in bounded memory.
"""

from __future__ import annotations

import hashlib
import itertools
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path

import duckdb
from tqdm import tqdm

from pipelines import cell_types, gate
from pipelines.extract import Sheet, land_file, land_files
from pipelines.files import SUFFIXES
from pipelines.quality import store_results
from warehouse.communes import default_commune
from warehouse.plan import Plan
from warehouse.publish import count_file_rows, create_schema, publishing


@dataclass
class FileOutcome:
    """One ledger line: a sheet of a file and what became of it."""

    path: Path
    sheet: str | None
    source: str | None
    status: str  # loaded, rejected, skipped (already loaded)
    file_id: int | None = None  # its ledger line's (None when nothing was recorded: skipped, not a file)
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


class _Unchanged(Exception):
    """Nothing new to publish: the copy being built is dropped; `outcomes` says why for each file."""

    def __init__(self, outcomes: list[FileOutcome]) -> None:
        super().__init__()
        self.outcomes = outcomes


@dataclass
class _File:
    """A file being loaded: its identity and the sheets it gave."""

    path: Path
    size: int
    mtime_ns: int
    digest: Future
    sheets: list[Sheet]


def expand(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Files named, and export files inside folders named, once each, in code-point order of their paths; and the
    folders' other files (.pdf, .docx: passed over, each said). Hidden files and folders and Excel's lock files (~$)
    are not exports."""
    found = []
    for p in paths:
        if p.is_dir():
            found += [f for f in p.rglob("*") if f.is_file() and not _hidden(f.relative_to(p))]
        else:
            found.append(p)
    found = sorted({f.resolve() if f.exists() else f: f for f in found}.values(), key=lambda f: str(f))
    other = [f for f in found if f.suffix.lower() not in SUFFIXES and f not in paths]
    return [f for f in found if f not in other], other


def _hidden(path: Path) -> bool:
    """A file inside a folder that no one exports: hidden (.DS_Store, or under .git), or Excel's lock file of an open book."""
    return path.name.startswith("~$") or any(part.startswith(".") for part in path.parts)


def sha256(path: Path) -> str:
    """The file's SHA-256, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 23), b""):
            h.update(chunk)
    return h.hexdigest()


def load(paths: list[Path], warehouse: Path, source: str | None = None, commune: str | None = None,
         today: date | None = None, progress: bool = False, on_step: Callable[[int, int], None] | None = None,
         month: date | None = None, refused: dict[str, str] | None = None, plan: Plan | None = None,
         by: str | None = None) -> LoadReport:
    """Load files into the warehouse. Nothing is published unless the whole load succeeds.

    `progress`: draw progress bars on the terminal; `on_step(done, total)`: told after each file is read and
    after each is checked (two steps a file); `month`: the month of files dated by a month that state none;
    `refused`: sources whose sheets are rejected whole, with why (who uploads may not give them); `plan`: the plan
    whose target ids registers are checked against (by default the one in force); `by`: who loads (the account that
    uploaded the files, or terminal:USER), kept on each ledger line."""
    files, other = expand(paths)
    missing = [str(p) for p in files if not p.exists()]
    if missing:
        raise FileNotFoundError(f"Không tìm thấy tệp: {', '.join(missing)}")
    commune, today = commune or default_commune(), today or date.today()
    clock = Stopwatch()
    outcomes = [_refused(p) for p in files if not p.is_file()]  # a pipe or a device would be read for ever
    files = [p for p in files if p.is_file()]
    unseen = _unseen(warehouse, files)
    outcomes += [_skipped(p) for p in files if p not in unseen] + [_passed_over(p) for p in other]
    if unseen:
        try:
            with publishing(warehouse) as con, tempfile.TemporaryDirectory(prefix="cchc-") as scratch:
                outcomes += _load_into(con, unseen, Path(scratch), source, commune, today, progress, clock,
                                           on_step or (lambda done, total: None), month, refused or {}, plan, by)
        except _Unchanged as unchanged:
            outcomes += unchanged.outcomes
    clock.lap("publish")
    return LoadReport(sorted(outcomes, key=lambda o: str(o.path)), clock.laps)


def _unseen(warehouse: Path, files: list[Path]) -> list[Path]:
    """The files the published warehouse has not loaded as they are now (same path, size and modification time)."""
    if not warehouse.exists():
        return files
    with duckdb.connect(str(warehouse), read_only=True) as con:
        try:
            known = set(con.sql("SELECT path, size, mtime_ns FROM load_ledger WHERE status = 'loaded'").fetchall())
        except duckdb.Error:  # a warehouse of an older version: no sizes recorded yet
            return files
    return [p for p in files if (str(p), p.stat().st_size, p.stat().st_mtime_ns) not in known]


def _load_into(con: duckdb.DuckDBPyConnection, paths: list[Path], scratch: Path, source: str | None, commune: str,
               today: date, progress: bool, clock: Stopwatch, on_step: Callable[[int, int], None],
               month: date | None, refused: dict[str, str], plan: Plan | None, by: str | None) -> list[FileOutcome]:
    """Read, check and record every file inside the warehouse being built; raises _Unchanged when nothing is new."""
    cell_types.install_macros(con)
    known = {r[0] for r in con.sql("SELECT DISTINCT sha256 FROM load_ledger WHERE status = 'loaded'").fetchall()}
    ids = itertools.count(con.sql("SELECT coalesce(max(file_id), 0) + 1 FROM load_ledger").fetchall()[0][0])
    files, dropped, outcomes = [], set(), []
    # a file is hashed once it is read, beside what comes next (reading the next file, the gate): both release the GIL
    with ThreadPoolExecutor(max_workers=1) as hasher:
        stats = {path: path.stat() for path in paths}  # as the files were before they were read
        landed = land_files(con, paths, ids, scratch, source, commune, month)
        for path, sheets in tqdm(landed, total=len(paths), desc="Đọc tệp", unit="tệp", disable=not progress):
            stat = stats[path]
            files.append(_File(path, stat.st_size, stat.st_mtime_ns, hasher.submit(sha256, path), sheets))
            on_step(len(files), 2 * len(paths))
        _refuse(con, [sheet for f in files for sheet in f.sheets], refused)
        clock.lap("read")
        with closing(gate.check_all(con, [sheet for f in files for sheet in f.sheets], today, plan)) as checked:
            for done, f in enumerate(tqdm(files, desc="Kiểm tra chất lượng", unit="tệp", disable=not progress), start=len(files) + 1):
                for _ in f.sheets:
                    next(checked)
                if f.digest.result() in known:  # the same content under another name, or twice in this load
                    _drop(con, f.sheets)
                    dropped.add(f.path)
                    outcomes.append(_skipped(f.path))
                known.add(f.digest.result())
                on_step(done, 2 * len(paths))
    clock.lap("gate")
    recorded = [f for f in files if f.path not in dropped]
    if not recorded:
        raise _Unchanged(outcomes)
    sheets = [(f, sheet) for f in recorded for sheet in f.sheets]
    _record(con, sheets, commune, by, datetime.now())
    return outcomes + [_outcome(sheet) for _, sheet in sheets]


def _refuse(con: duckdb.DuckDBPyConnection, sheets: list[Sheet], refused: dict[str, str]) -> None:
    """Reject whole the sheets of the refused sources, with why; their rows go."""
    for sheet in sheets:
        if sheet.source and sheet.source.name in refused and not sheet.error:
            sheet.error = refused[sheet.source.name]
            con.execute(f"DELETE FROM {sheet.table} WHERE _file_id = $f", {"f": sheet.file_id})


def _drop(con: duckdb.DuckDBPyConnection, sheets: list[Sheet]) -> None:
    """Take out the rows a file's sheets had landed, and the rejects the gate noted."""
    for sheet in sheets:
        con.execute("DELETE FROM rejects WHERE file_id = ?", [sheet.file_id])
        if sheet.source:
            con.execute(f"DELETE FROM {sheet.table} WHERE _file_id = ?", [sheet.file_id])


class Stopwatch:
    """Seconds spent in each stage of a load, for the benchmark."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        """Record the time since the previous lap under this name."""
        now = time.perf_counter()
        self.laps[name], self._last = now - self._last, now


def _outcome(sheet: Sheet) -> FileOutcome:
    """The ledger line of a sheet."""
    return FileOutcome(
        path=sheet.path, sheet=sheet.sheet, source=sheet.source.name if sheet.source else None,
        status="rejected" if sheet.error else "loaded", file_id=sheet.file_id,
        rows_read=sheet.rows_read, rows_loaded=sheet.rows_loaded, rows_rejected=sheet.rows_rejected,
        snapshot=sheet.snapshot, message=sheet.error, warnings=sheet.warnings,
        checks_failed=sum(c.success is False for c in sheet.quality), checks_run=sum(c.success is not None for c in sheet.quality),
    )


def _refused(path: Path) -> FileOutcome:
    """The outcome of a path that is not a regular file (a named pipe, a device)."""
    return FileOutcome(path, None, None, "rejected",
                       message="Không phải tệp thường (ống dẫn, thiết bị): hãy lưu dữ liệu thành tệp rồi nạp tệp đó.")


def _skipped(path: Path) -> FileOutcome:
    """The outcome of a file the warehouse already holds."""
    return FileOutcome(path, None, None, "skipped", message="Đã nạp trước đó: không thay đổi gì.")


def _passed_over(path: Path) -> FileOutcome:
    """The outcome of a folder's file of a kind that is not read (not an export: nothing recorded)."""
    kind = f"tệp '{path.suffix}'" if path.suffix else "tệp không có đuôi"
    return FileOutcome(path, None, None, "skipped", message=f"Không phải tệp xuất dữ liệu ({kind}): bỏ qua. "
                                                            f"Nếu là dữ liệu, hãy xuất ra .xlsx hoặc .csv.")


def _record(con: duckdb.DuckDBPyConnection, sheets: list[tuple[_File, Sheet]], commune: str, by: str | None, now: datetime) -> None:
    """The sheets' ledger lines, their quality results, a reject line for each rejected sheet, their rows per commune."""
    landed = [sheet for _, sheet in sheets if sheet.source and not sheet.error]
    communes = _communes(con, landed)
    for sheet in landed:
        if not sheet.source.order:  # the file's date orders versions (dossiers have their own update dates)
            con.execute(f"UPDATE {sheet.table} SET _snapshot = ? WHERE _file_id = ?", [sheet.snapshot, sheet.file_id])
    for source in {sheet.source.name for sheet in landed}:
        count_file_rows(con, source, [sheet.file_id for sheet in landed if sheet.source.name == source])
    lines = [(*_ledger_line(f, sheet, communes.get(sheet.file_id, []), commune, now), by) for f, sheet in sheets]
    con.execute(f"INSERT INTO load_ledger ({', '.join(LEDGER)}) SELECT * FROM (SELECT {', '.join(f'unnest(${c})' for c in LEDGER)})",
                {c: [line[i] for line in lines] for i, c in enumerate(LEDGER)})
    for f, sheet in sheets:
        if sheet.error:
            con.execute("INSERT INTO rejects VALUES (?, ?, ?, NULL, NULL, NULL, ?)", [sheet.file_id, str(f.path), sheet.sheet, sheet.error])
    store_results(con, [(sheet.file_id, str(f.path), sheet.sheet, sheet.source.name, c.expectation, c.column, c.severity, c.message,
                         c.success, c.unexpected_count, c.element_count, c.samples, c.raised, c.exception, now, "gate")
                        for f, sheet in sheets for c in sheet.quality])


LEDGER = ("file_id", "path", "file_name", "sheet", "sha256", "source", "ma_xa_tep", "snapshot_date", "snapshot_basis", "rows_read",
          "rows_loaded", "rows_rejected", "status", "message", "warnings", "loaded_at", "size", "mtime_ns", "nap_boi")


def _ledger_line(f: _File, sheet: Sheet, communes: list[str], commune: str, now: datetime) -> tuple:
    """A sheet's ledger line, in the order of LEDGER (but who loaded it): its commune is the one its rows name, else
    the load's."""
    o = _outcome(sheet)
    return (sheet.file_id, str(f.path), f.path.name, sheet.sheet, f.digest.result(), o.source,
            communes[0] if len(communes) == 1 else commune, sheet.snapshot, sheet.snapshot_basis, o.rows_read, o.rows_loaded,
            o.rows_rejected, o.status, sheet.error, "; ".join(sheet.warnings) or None, now, f.size, f.mtime_ns)


def _communes(con: duckdb.DuckDBPyConnection, sheets: list[Sheet]) -> dict[int, list[str]]:
    """The communes each landed sheet's rows name, by file id."""
    out = {}
    for table in {sheet.table for sheet in sheets}:
        out |= dict(con.execute(f"SELECT _file_id, list(DISTINCT ma_xa_tep) FROM {table} WHERE list_contains($f, _file_id) GROUP BY ALL",
                                {"f": [sheet.file_id for sheet in sheets if sheet.table == table]}).fetchall())
    return out


def read_file(path: Path, source: str | None = None, today: date | None = None, commune: str | None = None,
              month: date | None = None) -> list[Sheet]:
    """Read and check one file as a load would, into an empty warehouse in memory; each sheet with its rows.

    For looking at a file (and for tests): `sheet.rows` holds the accepted rows (the file's own columns,
    `ma_xa_tep` and `_row`), `sheet.rejects` the rejected cells.
    """
    today = today or date.today()
    con, ids = _empty_warehouse()
    with _READING, tempfile.TemporaryDirectory(prefix="cchc-") as scratch:
        sheets = land_file(con, path, ids, Path(scratch), source, commune or default_commune(), month)
        for sheet in sheets:
            gate.check(con, sheet, today)
            sheet.rejects = con.sql('SELECT "row", "column", value, reason FROM rejects WHERE file_id = ? AND "row" IS NOT NULL '
                                    'ORDER BY "row"', params=[sheet.file_id]).pl()
            if sheet.source and not sheet.error:
                columns = ", ".join(cell_types.quoted(c) for c in sheet.source.columns if c in sheet.present or c == "ma_xa_tep")
                sheet.rows = con.sql(f"SELECT _row, {columns} FROM {sheet.table} WHERE _file_id = ? ORDER BY _row",
                                     params=[sheet.file_id]).pl()
        for sheet in sheets:  # empty again for the next file
            con.execute("DELETE FROM rejects WHERE file_id = ?", [sheet.file_id])
            if sheet.source:
                con.execute(f"DELETE FROM {sheet.table} WHERE _file_id = ?", [sheet.file_id])
    return sheets


_READING = threading.Lock()


@cache
def _empty_warehouse() -> tuple[duckdb.DuckDBPyConnection, itertools.count]:
    """An empty warehouse in memory for read_file, made once per process (its schema takes a while to make)."""
    con = duckdb.connect()
    create_schema(con)
    cell_types.install_macros(con)
    return con, itertools.count(1)
