"""Read one export file into the raw table of its source, sheet by sheet, with every other row accounted for.

Each sheet's body is typed in DuckDB straight into `raw_<source>` of the warehouse being built, in file
order, and given the row numbers a clerk sees; the rows that are not data (blank rows, totals, group
headings, the signature footer) are then taken out again. What could not be typed stays on the row
(`_read`) for the quality gate, which decides what is rejected.
"""

from __future__ import annotations

import itertools
import json
import re
import tempfile
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from pipelines import cell_types
from pipelines.files import open_grids, reencode_for_duckdb
from pipelines.grid import FileError, Grid, Scan
from pipelines.header import Layout, Titles, find_layout
from pipelines.sources import sheet_checks, sheet_values
from pipelines.threads import WORKERS, cursor_pool, result
from warehouse.communes import commune_map
from warehouse.db import fetch_rows
from warehouse.sources import Source

SIGNATURE = (
    r"^(nguoi lap|nguoi ky|lap bieu|ke toan|thu truong|chu tich|pho chu tich|giam doc|truong phong|xac nhan|tm |t m |ky ten|ky ghi ro"
    r"|ky va ghi|\(ky|noi nhan|ngay \d+ thang \d+ nam)"
    r"|^[a-z ]{1,60} ngay \d{1,2} thang \d{1,2} nam \d{4}$"  # place and date: "Khúc Thừa Dụ, ngày 10 tháng 01 năm 2026"
)
TOTALS = r"^(tong cong|tong so|cong)\b"


@dataclass
class Sheet:
    """One sheet of one file: where its rows went, how many, and what became of it."""

    path: Path
    sheet: str | None  # its name in a workbook
    file_id: int
    source: Source | None = None
    titles: Titles = field(default_factory=Titles)
    rows_read: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    snapshot: date | None = None
    snapshot_basis: str | None = None
    month: date | None = None  # the month the load was given (--month), for sources dated by a month
    present: set[str] = field(default_factory=set)  # the catalogue columns the sheet itself has
    quality: list = field(default_factory=list)  # pipelines.quality.Check, one per expectation, set by the gate
    bad_rows: int = 0  # rows the gate rejected, set by it
    rows: pl.DataFrame | None = None  # set by load.read_file, for looking at a file
    rejects: pl.DataFrame | None = None

    @property
    def table(self) -> str:
        """The raw table its rows are in."""
        return f"raw_{self.source.name}"

    @property
    def scale(self) -> int:
        """The amount unit its title rows state, in đồng."""
        return self.titles.scale

    @property
    def rows_rejected(self) -> int:
        """Rows that will not be loaded (all of them when the sheet is rejected)."""
        return self.rows_read if self.error else self.bad_rows

    @property
    def rows_loaded(self) -> int:
        """Rows that go into the warehouse."""
        return self.rows_read - self.rows_rejected


def land_file(con: duckdb.DuckDBPyConnection, path: Path, file_ids: itertools.count, scratch: Path,
              source: str | None = None, commune: str = "", month: date | None = None) -> list[Sheet]:
    """Read every sheet of a file into the raw tables; a file that cannot be opened gives one failed sheet.
    `month`: the month the load was given, for sheets dated by a month that do not state theirs."""
    return [s if isinstance(s, Sheet) else land_grid(con, path, *s, source, commune, scratch, month)
            for s in _opened(path, file_ids, scratch)]


def land_files(con: duckdb.DuckDBPyConnection, paths: list[Path], file_ids: itertools.count, scratch: Path,
               source: str | None = None, commune: str = "", month: date | None = None) -> Iterator[tuple[Path, list[Sheet]]]:
    """land_file for many files, yielding each file's sheets in the files' order: files are opened in turn, their
    sheets read by a few threads at once."""
    waiting: deque[tuple[Path, list]] = deque()
    with cursor_pool(con) as submit:
        for path in paths:
            waiting.append((path, [s if isinstance(s, Sheet) else submit(land_grid, path, *s, source, commune, scratch, month)
                                   for s in _opened(path, file_ids, scratch)]))
            while len(waiting) > WORKERS:
                yield _landed(*waiting.popleft())
        while waiting:
            yield _landed(*waiting.popleft())


def _landed(path: Path, sheets: list[Sheet | Future]) -> tuple[Path, list[Sheet]]:
    """A file and its sheets, once read."""
    return path, [s if isinstance(s, Sheet) else result(s) for s in sheets]


def _opened(path: Path, file_ids: itertools.count, scratch: Path) -> list[Sheet | tuple[Grid, int]]:
    """A file's sheets to read, each grid with its file id (given in the file's order); or one failed sheet saying
    why there is none."""
    try:
        grids = [g for g in open_grids(path, scratch) if _has_cells(g)]
    except FileError as exc:
        return [Sheet(path=path, sheet=None, file_id=next(file_ids), error=str(exc))]
    return ([(grid, next(file_ids)) for grid in grids]
            or [Sheet(path=path, sheet=None, file_id=next(file_ids), error="Tệp không có dữ liệu (chỉ có trang trống).")])


def _has_cells(grid: Grid) -> bool:
    """True when a sheet's first rows hold anything."""
    return any(any(c not in (None, "") for c in row) for row in grid.head())


def land_grid(con: duckdb.DuckDBPyConnection, path: Path, grid: Grid, file_id: int, source: str | None,
              commune: str, scratch: Path, month: date | None = None) -> Sheet:
    """Read one sheet into its source's raw table: typed rows, numbered, the non-data rows taken out again."""
    sheet = Sheet(path=path, sheet=grid.sheet, file_id=file_id, month=month)
    try:
        layout = find_layout(grid.head(), source, grid.sheet)
        sheet.source, sheet.titles, sheet.present = layout.source, layout.titles, set(layout.columns.values())
        if merged := grid.merged_in(layout.data_start):
            sheet.warnings.append(f"{merged} ô gộp nhiều dòng trong vùng dữ liệu: mỗi dòng của ô gộp nhận giá trị của ô đó.")
        left_out, scan, grid = _insert(con, grid, layout, file_id, commune, scratch)
        _number_rows(con, sheet.table, grid, scan, file_id, layout.data_start, [n for n, _ in left_out])
        if left_out:
            _insert_lines(con, grid, layout, file_id, commune, scratch, left_out)
        sheet.rows_read = _keep_data_rows(con, sheet, layout)
        if sheet.rows_read == 0:
            raise FileError("Chỉ có dòng tiêu đề, không có dòng dữ liệu nào.")
    except FileError as exc:
        sheet.error = str(exc)
        if sheet.source:
            con.execute(f"DELETE FROM {sheet.table} WHERE _file_id = ?", [file_id])
    return sheet


def _insert(con: duckdb.DuckDBPyConnection, grid: Grid, layout: Layout, file_id: int, commune: str, scratch: Path,
            native: bool = True) -> tuple[list[tuple[int, str]], Scan, Grid]:
    """Type the sheet's body into its raw table, in file order; a text file DuckDB finds broken is re-read repaired.

    In a text file DuckDB's reader types the columns it can itself (fast), and cells are taken to need only
    their spaces trimmed while a scan of the file's bytes runs beside, which says whether that was so (when
    not, the sheet is read again with every cell cleaned). Returns the lines the reader left out for not
    fitting its types, (line number, text) to be read again in full, the scan, and the grid as it was read in the end
    (repaired, or read in one pass).
    """
    native = native and grid.path is not None and not grid.json_keys
    with ThreadPoolExecutor(max_workers=1) as pool:
        scanning = pool.submit(grid.scan)
        left_out, read = _insert_once(con, grid, layout, file_id, commune, scratch, native, clean=grid.path is not None)
        scan = scanning.result()
    if grid.path is not None and not scan.clean:
        con.execute(f"DELETE FROM raw_{layout.source.name} WHERE _file_id = ?", [file_id])
        left_out, read = _insert_once(con, read, layout, file_id, commune, scratch, native, clean=False)
    return left_out, scan, read


def _insert_once(con: duckdb.DuckDBPyConnection, grid: Grid, layout: Layout, file_id: int, commune: str, scratch: Path,
                 native: bool, clean: bool) -> tuple[list[tuple[int, str]], Grid]:
    """One attempt at _insert, retried when DuckDB finds the text broken or needs one pass for cells spanning lines.
    Returns the lines left out and the grid as it was read in the end (repaired, or read in one pass)."""
    for attempt in range(3):
        try:
            con.execute(*_insert_sql(con, grid, layout, file_id, commune, native, clean))
            return grid.read_rejects(con), grid
        except duckdb.Error as exc:
            text = str(exc)
            if grid.path is None or not any(w in text for w in ("CSV Error", "Malformed JSON", "JSON", "unicode")):
                raise  # not the file's fault
            if "unicode" in text.lower() and attempt == 0:
                # DuckDB refuses broken UTF-8: those cells become �
                grid = replace(grid, path=reencode_for_duckdb(grid.path, scratch))
                clean = False  # which the scan, of the file as it came, does not see
            elif "quoted new lines" in text and not grid.serial:
                grid = replace(grid, serial=True)  # cells spanning lines: read in one pass, not in parallel parts
            else:
                raise FileError(_json_problem(grid.path) if grid.json_keys else _csv_problem(exc)) from exc
    return [], grid


def _insert_lines(con: duckdb.DuckDBPyConnection, grid: Grid, layout: Layout, file_id: int, commune: str, scratch: Path,
                  lines: list[tuple[int, str]]) -> None:
    """Read lines the fast reading left out, in full, and number them as the lines they are."""
    copy = Path(tempfile.mkstemp(suffix=".csv", dir=scratch)[1])
    copy.write_text("\n".join(text for _, text in lines) + "\n", encoding="utf-8")
    again = Grid(sheet=grid.sheet, first_row=1, rows=grid.head()[layout.data_start:], path=copy, separator=grid.separator)
    _insert_once(con, again, Layout(layout.source, 0, layout.columns, layout.titles, layout.width), file_id, commune, scratch,
                 native=False, clean=False)
    table = f"raw_{layout.source.name}"
    con.execute(f"UPDATE {table} SET _row = $lines[rowid - (SELECT min(rowid) FROM {table} WHERE _file_id = $f AND _row IS NULL) + 1] "
                f"WHERE _file_id = $f AND _row IS NULL", {"f": file_id, "lines": [n for n, _ in lines]})


def _insert_sql(con: duckdb.DuckDBPyConnection, grid: Grid, layout: Layout, file_id: int, commune: str,
                native: bool, clean: bool) -> tuple[str, dict]:
    """INSERT of a sheet's typed rows into its raw table, with ma_xa_tep (the file's code, else the configured
    commune) and ma_xa (the commune that code belongs to now); and its parameters. `native`: let DuckDB's reader type
    what it can; `clean`: cells need only their spaces trimmed."""
    src, names = layout.source, list(layout.columns.values())
    amounts = {i for i, n in layout.columns.items() if src.columns[n].type == "amount"}
    numbers = amounts if layout.titles.scale != 1 else set()
    sample = grid.head()[layout.data_start:]
    types, dates = cell_types.native_types(src, layout.columns, sample) if native else ({}, None)
    relation, params = grid.relation(con, layout.data_start, layout.width, numbers, types, dates)
    select, typed = cell_types.landing_select(src, layout.columns, layout.width, relation, numbers, layout.titles.scale,
                                          sample, types, clean, grid.broken_columns(layout.data_start, layout.width))
    codes, now = zip(*[(code, current) for code, current, _ in commune_map()])
    own = "coalesce(ma_xa_tep, $commune)" if "ma_xa_tep" in names else "$commune"
    columns = ", ".join(cell_types.quoted(n) for n in names if n != "ma_xa_tep")
    sql = (f"INSERT INTO raw_{src.name} ({columns}, ma_xa_tep, ma_xa, _read, _file_id) "
           f"SELECT {columns}, xa, coalesce($xa_now[list_position($xa_codes, xa)], xa), _read, $file_id "
           f"FROM (SELECT *, {own} AS xa FROM ({select}))")
    return sql, params | typed | {"commune": commune, "xa_codes": list(codes), "xa_now": list(now), "file_id": file_id}


def _json_problem(path: Path) -> str:
    """Which line of a JSON Lines file is not a JSON object, said so a clerk can find it."""
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, start=1):
            try:
                if line.strip() and not isinstance(json.loads(line), dict):
                    break
            except json.JSONDecodeError:
                break
    return f"Tệp JSON Lines hỏng ở dòng {number}: không phải một đối tượng JSON hợp lệ; hãy xuất lại tệp."


def _csv_problem(exc: Exception) -> str:
    """What to tell the clerk about a text file DuckDB could not read (its own message quotes the file: not for the ledger)."""
    text = str(exc)
    if "quoted new lines" in text or "quote" in text.lower():
        return ("Không đọc được tệp CSV: có dấu ngoặc kép (\") không đóng hoặc dòng hỏng; "
                "hãy mở bằng Excel, kiểm tra rồi lưu lại dạng CSV UTF-8.")
    return "Không đọc được tệp văn bản (dòng hỏng hoặc sai định dạng); hãy mở bằng Excel, kiểm tra rồi lưu lại dạng CSV UTF-8."


def _number_rows(con: duckdb.DuckDBPyConnection, table: str, grid: Grid, scan: Scan, file_id: int, start: int,
                 left_out: list[int]) -> None:
    """Give a sheet's rows the numbers a clerk sees: they were appended in file order, so rowid tells, once the
    lines DuckDB's reader passed over (empty ones, and `left_out` to be read again) are counted back in (a
    record's line is r plus the missing lines b_j with b_j - j < r). A text file with fewer records than lines
    has cells spanning lines: it is numbered by record, and checked for a quote left open (as is a file of old Mac
    lines, CR only); one with more records than LF lines (a lone CR inside a line) is refused, as its rows' numbers
    cannot be told."""
    first = grid.first_row + start
    lines, blanks = scan.lines, sorted([b for b in scan.blanks if b >= first] + left_out)
    con.execute(f"UPDATE {table} SET _row = rowid - (SELECT min(rowid) FROM {table} WHERE _file_id = $f) + $first "
                f"WHERE _file_id = $f", {"f": file_id, "first": first})
    records = con.execute(f"SELECT count(*) FROM {table} WHERE _file_id = ?", [file_id]).fetchall()[0][0]
    if grid.path is not None and lines > 1 and records > lines - first + 1 - len(blanks):  # a lone CR among LF lines
        con.execute(f"DELETE FROM {table} WHERE _file_id = ?", [file_id])
        raise FileError("Tệp có ký tự xuống dòng lẻ (CR) giữa một dòng nên không đánh số dòng được chính xác; "
                        "hãy mở bằng Excel rồi lưu lại dạng CSV UTF-8.")
    if grid.path is not None and records != lines - first + 1 - len(blanks):
        _check_swallowed_lines(con, table, grid, file_id, start)
    elif blanks:
        con.execute(f"UPDATE {table} SET _row = _row + len(list_filter($shifts, lambda s: s < _row)) WHERE _file_id = $f",
                    {"f": file_id, "shifts": [b - j for j, b in enumerate(blanks, start=1)]})


def _check_swallowed_lines(con: duckdb.DuckDBPyConnection, table: str, grid: Grid, file_id: int, start: int) -> None:
    """Reject a file where a quote left open swallowed whole lines of other rows into one cell.

    A line inside a cell holding as many separators as a row does is taken for a swallowed row; a
    multi-line cell of prose rarely has that many commas on one line.
    """
    width = len(max(grid.head(), key=len))
    relation, params = grid.relation(con, start, width, set())
    whole_line = rf"[\r\n][^\r\n]*(?:{re.escape(grid.separator)}[^\r\n]*){{{max(2, width - 1)}}}"
    cells = " OR ".join(f"regexp_matches(c{i}, $line)" for i in range(width))
    hit = con.sql(f"SELECT min(n) FROM (SELECT row_number() OVER () AS n, * FROM {relation}) WHERE {cells}",
                  params=params | {"line": whole_line}).fetchall()[0][0]
    if hit is not None:
        con.execute(f"DELETE FROM {table} WHERE _file_id = ?", [file_id])
        raise FileError(f"Dòng {hit + grid.first_row + start - 1}: có dấu ngoặc kép (\") không đóng nên các dòng sau bị gộp vào một ô; "
                        "sửa ô đó rồi xuất lại tệp.")


def _keep_data_rows(con: duckdb.DuckDBPyConnection, sheet: Sheet, layout: Layout) -> int:
    """Take out blank rows, totals, group headings and the signature footer; run the source's own sheet checks.

    Returns how many data rows remain. Only rows the reader noted (`_read`) can be other than data, or the footer.
    """
    table, params = sheet.table, {"f": sheet.file_id, "signature": SIGNATURE, "totals": TOTALS}
    extra = "(note(_read).keyless OR (note(_read).sparse AND regexp_matches(note(_read).line, $totals)))"
    other = f"(_row >= $footer OR (_read IS NOT NULL AND coalesce(note(_read).blank OR {extra}, FALSE)))"
    footer = (f"SELECT coalesce(min(_row) FILTER (WHERE _read IS NOT NULL AND (note(_read).sparse OR note(_read).wordy) "
              f"AND regexp_matches(note(_read).line, $signature)), {2**31 - 1}), count(*) FROM {table} WHERE _file_id = $f")
    [(params["footer"], rows)] = fetch_rows(con, footer, params)
    checks = sheet_checks(layout.source.name)
    data = f"_file_id = $f AND NOT {other}"
    for message in checks(con, table, f"_file_id = $f AND _row < $footer AND {extra}", data, params):
        [(sheet.rows_read,)] = fetch_rows(con, f"SELECT count(*) FROM {table} WHERE {data}", params)
        raise FileError(message)
    [(deleted,)] = fetch_rows(con, f"DELETE FROM {table} WHERE _file_id = $f AND {other}", params)
    sheet.rows_read = rows - deleted
    for column, value in sheet_values(layout.source.name)(sheet.sheet).items():
        con.execute(f"UPDATE {table} SET {cell_types.quoted(column)} = $v WHERE _file_id = $f", {"v": value, "f": sheet.file_id})
    return sheet.rows_read
