"""Header detection: the header row is found below up to 15 title rows, and the title rows' facts are read."""

from datetime import date

import pytest
from reading import HO_SO_HEADER, dossier, read_one

from pipelines.header import MAX_TITLE_ROWS, read_titles


def test_header_below_title_rows_is_found():
    r = read_one("so_theo_doi_ho_so.xlsx")
    assert r.error is None
    assert r.source.name == "ho_so"


def test_snapshot_date_from_ngay_xuat_title():
    r = read_one("so_theo_doi_ho_so.xlsx")
    assert r.snapshot == date(2026, 1, 10)
    assert "Ngày xuất: 10/01/2026" in r.snapshot_basis


def test_snapshot_date_from_tinh_den_ngay_in_words():
    assert read_one("to_chuc.xlsx").snapshot == date(2026, 1, 1)  # "Tính đến ngày 01 tháng 01 năm 2026"


def test_snapshot_date_from_title_followed_by_excel_date_cell():
    assert read_one("so_giay.xlsx").snapshot == date(2025, 12, 31)  # A2 "Tính đến ngày", B2 a date cell


def test_title_rows_of_a_unicode_text_export():
    r = read_one("van_ban_den_unicode.txt")
    assert (r.source.name, r.snapshot) == ("van_ban_den", date(2026, 1, 5))


def test_unit_from_title_rows_scales_amounts():
    assert read_one("giai_ngan_trieu_dong.xlsx").scale == 1_000_000


@pytest.mark.parametrize(
    "line, scale",
    [("Đơn vị tính: triệu đồng", 1_000_000), ("ĐƠN VỊ TÍNH: NGHÌN ĐỒNG", 1_000), ("Đơn vị tính: đồng", 1), ("Ghi chú", 1)],
)
def test_unit_words(line, scale):
    assert read_titles([[None, line]]).scale == scale


def test_period_from_title_rows():
    titles = read_titles([["SỔ THEO DÕI HỒ SƠ"], ["Từ ngày 01/12/2025 đến ngày 31/12/2025"]])
    assert titles.period == (date(2025, 12, 1), date(2025, 12, 31))
    assert titles.snapshot is None  # a period is not the snapshot date


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Ngày xuất: 10/01/2026", date(2026, 1, 10)),
        ("Tính đến ngày 31/12/2025", date(2025, 12, 31)),
        ("Số liệu đến ngày 12/01/2026", date(2026, 1, 12)),
        ("tính đến ngày 5 tháng 1 năm 2026", date(2026, 1, 5)),
        ("Ngày xuất 2026-01-10 00:00:00", date(2026, 1, 10)),
        ("Ngày xuất: 03/04/2025", date(2025, 4, 3)),  # day first
    ],
)
def test_snapshot_title_forms(line, expected):
    assert read_titles([[line]]).snapshot == expected


def test_titles_match_without_diacritics_or_case(write_csv):
    header = ["MÃ HỒ SƠ", "ma tthc", "Linh vuc", "KÊNH NỘP", "Ngày  tiếp   nhận", "ngay hen tra", "Trạng thái:"]
    r = read_one(write_csv([["Ngày xuất: 10/01/2026"], header, dossier(1)]))
    assert r.error is None and r.rows_loaded == 1


def test_header_after_the_most_title_rows_allowed(write_csv):
    titles = [[f"Dòng tiêu đề {i}"] for i in range(MAX_TITLE_ROWS)]
    r = read_one(write_csv([*titles, HO_SO_HEADER, dossier(1)]))
    assert r.error is None
    assert r.rows["_row"].to_list() == [MAX_TITLE_ROWS + 2]


def test_header_after_too_many_title_rows_is_not_found(write_csv):
    # one more title row is tolerated: the 16th is taken as the group row of a two-row header
    titles = [[f"Dòng tiêu đề {i}"] for i in range(MAX_TITLE_ROWS + 2)]
    r = read_one(write_csv([*titles, HO_SO_HEADER, dossier(1)]))
    assert r.source is None
    assert "tiêu đề cột" in r.error


def test_named_source_is_the_only_candidate():
    r = read_one("ho_so_cong_viec_bom.csv", source="pakn")
    assert r.source is None
    assert "pakn" in r.error or "Phản ánh" in r.error
