"""Dossiers (hồ sơ TTHC): the sync layout (field codes) and the "Sổ theo dõi hồ sơ" workbook."""

import polars as pl

from pipelines.values import EARLIEST_INTAKE


def row_checks():
    """Intake dates before 2020 are errors, not history."""
    early = pl.col("ngay_tiep_nhan").cast(pl.Date) < EARLIEST_INTAKE
    return [("ngay_tiep_nhan", pl.when(early).then(pl.lit("ngày tiếp nhận trước năm 2020")))]


def derived():
    """Columns the suite checks: a finished dossier (status 9, 10) has an end date."""
    return {"_xong_co_ngay_ket_thuc": ~pl.col("trang_thai").is_in([9, 10]) | pl.col("ngay_ket_thuc").is_not_null()}
