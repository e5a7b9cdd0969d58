"""Per source: whether it can be trusted at the as-of date (the health the evaluation judges by, its problem and
warnings in words), and for the Dữ liệu page the last file, its date, rows and failed checks, in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import polars as pl

from warehouse.db import run_model
from warehouse.sources import sources

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


@dataclass
class Health:
    """What one source can be trusted for at a date, for one commune: `kind` says what is wrong, if anything."""

    source: str
    snapshot: date | None = None
    kind: str | None = None  # 'missing', 'stale' (mart_source_health.van_de), or None
    problem: str | None = None
    warning: str | None = None


def not_loaded(source: str) -> Health:
    """The health of a source nothing was ever loaded of (for the commune): missing, and said so."""
    return Health(source, kind="missing", problem=_not_loaded_text(sources()[source].label))


def _not_loaded_text(label: str) -> str:
    return f"Chưa nạp dữ liệu '{label}'."


def source_health(con: duckdb.DuckDBPyConnection, den_ngay: date, xa: str | None) -> dict[tuple[str, str], Health]:
    """(commune, source) → freshness and quality of the source at den_ngay."""
    frame = run_model(con, "SELECT * FROM mart_source_health($den_ngay, $ma_xa)", {"den_ngay": den_ngay, "ma_xa": xa}).pl()
    return {(r["ma_xa"], r["source"]): _health(r, den_ngay) for r in frame.iter_rows(named=True)}


def _health(r: dict, den_ngay: date) -> Health:
    """One source's row of mart_source_health, in words."""
    h = Health(source=r["source"], snapshot=r["ngay_danh_gia"], kind=r["van_de"])
    label = r["label"]
    if h.kind == "missing" and r["moi_nhat"] is None:
        h.problem = _not_loaded_text(label)
    elif h.kind == "missing":
        h.problem = f"Chưa có dữ liệu '{label}' đến ngày {den_ngay:%d/%m/%Y}."
    elif h.kind == "stale":
        h.problem = (f"Dữ liệu '{label}' cũ: số liệu ngày {h.snapshot:%d/%m/%Y}, "
                     f"quá {r['freshness']} ngày tính đến {den_ngay:%d/%m/%Y}.")
    notes = [_rejected_note(r)] if r["tep_cuoi_bi_loai"] else []
    if r["so_dong_loai_tep_cuoi"]:
        notes.append(f"{r['so_dong_loai_tep_cuoi']} dòng của tệp {r['ten_tep_cuoi']} bị loại ({label}).")
    if r["canh_bao_tep_cuoi"]:
        notes.append(f"Cảnh báo chất lượng ({r['ten_tep_cuoi']}): {r['canh_bao_tep_cuoi']}")
    h.warning = " ".join(notes) or None
    return h


def _rejected_note(r: dict) -> str:
    """The warning of a source whose newest file was rejected: the figures stand on the files loaded before it."""
    said = f"Tệp mới nhất của nguồn '{r['label']}' ({r['ten_tep_loai']}) bị từ chối ngày {r['ngay_loai']:%d/%m/%Y}"
    if r["ngay_nap_cuoi"] is None:
        return f"{said}: chưa có tệp nào của nguồn này được nạp."
    return f"{said}: số liệu tính đến tệp đã nạp ngày {r['ngay_nap_cuoi']:%d/%m/%Y}."
