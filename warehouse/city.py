"""The city view: every commune of the warehouse judged on the same plan and period, counted and ranked."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from warehouse.communes import commune_names
from warehouse.evaluate import MET, MISSED, NO_DATA, Evaluation, evaluate_communes
from warehouse.forecast import add_forecasts, ends_to_count
from warehouse.plan import Plan

COUNTS = {MET: "dat", MISSED: "chua_dat", NO_DATA: "chua_co_du_lieu"}
AT_RISK = "nguy_co"  # met targets forecast to miss at their horizon
SCORES_766 = {"ma_xa": pl.String, "tong_diem_766": pl.Float64, "hang_766": pl.Int64}


def communes_in(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The commune codes the warehouse holds rows of (as mapped to current communes on load)."""
    return [r[0] for r in con.sql("SELECT DISTINCT ma_xa FROM file_rows WHERE ma_xa IS NOT NULL ORDER BY ma_xa").fetchall()]


def city_evaluations(con: duckdb.DuckDBPyConnection, plan: Plan, tu_ngay: date, den_ngay: date,
                     checkins: pl.DataFrame | None = None) -> dict[str, list[Evaluation]]:
    """Every target of every commune the warehouse holds rows of, by commune code, with their forecasts."""
    by_commune = evaluate_communes(con, plan, tu_ngay, den_ngay, None, checkins=checkins,
                                   counts_at=ends_to_count(plan, tu_ngay, den_ngay))
    add_forecasts(con, plan, [e for evaluations in by_commune.values() for e in evaluations], None)
    return by_commune


def city_summary(by_commune: dict[str, list[Evaluation]], scores_766: pl.DataFrame | None = None) -> pl.DataFrame:
    """Per commune: its name, how many targets are met, not met and without data, how many met ones are at risk at
    their horizon (nguy_co), its rank by targets met (ties share a rank: 1, 2, 2, 4), and its latest 766 total and rank
    (scores.city_scores; empty without)."""
    names = commune_names()
    rows = [{"ma_xa": xa, "ten": names.get(xa, xa)} | {column: sum(e.status == s for e in evaluations) for s, column in COUNTS.items()}
            | {AT_RISK: sum(e.at_risk for e in evaluations)}
            for xa, evaluations in by_commune.items()]
    frame = pl.DataFrame(rows, schema={"ma_xa": pl.String, "ten": pl.String} | {c: pl.Int64 for c in (*COUNTS.values(), AT_RISK)})
    official = scores_766 if scores_766 is not None else pl.DataFrame(schema=SCORES_766)
    return (frame.with_columns(hang=pl.col("dat").rank("min", descending=True).cast(pl.Int64))
            .join(official.cast(SCORES_766), on="ma_xa", how="left", maintain_order="left")
            .sort("hang", "ma_xa"))


def statuses(by_commune: dict[str, list[Evaluation]]) -> pl.DataFrame:
    """Every commune's every target: its area and status."""
    rows = [{"ma_xa": xa, "linh_vuc_cchc": e.target.area, "ma_chi_tieu": e.target.id, "trang_thai": e.status}
            for xa, evaluations in by_commune.items() for e in evaluations]
    return pl.DataFrame(rows, schema={"ma_xa": pl.String, "linh_vuc_cchc": pl.String, "ma_chi_tieu": pl.String, "trang_thai": pl.String})


def area_counts(statuses: pl.DataFrame, plan: Plan) -> pl.DataFrame:
    """Per commune and area of the plan, from every target's status (statuses()): how many targets are met, not
    met and without data."""
    return (statuses.group_by("ma_xa", "linh_vuc_cchc")
            .agg(*(pl.col("trang_thai").eq(s).sum().cast(pl.Int64).alias(c) for s, c in COUNTS.items()))
            .sort("ma_xa", pl.col("linh_vuc_cchc").replace_strict({a: i for i, a in enumerate(plan.areas)}, return_dtype=pl.Int64)))


def with_red(summary: pl.DataFrame, areas: pl.DataFrame, area: str | None = None) -> pl.DataFrame:
    """The ranking's communes that have a target not met (in `area`, when given)."""
    red = areas.filter(pl.col("chua_dat") > 0, pl.lit(True) if area is None else pl.col("linh_vuc_cchc") == area)["ma_xa"]
    return summary.filter(pl.col("ma_xa").is_in(red.implode()))


def by_risk(summary: pl.DataFrame) -> pl.DataFrame:
    """The ranking ordered by the targets at risk, most first (then by rank)."""
    return summary.sort(AT_RISK, "hang", "ma_xa", descending=[True, False, False])


def by_766(summary: pl.DataFrame) -> pl.DataFrame:
    """The ranking ordered by the latest official 766 rank instead (communes without a score last)."""
    return summary.sort("hang_766", "ma_xa", nulls_last=True)
