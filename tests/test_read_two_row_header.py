"""Two-row headers: a group title merged over sub-columns; a sub-column matches by its own title,
else by group and sub-title joined."""

from datetime import date, datetime

from reading import read_one

from pipelines.header import find_layout


def test_sub_columns_match_by_their_own_title():
    rows = read_one("so_theo_doi_ho_so.xlsx").rows
    assert rows["ma_tthc"][0] == "1.004227"  # "Mã TTHC" under "Thủ tục hành chính"
    assert rows["ten_tthc"][0] == "Đăng ký khai sinh"
    assert rows["ngay_tiep_nhan"][0] == datetime(2025, 12, 1, 8, 30)  # under "Thời gian"


def test_sub_columns_match_by_group_and_sub_title():
    rows = read_one("so_theo_doi_ho_so.xlsx").rows  # "Số hóa" over "Thành phần hồ sơ" and "Kết quả"
    assert rows["so_hoa_thanh_phan"].to_list() == [True, False, True, False, True, False]
    assert rows["so_hoa_ket_qua"].to_list() == [True, True, False, False, False, True]


def test_vertically_merged_columns_keep_their_title():
    rows = read_one("so_theo_doi_ho_so.xlsx").rows
    assert rows["ma_ho_so"][0] == "H26.01-251201-0101"
    assert rows["danh_gia"][0] == "Rất hài lòng"


def test_data_starts_below_both_header_rows():
    assert read_one("so_theo_doi_ho_so.xlsx").rows["_row"].min() == 10


def test_layout_of_a_two_row_header():
    head = [
        ["Mã hồ sơ", "Mã TTHC", "Lĩnh vực", "Kênh nộp", "Thời hạn", None, "Trạng thái", "Số hóa", None],
        [None, None, None, None, "Ngày tiếp nhận", "Ngày hẹn trả", None, "Thành phần hồ sơ", "Kết quả"],
        ["H-1", "1.004227", "Hộ tịch", "1", "01/12/2025", "03/12/2025", "10", "x", ""],
    ]
    layout = find_layout(head)
    assert layout.data_start == 2
    assert layout.columns == {0: "ma_ho_so", 1: "ma_tthc", 2: "linh_vuc", 3: "kenh", 4: "ngay_tiep_nhan",
                              5: "ngay_hen_tra", 6: "trang_thai", 7: "so_hoa_thanh_phan", 8: "so_hoa_ket_qua"}


def test_title_rows_above_a_two_row_header_are_still_read():
    head = [
        ["Ngày xuất: 10/01/2026"],
        ["Mã hồ sơ", "Mã TTHC", "Lĩnh vực", "Kênh nộp", "Thời hạn", None, "Trạng thái"],
        [None, None, None, None, "Ngày tiếp nhận", "Ngày hẹn trả", None],
        ["H-1", "1.004227", "Hộ tịch", "1", "01/12/2025", "03/12/2025", "10"],
    ]
    layout = find_layout(head)
    assert (layout.data_start, layout.titles.snapshot) == (3, date(2026, 1, 10))


def test_a_one_row_header_is_not_read_as_two():
    head = [
        ["Mã hồ sơ", "Mã TTHC", "Lĩnh vực", "Kênh nộp", "Ngày tiếp nhận", "Ngày hẹn trả", "Trạng thái"],
        ["H-1", "1.004227", "Hộ tịch", "1", "01/12/2025", "03/12/2025", "10"],
    ]
    assert find_layout(head).data_start == 1
