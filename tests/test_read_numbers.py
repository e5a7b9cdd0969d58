"""Amounts: Excel numbers, or Vietnamese text (`1.234.567`, `1.234,5`), times the title's unit."""

import polars as pl
import pytest
from reading import HO_SO_HEADER, dossier, read_one, typed

MILLION = 1_000_000


def fee(rows: pl.DataFrame, ma: str) -> float | None:
    """The fee of one dossier."""
    return rows.filter(pl.col("ma_ho_so") == ma)["phi_le_phi"][0]


@pytest.mark.parametrize(
    "ma, expected",
    [("D-01", 1_234_567), ("D-02", 1234.5), ("D-03", 50_000), ("D-04", 0), ("D-05", None),
     ("D-09", 12_000), ("D-10", 1_000_000.5), ("D-11", 7.5), ("D-12", 300)],
)
def test_vietnamese_number_text(ma, expected):
    assert fee(read_one("ho_so_gia_tri.csv").rows, ma) == expected


def test_excel_numbers_and_text_numbers_in_one_column():
    rows = read_one("so_theo_doi_ho_so.xlsx").rows
    assert rows["phi_le_phi"].to_list() == [0, 6000, 1_234_567, 0, 100_000, 2000]


def test_amounts_in_trieu_dong_are_scaled_to_dong():
    rows = read_one("giai_ngan_trieu_dong.xlsx").rows
    assert rows["ke_hoach_von_nam"].to_list() == [4000 * MILLION, 3000 * MILLION, 4500 * MILLION, 1000 * MILLION]
    assert rows["luy_ke_giai_ngan"].to_list() == [3500 * MILLION, 2000.5 * MILLION, 3500 * MILLION, 876 * MILLION]


def test_text_cell_with_thousands_dot_is_not_a_decimal_in_a_workbook(write_xlsx):
    # "4.500" typed as text means 4 500 (triệu); a numeric cell 4.5 means 4,5
    header = ["Mã dự án", "Tên dự án", "Kế hoạch vốn năm", "Lũy kế giải ngân"]
    cells = {(0, 0): "Đơn vị tính: triệu đồng", (1, 0): "Tính đến ngày 31/12/2025"}
    cells |= {(2, c): t for c, t in enumerate(header)}
    cells |= {(3, 0): "DA-1", (3, 1): "Dự án 1", (3, 2): "4.500", (3, 3): 4.5}
    rows = read_one(write_xlsx({"Giải ngân": cells})).rows
    assert rows["ke_hoach_von_nam"][0] == 4500 * MILLION
    assert rows["luy_ke_giai_ngan"][0] == 4.5 * MILLION


def test_bad_amount_is_rejected_with_a_reason(write_csv):
    header = [*HO_SO_HEADER, "Phí, lệ phí"]
    r = read_one(write_csv([header, dossier(1) + ["50.000đ"], dossier(2) + ["năm mươi nghìn"], dossier(3) + ["-5.000"]]))
    assert r.rows["phi_le_phi"].to_list() == [50_000]
    reasons = dict(zip(r.rejects["row"], r.rejects["reason"]))
    assert "số tiền không hợp lệ" in reasons[3]
    assert reasons[4] == "Phí, lệ phí (đồng) âm"


def test_integers_as_text_or_excel_numbers():
    rows = read_one("to_chuc.xlsx").rows
    assert rows["bien_che_giao"].to_list() == [12, 9, 8, 6]
    assert rows["bien_che_hien_co"].to_list() == [11, 9, 7, 5]  # the last one typed as text "5"


@pytest.mark.parametrize(
    "text, expected",
    [("1.234.567", 1_234_567), ("1.234,5", 1234.5), ("1234,5", 1234.5), ("1234.5", 1234.5), ("1 234 567", 1_234_567),
     ("12.000 đ", 12_000), ("abc", None), ("1,234,567", None)],
)
def test_parse_number_text(text, expected):
    assert typed("ho_so", "phi_le_phi", text) == expected


def test_unit_abbreviation_dvt_scales_amounts():
    from pipelines.header import read_titles

    assert read_titles([["ĐVT: triệu đồng"]]).scale == 1_000_000
    assert read_titles([["Đvt: nghìn đồng"]]).scale == 1_000
