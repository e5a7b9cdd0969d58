"""Open export files as grids of text: workbooks sheet by sheet, CSV/TSV/TXT and JSON Lines.

A grid offers its first rows (to find the header and title rows) and its body from a given row,
as a Polars frame of strings with `_row`, the row number a clerk sees in Excel or an editor.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import fastexcel
import polars as pl

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
SUFFIXES = EXCEL_SUFFIXES | TEXT_SUFFIXES | {".jsonl"}
HEAD_ROWS = 20
TCVN3_SIGNS = "µ¶·¸¹¬«®©ª¨"
CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE container: .xls, or an encrypted .xlsx
ENCRYPTED = "EncryptionInfo".encode("utf-16-le")  # the stream an encrypted OOXML workbook carries


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
    merges: list[tuple[int, int, int]] = field(default_factory=list)  # (first row, column, last row) of cells merged down

    def merged_in(self, start: int) -> int:
        """How many merged cells span several rows from grid row `start` on."""
        return sum(r0 >= start for r0, _, _ in self.merges)

    def head(self, n: int = HEAD_ROWS) -> list[list[str | None]]:
        """The first n rows as lists of cells."""
        if self.cells is not None:
            return [list(r) for r in self.cells.head(n).iter_rows()]
        lines = _first_lines(self.text, n)
        try:
            return [row for row in csv.reader(lines, delimiter=self.separator)]
        except csv.Error as exc:
            raise FileError(
                "Không đọc được các dòng đầu của tệp (ô quá dài hoặc dòng hỏng); hãy mở bằng Excel rồi lưu lại dạng CSV UTF-8."
            ) from exc

    def body(self, start: int, width: int) -> pl.DataFrame:
        """Rows from grid row `start` on, columns c0 … c{width-1} as strings, plus `_row`."""
        if self.cells is not None:
            frame = _fill_merged(self.cells, self.merges, start)
            frame.columns = [f"c{i}" for i in range(frame.width)]
            return frame.with_row_index("_row", offset=self.first_row + start)
        frame = _read_delimited(self.text, self.separator, start, width).with_row_index("_row", offset=self.first_row + start)
        _check_open_quotes(frame, self.text, self.separator)
        return frame

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
        frame = _fill_merged(self._numbers, self.merges, start)
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
    if data[:8] == CFB and ENCRYPTED in data:
        raise FileError("Tệp Excel được đặt mật khẩu (mã hóa): hãy gỡ mật khẩu rồi xuất lại.")
    try:
        reader = fastexcel.read_excel(data)
        with ThreadPoolExecutor(max_workers=1) as pool:  # the merge scan runs beside calamine (both release the GIL)
            scan = pool.submit(merged_cells, data)
            # skip_rows=0 keeps leading empty rows: grid row 0 is sheet row 1
            sheets = {name: reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string").to_polars()
                      for name in reader.sheet_names}
            merges = scan.result()
        return [Grid(sheet=name, cells=cells, book=reader, first_row=1, merges=merges.get(name, [])) for name, cells in sheets.items()]
    except FileError:
        raise
    except Exception as exc:  # calamine raises many kinds for damaged files
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise FileError(f"Không mở được tệp Excel (tệp hỏng hoặc không phải Excel): {first_line}") from exc


def merged_cells(data: bytes) -> dict[str, list[tuple[int, int, int]]]:
    """Cells merged down several rows in each sheet of an .xlsx/.xlsm: (first row, grid column, last row), 0-based.

    Calamine drops a sheet's empty leading columns, so columns are counted from the sheet's first
    column holding a value. An .xls, or parts that cannot be read, give none.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            out = {}
            for name, part in _sheet_parts(book).items():
                refs = _merge_refs(book, part)
                down = [(int(r0) - 1, _column(c0), int(r1) - 1) for c0, r0, _, r1 in refs if int(r1) > int(r0)]
                if down:
                    first = _first_column(book, part)
                    out[name] = [(r0, c - first, r1) for r0, c, r1 in down if c >= first]
            return out
    except (zipfile.BadZipFile, KeyError, ET.ParseError, ValueError, OSError, EOFError, zlib.error):
        return {}


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
    """The merged ranges of a (possibly large) sheet part, read in chunks: (first col, first row, last col, last row)."""
    found, tail = [], b""
    with book.open(part) as f:
        while chunk := f.read(1 << 22):
            buf = tail + chunk
            cut = buf.rfind(b"<")  # the last tag may be cut in two: keep it for the next chunk
            cut = cut if cut > 0 else len(buf)
            if (at := buf.find(b"mergeCell", 0, cut)) >= 0:  # they come after the cells: skip the search till then
                found += MERGE.findall(buf, max(buf.rfind(b"<", 0, at), 0), cut)
            tail = buf[cut:]
        found += MERGE.findall(tail)
    return found


def _first_column(book: zipfile.ZipFile, part: str) -> int:
    """The first column of a sheet holding a value (0-based), reading no further once column A has one."""
    first, tail = NO_COLUMN, b""
    with book.open(part) as f:
        while chunk := f.read(1 << 20):
            buf = tail + chunk
            cut = buf.rfind(b"<")
            cut = cut if cut > 0 else len(buf)
            for letters in VALUE_CELL.findall(buf, 0, cut):
                first = min(first, _column(letters))
                if first == 0:
                    return 0
            tail = buf[cut:]
    if first == NO_COLUMN:
        raise ValueError(f"{part}: no cell holds a value")
    return first


def _column(letters: bytes) -> int:
    """0-based column number of Excel column letters (A → 0, AA → 26)."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


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


def _jsonl_grid(data: bytes) -> Grid:
    """A JSON Lines file as a grid whose first row is the field names."""
    try:
        frame = pl.read_ndjson(io.BytesIO(data), infer_schema_length=None)
    except Exception as exc:
        raise FileError(f"Tệp JSON Lines không hợp lệ: {exc}") from exc
    frame = frame.select(_as_text(pl.col(c), frame.schema[c]).alias(c) for c in frame.columns)
    header = pl.DataFrame([pl.Series(c, [c], pl.String) for c in frame.columns])
    return Grid(sheet=None, cells=pl.concat([header, frame]), first_row=0)


def _as_text(column: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A JSON field as text; a nested value (list, object) as its JSON, which no column accepts as a code or date."""
    if not dtype.is_nested():
        return column.cast(pl.String)
    encoded = pl.struct(column.alias("v")).struct.json_encode().str.strip_prefix('{"v":').str.strip_suffix("}")
    return pl.when(column.is_null()).then(None).otherwise(encoded)


def decode_text(data: bytes) -> tuple[str | bytes, str]:
    """Decode a text export (UTF-8 ± BOM, UTF-16, Windows-1258) and guess its separator."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text: str | bytes = data.decode("utf-16", errors="replace")
    elif data[:3] == b"\xef\xbb\xbf":
        text = data[3:]
    elif _is_utf8(data):
        text = data
    elif _mostly_utf8(data):  # a UTF-8 export with a few lines from elsewhere: their cells carry U+FFFD and are rejected
        text = data.decode("utf-8", errors="replace")
    else:
        text = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    sample = text[:65536] if isinstance(text, str) else text[:65536].decode("utf-8", "ignore")
    if _looks_garbled(sample):
        raise FileError("Tệp văn bản không đọc được (sai bảng mã hoặc tệp nhị phân); hãy xuất lại dạng CSV UTF-8.")
    if _looks_tcvn3(sample):
        raise FileError("Tệp dùng bảng mã TCVN3 (ABC) cũ, không phải Unicode: hãy chuyển mã sang Unicode rồi xuất lại dạng CSV UTF-8.")
    if "\r" in sample and "\n" not in sample:  # old Mac line ends: CR alone
        text = text.replace(b"\r", b"\n") if isinstance(text, bytes) else text.replace("\r", "\n")
    return text, _guess_separator(sample)


def _is_utf8(data: bytes) -> bool:
    """True when the bytes are valid UTF-8: checked on the whole file, a megabyte at a time to keep memory flat."""
    decoder, view = codecs.getincrementaldecoder("utf-8")(), memoryview(data)
    try:
        for start in range(0, len(data), 1 << 20):
            decoder.decode(view[start:start + (1 << 20)])
        decoder.decode(b"", final=True)
        return True
    except UnicodeDecodeError:
        return False


def _mostly_utf8(data: bytes) -> bool:
    """More well-formed UTF-8 letters than broken bytes in the first megabyte: UTF-8, not a legacy code page."""
    sample = data[: 1 << 20]
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
    except Exception as exc:  # polars' message quotes whole lines of the file: personal data, not for the ledger
        raise FileError(
            "Không đọc được tệp CSV: có dấu ngoặc kép (\") không đóng hoặc dòng hỏng; hãy mở bằng Excel, kiểm tra rồi lưu lại dạng CSV UTF-8."
        ) from exc
    return frame


def _check_open_quotes(frame: pl.DataFrame, text: str | bytes, separator: str) -> None:
    """Reject a file where a quote left open swallowed whole lines of other rows into one cell.

    A line inside a cell holding as many separators as a row does is taken for a swallowed row; a
    multi-line cell of prose rarely has that many commas on one line.
    """
    if ('"' if isinstance(text, str) else b'"') not in text:
        return
    cells = [c for c in frame.columns if c != "_row"]
    multiline = frame.filter(pl.any_horizontal(pl.col(c).str.contains("\n", literal=True) for c in cells))
    whole_line = rf"[\r\n][^\r\n]*(?:{re.escape(separator)}[^\r\n]*){{{max(2, len(cells) - 1)}}}"
    hit = multiline.filter(pl.any_horizontal(pl.col(c).str.contains(whole_line) for c in cells))["_row"].min()
    if hit is not None:
        raise FileError(
            f"Dòng {hit}: có dấu ngoặc kép (\") không đóng nên các dòng sau bị gộp vào một ô; sửa ô đó rồi xuất lại tệp."
        )
