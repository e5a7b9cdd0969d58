"""The national portal's 766 scores (source diem_766): per month, level and period kind, ranked, matched to the
registry's communes, and each group beside the plan's own figures that measure the same thing."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from warehouse.communes import communes
from warehouse.db import model_sql, run_model
from warehouse.evaluate import Evaluation, measure
from warehouse.plan import Plan, Target
from warehouse.sources import codes, sources
from warehouse.text import fold

# A 766 unit's level (cap), from the catalogue (codes.cap_don_vi): its first word ("tỉnh", "sở", "xã"), and that word
# folded as the command line takes it (--level tinh|so|xa).
LEVEL_WORDS = {cap: label.split(",")[0].lower() for cap, label in codes()["cap_don_vi"].items()}
LEVELS = {fold(word): cap for cap, word in LEVEL_WORDS.items()}
GROUPS = ("tdgq", "mdhl", "mdsh", "tttt", "clgq", "ckmb")
DISAGREE = 10.0  # percentage points between a group's share of its maximum and the plan's own figure that mark them apart


def group_title(group: str) -> str:
    """A group's Vietnamese name (the catalogue's first title of its column)."""
    return sources()["diem_766"].columns[group].titles[0]


def group_max(group: str) -> float:
    """The most points a group (or the total) can have."""
    return sources()["diem_766"].columns[group].max


def scores(con: duckdb.DuckDBPyConnection, thang: date | None = None, cap: int | None = None,
           ky: str | None = None) -> pl.DataFrame:
    """The scores of a month (every month when None), a level and a period kind (all when None), ranked, with the
    registry's commune of each commune-level unit (ma_xa)."""
    listed = communes()["communes"]
    params = {"thang": thang, "cap": cap, "ky": ky, "xa_codes": list(listed),
              "xa_ma_hanh_chinh": [(c.get("ma_hanh_chinh") or "").upper() or None for c in listed.values()],
              "xa_names": [fold(c["name"]) for c in listed.values()]}
    return run_model(con, model_sql("diem_766"), params).pl()


def with_gaps(frame: pl.DataFrame) -> pl.DataFrame:
    """Scores (scores()) with the points still short of 100 (diem_con_thieu) and the points to the next better-ranked
    unit of the same level, period kind and month (cach_hang_tren; null for rank 1)."""
    keys = ["cap", "ky", "thang"]
    above = (frame.select(*keys, "tong_diem").unique().sort(*keys, "tong_diem")
             .with_columns(tren=pl.col("tong_diem").shift(-1).over(keys)))
    return (frame.join(above, on=[*keys, "tong_diem"], how="left", maintain_order="left")
            .with_columns(diem_con_thieu=(100 - pl.col("tong_diem")).round(2),
                          cach_hang_tren=(pl.col("tren") - pl.col("tong_diem")).round(2))
            .drop("tren"))


def at_stake(con: duckdb.DuckDBPyConnection, plan: Plan, ma_xa: str, thang: date) -> dict | None:
    """What a commune's month in the commune table leaves on the table: its rank among its level (hang, so_don_vi),
    the points to the next better rank and the rank that is (cach_hang_tren, hang_tren), to rank 1 (cach_hang_1), and
    its six groups, most points short first (nhom: title, points, maximum, short, the plan's paired targets); None
    when the month has no row of it."""
    table = with_gaps(scores(con, thang, LEVELS["xa"], "thang"))
    mine = table.filter(pl.col("ma_xa") == ma_xa)
    if mine.is_empty():
        return None
    r = mine.row(0, named=True)
    better = table.filter(pl.col("tong_diem") > r["tong_diem"])
    groups = sorted(({"nhom": group_title(g), "diem": r[g], "toi_da": group_max(g), "thieu": round(group_max(g) - r[g], 2),
                      "chi_tieu": plan.diem_766.get(g, {}).get("targets", [])} for g in GROUPS), key=lambda x: -x["thieu"])
    return {"thang": thang, "tong_diem": r["tong_diem"], "hang": r["hang"], "so_don_vi": len(table),
            "cach_hang_tren": r["cach_hang_tren"],
            "hang_tren": better.filter(pl.col("tong_diem") == better["tong_diem"].min())["hang"][0] if len(better) else None,
            "cach_hang_1": round(table["tong_diem"].max() - r["tong_diem"], 2), "nhom": groups}


def latest_month(con: duckdb.DuckDBPyConnection) -> date | None:
    """The latest month whose scores are loaded (None when none is)."""
    return con.sql("SELECT max(thang) FROM mart_diem_766").fetchall()[0][0]


def month_levels(con: duckdb.DuckDBPyConnection, thang: date) -> list[int]:
    """The levels (cap) whose scores of a month are loaded, in order (none when the month is not loaded)."""
    return [cap for (cap,) in con.execute("SELECT DISTINCT cap FROM mart_diem_766 WHERE thang = $thang ORDER BY cap",
                                          {"thang": thang}).fetchall()]


def commune_history(con: duckdb.DuckDBPyConnection, ma_xa: str, den_ngay: date | None = None) -> pl.DataFrame:
    """A commune's monthly scores (its month's, not the year's to date), oldest first, up to the month of `den_ngay`."""
    frame = scores(con, cap=LEVELS["xa"], ky="thang").filter(pl.col("ma_xa") == ma_xa)
    if den_ngay is not None:
        frame = frame.filter(pl.col("thang") <= den_ngay.replace(day=1))
    return frame.sort("thang")


def city_scores(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    """Each registry commune's total and rank in the latest month's commune scores (ma_xa, tong_diem_766, hang_766);
    None when no scores are loaded."""
    month = latest_month(con)
    if month is None:
        return None
    return (scores(con, month, LEVELS["xa"], "thang").filter(pl.col("ma_xa").is_not_null())
            .select("ma_xa", tong_diem_766=pl.col("tong_diem"), hang_766=pl.col("hang").cast(pl.Int64)))


def beside_plan(con: duckdb.DuckDBPyConnection, plan: Plan, month: dict, evaluations: list[Evaluation],
                tu_ngay: date, den_ngay: date, ma_xa: str) -> pl.DataFrame:
    """Each 766 group of a commune's month (a row of commune_history) beside the plan's figures that measure the same
    thing: its points, maximum and share, and the paired targets' values and statuses (or a measure's share)."""
    by_id = {e.target.id: e for e in evaluations}
    rows = []
    for group in GROUPS:
        pair = plan.diem_766.get(group, {})
        figures = [(i, by_id[i].target.text, by_id[i].value, by_id[i].status) for i in pair.get("targets", []) if i in by_id]
        if "measure" in pair:
            figures.append((None, pair.get("text", pair["measure"]), _share(con, pair["measure"], tu_ngay, den_ngay, ma_xa), None))
        for target_id, text, value, status in figures or [(None, None, None, None)]:
            rows.append({"nhom": group_title(group), "diem": month[group], "toi_da": group_max(group),
                         "ty_le_diem": 100 * month[group] / group_max(group), "ma_chi_tieu": target_id, "chi_tieu": text,
                         "gia_tri": value, "trang_thai": status})
    frame = pl.DataFrame(rows, schema={"nhom": pl.String, "diem": pl.Float64, "toi_da": pl.Float64, "ty_le_diem": pl.Float64,
                                       "ma_chi_tieu": pl.String, "chi_tieu": pl.String, "gia_tri": pl.Float64,
                                       "trang_thai": pl.String})
    return frame.with_columns(khac_nhau=((pl.col("gia_tri") - pl.col("ty_le_diem")).abs() >= DISAGREE).fill_null(False))


def _share(con: duckdb.DuckDBPyConnection, name: str, tu_ngay: date, den_ngay: date, ma_xa: str) -> float | None:
    """A measure's share (%) for a commune and period; None when it counts nothing."""
    probe = Target(id=name, area="", area_name="", text="", kind="measured", unit="percent", owner="", threshold=None,
                   deadline=den_ngay, milestones=(), sources=(), coordinators=(), definition="", measure=name)
    tu_so, mau_so = measure(con, [probe], tu_ngay, den_ngay, ma_xa).get((ma_xa, name), (0.0, 0.0))
    return 100 * tu_so / mau_so if mau_so else None
