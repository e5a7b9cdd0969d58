"""A grid: one sheet, or a whole text file, as text cells: its first rows as lists (to find the header and the title
rows), its body as a DuckDB relation of text cells c0 … c{width-1}, in file order, so that a file of any size is read as
a stream. Made by files.open_grids (text files) and workbooks.excel_grids (workbooks)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from pipelines.cell_types import quoted

HEAD_ROWS = 20
CHUNK_BYTES = 1 << 23
MAX_LINE = 1 << 23  # the longest line DuckDB's reader takes (its buffers are a few times this, whatever the file's size)
_names = itertools.count()


@dataclass
class Scan:
    """What one pass over a text file's bytes tells: its lines, the empty ones, and whether its cells are clean."""

    lines: int
    blanks: list[int]
    clean: bool  # no decomposed letters, no-break spaces, U+FFFD (broken text) or (outside tab-separated files) tabs


class FileError(Exception):
    """A file that cannot be read at all; the message is for the clerk (Vietnamese)."""


@dataclass
class Grid:
    """One sheet, or a whole text file: its first rows as lists, its body as a DuckDB relation of text cells."""

    sheet: str | None
    first_row: int  # the row number a clerk sees for the grid's first row
    rows: list[list[str | None]]  # the first rows (HEAD_ROWS), as text
    cells: pl.DataFrame | None = None  # workbooks: every row, as text
    book: object | None = None  # workbooks: the reader, to read numeric cells when asked
    merges: list[tuple[int, int, int]] = field(default_factory=list)  # (first row, column, last row) merged down
    broken: list[tuple[int, int, str]] = field(default_factory=list)  # (row, column, why): Excel error cells, formulas without values
    path: Path | None = None  # text files: a UTF-8 file DuckDB reads
    separator: str = ","
    serial: bool = False  # text files: read in one pass (cells that span lines defeat DuckDB's parallel reader)
    rejects: str | None = None  # text files: the table noting the lines the last relation left out
    json_keys: list[str] = field(default_factory=list)  # JSON Lines: the fields, in the header's order

    def head(self) -> list[list[str | None]]:
        """The first rows as lists of cells."""
        return self.rows

    def merged_in(self, start: int) -> int:
        """How many merged cells span several rows from grid row `start` on."""
        return sum(r0 >= start for r0, _, _ in self.merges)

    def relation(self, con: duckdb.DuckDBPyConnection, start: int, width: int, numbers: set[int],
                 native: dict[int, str] | None = None, timestamps: str | None = None) -> tuple[str, dict]:
        """The rows from grid row `start` on as a relation: c0 … c{width-1} (text), and n{i} for `numbers`.

        Returns SQL to select from and its bound parameters. `numbers`: the columns whose numeric
        Excel cells are wanted too (amounts in a larger unit, where text `1.234` and number 1.234 differ).
        `native` (text files): columns DuckDB's reader types itself (index → SQL type), dates in the format
        `timestamps`; a line it cannot type so is left out and noted in the table `{name}_rejects` (see
        `read_rejects`), for the caller to read again as text.
        """
        name = f"grid_{next(_names)}"
        if self.cells is not None:
            frame = _fill_merged(self.cells, self.merges, start).select(
                [pl.col(c).alias(f"c{i}") for i, c in enumerate(self.cells.columns[:width])]
                + [pl.lit(None, pl.String).alias(f"c{i}") for i in range(self.cells.width, width)])
            extra = [f for f in (self._numbers(start, numbers), self._broken(start, width)) if f is not None]
            con.register(name, pl.concat([frame, *extra], how="horizontal"))
            return name, {}
        if self.json_keys:
            columns = {k: "VARCHAR" for k in self.json_keys}
            picked = ", ".join(f"{quoted(k)} AS c{i}" for i, k in enumerate(self.json_keys[:width]))
            return (f"(SELECT {picked} FROM read_json(${name}, format = 'newline_delimited', columns = ${name}_columns))",
                    {name: str(self.path), f"{name}_columns": columns})
        native = native or {}
        columns = {f"c{i}": native.get(i, "VARCHAR") for i in range(width)}
        typed = (f"timestampformat = ${name}_dates, ignore_errors = true, store_rejects = true, "
                 f"rejects_table = '{name}_rejects', rejects_scan = '{name}_scans', " if native else "")
        self.rejects = f"{name}_rejects" if native else None
        return (f"read_csv(${name}, header = false, auto_detect = false, delim = ${name}_sep, {typed}"
                f"quote = '\"', escape = '\"', skip = {int(start)}, null_padding = true, strict_mode = false, "
                f"parallel = {not self.serial}, max_line_size = {MAX_LINE}, buffer_size = {4 * MAX_LINE}, columns = ${name}_columns)",
                {name: str(self.path), f"{name}_sep": self.separator, f"{name}_columns": columns}
                | ({f"{name}_dates": timestamps or "%Y-%m-%d %H:%M:%S"} if native else {}))

    def read_rejects(self, con: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
        """The lines (number, text) DuckDB's reader left out of the last relation for not fitting the native types."""
        if not self.rejects:
            return []
        lines = con.execute(f"SELECT line, any_value(csv_line) FROM {self.rejects} GROUP BY line ORDER BY line").fetchall()
        con.execute(f"DROP TABLE {self.rejects}")
        con.execute(f"DROP TABLE {self.rejects.removesuffix('_rejects')}_scans")
        self.rejects = None
        return [(n, text.lstrip("\r\n")) for n, text in lines]

    def scan(self) -> Scan:
        """Read a text file once, as bytes: its lines, its empty ones (which DuckDB's reader passes over), and
        whether any cell may need more than its spaces trimmed or holds broken text (U+FFFD). A workbook gives an empty scan.

        Kept cheap (byte searches at memchr speed, one numpy pass for the line ends): it runs beside DuckDB's
        reader, on the same cores."""
        if self.path is None:
            return Scan(0, [], clean=False)
        blanks, lines, last, offset, tail, clean = [], 0, -2, 0, b"\n", True
        unusual = [b"\xcc", b"\xcd"] + ([b"\t"] if self.separator != "\t" else [])  # lead bytes of combining marks; tabs
        with open(self.path, "rb") as f:
            while chunk := f.read(CHUNK_BYTES):
                clean = clean and not any(u in chunk for u in unusual) and not _rare_characters(chunk, tail + chunk[:2])
                data = np.frombuffer(chunk, np.uint8)
                ends = np.flatnonzero(data == 10)
                if len(ends):
                    gaps = np.diff(ends, prepend=last - offset)
                    before = data[np.maximum(ends - 1, 0)]
                    if ends[0] == 0:  # a line end first in the chunk: the byte before it ended the chunk before
                        before[0] = tail[-1]
                    after_cr = (gaps == 2) & (before == 13)
                    blanks += (lines + np.flatnonzero((gaps == 1) | after_cr) + 1).tolist()
                    lines, last = lines + len(ends), offset + int(ends[-1])
                offset, tail = offset + len(chunk), chunk[-2:]
        return Scan(lines + (tail[-1:] != b"\n"), blanks, clean)

    def broken_columns(self, start: int, width: int) -> set[int]:
        """The columns with a broken cell (an Excel error, a formula saved without its value) from row `start` on."""
        return {c for r, c, _ in self.broken if r >= start and c < width}

    def _broken(self, start: int, width: int) -> pl.DataFrame | None:
        """Why each broken cell cannot be read, as b{i} beside c{i}; None when no cell is broken."""
        columns = self.broken_columns(start, width)
        if not columns:
            return None
        height = self.cells.height - start
        out = {f"b{c}": [None] * height for c in sorted(columns)}
        for r, c, why in self.broken:
            if r >= start and c in columns and r - start < height:
                out[f"b{c}"][r - start] = why
        return pl.DataFrame(out, schema={k: pl.String for k in out})

    def _numbers(self, start: int, wanted: set[int]) -> pl.DataFrame | None:
        """Numeric cells (floats) of the wanted columns from row `start` on, as n{i}; None when none are wanted."""
        if not wanted or self.book is None:
            return None
        # calamine's float view also parses text cells ("4.500" → 4.5); its boolean view is set only for
        # numeric (and boolean) cells, so it tells which cells Excel holds as numbers
        kinds = self.book.load_sheet(self.sheet, header_row=None, skip_rows=0, dtypes="boolean", dtype_coercion="coerce").to_polars()
        numbers = self.cells.select(
            pl.when(kinds[:, i].is_not_null()).then(pl.col(c).cast(pl.Float64, strict=False)).alias(f"n{i}")
            for i, c in enumerate(self.cells.columns) if i in wanted
        )
        filled = _fill_merged(numbers, self.merges, start)
        missing = [pl.lit(None, pl.Float64).alias(f"n{i}") for i in sorted(wanted) if f"n{i}" not in filled.columns]
        return filled.with_columns(missing) if missing else filled


def _rare_characters(chunk: bytes, seam: bytes) -> bool:
    """Whether a chunk of UTF-8, or the seam where it meets the chunk before, holds a no-break space or U+FFFD: their
    first bytes are looked for at memchr speed (rare in Vietnamese), the characters only when one is there."""
    return any(char in seam or lead in chunk and char in chunk for lead, char in ((b"\xc2", b"\xc2\xa0"), (b"\xef", b"\xef\xbf\xbd")))


def _fill_merged(cells: pl.DataFrame, merges: list[tuple[int, int, int]], start: int) -> pl.DataFrame:
    """Rows from `start` on, each cell under a merged cell holding the merged value, as the clerk sees it."""
    frame = cells.slice(start)
    spans = [(r0 - start, c, r1 - start) for r0, c, r1 in merges if r0 >= start and c < frame.width]
    if not spans:
        return frame
    covered = pl.DataFrame(spans, schema=["r0", "c", "r1"], orient="row").select(
        "c", "r0", row=pl.int_ranges(pl.col("r0") + 1, pl.col("r1") + 1)
    ).explode("row").filter(pl.col("row") < frame.height)
    filled = []
    for (c,), part in covered.group_by("c"):
        index = pl.int_range(0, frame.height, eager=True).scatter(part["row"], part["r0"])
        filled.append(frame[:, c].gather(index))
    return frame.with_columns(filled)
