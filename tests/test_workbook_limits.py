"""Bounded memory for a workbook, whatever it holds (issue 25): a zip bomb (a sheet padded with spaces, gigabytes
inside megabytes) is refused before anything of it is read, with a message a clerk can act on, and nothing of it
is loaded while the other files of the load are; sheet parts are read in pieces, never whole.

The bombs are built here, in tmp_path, by streaming writes into the zip (no big file is committed)."""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
import xlsxwriter

from pipelines import workbooks
from pipelines.load import load
from warehouse.db import connect_readonly

ROOT = Path(__file__).parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = ROOT / "tests" / "bad_inputs"
DOSSIERS = FIXTURES / "so_theo_doi_ho_so.xlsx"  # a ho_so workbook: title rows, a two-row header, merged cells
GOOD = FIXTURES / "giai_ngan_trieu_dong.xlsx"
TODAY = date(2026, 1, 15)
SHEET = "xl/worksheets/sheet1.xml"
BOOKKEEPING = {"load_ledger", "rejects", "quality_results", "communes"}  # the only tables a rejected file may change
ADVICE = "tệp có thể bị hỏng hoặc độc hại; hãy xuất lại tệp từ phần mềm gốc"


def padded(out: Path, padding: int, src: Path = DOSSIERS, where: bytes = b"</sheetData>") -> Path:
    """A copy of workbook `src` whose first sheet holds `padding` bytes of spaces after `where`, written as a
    stream (a MiB at a time): what a zip bomb looks like, in little memory."""
    block = b" " * (1 << 20)
    with zipfile.ZipFile(src) as book, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in book.infolist():
            data = book.read(info)
            if info.filename != SHEET:
                dst.writestr(info, data)
                continue
            at = data.index(where) + len(where)
            with dst.open(SHEET, "w", force_zip64=padding > 1 << 30) as part:
                part.write(data[:at])
                for _ in range(padding >> 20):
                    part.write(block)
                part.write(data[at:])
    return out


def stating(path: Path, part: str, size: int) -> Path:
    """The workbook with the uncompressed size its zip states for `part` forged (local header and directory alike)."""
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo(part)
    data[info.header_offset + 22:info.header_offset + 26] = struct.pack("<I", size)
    entry = data.find(b"PK\x01\x02")  # the directory's entries
    while entry >= 0:
        length = struct.unpack("<H", data[entry + 28:entry + 30])[0]
        if data[entry + 46:entry + 46 + length] == part.encode():
            data[entry + 24:entry + 28] = struct.pack("<I", size)
        entry = data.find(b"PK\x01\x02", entry + 4)
    path.write_bytes(bytes(data))
    return path


def workbook(path: Path, sheets: int, rows: int) -> Path:
    """A real workbook of random text (compresses about as an export does), `rows` rows on each of `sheets` sheets."""
    rnd = random.Random(7)
    with xlsxwriter.Workbook(path, {"constant_memory": True}) as book:
        for s in range(sheets):
            sheet = book.add_worksheet(f"Trang {s + 1}")
            for r in range(rows):
                sheet.write_row(r, 0, [f"{rnd.getrandbits(64):x}" for _ in range(6)])
    return path


def fingerprints(wh: Path) -> dict[str, tuple]:
    """Row count and content hash of every table but the bookkeeping ones."""
    with connect_readonly(wh) as con:
        tables = [r[0] for r in con.sql("SELECT table_name FROM information_schema.tables").fetchall()]
        return {t: con.sql(f'SELECT count(*), sum(hash(t)) FROM "{t}" AS t').fetchall()[0] for t in tables if t not in BOOKKEEPING}


def recorded(wh: Path, path: Path) -> tuple[list, list]:
    """What the ledger and the rejects table say of a file."""
    with connect_readonly(wh) as con:
        ledger = con.sql("SELECT status, rows_read, message FROM load_ledger WHERE path = $p", params={"p": str(path)}).fetchall()
        rejects = con.sql("SELECT reason FROM rejects WHERE path = $p", params={"p": str(path)}).fetchall()
    return ledger, [r[0] for r in rejects]


@pytest.fixture
def folder(tmp_path) -> Path:
    (tmp_path / "in").mkdir()
    return tmp_path / "in"


def test_a_bomb_is_refused_whole_and_the_other_files_load(folder, tmp_path):
    bomb = padded(folder / "bom.xlsx", 64 << 20)  # 64 MiB of spaces in 64 KiB: refused at the default limits
    good = Path(shutil.copy(GOOD, folder))
    report = load([folder], tmp_path / "wh.duckdb", today=TODAY)
    by_name = {o.path.name: o for o in report.outcomes}
    assert set(by_name) == {"bom.xlsx", GOOD.name}
    refused = by_name["bom.xlsx"]
    assert (refused.status, refused.sheet, refused.source, refused.rows_read) == ("rejected", None, None, 0)
    assert refused.message.startswith(f"Tệp Excel 'bom.xlsx' có phần '{SHEET}' với tỉ lệ nén bất thường: giải nén ra 65 MB, gấp ")
    assert "(giới hạn 200 lần; tệp Excel thật chỉ khoảng 5–30 lần)" in refused.message and refused.message.endswith(ADVICE + ".")
    assert by_name[GOOD.name].status == "loaded" and by_name[GOOD.name].rows_loaded == 4
    ledger, rejects = recorded(tmp_path / "wh.duckdb", bomb)
    assert ledger == [("rejected", 0, refused.message)] and rejects == [refused.message]
    with connect_readonly(tmp_path / "wh.duckdb") as con:
        assert con.sql("SELECT count(*) FROM raw_ho_so").fetchall() == [(0,)]
    assert recorded(tmp_path / "wh.duckdb", good)[0][0][0] == "loaded"


def test_a_bomb_leaves_the_warehouse_as_it_was(folder, tmp_path):
    wh = tmp_path / "wh.duckdb"
    assert all(o.status == "loaded" for o in load([DOSSIERS, GOOD], wh, today=TODAY).outcomes)
    before = fingerprints(wh)
    bomb = padded(folder / "bom.xlsx", 32 << 20, where=b"<sheetData>")  # inside the sheet's data this time
    [outcome] = load([bomb], wh, today=TODAY).outcomes
    assert outcome.status == "rejected" and "tỉ lệ nén bất thường" in outcome.message
    assert fingerprints(wh) == before


def test_a_normal_workbook_still_loads(tmp_path):
    [outcome] = load([DOSSIERS], tmp_path / "wh.duckdb", today=TODAY).outcomes
    assert (outcome.status, outcome.source, outcome.rows_loaded, outcome.message) == ("loaded", "ho_so", 6, None)


def test_a_part_past_its_limit_is_refused_with_its_size(monkeypatch, folder, tmp_path):
    big = workbook(folder / "lon.xlsx", 1, 8_000)  # a sheet of ~3 MB, compressed about 4.5×
    good = Path(shutil.copy(GOOD, folder))
    monkeypatch.setenv("CCHC_XLSX_PART_MB", "2")
    outcomes = {o.path.name: o for o in load([big, good], tmp_path / "wh.duckdb", today=TODAY).outcomes}
    message = outcomes["lon.xlsx"].message
    assert outcomes["lon.xlsx"].status == "rejected" and outcomes[GOOD.name].status == "loaded"
    assert re.fullmatch(rf"Tệp Excel 'lon\.xlsx' có phần '{SHEET}' giải nén ra \d MB \(giới hạn 2 MB\): {ADVICE}, "
                        r"hoặc chia thành nhiều tệp nhỏ hơn\.", message), message
    monkeypatch.delenv("CCHC_XLSX_PART_MB")
    workbooks.check_workbook(big)  # at the default limits it is a workbook like any other


def test_parts_past_the_total_limit_are_refused(monkeypatch, tmp_path):
    book = workbook(tmp_path / "ba_trang.xlsx", 3, 3_000)  # three sheets of ~1.1 MB, 0.75 MB on disk
    monkeypatch.setenv("CCHC_XLSX_TOTAL_MB", "2")
    with pytest.raises(workbooks.FileError, match=r"^Tệp Excel 'ba_trang\.xlsx' giải nén ra tổng cộng 4 MB \(giới hạn 2 MB\): "):
        workbooks.check_workbook(book)


def test_a_file_heavier_than_the_total_limit_is_refused_before_it_is_opened(monkeypatch, tmp_path):
    heavy = tmp_path / "nang.xlsx"
    heavy.write_bytes(random.Random(1).randbytes(3 << 20))  # not even a zip: its weight alone refuses it
    monkeypatch.setenv("CCHC_XLSX_TOTAL_MB", "2")
    with pytest.raises(workbooks.FileError, match=r"^Tệp Excel 'nang\.xlsx' nặng 3 MB \(giới hạn 2 MB\): hãy chia thành"):
        workbooks.check_workbook(heavy)


def test_the_ratio_limit_can_be_raised(monkeypatch, tmp_path):
    bomb = padded(tmp_path / "bom.xlsx", 8 << 20)
    with pytest.raises(workbooks.FileError, match="tỉ lệ nén bất thường"):
        workbooks.check_workbook(bomb)
    monkeypatch.setenv("CCHC_XLSX_RATIO", "5000")
    workbooks.check_workbook(bomb)


def test_a_part_inflating_to_more_than_its_zip_states_is_refused(folder, tmp_path):
    """The reader (calamine) trusts no stated size: a forged one must not let a bomb through."""
    bomb = stating(padded(folder / "gia_mao.xlsx", 16 << 20), SHEET, 9000)
    assert zipfile.ZipFile(bomb).getinfo(SHEET).file_size == 9000
    [outcome] = load([bomb], tmp_path / "wh.duckdb", today=TODAY).outcomes
    assert outcome.status == "rejected"
    assert outcome.message == (f"Tệp Excel 'gia_mao.xlsx' có phần '{SHEET}' giải nén ra nhiều hơn kích thước ghi trong tệp: "
                               f"{ADVICE}.")


@pytest.mark.parametrize("name", ["o_gop.xlsx", "o_loi_excel.xlsx", "cong_thuc_chua_tinh.xlsx", "cong_thuc.xlsx"])
def test_pieces_of_any_size_give_what_one_whole_read_gives(monkeypatch, name):
    data = (CORPUS / name).read_bytes()
    whole = workbooks.sheet_markup(data)
    assert any(whole[0].values()) or any(whole[1].values())
    for size in (1, 7, 64, 1000):
        monkeypatch.setattr(workbooks, "PIECE_BYTES", size)
        assert workbooks.sheet_markup(data) == whole, size


def test_formulas_without_values_are_found_under_a_namespace_prefix():
    """Tools writing `x:`-prefixed tags (the Open XML SDK) save formulas without values too."""
    with zipfile.ZipFile(CORPUS / "cong_thuc_chua_tinh.xlsx") as book:
        parts = {info: book.read(info) for info in book.infolist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for info, body in parts.items():
            if info.filename.startswith("xl/worksheets/"):
                body = re.sub(rb"<(/?)(worksheet|sheetData|row|c|f|v|is|t)([\s>/])", rb"<\1x:\2\3", body)
                body = body.replace(b"xmlns=", b"xmlns:x=", 1)
            book.writestr(info, body)
    _, broken = workbooks.sheet_markup(out.getvalue())
    assert [(r, c) for r, c, _ in broken["Sổ"]] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert all("công thức chưa có giá trị tính" in why for _, _, why in broken["Sổ"])


@pytest.mark.slow
def test_the_command_line_refuses_a_gigabyte_bomb_in_little_memory(folder, tmp_path):
    """`python -m pipelines load` at the default limits, on 1 GiB of spaces in 1 MB (before: 6 GB and 30 s for 3 GB)."""
    padded(folder / "bom.xlsx", (1 << 30) + (1 << 26))
    shutil.copy(GOOD, folder)
    measure = ("import resource, subprocess, sys, time; t = time.monotonic(); done = subprocess.run(sys.argv[1:]); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.monotonic() - t, done.returncode)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CCHC_XLSX_")}
    done = subprocess.run([sys.executable, "-c", measure, sys.executable, "-m", "pipelines", "load", str(folder),
                           "--warehouse", str(tmp_path / "wh.duckdb")], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    peak_kib, _, code = done.stdout.split()[-3:]
    assert code == "1", done.stdout + done.stderr  # a file was refused
    assert "Tệp Excel 'bom.xlsx' có phần" in done.stdout and "tỉ lệ nén bất thường" in done.stdout
    assert "Đã nạp" in done.stdout  # the other file
    assert int(peak_kib) < 1 << 20, f"peak {int(peak_kib) >> 10} MiB"  # ru_maxrss is in KiB on Linux
