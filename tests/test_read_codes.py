"""Codes come as numbers or words (`2` or `Trực tuyến`); labels are stored in their canonical spelling."""

import polars as pl
import pytest
from reading import HO_SO_HEADER, dossier, read_one


@pytest.mark.parametrize(
    "ma, kenh, trang_thai",
    [("D-01", 1, 10), ("D-02", 2, 10), ("D-03", 2, 9), ("D-04", 3, 9), ("D-05", 1, 4)],
)
def test_codes_as_numbers_or_words(ma, kenh, trang_thai):
    rows = read_one("ho_so_gia_tri.csv").rows.filter(pl.col("ma_ho_so") == ma)
    assert (rows["kenh"][0], rows["trang_thai"][0]) == (kenh, trang_thai)


def test_codes_as_words_in_a_workbook():
    rows = read_one("so_theo_doi_ho_so.xlsx").rows
    assert rows["kenh"].to_list() == [2, 1, 2, 3, 2, 1]
    assert rows["trang_thai"].to_list() == [10, 10, 5, 10, 4, 10]


def test_codes_as_excel_numbers():
    rows = read_one("so_giay.xlsx").rows
    assert rows["kenh"].to_list() == [1, 1, 3]
    assert rows["trang_thai"].to_list() == [10, 4, 10]


def test_levels_as_words_or_numbers():
    assert read_one("thu_tuc.xlsx").rows["muc_do"].to_list() == [4, 3, 3, 2]


def test_sync_layout_codes():
    rows = read_one("ho_so_dong_bo.csv").rows
    assert rows["kenh"].to_list() == [2, 1, 2, 3, 1]
    assert rows["thanh_toan_truc_tuyen"].to_list() == [0, 0, 1, 2, 0]
    assert rows["loai_doi_tuong"].to_list() == [1, 1, 1, 2, 1]


def test_codes_outside_the_set_are_rejected(write_csv):
    r = read_one(write_csv([HO_SO_HEADER, dossier(1, **{"Kênh nộp": "5"}), dossier(2, **{"Kênh nộp": "Qua Zalo"}), dossier(3)]))
    assert r.rows["ma_ho_so"].to_list() == ["T-0003"]
    assert r.rejects["row"].to_list() == [2, 3]
    assert r.rejects["reason"].to_list() == ["Kênh nộp không thuộc danh mục (1, 2, 3)",  # a number outside the set
                                             "mã không đọc được: không phải số mã hay tên trong danh mục"]  # no code


def test_labels_are_stored_canonically():
    assert read_one("bao_cao_dinh_ky.csv").rows["kenh_gui"].to_list() == [
        "Hệ thống báo cáo", "Văn bản giấy", "Thư điện tử", None]  # "thư điện tử" in the file


def test_paper_book_system():
    assert set(read_one("so_giay.xlsx").rows["he_thong"]) == {"Sổ giấy"}


def test_label_outside_the_set_is_rejected(write_csv):
    header = [*HO_SO_HEADER, "Hệ thống xử lý"]
    r = read_one(write_csv([header, dossier(1) + ["Sổ tay"], dossier(2) + ["SỔ GIẤY"]]))
    assert r.rows["he_thong"].to_list() == ["Sổ giấy"]
    assert r.rejects.row(0, named=True)["reason"] == "Hệ thống xử lý không thuộc danh mục (Thành phố, Bộ ngành, Sổ giấy)"
