"""Dates are day first in every listed format; a month-first date is rejected with a reason."""

from datetime import date, datetime

import polars as pl
import pytest
from reading import CORPUS, HO_SO_HEADER, dossier, read_one, typed


def intake(rows: pl.DataFrame, ma: str) -> datetime:
    """The intake date-time of one dossier."""
    return rows.filter(pl.col("ma_ho_so") == ma)["ngay_tiep_nhan"][0]


@pytest.mark.parametrize(
    "ma, expected",
    [
        ("D-01", datetime(2025, 4, 3)),  # dd/mm/yyyy
        ("D-02", datetime(2025, 4, 3, 8, 30)),  # dd/mm/yyyy HH:mm
        ("D-03", datetime(2025, 4, 3, 8, 30, 15)),  # dd/mm/yyyy HH:mm:ss
        ("D-04", datetime(2025, 4, 3, 8, 30, 15)),  # yyyyMMddHHmmss
        ("D-05", datetime(2025, 4, 3)),  # yyyy-mm-dd
        ("D-10", datetime(2026, 1, 4)),  # d/m/yyyy
    ],
)
def test_every_text_format_is_day_first(ma, expected):
    assert intake(read_one("ho_so_gia_tri.csv").rows, ma) == expected


def test_excel_date_and_datetime_cells():
    rows = read_one("so_theo_doi_ho_so.xlsx").rows
    assert rows["ngay_tiep_nhan"][0] == datetime(2025, 12, 1, 8, 30)
    assert rows["ngay_hen_tra"][0] == datetime(2025, 12, 3)
    assert rows["ngay_tra"][1] == datetime(2025, 12, 3, 15, 10)


def test_text_dates_beside_excel_dates_in_one_column():
    rows = read_one("so_theo_doi_ho_so.xlsx").rows
    assert rows["ngay_tiep_nhan"].to_list()[3:] == [datetime(2025, 12, 15, 8), datetime(2025, 12, 22, 10, 20), datetime(2025, 12, 30)]
    assert rows["ngay_ket_thuc"][0] == datetime(2025, 12, 2, 10)  # "02/12/2025 10:00:00"


def test_excel_date_cells_in_date_columns():
    rows = read_one("thu_tuc.xlsx").rows
    assert rows["hieu_luc_tu"].to_list() == [date(2016, 1, 1), date(2020, 6, 15), date(2025, 7, 1), date(2025, 7, 1)]
    assert rows["hieu_luc_den"].to_list() == [None, None, None, date(2025, 12, 31)]


def test_sync_layout_timestamps():
    rows = read_one("ho_so_dong_bo.csv").rows
    assert rows["ngay_tiep_nhan"][0] == datetime(2025, 12, 1, 8, 30)
    assert rows["ngay_cap_nhat"][3] == datetime(2026, 1, 10, 16, 30)


def test_month_first_date_is_rejected_with_a_reason():
    r = read_one("ho_so_gia_tri.csv")
    bad = r.rejects.filter(pl.col("value") == "12/25/2025").row(0, named=True)
    assert (bad["row"], bad["column"]) == (7, "ngay_tiep_nhan")
    assert "ngày trước tháng" in bad["reason"]
    assert "D-06" not in r.rows["ma_ho_so"].to_list()


def test_ambiguous_date_is_read_day_first(write_csv):
    r = read_one(write_csv([HO_SO_HEADER, dossier(1, intake="03/04/2025")]))
    assert r.rows["ngay_tiep_nhan"][0] == datetime(2025, 4, 3)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("03/04/2025", datetime(2025, 4, 3)),
        ("03/04/2025 07:05", datetime(2025, 4, 3, 7, 5)),
        ("03/04/2025 07:05:09", datetime(2025, 4, 3, 7, 5, 9)),
        ("20250403070509", datetime(2025, 4, 3, 7, 5, 9)),
        ("2025-04-03", datetime(2025, 4, 3)),
        ("2025-04-03 00:00:00", datetime(2025, 4, 3)),  # an Excel date cell as calamine writes it
        (" 03/04/2025 ", datetime(2025, 4, 3)),
        ("12/25/2025", None),
        ("15/06/25", datetime(2025, 6, 15)),  # a two-digit year is 20yy
        ("1/7/25 08:30", datetime(2025, 7, 1, 8, 30)),
        ("15/06/0025", None),  # no date is read with a year before 1900
        ("0025-06-15", None),
        ("31/02/2025", None),
        ("hôm qua", None),
    ],
)
def test_parse_datetime(text, expected):
    assert typed("ho_so", "ngay_tiep_nhan", text) == expected


def test_mixed_formats_in_a_long_column_are_all_read(write_csv):
    # more rows than the readers sample for formats, with a rare format only in the middle
    rows = [dossier(i, intake="01/12/2025") for i in range(1500)]
    rows[700] = dossier(700, intake="20251202093000")
    r = read_one(write_csv([HO_SO_HEADER, *rows]))
    assert r.rows_rejected == 0
    assert r.rows["ngay_tiep_nhan"][700] == datetime(2025, 12, 2, 9, 30)


def test_two_digit_years_in_title_rows_are_20yy():
    from pipelines.header import read_titles

    assert read_titles([["Ngày xuất: 17/12/25"]]).snapshot == date(2025, 12, 17)
    assert read_titles([["Tính đến ngày 17/12/0025"]]).snapshot is None


def test_a_register_with_two_digit_years_is_read_in_this_century():
    r = read_one(CORPUS / "nam_hai_chu_so.csv")
    assert r.rows_rejected == 0
    assert r.rows["ngay_tiep_nhan"].dt.year().to_list() == [2025] * 4
    assert r.snapshot == date(2025, 12, 4)
