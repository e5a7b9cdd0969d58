"""A row of column numbers under the header, `(1) (2) (3) …` or plain 1 2 3, is not data."""

from reading import HO_SO_HEADER, dossier, read_one

from pipelines.header import find_layout


def test_parenthesised_numbers_row_is_skipped():
    r = read_one("so_theo_doi_ho_so.xlsx")  # header rows 7-8, "(1) … (21)" in row 9
    assert 9 not in r.rows["_row"].to_list()
    assert r.rows_rejected == 0


def test_excel_number_cells_row_is_skipped():
    r = read_one("giai_ngan_trieu_dong.xlsx")  # header row 5, numbers 1 … 7 in row 6
    assert r.error is None
    assert r.rows_read == 4
    assert 6 not in r.rows["_row"].to_list()


def test_numbers_row_in_a_csv(write_csv):
    numbers = [f"({i})" for i in range(1, len(HO_SO_HEADER) + 1)]
    r = read_one(write_csv([HO_SO_HEADER, numbers, dossier(1), dossier(2)]))
    assert (r.rows_read, r.rows_rejected) == (2, 0)
    assert r.rows["_row"].to_list() == [3, 4]


def test_layout_skips_the_numbers_row():
    head = [["Mã PAKN", "Ngày tiếp nhận", "Hạn xử lý"], ["1", "2", "3"], ["PA-1", "01/12/2025", "10/12/2025"]]
    assert find_layout(head).data_start == 2


def test_a_first_data_row_is_not_taken_for_numbers():
    head = [["Mã PAKN", "Ngày tiếp nhận", "Hạn xử lý"], ["PA-1", "01/12/2025", "10/12/2025"]]
    assert find_layout(head).data_start == 1
