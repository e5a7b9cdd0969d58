"""Every row read is loaded or rejected; rejects say file, sheet, row (as the clerk sees it), column, reason."""

from datetime import datetime

import pytest
from reading import FIXTURES, HO_SO_HEADER, dossier, grid_cells, read, read_one

ALL_FIXTURES = sorted(p.name for p in FIXTURES.iterdir() if p.suffix != ".py")


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_rows_read_are_loaded_or_rejected(name):
    for r in read(name):
        assert r.rows_read == r.rows_loaded + r.rows_rejected
        if r.error:
            assert r.rows is None and r.rows_loaded == 0
        else:
            assert len(r.rows) == r.rows_loaded
            assert not set(r.rows["_row"]) & set(r.rejects["row"])


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_every_reject_names_its_place_and_reason(name):
    for r in read(name):
        assert r.path == FIXTURES / name
        assert r.rejects["row"].null_count() == r.rejects["column"].null_count() == r.rejects["reason"].null_count() == 0
        if r.source is not None:
            assert set(r.rejects["column"]) <= set(r.source.columns)


@pytest.mark.parametrize(
    "name, rows",
    [
        ("so_theo_doi_ho_so.xlsx", [10, 11, 12, 13, 14, 15]),  # a blank first row, titles, 2 header rows, numbers row
        ("giai_ngan_trieu_dong.xlsx", [9, 10, 14, 15]),
        ("so_giay.xlsx", [5, 6, 7]),
        ("van_ban_den_unicode.txt", [6, 7, 8, 9]),
        ("ho_so_dong_bo.csv", [2, 3, 4, 5, 6]),
        ("ho_so_dong_bo.jsonl", [1, 2, 3, 4]),  # JSON Lines have no header line
        ("ho_so_gia_tri.csv", [2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 16]),  # after a blank line
    ],
)
def test_row_numbers_are_the_ones_the_clerk_sees(name, rows):
    assert read_one(name).rows["_row"].to_list() == rows


def test_reject_row_numbers_count_blank_lines():
    assert read_one("ho_so_gia_tri.csv").rejects["row"].unique(maintain_order=True).to_list() == [7, 9, 10]


def test_reject_row_in_a_sheet_starting_below_empty_rows(write_xlsx):
    rows = [["Ngày xuất: 10/01/2026"], [], HO_SO_HEADER, dossier(1), dossier(2, intake="31/02/2025"), dossier(3)]
    path = write_xlsx({"Sổ": grid_cells(rows, first_row=4)})  # rows 1-4 of the sheet are empty
    r = read_one(path)
    assert r.rows["_row"].to_list() == [8, 10]
    assert r.rejects.row(0, named=True) | {"reason": None} == {"row": 9, "column": "ngay_tiep_nhan", "value": "31/02/2025", "reason": None}


def test_one_bad_row_leaves_the_others_loaded(write_csv):
    r = read_one(write_csv([HO_SO_HEADER, dossier(1), dossier(2, **{"Mã TTHC": ""}), dossier(3)]))
    assert (r.error, r.rows_read, r.rows_loaded, r.rows_rejected) == (None, 3, 2, 1)
    assert r.rejects.row(0, named=True) == {"row": 3, "column": "ma_tthc", "value": None, "reason": "Thiếu giá trị bắt buộc: Mã TTHC"}


def test_a_row_with_two_bad_cells_is_one_rejected_row(write_csv):
    r = read_one(write_csv([HO_SO_HEADER, dossier(1, **{"Kênh nộp": "9", "Trạng thái": "99"}), dossier(2)]))
    assert (r.rows_rejected, len(r.rejects)) == (1, 2)


def test_sheet_name_is_reported():
    assert {r.sheet for r in read("nhan_su.xlsx")} == {"Biên chế sự nghiệp", "Bổ nhiệm", "Đào tạo", "Hướng dẫn"}


def test_excel_cells_keep_their_values_when_rows_are_shifted(write_xlsx):
    cells = grid_cells([["Mã PAKN", "Ngày tiếp nhận", "Hạn xử lý"], ["PA-1", datetime(2025, 12, 1), datetime(2025, 12, 10)]], first_row=2)
    r = read_one(write_xlsx({"PAKN": cells}))
    assert r.rows.row(0, named=True)["_row"] == 4
    assert r.rows["ngay_tiep_nhan"][0] == datetime(2025, 12, 1)
