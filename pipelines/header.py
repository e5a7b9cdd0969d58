"""Find where a sheet's header is, which source it belongs to, and what its title rows say."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from pipelines.grid import FileError
from warehouse.sources import Source, sources
from warehouse.text import fold

MAX_TITLE_ROWS = 15
UNITS = {"trieu dong": 1_000_000, "nghin dong": 1_000, "ngan dong": 1_000, "ty dong": 1_000_000_000, "dong": 1}
MONTH_LINE = r"\b(?:thang|ky)\W*(\d{1,2})\s*(?:[/.-]|\bnam\b)\s*(\d{4})\b"
MONTH_NAME = r"(?:^|[^a-z0-9])(?:t|thang)[ _.-]?(\d{1,2})[ _.-](?:nam[ _.-])?(\d{4})(?![0-9])|(?:^|[^0-9])(\d{4})[_.-](\d{1,2})(?![0-9])"
DMY = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2}\b)|(\d{1,2}) thang (\d{1,2}) nam (\d{4})|(\d{4})-(\d{2})-(\d{2})"


@dataclass
class Titles:
    """Facts stated above the header: snapshot date, period, amount unit."""

    snapshot: date | None = None
    snapshot_label: str | None = None
    month: date | None = None  # the first day of a month a line names (Tháng 10/2025, Kỳ: 10/2025)
    month_label: str | None = None
    period: tuple[date, date] | None = None
    scale: int = 1
    lines: list[str] = field(default_factory=list)


@dataclass
class Layout:
    """Where a sheet's data is and what its columns mean."""

    source: Source
    data_start: int
    columns: dict[int, str]
    titles: Titles
    width: int


def find_layout(head: list[list[str | None]], source_name: str | None = None, sheet: str | None = None) -> Layout:
    """Locate the header within the first rows and match it to a source (or the one named); a refusal names the
    workbook's sheet the rows come from, else the file."""
    candidates = [sources()[source_name]] if source_name else list(sources().values())
    best, best_score, closest, closest_score = None, (False, 0, False), None, None
    for r in range(min(MAX_TITLE_ROWS + 1, len(head))):
        for two_rows in (False, True):
            if two_rows and r + 1 >= len(head):
                continue
            names = _header_names(head, r, two_rows)
            for src in candidates:
                mapping = _match(names, src)
                missing = [c for c in src.required if c not in mapping.values()]
                score = (not missing, len(mapping) - len(missing), not two_rows)
                if score > best_score:
                    best_score, best = score, (r, two_rows, src, mapping)
                if missing and len(missing) < len(src.required) and (closest_score is None or score > closest_score):
                    closest_score, closest = score, (src, missing)  # a source some of whose required columns are there
    if best is None or not best_score[0]:
        raise FileError(_unrecognised_message(closest, source_name, sheet))
    r, two_rows, src, mapping = best
    start = r + (2 if two_rows else 1)
    if start < len(head) and _is_column_numbers(head[start]):
        start += 1
    width = max(len(row) for row in head[: start + 1])
    return Layout(source=src, data_start=start, columns=mapping, titles=read_titles(head[:r]), width=width)


def _header_names(head: list[list[str | None]], r: int, two_rows: bool) -> list[list[str]]:
    """For each column, the folded names it could go by (sub-title first, then group + sub)."""
    row = head[r]
    if not two_rows:
        return [[fold(c)] if c else [] for c in row]
    sub_row = head[r + 1] + [None] * (len(row) - len(head[r + 1]))
    names, group = [], ""
    for i, cell in enumerate(row + [None] * (len(sub_row) - len(row))):
        group = fold(cell) if cell else group if sub_row[i] else ""
        sub = fold(sub_row[i]) if sub_row[i] else ""
        options = [sub, f"{group} {sub}".strip()] if sub else [group]
        names.append([o for o in options if o])
    return names


def _match(names: list[list[str]], src: Source) -> dict[int, str]:
    """Map column positions to canonical names; the first column naming a field wins, and a fallback title
    (ID for ID_COQUAN) only names a field no other column does."""
    mapping: dict[int, str] = {}
    for index in (src.alias_index, src.fallback_index):
        for i, options in enumerate(names):
            for option in options:
                canonical = index.get(option)
                if i not in mapping and canonical and canonical not in mapping.values():
                    mapping[i] = canonical
                    break
    return mapping


def _is_column_numbers(row: list[str | None]) -> bool:
    """A row of column numbers such as (1) (2) (3) under the header."""
    cells = [str(c).strip() for c in row if c not in (None, "")]
    return len(cells) >= 2 and all(re.fullmatch(r"\(?\d{1,3}\)?", c) for c in cells)


def _unrecognised_message(closest: tuple[Source, list[str]] | None, source_name: str | None, sheet: str | None) -> str:
    """A message naming what is refused (a workbook's sheet, else the file), the closest source and the columns it lacks."""
    what = f"trang tính '{sheet}'" if sheet is not None else "tệp"
    if closest is None:
        wanted = f" của nguồn '{source_name}'" if source_name else ""
        return f"Không tìm thấy dòng tiêu đề cột{wanted} trong 16 dòng đầu: {what} không khớp nguồn dữ liệu nào."
    src, missing = closest
    cols = ", ".join(_title(src, m) for m in missing)
    return f"Không nhận ra nguồn dữ liệu của {what}. Gần nhất là '{src.label}' ({src.name}) nhưng thiếu cột: {cols}."


def _title(src: Source, name: str) -> str:
    """The Vietnamese title of a column, for messages."""
    col = src.columns[name]
    return f"'{col.titles[0]}'" if col.titles else f"'{name}'"


def strip_marks(text: str) -> str:
    """Lower-case text without diacritics, punctuation kept (for reading title rows)."""
    s = unicodedata.normalize("NFKD", text).replace("đ", "d").replace("Đ", "D")
    return re.sub(r"\s+", " ", "".join(ch for ch in s if not unicodedata.combining(ch)).lower())


def _date(groups: tuple) -> date | None:
    """A date from the groups of the DMY pattern (a two-digit year is 20yy), or None when impossible."""
    g = [x for x in groups if x]
    try:
        day, month, year = (g[2], g[1], g[0]) if len(g[0]) == 4 else g[:3]
        year = int(year) + (2000 if len(year) == 2 else 0)
        return date(year, int(month), int(day)) if year >= 1900 else None
    except (ValueError, IndexError):
        return None


def _month(month: str, year: str) -> date | None:
    """The first day of a month, or None when there is no such month."""
    try:
        return date(int(year), int(month), 1) if int(year) >= 1900 else None
    except ValueError:
        return None


def month_of_name(name: str) -> date | None:
    """The month a file name states (T10_2025, thang_10_2025, 2025-10), as its first day; None when it states none."""
    if not (m := re.search(MONTH_NAME, strip_marks(name))):
        return None
    return _month(m.group(1), m.group(2)) if m.group(1) else _month(m.group(4), m.group(3))


def read_titles(rows: list[list[str | None]]) -> Titles:
    """Read snapshot date, period and amount unit from the title rows."""
    lines = [" ".join(str(c) for c in row if c not in (None, "")) for row in rows]
    titles = Titles(lines=[ln for ln in lines if ln])
    for line in titles.lines:
        text = strip_marks(line)
        if m := re.search(r"(ngay xuat|tinh den ngay|so lieu den ngay|ngay du lieu|ngay bao cao)\W*(?:" + DMY + ")", text):
            titles.snapshot, titles.snapshot_label = _date(m.groups()[1:]), line
        elif m := re.search(r"tu ngay\W*(?:" + DMY + r")\W*den ngay\W*(?:" + DMY + ")", text):
            first, second = _date(m.groups()[:9]), _date(m.groups()[9:])
            if first and second:
                titles.period = (first, second)
        if not titles.month and (m := re.search(MONTH_LINE, text)) and not re.search(r"ngay \d{1,2} thang", text):
            titles.month, titles.month_label = _month(m.group(1), m.group(2)), line
        if m := re.search(r"(?:don vi tinh|dvt)\W*(trieu dong|nghin dong|ngan dong|ty dong|dong)", text):
            titles.scale = UNITS[m.group(1)]
    return titles
