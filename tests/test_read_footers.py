"""Rows after the data (totals, place and date, `Người lập biểu`, signatures, blank rows) are not data."""

from reading import HO_SO_HEADER, dossier, read_one


def test_totals_and_signature_footer_are_not_counted():
    r = read_one("so_theo_doi_ho_so.xlsx")  # 6 dossiers, "Tổng cộng", place and date, two signatures
    assert (r.rows_read, r.rows_loaded, r.rows_rejected) == (6, 6, 0)
    assert r.rows["_row"].max() == 15


def test_signature_titles_in_required_columns_are_a_footer():
    r = read_one("giai_ngan_trieu_dong.xlsx")  # "Người lập biểu" under Mã dự án, "CHỦ TỊCH" under an amount
    assert r.error is None
    assert r.rows_read == 4


def test_totals_row_in_a_csv(write_csv):
    rows = [HO_SO_HEADER, dossier(1), dossier(2), dossier(3), ["Tổng số: 3 hồ sơ"], [],
            ["", "Người lập biểu", "", "", "Thủ trưởng đơn vị"], ["", "(Ký, ghi rõ họ tên)"]]
    r = read_one(write_csv(rows))
    assert (r.rows_read, r.rows_rejected) == (3, 0)


def test_place_and_date_line_starts_the_footer(write_csv):
    rows = [HO_SO_HEADER, dossier(1), dossier(2), [], ["", "", "", "", "Khúc Thừa Dụ, ngày 10 tháng 01 năm 2026"],
            ["", "Người lập biểu"], ["", "Nguyễn Văn A"]]
    r = read_one(write_csv(rows))
    assert (r.rows_read, r.rows_rejected) == (2, 0)


def test_rows_after_the_footer_are_not_data(write_csv):
    rows = [HO_SO_HEADER, dossier(1), ["Người lập biểu"], dossier(2)]
    assert read_one(write_csv(rows)).rows_read == 1


def test_blank_rows_between_data_rows_are_skipped(write_csv):
    r = read_one(write_csv([HO_SO_HEADER, dossier(1), [], ["", "", ""], dossier(2)]))
    assert r.rows["_row"].to_list() == [2, 5]


def test_a_data_row_starting_with_a_title_word_is_still_data(write_csv):
    header = ["Chức vụ", "Mã cán bộ", "Ngày bổ nhiệm", "Đúng quy trình"]
    rows = [header, ["Chủ tịch UBND", "CB-001", "01/07/2025", "Có"], ["Kế toán", "CB-007", "01/08/2025", "Có"]]
    r = read_one(write_csv(rows))
    assert r.source.name == "bo_nhiem"
    assert r.rows["ma_can_bo"].to_list() == ["CB-001", "CB-007"]


def test_a_bad_data_row_starting_with_a_title_word_is_rejected_not_dropped(write_csv):
    header = ["Chức vụ", "Mã cán bộ", "Ngày bổ nhiệm", "Đúng quy trình"]
    rows = [header, ["Chủ tịch UBND", "", "01/07/2025", "Có"], ["Kế toán", "CB-007", "01/08/2025", "Có"]]
    r = read_one(write_csv(rows))
    assert (r.rows_read, r.rows_loaded, r.rows_rejected) == (2, 1, 1)
    assert r.rejects.row(0, named=True)["column"] == "ma_can_bo"
