"""The one workbook writer, of the demo exports and of the reader test fixtures (tests/fixtures/make_fixtures.py):
xlsxwriter with fixed metadata (the same input gives byte-identical files), the few cell formats the exports use,
titled sheets with merged two-row headers and signature footers, and rows of typed cells."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import xlsxwriter

FIXED_TIME = datetime(2025, 12, 31, 17, 45)  # workbook metadata, so that a seed gives identical bytes
FORMATS = {
    "title": {"bold": True, "align": "center"},
    "note": {"italic": True, "align": "center"},
    "head": {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1},
    "num": {"italic": True, "align": "center", "border": 1},
    "text": {"border": 1},
    "int": {"border": 1, "num_format": "0"},
    "amount": {"border": 1, "num_format": "#,##0"},
    "money": {"border": 1, "num_format": "#,##0.000"},
    "date": {"border": 1, "num_format": "dd/mm/yyyy"},
    "datetime": {"border": 1, "num_format": "dd/mm/yyyy hh:mm:ss"},
    "bold": {"bold": True, "border": 1},
    "sign": {"bold": True, "align": "center"},
}


class Workbook:
    """An xlsxwriter workbook with the few cell formats the exports use, and fixed metadata."""

    def __init__(self, path: Path, created: datetime = FIXED_TIME, author: str = "UBND xã Khúc Thừa Dụ"):
        """Open the workbook at path (folders created)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.wb = xlsxwriter.Workbook(str(path))
        self.wb.set_properties({"created": created, "author": author})
        self.fmt = {name: self.wb.add_format(properties) for name, properties in FORMATS.items()}

    def close(self) -> Path:
        """Write the file to disk and return its path."""
        self.wb.close()
        return self.path

    def sheet(self, name: str):
        """A new, empty worksheet."""
        return self.wb.add_worksheet(name)

    def merge(self, ws, r1: int, c1: int, r2: int, c2: int, text: str, fmt: str) -> None:
        """A merged cell, or a plain one when the range is a single cell."""
        if (r1, c1) == (r2, c2):
            ws.write_string(r1, c1, text, self.fmt[fmt])
        else:
            ws.merge_range(r1, c1, r2, c2, text, self.fmt[fmt])

    def header(self, ws, r: int, titles: list) -> int:
        """Header row(s), a title or a (title, sub-title) pair a column: columns sharing a title and having sub-titles
        form a merged group, the others span both rows; the next row."""
        columns = [t if isinstance(t, tuple) else (t, None) for t in titles]
        two = any(sub for _, sub in columns)
        j = 0
        while j < len(columns):
            title, sub = columns[j][0], columns[j][1]
            k = j
            while sub and k + 1 < len(columns) and columns[k + 1][0] == title and columns[k + 1][1]:
                k += 1
            if sub:
                self.merge(ws, r, j, r, k, title, "head")
                for c in range(j, k + 1):
                    ws.write_string(r + 1, c, columns[c][1], self.fmt["head"])
            else:
                self.merge(ws, r, j, r + two, j, title, "head")
            j = k + 1
        return r + 1 + two

    def titled_sheet(self, name: str, titles: list[str], columns: list[tuple], footer: list[dict] | None = None,
                     numbers: bool = False, extra_rows: list[list] | None = None) -> None:
        """One sheet: title rows, header (columns: title, sub-title, values, kind), numbers row, data, footer."""
        ws = self.sheet(name)
        for i, text in enumerate(titles):
            if text:
                self.merge(ws, i, 0, i, len(columns) - 1, text, "title" if i < 3 else "note")
        r = self.header(ws, len(titles), [c[:2] for c in columns])
        if numbers:
            ws.write_row(r, 0, [f"({i + 1})" for i in range(len(columns))], self.fmt["num"])
            r += 1
        for c, (_, _, values, kind) in enumerate(columns):
            ws.write_column(r, c, values, self.fmt[kind])
            ws.set_column(c, c, 14 if kind in ("date", "datetime") else 18)
        r += max(len(v) for _, _, v, _ in columns)
        for row in extra_rows or []:
            ws.write_row(r, 0, row, self.fmt["bold"])
            r += 1
        for i, line in enumerate(footer or [], start=r + 1):
            for c, text in line.items():
                ws.write_string(i, c, text, self.fmt["sign"])

    def row(self, ws, r: int, values: list, first_col: int = 0) -> None:
        """One row of typed cells: datetimes as Excel dates (with their time if any), bools, numbers, text, blanks."""
        for c, v in enumerate(values, start=first_col):
            if v is None:
                ws.write_blank(r, c, None, self.fmt["text"])
            elif isinstance(v, datetime):
                ws.write_datetime(r, c, v, self.fmt["datetime" if (v.hour or v.minute) else "date"])
            elif isinstance(v, bool):
                ws.write_boolean(r, c, v, self.fmt["text"])
            elif isinstance(v, (int, float)):
                ws.write_number(r, c, v, self.fmt["text"])
            else:
                ws.write_string(r, c, v, self.fmt["text"])


def footer(day: date, cols: tuple[int, int], left: str = "Người lập biểu", right: str = "Thủ trưởng đơn vị",
           names: tuple[str, str] = ("Phạm Thị Lan", "Mạc Văn Long")) -> list[dict]:
    """Signature block in columns cols: date line, titles, (Ký, ghi rõ họ tên), space, names."""
    # At most one of the two columns may be a required column of the source, or the reader takes the
    # signature line for a data row.
    a, b = cols
    return [
        {b: f"Ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"},
        {a: left, b: right},
        {a: "(Ký, ghi rõ họ tên)", b: "(Ký, ghi rõ họ tên, đóng dấu)"},
        {}, {},
        {a: names[0], b: names[1]},
    ]
