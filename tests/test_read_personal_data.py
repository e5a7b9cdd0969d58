"""Personal data (owner, ID number, address, phone, email, petition content) never comes out of the reader."""

import polars as pl
import pytest
from reading import read

from warehouse.sources import personal_titles, sources
from warehouse.text import fold

PERSONAL_VALUES = {
    "ho_so_dong_bo.csv": ["Nguyễn Văn An", "031234567890", "Số 5 ngõ 12, thôn Đông", "0912345678", "an.nguyen@example.vn"],
    "ho_so_dong_bo.jsonl": ["Nguyễn Văn An", "031234567890", "0912345678", "tuan.hm@example.vn"],
    "so_theo_doi_ho_so.xlsx": ["Nguyễn Văn An", "0912345678", "Số 5 ngõ 12, thôn Đông", "Xóm Chùa"],
    "so_giay.xlsx": ["Bùi Văn Hải", "Thôn Đông"],
    "ho_so_gia_tri.csv": ["Trịnh Văn Sơn", "0911000001", "0911000006"],
    "pakn_cp1258.csv": ["Phạm Thị Dung", "0987654321", "Đường thôn Đông bị ngập, đề nghị xử lý"],
    "nhan_su.xlsx": ["Nguyễn Thị Hằng", "Phạm Văn Đức", "Lê Văn Cường"],
}


def every_cell(results) -> set[str]:
    """Every value in the rows and rejects of the results, as text."""
    out = set()
    for r in results:
        for frame in (r.rows, r.rejects):
            if frame is not None and len(frame):
                out |= {str(v) for col in frame.select(pl.all().cast(pl.String)).iter_columns() for v in col if v is not None}
    return out


@pytest.mark.parametrize("name", sorted(PERSONAL_VALUES))
def test_personal_values_are_not_read(name):
    cells = every_cell(read(name))
    assert cells, "the fixture gave no rows at all"
    assert not cells & set(PERSONAL_VALUES[name])


@pytest.mark.parametrize("name", sorted(PERSONAL_VALUES))
def test_no_personal_column_comes_out(name):
    personal = {"chu_ho_so", "so_giay_to", "dia_chi", "so_dien_thoai", "email", "noi_dung", "ho_ten", "nguoi_phan_anh"}
    for r in read(name):
        if r.rows is not None:
            assert not set(r.rows.columns) & personal
            assert set(r.rows.columns) <= {"_row", *r.source.columns}


def test_no_catalogue_title_names_personal_data():
    for src in sources().values():
        assert not set(src.alias_index) & personal_titles(), src.name


def test_personal_sync_codes_are_listed():
    assert {fold(t) for t in ["ChuHoSo", "SoGiayToChuHoSo", "DiaChiChuHoSo", "SoDienThoai"]} <= personal_titles()


def test_staff_names_are_dropped_but_officials_in_charge_are_kept():
    rows = next(r for r in read("so_theo_doi_ho_so.xlsx")).rows
    assert "can_bo_xu_ly" in rows.columns  # the official handling it, shown to department leads
    assert "Trần Thị Bình" in rows["can_bo_xu_ly"].to_list()
