"""Open export files as grids of text cells: workbooks sheet by sheet, CSV/TSV/TXT and JSON Lines.

A grid offers its first rows (to find the header and the title rows) and its body as a DuckDB relation
of text cells c0 … c{width-1}, in file order, so that a file of any size is read as a stream. Text
files are read by DuckDB where they are UTF-8; other encodings are transcoded to a temporary UTF-8
copy first (a stream too, normalised to NFC). A workbook is first checked against what it may inflate to
(check_workbook: a zip bomb is refused before anything of it is read), and its sheet parts are read in pieces.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import math
import re
import struct
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import fastexcel
import numpy as np
import polars as pl

from warehouse import settings

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
SUFFIXES = EXCEL_SUFFIXES | TEXT_SUFFIXES | {".jsonl"}
HEAD_ROWS = 20
SAMPLE_BYTES = 1 << 20
CHUNK_BYTES = 1 << 23
MAX_COLUMNS = 1000  # a first line with more cells than this is no header
MAX_LINE = 1 << 23  # the longest line DuckDB's reader takes (its buffers are a few times this, whatever the file's size)
TCVN3_SIGNS = "µ¶·¸¹¬«®©ª¨"
CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE container: .xls, or an encrypted .xlsx
ENCRYPTED = "EncryptionInfo".encode("utf-16-le")  # the stream an encrypted OOXML workbook carries
MB = 1 << 20
# What a workbook may inflate to is checked before anything of it is read (a zip bomb: a sheet padded with spaces,
# gigabytes inside megabytes): the settings CCHC_XLSX_PART_MB, CCHC_XLSX_TOTAL_MB, CCHC_XLSX_RATIO (warehouse.settings).
RATIO_FROM = MB  # a part smaller than this is harmless whatever its ratio
BOMB_ADVICE = "tệp có thể bị hỏng hoặc độc hại; hãy xuất lại tệp từ phần mềm gốc"
PIECE_BYTES = 1 << 22  # a sheet part is read in pieces of this size, never whole
MAX_ELEMENT = 1 << 24  # more than any row or tag Excel writes: an unfinished one longer is padding, not carried on
_names = itertools.count()
csv.field_size_limit(1 << 26)  # a long note near the header reads as it does further down (DuckDB's limit is larger)


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
            picked = ", ".join(f"{_quoted(k)} AS c{i}" for i, k in enumerate(self.json_keys[:width]))
            return (f"(SELECT {picked} FROM read_json(${name}, format = 'newline_delimited', columns = ${name}_columns))",
                    {name: str(self.path), f"{name}_columns": columns})
        native = native or {}
        columns = {f"c{i}": native.get(i, "VARCHAR") for i in range(width)}
        typed = (f"timestampformat = ${name}_dates, ignore_errors = true, store_rejects = true, "
                 f"rejects_table = '{name}_rejects', rejects_scan = '{name}_scans', " if native else "")
        self.rejects = f"{name}_rejects" if native else None
        return (f"read_csv(${name}, header = false, auto_detect = false, delim = ${name}_sep, {typed}"
                f"quote = '\"', escape = '\"', skip = {int(start)}, null_padding = true, strict_mode = false, parallel = {not self.serial}, "
                f"max_line_size = {MAX_LINE}, buffer_size = {4 * MAX_LINE}, columns = ${name}_columns)",
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


def _quoted(name: str) -> str:
    """An identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def open_grids(path: Path, scratch: Path) -> list[Grid]:
    """Every sheet of a workbook, or the one grid of a text file; `scratch`: a folder for transcoded copies."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        what = f"Định dạng tệp '{suffix}' không được hỗ trợ" if suffix else "Tệp không có đuôi (.xlsx, .csv…) nên không biết định dạng"
        raise FileError(f"{what}; hãy xuất ra .xlsx hoặc .csv.")
    with open(path, "rb") as f:
        sample = f.read(SAMPLE_BYTES)
    if not sample.strip():
        raise FileError("Tệp rỗng: không có dữ liệu.")
    if suffix in EXCEL_SUFFIXES:
        check_workbook(path)
        return _excel_grids(path.read_bytes())
    text, readable = _readable_text(path, sample, scratch)
    first = text[: text.find("\n")] if "\n" in text else text
    if max(first.count(sep) for sep in ",;\t") > MAX_COLUMNS:
        raise FileError(f"Dòng đầu tiên có hơn {MAX_COLUMNS} ô: đây không phải một bảng có dòng tiêu đề (tệp mất dấu xuống "
                        "dòng?); hãy mở bằng Excel, kiểm tra rồi lưu lại dạng CSV UTF-8.")
    if suffix == ".jsonl":
        return [_jsonl_grid(text, readable)]
    separator = guess_separator(text)
    return [Grid(sheet=None, first_row=1, rows=_first_rows(text, separator), path=readable, separator=separator)]


def check_workbook(path: Path) -> None:
    """Refuse a workbook that would inflate past the limits (CCHC_XLSX_*), before anything of it is
    read: the sizes its zip directory states, then the sizes its parts really inflate to (calamine trusts no
    stated size), counted a piece at a time. A file that is no zip (an .xls, a damaged file) is left to the reader."""
    part, total = settings.whole("CCHC_XLSX_PART_MB") * MB, settings.whole("CCHC_XLSX_TOTAL_MB") * MB
    ratio = settings.whole("CCHC_XLSX_RATIO")
    if path.stat().st_size > total:
        raise FileError(f"Tệp Excel '{path.name}' nặng {_mb(path.stat().st_size)} MB (giới hạn {_mb(total)} MB): "
                        "hãy chia thành nhiều tệp nhỏ hơn.")
    try:
        with zipfile.ZipFile(path) as book:
            entries = book.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    if why := next(filter(None, (_entry_problem(e, part, ratio) for e in entries)), None):
        raise FileError(f"Tệp Excel '{path.name}' {why}")
    if (inside := sum(e.file_size for e in entries)) > total:
        raise FileError(f"Tệp Excel '{path.name}' giải nén ra tổng cộng {_mb(inside)} MB (giới hạn {_mb(total)} MB): "
                        f"{BOMB_ADVICE}, hoặc chia thành nhiều tệp nhỏ hơn.")
    with open(path, "rb") as raw:
        if liar := next((e for e in entries if _inflated(raw, e) > e.file_size), None):
            raise FileError(f"Tệp Excel '{path.name}' có phần '{liar.filename}' giải nén ra nhiều hơn kích thước ghi "
                            f"trong tệp: {BOMB_ADVICE}.")


def _entry_problem(entry: zipfile.ZipInfo, part: int, ratio: int) -> str | None:
    """What is wrong with one part of a workbook's zip (the rest of a Vietnamese message), or None."""
    name, size = entry.filename, entry.file_size
    if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return f"có phần '{name}' nén theo kiểu lạ (mã {entry.compress_type}) mà Excel không dùng: {BOMB_ADVICE}."
    if size > RATIO_FROM and size > ratio * entry.compress_size:
        return (f"có phần '{name}' với tỉ lệ nén bất thường: giải nén ra {_mb(size)} MB, gấp "
                f"{_count(size // max(entry.compress_size, 1))} lần (giới hạn {_count(ratio)} lần; tệp Excel thật chỉ "
                f"khoảng 5–30 lần): {BOMB_ADVICE}.")
    if size > part:
        return (f"có phần '{name}' giải nén ra {_mb(size)} MB (giới hạn {_mb(part)} MB): {BOMB_ADVICE}, "
                "hoặc chia thành nhiều tệp nhỏ hơn.")
    return None


def _inflated(raw: io.BufferedReader, entry: zipfile.ZipInfo) -> int:
    """How many bytes one part of a zip really inflates to, counted a piece at a time, no further than past the
    size its directory states. A damaged stream counts as far as it inflates (as far as any reader gets)."""
    if entry.compress_type == zipfile.ZIP_STORED:
        return entry.compress_size
    raw.seek(entry.header_offset + 26)  # the local header: its name's and extra field's lengths, then the data
    raw.seek(sum(struct.unpack("<HH", raw.read(4))), 1)
    inflate, left, out = zlib.decompressobj(-zlib.MAX_WBITS), entry.compress_size, 0
    try:
        while left > 0 and out <= entry.file_size and (data := raw.read(min(left, PIECE_BYTES))):
            left -= len(data)
            while data and out <= entry.file_size:
                out += len(inflate.decompress(data, PIECE_BYTES))
                data = inflate.unconsumed_tail
        return out if out > entry.file_size else out + len(inflate.flush())  # all read: only a little is held back
    except (zlib.error, struct.error):
        return out


def _mb(size: int) -> str:
    """Bytes as whole megabytes, rounded up, for people (1.024)."""
    return _count(math.ceil(size / MB))


def _count(n: int) -> str:
    """A whole number for people: `.` for thousands (1.024)."""
    return f"{n:,}".replace(",", ".")


def _excel_grids(data: bytes) -> list[Grid]:
    """Read every sheet of a workbook as strings, with numeric cells available too."""
    if data[:8] == CFB and ENCRYPTED in data:
        raise FileError("Tệp Excel được đặt mật khẩu (mã hóa): hãy gỡ mật khẩu rồi xuất lại.")
    try:
        reader = fastexcel.read_excel(data)
        with ThreadPoolExecutor(max_workers=1) as pool:  # the merge scan runs beside calamine (both release the GIL)
            scan = pool.submit(sheet_markup, data)
            # skip_rows=0 keeps leading empty rows: grid row 0 is sheet row 1
            sheets = {name: reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string").to_polars()
                      for name in reader.sheet_names}
            merges, broken = scan.result()
        return [Grid(sheet=name, first_row=1, rows=[list(r) for r in cells.head(HEAD_ROWS).iter_rows()], cells=cells,
                     book=reader, merges=merges.get(name, []), broken=broken.get(name, [])) for name, cells in sheets.items()]
    except FileError:
        raise
    except Exception as exc:  # calamine raises many kinds for damaged files
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise FileError(f"Không mở được tệp Excel (tệp hỏng hoặc không phải Excel): {first_line}") from exc


def sheet_markup(data: bytes) -> tuple[dict[str, list[tuple[int, int, int]]], dict[str, list[tuple[int, int, str]]]]:
    """What calamine does not tell, for each sheet of an .xlsx/.xlsm, 0-based: cells merged down several rows
    (first row, grid column, last row), and broken cells (row, grid column, why): Excel error values
    (#REF!, #N/A…) and formulas saved without their computed value.

    Calamine drops a sheet's empty leading columns, so columns are counted from the sheet's first
    column holding a value. An .xls, or parts that cannot be read, give none.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            merges, broken = {}, {}
            for name, part in _sheet_parts(book).items():
                refs = _merge_refs(book, part)
                down = [(int(r0) - 1, _column(c0), int(r1) - 1) for c0, r0, _, r1 in refs if int(r1) > int(r0)]
                bad = _broken_cells(book, part)
                if down or bad:
                    first = _first_column(book, part)
                    merges[name] = [(r0, c - first, r1) for r0, c, r1 in down if c >= first]
                    broken[name] = [(r, c - first, why) for r, c, why in bad if c >= first]
            return merges, broken
    except (zipfile.BadZipFile, KeyError, ET.ParseError, ValueError, OSError, EOFError, zlib.error):
        return {}, {}


CELL = re.compile(rb'<(?:\w+:)?c\s([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)', re.S)
REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
MARKS = (b't="e"', b"<f", b":f")  # what a piece with a broken cell holds: an error cell, a formula (x:f when prefixed)


def _broken_cells(book: zipfile.ZipFile, part: str) -> list[tuple[int, int, str]]:
    """Excel error cells and formulas without a computed value in a sheet part: (row, column, why), 0-based.
    Read in pieces of whole rows; only a piece holding an error cell or a formula is searched."""
    out = []
    for text, end in _pieces(book, part, _rows_end):
        if any(text.find(mark, 0, end) >= 0 for mark in MARKS):
            out += _broken_in(text, end)
    return out


def _broken_in(text: bytes, end: int) -> list[tuple[int, int, str]]:
    """The broken cells of a piece of a sheet part, up to `end`."""
    out = []
    for attributes, body in CELL.findall(text, 0, end):
        error, formula = b't="e"' in attributes, body and re.search(rb"<(?:\w+:)?f[\s>/]", body)
        value = re.search(rb"<(?:\w+:)?v>([^<]*)</", body or b"")
        if not (error or (formula and value is None)) or not (ref := REF.search(attributes)):
            continue
        why = (f"ô lỗi Excel {value.group(1).decode(errors='replace')}: sửa công thức trong Excel rồi xuất lại" if error and value
               else "công thức chưa có giá trị tính: hãy mở tệp bằng Excel rồi lưu lại")
        out.append((int(ref.group(2)) - 1, _column(ref.group(1)), why))
    return out


MERGE = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')
VALUE_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})\d+"(?:[^>]*[^/])?>')  # a cell with content, not `<c .../>`
NO_COLUMN = 1 << 14  # beyond Excel's last column (XFD)
RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _sheet_parts(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the zip part holding it, from the workbook and its relationships."""
    targets = {r.get("Id"): r.get("Target", "") for r in ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))}
    parts = {}
    for sheet in ET.fromstring(book.read("xl/workbook.xml")).iter():
        if sheet.tag.endswith("}sheet") and sheet.get(RELS) in targets:
            target = targets[sheet.get(RELS)]
            parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _merge_refs(book: zipfile.ZipFile, part: str) -> list[tuple[bytes, ...]]:
    """The merged ranges of a (possibly large) sheet part, read in pieces: (first col, first row, last col, last row)."""
    found = []
    for text, end in _pieces(book, part, _tags_end):
        if (at := text.find(b"mergeCell", 0, end)) >= 0:  # they come after the cells: skip the search till then
            found += MERGE.findall(text, max(text.rfind(b"<", 0, at), 0), end)
    return found


def _first_column(book: zipfile.ZipFile, part: str) -> int:
    """The first column of a sheet holding a value (0-based), reading no further once column A has one."""
    first = NO_COLUMN
    for text, end in _pieces(book, part, _tags_end, PIECE_BYTES // 4):
        for letters in VALUE_CELL.findall(text, 0, end):
            first = min(first, _column(letters))
            if first == 0:
                return 0
    if first == NO_COLUMN:
        raise ValueError(f"{part}: no cell holds a value")
    return first


def _pieces(book: zipfile.ZipFile, part: str, whole: Callable[[bytes], int],
            size: int | None = None) -> Iterator[tuple[bytes, int]]:
    """A sheet part read as a stream, never whole: pieces (text, end), whose whole elements end at `end` as
    `whole` finds; the rest starts the next piece. A rest longer than MAX_ELEMENT (padding, no real element)
    is searched as it is, so that memory stays bounded."""
    rest = b""
    with book.open(part) as f:
        while chunk := f.read(size or PIECE_BYTES):
            text = rest + chunk
            end = whole(text)
            end = end if len(text) - end <= MAX_ELEMENT else len(text)
            yield text, end
            rest = text[end:]
    yield rest, len(rest)


def _tags_end(text: bytes) -> int:
    """Where the whole tags of a piece end: before a last tag cut in two, else at the end."""
    last = text.rfind(b"<")
    return last if last > text.rfind(b">") else len(text)


def _rows_end(text: bytes) -> int:
    """Where the whole rows of a piece end (a cell never crosses a row's end tag): after the last `row>`."""
    return at + 4 if (at := text.rfind(b"row>")) >= 0 else 0


def _column(letters: bytes) -> int:
    """0-based column number of Excel column letters (A → 0, AA → 26)."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


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


def _jsonl_grid(text: str, readable: Path) -> Grid:
    """A JSON Lines file: its first row is the field names, then one row per line."""
    lines = [ln for ln in text.splitlines()[:HEAD_ROWS] if ln.strip()]
    keys, rows = [], []
    for number, line in enumerate(lines, start=1):
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            if number == len(lines) and len(text) >= SAMPLE_BYTES:
                break  # the sample cut this line in two
            raise FileError(f"Tệp JSON Lines hỏng ở dòng {number}: không phải một đối tượng JSON hợp lệ.") from exc
        if not isinstance(item, dict):
            raise FileError(f"Tệp JSON Lines hỏng ở dòng {number}: mỗi dòng phải là một đối tượng {{…}}.")
        keys += [k for k in item if k not in keys]
        rows.append(item)
    if not keys:
        raise FileError("Tệp JSON Lines không có trường nào.")
    head = [keys] + [[_json_text(r.get(k)) for k in keys] for r in rows]
    return Grid(sheet=None, first_row=0, rows=head, path=readable, json_keys=keys)


def _json_text(value) -> str | None:
    """A JSON value as the text a cell holds."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)


def _readable_text(path: Path, sample: bytes, scratch: Path) -> tuple[str, Path]:
    """The decoded sample, and a UTF-8 file DuckDB can read: the file itself, or a transcoded copy."""
    if sample[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
    elif sample[:3] == b"\xef\xbb\xbf" or _is_utf8(sample):
        encoding = "utf-8"
    elif _mostly_utf8(sample):  # a UTF-8 export with a few lines from elsewhere: their cells carry U+FFFD and are rejected
        encoding = "utf-8-replace"
    else:
        encoding = "cp1258"
    text = _decode(sample, encoding)
    if _looks_garbled(text[:65536]):
        raise FileError("Tệp văn bản không đọc được (sai bảng mã hoặc tệp nhị phân); hãy xuất lại dạng CSV UTF-8.")
    if _looks_tcvn3(text[:65536]):
        raise FileError("Tệp dùng bảng mã TCVN3 (ABC) cũ, không phải Unicode: hãy chuyển mã sang Unicode rồi xuất lại dạng CSV UTF-8.")
    if encoding == "utf-8":
        return text, path
    return text, transcode(path, encoding, scratch)


def _decode(data: bytes, encoding: str) -> str:
    """Bytes of a sample as text (a character cut at the end is dropped), NFC."""
    if encoding == "utf-16":
        return data[: len(data) // 2 * 2].decode("utf-16", errors="replace")
    if encoding == "cp1258":
        return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    return data.decode("utf-8", errors="replace" if encoding == "utf-8-replace" else "ignore").lstrip("\ufeff")


def transcode(path: Path, encoding: str, scratch: Path) -> Path:
    """A UTF-8, NFC copy of a text file in another encoding, written as a stream; its path."""
    name = "utf-8" if encoding == "utf-8-replace" else encoding
    decoder = codecs.getincrementaldecoder(name)(errors="replace")
    out = Path(tempfile.mkstemp(suffix=".csv", dir=scratch)[1])
    held = ""
    with open(path, "rb") as src, open(out, "w", encoding="utf-8", newline="") as dst:
        while chunk := src.read(CHUNK_BYTES):
            text = held + decoder.decode(chunk)
            cut = text.rfind("\n") + 1  # a line split between chunks is normalised whole, with the next
            dst.write(unicodedata.normalize("NFC", text[:cut]).lstrip("\ufeff") if cut else "")
            held = text[cut:]
        dst.write(unicodedata.normalize("NFC", held + decoder.decode(b"", final=True)))
    return out


def reencode_for_duckdb(path: Path, scratch: Path) -> Path:
    """A copy of a mostly-UTF-8 file whose broken bytes became U+FFFD (DuckDB refuses broken UTF-8)."""
    return transcode(path, "utf-8-replace", scratch)


def _is_utf8(sample: bytes) -> bool:
    """True when the sample is valid UTF-8 (a character cut at its end allowed)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample)
        return True
    except UnicodeDecodeError:
        return False


def _mostly_utf8(sample: bytes) -> bool:
    """More well-formed UTF-8 letters than broken bytes: UTF-8, not a legacy code page."""
    good = len(re.findall(rb"[\xc2-\xf4][\x80-\xbf]+", sample))
    return good > sample.decode("utf-8", errors="replace").count("\ufffd")


def _looks_tcvn3(sample: str) -> bool:
    """Letters of the old TCVN3 font encoding read as Windows-1258: ả ã á ạ ơ become ¶ · ¸ ¹ ¬, signs no export uses."""
    signs = sum(sample.count(ch) for ch in TCVN3_SIGNS)
    return signs > 3 and signs > 0.3 * sum(ord(ch) > 127 for ch in sample)


def _looks_garbled(sample: str) -> bool:
    """Control characters or replacement marks that no real export contains."""
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\r\n\t"))
    return bad > max(2, len(sample) // 1000)


def _lines(text: str) -> list[str]:
    """The first lines of a decoded sample (old Mac files end lines with CR alone)."""
    if "\r" in text[:65536] and "\n" not in text[:65536]:
        text = text.replace("\r", "\n")
    return text.splitlines()[:HEAD_ROWS]


def guess_separator(text: str) -> str:
    """The separator that splits the most of the first lines into the same number of fields."""
    lines = [ln for ln in _lines(text) if ln.strip()]
    best, best_score = ",", -1
    for sep in (",", ";", "\t"):
        counts = [len(next(csv.reader([ln], delimiter=sep))) for ln in lines]
        score = max((counts.count(n) * n for n in set(counts) if n > 1), default=0)
        if score > best_score:
            best, best_score = sep, score
    return best


def _first_rows(text: str, separator: str) -> list[list[str | None]]:
    """The first rows of a delimited text, as lists of cells."""
    try:
        return [row for row in csv.reader(_lines(text), delimiter=separator)]
    except csv.Error as exc:
        raise FileError(
            "Không đọc được các dòng đầu của tệp (ô quá dài hoặc dòng hỏng); hãy mở bằng Excel rồi lưu lại dạng CSV UTF-8."
        ) from exc
