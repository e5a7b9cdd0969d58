"""Yes/no: `1/0`, `Có/Không`, `x`/empty, `TRUE/FALSE`, `Đã/Chưa`, Excel booleans; an empty cell is No."""

import polars as pl
import pytest
from reading import HO_SO_HEADER, dossier, read, read_one, typed


@pytest.mark.parametrize(
    "ma, expected",
    [("D-01", True), ("D-02", False), ("D-03", True), ("D-04", False), ("D-05", True), ("D-09", True),
     ("D-10", False), ("D-11", True), ("D-12", False), ("D-13", False), ("D-14", True)],
)
def test_yes_no_words(ma, expected):  # 1, 0, Có, Không, x, TRUE, FALSE, Đã, Chưa, empty, true
    rows = read_one("ho_so_gia_tri.csv").rows
    assert rows.filter(pl.col("ma_ho_so") == ma)["da_dong_bo"][0] is expected


def test_x_or_empty_cells():
    rows = read_one("thu_tuc.xlsx").rows
    assert rows["du_dieu_kien_toan_trinh"].to_list() == [True, True, False, False]
    assert rows["mien_khoan3_dieu14"].to_list() == [False, False, False, True]


def test_excel_boolean_cells():
    bo_nhiem = next(r for r in read("nhan_su.xlsx") if r.sheet == "Bổ nhiệm")
    assert bo_nhiem.rows["dung_quy_trinh"].to_list() == [True, True, False]


def test_da_chua():
    dao_tao = next(r for r in read("nhan_su.xlsx") if r.sheet == "Đào tạo")
    assert dao_tao.rows["da_tham_gia"].to_list() == [True, False, True]


def test_json_booleans():
    rows = read_one("ho_so_dong_bo.jsonl").rows
    assert rows["da_dong_bo"].to_list() == [True, True, True, False]


def test_co_khong():
    assert read_one("ho_so_cong_viec_bom.csv").rows["xu_ly_tren_mang"].to_list() == [True, False, True, True]


def test_other_words_are_rejected(write_csv):
    header = [*HO_SO_HEADER, "Đồng bộ DVCQG"]
    r = read_one(write_csv([header, dossier(1) + ["Có lẽ"], dossier(2) + ["Có"]]))
    assert r.rows["da_dong_bo"].to_list() == [True]
    bad = r.rejects.row(0, named=True)
    assert (bad["row"], bad["column"], bad["value"]) == (2, "da_dong_bo", "Có lẽ")
    assert "có/không" in bad["reason"]


@pytest.mark.parametrize(
    "text, expected",
    [("1", True), ("0", False), ("Có", True), ("CÓ", True), ("Không", False), ("x", True), ("X", True),
     (None, False), ("TRUE", True), ("False", False), ("Đã", True), ("Chưa", False), ("có thể", None)],
)
def test_parse_bool(text, expected):
    assert typed("ho_so", "da_dong_bo", text) is expected



def test_an_empty_required_yes_no_cell_means_no(tmp_path):
    from datetime import date

    from pipelines.load import read_file

    path = tmp_path / "hscv.csv"
    path.write_text("ma_hscv,don_vi,ngay_mo,xu_ly_tren_mang,ngay_du_lieu\nA1,VP,02/01/2025,x,31/01/2025\nA2,VP,03/01/2025,,31/01/2025\n",
                    encoding="utf-8")
    [result] = read_file(path, today=date(2026, 1, 15))
    assert result.rows_rejected == 0
    assert result.rows["xu_ly_tren_mang"].to_list() == [True, False]
