"""Shared helpers for the reader tests (tests/test_read_*.py): fixtures folder, load day, tiny files.

Test modules import what they use: `from reading import TODAY, read_one, write_csv`; the pytest
fixtures `write_csv` and `write_xlsx` are registered by being imported into the test module.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from functools import cache
from pathlib import Path

import duckdb
import pytest
import xlsxwriter

from pipelines.cell_types import install_macros, landing_select
from pipelines.extract import Sheet as SheetResult
from pipelines.load import read_file
from warehouse.sources import sources

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = Path(__file__).parent / "bad_inputs"
TODAY = date(2026, 1, 15)  # the load day of every reader test; fixtures are dated before it

HO_SO_HEADER = ["Mã hồ sơ", "Mã TTHC", "Lĩnh vực", "Kênh nộp", "Ngày tiếp nhận", "Ngày hẹn trả", "Trạng thái"]


def typed(source: str, column: str, text: str | None, scale: int = 1):
    """One cell's text typed as the readers type a column of a source (pipelines/cell_types.py)."""
    with duckdb.connect() as con:
        install_macros(con)
        sql, params = landing_select(sources()[source], {0: column}, 1, "(SELECT $t::VARCHAR AS c0)", set(), scale, [])
        return con.sql(f'SELECT "{column}" FROM ({sql})', params=params | {"t": text}).fetchall()[0][0]


def read(name: str | Path, **kwargs) -> list[SheetResult]:
    """Read a fixture (by name, read once per run: the committed fixtures do not change) or any path, on the fixed load day."""
    if isinstance(name, Path):
        return read_file(name, today=kwargs.pop("today", TODAY), **kwargs)
    return _fixture(name, tuple(sorted(kwargs.items())))


@cache
def _fixture(name: str, options: tuple) -> list[SheetResult]:
    """A committed fixture as read_file gives it."""
    kwargs = dict(options)
    return read_file(FIXTURES / name, today=kwargs.pop("today", TODAY), **kwargs)


def read_one(name: str | Path, **kwargs) -> SheetResult:
    """Read a file that has exactly one sheet."""
    results = read(name, **kwargs)
    assert len(results) == 1, [(r.sheet, r.error) for r in results]
    return results[0]


def dossier(i: int, intake: str = "01/12/2025", **over) -> list[str]:
    """One valid dossier row for HO_SO_HEADER, with some cells overridden by column title."""
    row = dict(zip(HO_SO_HEADER, [f"T-{i:04d}", "1.004227", "Hộ tịch", "1", intake, "31/12/2025", "10"]))
    row.update(over)
    return list(row.values())


@pytest.fixture
def write_csv(tmp_path):
    """Write rows as a UTF-8 CSV in tmp_path and return its path."""

    def write(rows: list[list[object]], name: str = "tep.csv", sep: str = ",") -> Path:
        out = io.StringIO()
        csv.writer(out, delimiter=sep, lineterminator="\n").writerows(rows)
        path = tmp_path / name
        path.write_text(out.getvalue(), encoding="utf-8")
        return path

    return write


@pytest.fixture
def write_xlsx(tmp_path):
    """Write {sheet: {(row, col): value}} (0-based cells) as an .xlsx in tmp_path."""

    def write(sheets: dict[str, dict[tuple[int, int], object]], name: str = "tep.xlsx") -> Path:
        path = tmp_path / name
        wb = xlsxwriter.Workbook(path)
        day = wb.add_format({"num_format": "dd/mm/yyyy"})
        for sheet, cells in sheets.items():
            ws = wb.add_worksheet(sheet)
            for (r, c), v in cells.items():
                if isinstance(v, datetime):
                    ws.write_datetime(r, c, v, day)
                elif isinstance(v, str):
                    ws.write_string(r, c, v)
                else:
                    ws.write(r, c, v)
        wb.close()
        return path

    return write


def grid_cells(rows: list[list[object]], first_row: int = 0) -> dict[tuple[int, int], object]:
    """Cells for write_xlsx from a list of rows starting at a given 0-based sheet row."""
    return {(first_row + r, c): v for r, row in enumerate(rows) for c, v in enumerate(row) if v is not None}
