"""Open export files as grids of text: workbooks sheet by sheet, CSV/TSV/TXT and JSON Lines.

A grid offers its first rows (to find the header and title rows) and its body from a given row,
as a Polars frame of strings with `_row`, the row number a clerk sees in Excel or an editor.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import fastexcel
import polars as pl

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
SUFFIXES = EXCEL_SUFFIXES | TEXT_SUFFIXES | {".jsonl"}
HEAD_ROWS = 20


class FileError(Exception):
    """A file that cannot be read at all; the message is for the clerk (Vietnamese)."""


@dataclass
class Grid:
    """One sheet (or a whole text file) as text cells; a workbook can also give its numeric cells."""

    sheet: str | None
    cells: pl.DataFrame | None  # all rows, strings, for workbooks and JSON Lines
    first_row: int  # the sheet row number of the grid's first row
    book: object | None = None  # the workbook reader, to read numeric cells when asked
    _numbers: pl.DataFrame | None = None
    text: str | bytes | None = None  # for delimited text: the decoded content
    separator: str = ","

    def head(self, n: int = HEAD_ROWS) -> list[list[str | None]]:
        """The first n rows as lists of cells."""
        if self.cells is not None:
            return [list(r) for r in self.cells.head(n).iter_rows()]
        lines = _first_lines(self.text, n)
        return [row for row in csv.reader(lines, delimiter=self.separator)]

    def body(self, start: int, width: int) -> pl.DataFrame:
        """Rows from grid row `start` on, columns c0 … c{width-1} as strings, plus `_row`."""
        if self.cells is not None:
            frame = self.cells.slice(start)
            frame.columns = [f"c{i}" for i in range(frame.width)]
        else:
            frame = _read_delimited(self.text, self.separator, start, width)
        return frame.with_row_index("_row", offset=self.first_row + start)

    def body_numbers(self, start: int) -> pl.DataFrame | None:
        """Numeric cells (floats) from row `start` on, aligned with body(); None for text files.

        Needed where a text cell `1.234` (Vietnamese: 1234) and a numeric cell 1.234 must differ.
        """
        if self.book is None:
            return None
        if self._numbers is None:
            # calamine's float view also parses text cells ("4.500" → 4.5); its boolean view is set only for
            # numeric (and boolean) cells, so it tells which cells Excel holds as numbers
            kinds = self.book.load_sheet(self.sheet, header_row=None, skip_rows=0, dtypes="boolean", dtype_coercion="coerce").to_polars()
            self._numbers = self.cells.select(
                pl.when(kinds[:, i].is_not_null()).then(pl.col(c).cast(pl.Float64, strict=False)).alias(c)
                for i, c in enumerate(self.cells.columns)
            )
        frame = self._numbers.slice(start)
        frame.columns = [f"c{i}" for i in range(frame.width)]
        return frame


def open_grids(path: Path) -> list[Grid]:
    """Every sheet of a workbook, or the one grid of a text file."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise FileError(f"Định dạng tệp '{suffix}' không được hỗ trợ; hãy xuất ra .xlsx hoặc .csv.")
    data = path.read_bytes()
    if not data.strip():
        raise FileError("Tệp rỗng: không có dữ liệu.")
    if suffix in EXCEL_SUFFIXES:
        return _excel_grids(path, data)
    if suffix == ".jsonl":
        return [_jsonl_grid(data)]
    text, separator = decode_text(data)
    return [Grid(sheet=None, cells=None, first_row=1, text=text, separator=separator)]


def _excel_grids(path: Path, data: bytes) -> list[Grid]:
    """Read every sheet of a workbook as strings, with numeric cells kept as floats too."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" and path.suffix.lower() != ".xls":
        raise FileError("Tệp Excel được đặt mật khẩu (mã hóa): hãy gỡ mật khẩu rồi xuất lại.")
    try:
        reader = fastexcel.read_excel(data)
        grids = []
        for name in reader.sheet_names:  # skip_rows=0 keeps leading empty rows: grid row 0 is sheet row 1
            cells = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string").to_polars()
            grids.append(Grid(sheet=name, cells=cells, book=reader, first_row=1))
        return grids
    except FileError:
        raise
    except Exception as exc:  # calamine raises many kinds for damaged files
        raise FileError(f"Không mở được tệp Excel (tệp hỏng hoặc không phải Excel): {exc}") from exc


def _jsonl_grid(data: bytes) -> Grid:
    """A JSON Lines file as a grid whose first row is the field names."""
    try:
        frame = pl.read_ndjson(io.BytesIO(data), infer_schema_length=None)
    except Exception as exc:
        raise FileError(f"Tệp JSON Lines không hợp lệ: {exc}") from exc
    frame = frame.select(pl.col(c).cast(pl.String) for c in frame.columns)
    header = pl.DataFrame([pl.Series(c, [c], pl.String) for c in frame.columns])
    return Grid(sheet=None, cells=pl.concat([header, frame]), first_row=0)


def decode_text(data: bytes) -> tuple[str | bytes, str]:
    """Decode a text export (UTF-8 ± BOM, UTF-16, Windows-1258) and guess its separator."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text: str | bytes = data.decode("utf-16")
    elif data[:3] == b"\xef\xbb\xbf":
        text = data[3:]
    elif _is_utf8(data):
        text = data
    else:
        text = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    sample = text[:65536] if isinstance(text, str) else text[:65536].decode("utf-8", "ignore")
    if _looks_garbled(sample):
        raise FileError("Tệp văn bản không đọc được (sai bảng mã hoặc tệp nhị phân); hãy xuất lại dạng CSV UTF-8.")
    return text, _guess_separator(sample)


def _is_utf8(data: bytes) -> bool:
    """True when the bytes are valid UTF-8 (checked on the whole file, quickly)."""
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _looks_garbled(sample: str) -> bool:
    """Control characters or replacement marks that no real export contains."""
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\r\n\t"))
    return bad > max(2, len(sample) // 1000)


def _guess_separator(sample: str) -> str:
    """The separator that splits the most of the first lines into the same number of fields."""
    lines = [ln for ln in sample.splitlines()[:HEAD_ROWS] if ln.strip()]
    best, best_score = ",", -1
    for sep in (",", ";", "\t"):
        counts = [len(next(csv.reader([ln], delimiter=sep))) for ln in lines]
        score = max((counts.count(n) * n for n in set(counts) if n > 1), default=0)
        if score > best_score:
            best, best_score = sep, score
    return best


def _first_lines(text: str | bytes, n: int) -> list[str]:
    """The first n lines of a decoded text, as str."""
    chunk = text[: 1 << 20]
    if isinstance(chunk, bytes):
        chunk = chunk.decode("utf-8", "ignore")
    return chunk.splitlines()[:n]


def _read_delimited(text: str | bytes, separator: str, start: int, width: int) -> pl.DataFrame:
    """Delimited rows from line `start` on, `width` fields each, every field a string."""
    source = text.encode("utf-8") if isinstance(text, str) else text
    try:
        frame = pl.read_csv(
            source,
            has_header=False,
            separator=separator,
            skip_lines=start,
            schema={f"c{i}": pl.String for i in range(width)},
            truncate_ragged_lines=True,
            raise_if_empty=False,
        )
    except Exception as exc:
        raise FileError(f"Không đọc được tệp CSV: {exc}") from exc
    return frame
