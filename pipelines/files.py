"""Open export files as grids of text cells (grid.py): workbooks sheet by sheet (workbooks.py), CSV/TSV/TXT and JSON Lines.

A grid offers its first rows (to find the header and the title rows) and its body as a DuckDB relation
of text cells c0 … c{width-1}, in file order, so that a file of any size is read as a stream. Text
files are read by DuckDB where they are UTF-8; other encodings are transcoded to a temporary UTF-8
copy first (a stream too, normalised to NFC). A workbook is first checked against what it may inflate to
(check_workbook: a zip bomb is refused before anything of it is read), and its sheet parts are read in pieces.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
import tempfile
import unicodedata
from pathlib import Path

from pipelines.grid import CHUNK_BYTES, HEAD_ROWS, FileError, Grid
from pipelines.workbooks import check_workbook, excel_grids

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
SUFFIXES = EXCEL_SUFFIXES | TEXT_SUFFIXES | {".jsonl"}
SAMPLE_BYTES = 1 << 20
MAX_COLUMNS = 1000  # a first line with more cells than this is no header
TCVN3_SIGNS = "µ¶·¸¹¬«®©ª¨"
csv.field_size_limit(1 << 26)  # a long note near the header reads as it does further down (DuckDB's limit is larger)


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
        return excel_grids(path.read_bytes())
    text, readable = _readable_text(path, sample, scratch)
    first = text[: text.find("\n")] if "\n" in text else text
    if max(first.count(sep) for sep in ",;\t") > MAX_COLUMNS:
        raise FileError(f"Dòng đầu tiên có hơn {MAX_COLUMNS} ô: đây không phải một bảng có dòng tiêu đề (tệp mất dấu xuống "
                        "dòng?); hãy mở bằng Excel, kiểm tra rồi lưu lại dạng CSV UTF-8.")
    if suffix == ".jsonl":
        return [_jsonl_grid(text, readable)]
    separator = guess_separator(text)
    return [Grid(sheet=None, first_row=1, rows=_first_rows(text, separator), path=readable, separator=separator)]


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
