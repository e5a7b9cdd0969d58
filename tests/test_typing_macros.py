"""The SQL macros that type cells (pipelines/sql/cell_types.sql) against their rules: fold is the twin of
warehouse.text.fold, real_date keeps only years from 1900 on, spaced is cell for clean files."""

import re
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from pipelines import cell_types
from warehouse.text import fold

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    cell_types.install_macros(con)
    yield con
    con.close()


@pytest.mark.parametrize("text", ["Đất đai", "Lao động - Thương binh và Xã hội", "  Hộ   tịch ", "Tỷ lệ (%)", "ĐÃ TRẢ KẾT QUẢ",
                                  "Rất hài lòng", "Số 12/2025/QĐ-UBND", "Hồ sơ\u00a0trực tuyến"])
def test_fold_is_the_twin_of_python_fold(con, text):
    assert con.execute("SELECT fold($t)", {"t": text}).fetchone()[0] == fold(text)


def test_the_warehouse_folds_as_the_reader_does():
    """One fold: the models' macro (marts/macros.sql) is the reader's (sql/typing.sql), word for word."""
    def body(path):
        return re.search(r"MACRO fold\(t\) AS\s+(.+?);", path.read_text(encoding="utf-8"), re.S).group(1)
    assert body(ROOT / "warehouse" / "models" / "marts" / "macros.sql") == body(ROOT / "pipelines" / "sql" / "typing.sql")


@pytest.mark.parametrize(("value", "kept"), [
    (None, False),
    (datetime(25, 6, 15), False),  # "15/06/25" read with %Y
    (datetime(1899, 12, 31, 23, 59, 59, 999999), False),
    (datetime(1900, 1, 1), True),
    (datetime(2025, 6, 15, 10, 30), True),
])
def test_real_date_keeps_years_from_1900(con, value, kept):
    got = con.execute("SELECT real_date($d::TIMESTAMP)", {"d": value}).fetchone()[0]
    assert got == (value if kept else None)


@pytest.mark.parametrize("text", [None, "", " ", "   ", "HS001", " HS001", "HS001 ", "  Hộ tịch  ", "Hộ  tịch", "a"])
def test_spaced_is_cell_for_a_clean_file(con, text):
    """In a file of no tabs, no-break spaces or decomposed letters, spaced() reads a cell as cell() does."""
    expected = (text or "").strip(" ") or None
    assert con.execute("SELECT spaced($t), cell($t)", {"t": text}).fetchone() == (expected, expected)
