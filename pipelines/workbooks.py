"""Workbooks (.xlsx, .xlsm, .xls) opened as grids: first checked against what they may inflate to (check_workbook: a
zip bomb is refused before anything of it is read), then read by calamine, with what calamine does not tell (cells
merged down, broken cells) read from the sheet parts in pieces."""

from __future__ import annotations

import io
import math
import re
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import fastexcel

from pipelines.grid import HEAD_ROWS, FileError, Grid
from warehouse import settings

CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE container: .xls, or an encrypted .xlsx
ENCRYPTED = "EncryptionInfo".encode("utf-16-le")  # the stream an encrypted OOXML workbook carries
MB = 1 << 20
# What a workbook may inflate to is checked before anything of it is read (a zip bomb: a sheet padded with spaces,
# gigabytes inside megabytes): the settings CCHC_XLSX_PART_MB, CCHC_XLSX_TOTAL_MB, CCHC_XLSX_RATIO (warehouse.settings).
RATIO_FROM = MB  # a part smaller than this is harmless whatever its ratio
BOMB_ADVICE = "tệp có thể bị hỏng hoặc độc hại; hãy xuất lại tệp từ phần mềm gốc"
PIECE_BYTES = 1 << 22  # a sheet part is read in pieces of this size, never whole
MAX_ELEMENT = 1 << 24  # more than any row or tag Excel writes: an unfinished one longer is padding, not carried on


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


def excel_grids(data: bytes) -> list[Grid]:
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
