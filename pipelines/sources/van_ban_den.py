"""The e-office register of incoming documents (sổ đăng ký văn bản đến, NĐ 30/2020)."""

import polars as pl


def derived():
    """Columns the suite checks: the year of arrival, within which `so_den` is unique."""
    return {"_nam_den": pl.col("ngay_den").dt.year()}
