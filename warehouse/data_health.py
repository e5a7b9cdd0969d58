"""Per source: the last file, its date, whether it can be trusted at the as-of date, rows and failed checks, in words."""

from __future__ import annotations

from datetime import date

import polars as pl

PROBLEMS = {"missing": "Chưa có số liệu"}


def describe_sources(overview: pl.DataFrame, den_ngay: date) -> pl.DataFrame:
    """source_overview's lines with the state of each source in words (freshness as mart_source_health judged it)."""
    return overview.with_columns(
        so_ngay=(pl.lit(den_ngay) - pl.col("ngay_danh_gia")).dt.total_days().clip(lower_bound=0),  # a later file is fresh
        tinh_trang=pl.when(pl.col("van_de") == "stale").then(pl.format("Cũ (quá {} ngày)", pl.col("han_moi")))
        .when(pl.col("van_de").is_not_null()).then(pl.col("van_de").replace_strict(PROBLEMS, default=None))
        .when(pl.col("tep_cuoi_bi_loai")).then(pl.lit("Tệp mới nhất bị từ chối (số liệu theo tệp trước)"))
        .when(pl.col("rows_rejected") > 0).then(pl.lit("Có dòng bị loại"))
        .when(pl.col("canh_bao") > 0).then(pl.lit("Có cảnh báo"))
        .otherwise(pl.lit("Tốt")),
        muc=pl.when(pl.col("van_de") == "stale").then(pl.lit("loi"))
        .when(pl.col("van_de") == "missing").then(pl.lit("thieu"))
        .when(pl.col("tep_cuoi_bi_loai") | (pl.col("rows_rejected") > 0) | (pl.col("canh_bao") > 0)).then(pl.lit("canh_bao"))
        .otherwise(pl.lit("tot")),  # how the state is coloured: loi, canh_bao, thieu, tot
    )
