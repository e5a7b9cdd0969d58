"""Per source: the last file, its date, freshness at the as-of date, rows and failed checks, in plain words."""

from __future__ import annotations

from datetime import date

import polars as pl

from pipelines.catalogue import sources


def describe_sources(overview: pl.DataFrame, den_ngay: date) -> pl.DataFrame:
    """One line per catalogue source (loaded or not) with freshness judged at den_ngay."""
    catalogue = pl.DataFrame({
        "source": list(sources()),
        "nguon": [s.label for s in sources().values()],
        "han_moi": [s.freshness for s in sources().values()],
    })
    joined = catalogue.join(overview, on="source", how="left")
    age = (pl.lit(den_ngay) - pl.col("snapshot_date")).dt.total_days()
    return joined.with_columns(
        so_ngay=age,
        tinh_trang=pl.when(pl.col("file_name").is_null()).then(pl.lit("Chưa nạp"))
        .when(pl.col("status") == "rejected").then(pl.lit("Tệp mới nhất bị từ chối"))
        .when((pl.col("han_moi") > 0) & (age > pl.col("han_moi"))).then(pl.format("Cũ: quá {} ngày", pl.col("han_moi")))
        .when(pl.col("rows_rejected") > 0).then(pl.lit("Có dòng bị loại"))
        .when(pl.col("canh_bao") > 0).then(pl.lit("Có cảnh báo"))
        .otherwise(pl.lit("Tốt")),
    )
