"""Random bytes and random damage to good exports: every outcome is a load or a clear rejection, never an
unhandled exception, and the published warehouse is never half-changed."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
import unicodedata
from datetime import date
from pathlib import Path

import fastexcel
import pytest
import xlsxwriter
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pipelines.files import guess_separator, open_grids
from pipelines.grid import FileError
from pipelines.load import load, read_file
from warehouse.db import connect_readonly

pytestmark = pytest.mark.slow  # seconds each: run by .ci/run, not by the fast developer run

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2026, 1, 15)
GOOD = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".csv", ".txt", ".xlsx", ".jsonl") and p.stat().st_size)
TEXT = [p for p in GOOD if p.suffix in (".csv", ".txt")]
BOOKS = [p for p in GOOD if p.suffix == ".xlsx"]
FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
BOOKKEEPING = {"load_ledger", "rejects", "quality_results", "communes"}

# Magic numbers and beginnings real files have, so that random tails reach past the first checks
PREFIXES = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            b"{", b'{"MaHoSo":', "Mã hồ sơ,Mã TTHC,Lĩnh vực,Kênh nộp,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái\n".encode()]
# Cell values that have broken readers somewhere: formulas, quotes, separators, line breaks, huge numbers, odd dates
NASTY = ["", " ", "=SUM(A1)", "+84912345678", "-5", "@x", '"', '""', ",", ";", "\t", "\n", "\r", "\r\n", "\x00",
         "\ufffd", "9" * 400, "1e309", "NaN", "-0", "31/02/2025", "12/25/2025", "00/00/0000", "99999999999999",
         "20251301000000", "Tổng cộng", "Người lập biểu", "Ngày xuất: 10/01/2026", "Đơn vị tính: triệu đồng",
         "(1)", "x" * 300, "Hộ tịch", "1.234.567,5", "TRUE", "Có", "Trực tuyến", "🙂", "\u202e"]
CELLS = st.one_of(st.sampled_from(NASTY), st.text(max_size=30))


def check(results) -> None:
    """Every sheet result is a clear rejection or an accounted load."""
    assert results, "read_file returned nothing"
    for r in results:
        if r.error is not None:
            assert isinstance(r.error, str) and r.error.strip()
            assert r.rows is None and r.rows_loaded == 0
        else:
            assert r.rows_read == r.rows_loaded + r.rows_rejected
            assert len(r.rows) == r.rows_loaded
            assert not set(r.rows["_row"]) & set(r.rejects["row"])


def read_bytes(data: bytes, suffix: str):
    """read_file on the bytes written to a temporary file with this suffix."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"tep{suffix}"
        path.write_bytes(data)
        return read_file(path, today=TODAY)


# ---------------------------------------------------------------------------------------------
# (a) random bytes under every suffix


@FUZZ
@given(suffix=st.sampled_from([".csv", ".xlsx", ".txt", ".jsonl", ".xls"]), prefix=st.sampled_from(PREFIXES),
       tail=st.binary(max_size=3000))
def test_random_bytes_are_rejected_or_read(suffix, prefix, tail):
    check(read_bytes(prefix + tail, suffix))


# ---------------------------------------------------------------------------------------------
# (b) random damage to the good fixtures


@st.composite
def byte_damage(draw) -> tuple[bytes, str]:
    """A fixture with bytes flipped, cut, inserted or repeated."""
    path = draw(st.sampled_from(GOOD))
    data = bytearray(path.read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        kind = draw(st.sampled_from(["flip", "cut", "insert", "repeat"]))
        if kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            data = data[:at]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=40))
        else:
            data[at:at] = data[at:at + draw(st.integers(1, 200))]
    return bytes(data), path.suffix


def text_rows(path: Path) -> tuple[list[list[str]], str]:
    """A text fixture's rows and separator, as the reader decodes them."""
    data = path.read_bytes()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = unicodedata.normalize("NFC", data.decode("cp1258"))
    sep = guess_separator(text)
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep)], sep


def mutate_rows(draw, rows: list[list]) -> list[list]:
    """Rows with rows inserted or dropped, cells inserted or overwritten, two columns swapped."""
    rows = [list(r) for r in rows]
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["insert_row", "drop_row", "insert_cell", "set_cell", "swap_columns"]))
        r = draw(st.integers(0, max(len(rows) - 1, 0)))
        if kind == "insert_row":
            rows.insert(r, draw(st.lists(CELLS, max_size=12)))
        elif kind == "drop_row" and rows:
            rows.pop(r)
        elif rows and rows[r] and kind in ("insert_cell", "set_cell"):
            c = draw(st.integers(0, len(rows[r]) - 1))
            if kind == "insert_cell":
                rows[r].insert(c, draw(CELLS))
            else:
                rows[r][c] = draw(CELLS)
        elif kind == "swap_columns":
            a, b = draw(st.integers(0, 12)), draw(st.integers(0, 12))
            for row in rows:
                if max(a, b) < len(row):
                    row[a], row[b] = row[b], row[a]
    return rows


@st.composite
def text_damage(draw) -> tuple[bytes, str]:
    """A CSV/TXT fixture with rows and cells changed, written back in one of the encodings exports use."""
    path = draw(st.sampled_from(TEXT))
    rows, sep = text_rows(path)
    rows = mutate_rows(draw, rows)
    out = io.StringIO()
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
    csv.writer(out, delimiter=sep, lineterminator=draw(st.sampled_from(["\n", "\r\n"])), quoting=quoting).writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258"]))
    return out.getvalue().encode(encoding, errors="replace"), path.suffix


@st.composite
def book_damage(draw) -> tuple[bytes, str]:
    """An .xlsx fixture rewritten sheet by sheet with rows and cells changed, and maybe cells merged."""
    reader = fastexcel.read_excel(draw(st.sampled_from(BOOKS)).read_bytes())
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    for name in reader.sheet_names:
        frame = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string").to_polars()
        rows = mutate_rows(draw, [list(r) for r in frame.iter_rows()])
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is not None:
                    ws.write_string(r, c, v)
        if rows and draw(st.booleans()):
            r, c = draw(st.integers(0, len(rows))), draw(st.integers(0, 12))
            ws.merge_range(r, c, r + draw(st.integers(1, 4)), c + draw(st.integers(0, 2)), draw(CELLS))
    wb.close()
    return out.getvalue(), ".xlsx"


DAMAGE = st.one_of(byte_damage(), text_damage(), book_damage())


@FUZZ
@given(damaged=byte_damage())
def test_good_files_with_damaged_bytes(damaged):
    check(read_bytes(*damaged))


@FUZZ
@given(damaged=text_damage())
def test_good_text_files_with_changed_rows_and_cells(damaged):
    check(read_bytes(*damaged))


@FUZZ
@given(damaged=book_damage())
def test_good_workbooks_with_changed_rows_and_cells(damaged):
    check(read_bytes(*damaged))


def test_truncated_utf16_raises_only_file_errors(tmp_path):
    for data in (b"\xff\xfe\x00", b"\xff\xfe" + "ab".encode("utf-16-le") + b"\x00\xd8", b"\xfe\xff\xd8"):
        path = tmp_path / "tep.txt"
        path.write_bytes(data)
        try:
            open_grids(path, tmp_path)
        except FileError:
            pass


# ---------------------------------------------------------------------------------------------
# (c) loading a damaged file next to a good one


@pytest.fixture(scope="module")
def good_warehouse(tmp_path_factory) -> Path:
    """A published warehouse holding the good dossiers."""
    wh = tmp_path_factory.mktemp("fuzz") / "wh.duckdb"
    load([FIXTURES / "ho_so_dong_bo.csv"], wh, today=TODAY)
    return wh


def facts(wh: Path) -> dict[str, tuple]:
    """Row count and content hash of every table but the ledger, rejects and quality results."""
    with connect_readonly(wh) as con:
        tables = [r[0] for r in con.sql("SELECT table_name FROM information_schema.tables").fetchall()]
        return {t: con.sql(f'SELECT count(*), sum(hash(t)) FROM "{t}" AS t').fetchall()[0] for t in tables if t not in BOOKKEEPING}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(damaged=DAMAGE)
def test_loading_a_damaged_file_never_half_changes_the_warehouse(good_warehouse, damaged):
    data, suffix = damaged
    assume(data != (FIXTURES / "ho_so_dong_bo.csv").read_bytes())
    with tempfile.TemporaryDirectory() as folder:
        wh = Path(shutil.copyfile(good_warehouse, Path(folder) / "wh.duckdb"))
        path = Path(folder) / f"hong{suffix}"
        path.write_bytes(data)
        before = facts(wh)
        outcomes = load([path], wh, today=TODAY).outcomes  # a damaged file is refused, never a crash
        assert not [p for p in Path(folder).iterdir() if "building" in p.name]
        after = facts(wh)
        with connect_readonly(wh) as con:
            lines = con.sql("SELECT status, rows_read, rows_loaded, rows_rejected FROM load_ledger WHERE path = $p ORDER BY file_id",
                            params={"p": str(path)}).fetchall()
    assert lines == [(o.status, o.rows_read, o.rows_loaded, o.rows_rejected) for o in outcomes]
    loaded: dict[str, int] = {}
    for o in outcomes:
        assert o.rows_read == o.rows_loaded + o.rows_rejected
        assert o.status == "loaded" or (o.rows_loaded == 0 and o.message)
        if o.status == "loaded":
            loaded[f"raw_{o.source}"] = loaded.get(f"raw_{o.source}", 0) + o.rows_loaded
    for table in after:
        if table.startswith("raw_"):
            assert after[table][0] - before[table][0] == loaded.get(table, 0), table
    if not loaded:
        assert after == before
