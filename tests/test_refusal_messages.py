"""Every refusal says what is refused and every reason at once: a sheet (or file) matching no source names the closest
source and the columns it lacks; a 766 table with bad rows and no month is told both; `diem-766` for a level its month
does not hold says what the month holds; a folder's file of a kind that is not read gets its own line."""

from __future__ import annotations

import csv
import shutil

import duckdb
import pytest
from reading import FIXTURES, TODAY, read, read_one

from pipelines.cli import main
from pipelines.load import load

HEADER_766 = ["ID_COQUAN", "TEN_COQUAN", "LOAI_COQUAN", "TDGQ", "MDHL", "MDSH", "TTTT", "CLGQ", "CKMB", "TONG_SCORE"]
GROUPS_766 = ["19.81", "17.36", "20.45", "9.02", "11.40", "17.05", "95.09"]


def write_rows(path, rows: list[list[str]]):
    """A UTF-8 CSV of the rows."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def test_a_sheet_matching_few_columns_names_the_sheet_the_closest_source_and_what_it_lacks(write_xlsx, write_csv):
    few = [["Mã hồ sơ", "Ghi chú", "Người nộp"], ["HS-01", "", "Nguyễn Văn A"]]
    book = write_xlsx({"Danh sách": {(r, c): v for r, row in enumerate(few) for c, v in enumerate(row) if v}})
    [sheet] = read(book)
    assert sheet.error.startswith("Không nhận ra nguồn dữ liệu của trang tính 'Danh sách'.")
    assert "Gần nhất là 'Hồ sơ TTHC' (ho_so) nhưng thiếu cột: 'Mã TTHC'" in sheet.error and "'Trạng thái'" in sheet.error
    assert "'Mã hồ sơ'" not in sheet.error  # present columns are not listed as missing
    text = read_one(write_csv(few))
    assert text.error.startswith("Không nhận ra nguồn dữ liệu của tệp.") and "trang tính" not in text.error
    nothing = read_one(write_csv([["Danh sách"], ["Ghi chú", "Số liệu"], ["a", "1"]]))
    assert nothing.error.endswith("tệp không khớp nguồn dữ liệu nào.")


def test_a_766_table_with_bad_rows_and_no_month_is_told_both_at_once(tmp_path):
    bad = [[f"001.26.{i}.H26", f"UBND xã {i}", "3", "25.00", *GROUPS_766[1:]] for i in range(10, 14)]  # TDGQ above 20
    table = write_rows(tmp_path / "bang_diem.csv", [HEADER_766, ["001.26.20.H26", "UBND xã 20", "3", *GROUPS_766], *bad])
    refused = read_one(table)
    assert "4/5 dòng lỗi" in refused.error
    assert "Không xác định được tháng của bảng điểm" in refused.error and "--month YYYY-MM" in refused.error


def test_diem_766_for_a_level_its_month_lacks_says_what_the_month_holds(tmp_path, capsys):
    provinces = write_rows(tmp_path / "diem_766_T10_2025.csv",
                           [HEADER_766, ["H26", "UBND thành phố Hải Phòng", "1", *GROUPS_766],
                            ["H27", "UBND tỉnh Quảng Ninh", "1", *GROUPS_766]])
    wh = tmp_path / "wh.duckdb"
    assert load([provinces], wh, today=TODAY).clean
    with pytest.raises(SystemExit) as exit_:
        main(["--warehouse", str(wh), "diem-766", "--level", "xa"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "Chưa có" not in err
    assert ("Điểm 766 tháng 10/2025 đã nạp nhưng chỉ có đơn vị cấp tỉnh, không có cấp xã: xem bằng --level tinh, "
            "hoặc nạp bảng điểm cấp xã của tháng này.") in err


def test_a_folder_load_says_each_file_of_a_kind_not_read_on_its_own_line(tmp_path, capsys):
    folder = tmp_path / "xuat"
    folder.mkdir()
    shutil.copy(FIXTURES / "ho_so_dong_bo.csv", folder)
    (folder / "bao_cao_ky.pdf").write_bytes(b"%PDF-1.4")
    (folder / "ke_hoach.docx").write_bytes(b"PK\x03\x04")
    (folder / ".DS_Store").write_bytes(b"\x00")  # hidden: not an export
    (folder / "~$so_theo_doi.xlsx").write_bytes(b"\x00")  # Excel's lock file of an open book
    wh = tmp_path / "wh.duckdb"
    assert main(["--warehouse", str(wh), "load", str(folder), "--quiet"]) == 0  # passed over, not refused
    lines = capsys.readouterr().out.splitlines()
    for name, kind in (("bao_cao_ky.pdf", ".pdf"), ("ke_hoach.docx", ".docx")):
        [line] = [ln for ln in lines if name in ln]
        assert "Bỏ qua" in line and f"Không phải tệp xuất dữ liệu (tệp '{kind}'): bỏ qua." in line
    assert not any(".DS_Store" in ln or "~$" in ln for ln in lines)
    with duckdb.connect(str(wh), read_only=True) as con:
        ledger = con.sql("SELECT file_name, status FROM load_ledger ORDER BY file_name").fetchall()
    assert ledger == [("ho_so_dong_bo.csv", "loaded")]  # nothing recorded of what is not an export
    pdf = folder / "bao_cao_ky.pdf"
    assert main(["--warehouse", str(wh), "load", str(pdf), "--quiet"]) == 1  # named, it is refused with why
    assert "Định dạng tệp '.pdf' không được hỗ trợ; hãy xuất ra .xlsx hoặc .csv." in capsys.readouterr().out
