"""Altair charts: a target's monthly trend with its threshold and milestones."""

from __future__ import annotations

from datetime import date

import altair as alt
import polars as pl

from warehouse.display import threshold_text, vn_date, vn_numbers
from warehouse.evaluate import Evaluation


def trend_points(e: Evaluation) -> pl.DataFrame:
    """The values drawn: each month's end under its own month's label, and the value judged at a deadline
    that has passed (labelled with its day), so that the chart shows the headline's number."""
    points = [(d, f"{d:%m/%Y}", v) for d, v in e.series]
    if e.judged_at < e.den_ngay and e.value is not None and e.judged_at not in {d for d, _ in e.series}:
        points.append((e.judged_at, f"{vn_date(e.judged_at)} (hạn)", e.value))
    points.sort(key=lambda p: p[0])
    frame = pl.DataFrame({"ngay": [p[0] for p in points], "nhan": [p[1] for p in points], "gia_tri": [p[2] for p in points]},
                         schema={"ngay": pl.Date, "nhan": pl.String, "gia_tri": pl.Float64})
    return frame.with_columns(spoken(pl.col("nhan"), pl.col("gia_tri")), ngay_chu=pl.col("ngay").dt.strftime("%d/%m/%Y"))


def forecast_points(e: Evaluation) -> pl.DataFrame:
    """The forecast drawn as an estimate: from the last month end's value to the value forecast at the horizon; drawn
    only on the year's own series (a shorter period's values do not count from the year's first day)."""
    f = e.forecast
    start = next((v for d, v in e.series if f and d == f.month_end), None) if e.tu_ngay == date(e.tu_ngay.year, 1, 1) else None
    if start is None:
        return pl.DataFrame(schema={"nhan": pl.String, "gia_tri": pl.Float64, "gia_tri_chu": pl.String, "mo_ta": pl.String})
    frame = pl.DataFrame({"nhan": [f"{f.month_end:%m/%Y}", f"{f.horizon:%m/%Y}"], "gia_tri": [start, f.value]})
    return frame.with_columns(spoken(pl.concat_str(pl.lit("Dự báo "), pl.col("nhan")), pl.col("gia_tri")))


def spoken(label: pl.Expr, value: pl.Expr) -> list[pl.Expr]:
    """A point's value as people write it (cut to one decimal: 52,8%) and its description, which the browser reads
    aloud and Vega would otherwise write with its own (English) number format."""
    text = pl.concat_str(vn_numbers(value, 1), pl.lit("%"))
    return [text.alias("gia_tri_chu"), pl.concat_str(label, pl.lit(": "), text).alias("mo_ta")]


def trend(e: Evaluation) -> alt.LayerChart:
    """The value at each month's end, the threshold as a labelled rule, milestones as points; tap or hover a
    point for its date and value."""
    series = trend_points(e)
    order = series["nhan"].to_list()
    milestones = [(f"{d:%m/%Y}", v) for d, v in e.target.milestones]
    order += [label for label, _ in milestones if label not in order]
    x = alt.X("nhan:O", title="Tháng", sort=order, axis=alt.Axis(labelAngle=0))
    y = alt.Y("gia_tri:Q", title="%", scale=alt.Scale(zero=False), axis=alt.Axis(format=".1~f"))
    line = alt.Chart(series).mark_line(point=alt.OverlayMarkDef(size=90, filled=True), color="#0b5394").encode(
        x=x, y=y, description="mo_ta:N", tooltip=[alt.Tooltip("ngay_chu:N", title="Đến ngày"),
                                                  alt.Tooltip("gia_tri_chu:N", title="Giá trị")])
    layers = [line]
    ahead = forecast_points(e)
    if not ahead.is_empty():
        order += [label for label in ahead["nhan"] if label not in order]
        layers += [alt.Chart(ahead).mark_line(strokeDash=[6, 4], color="#0b5394", point=alt.OverlayMarkDef(size=60)).encode(
                       x=x, y="gia_tri:Q", description="mo_ta:N",
                       tooltip=[alt.Tooltip("nhan:O", title="Dự báo (ước tính) đến"), alt.Tooltip("gia_tri_chu:N", title="Giá trị")]),
                   alt.Chart(ahead.tail(1)).mark_text(align="right", dx=-8, dy=-16, color="#0b5394", fontSize=12).encode(
                       x=x, y="gia_tri:Q", text=alt.value("Dự báo (ước tính)"), description=alt.value("Dự báo, ước tính"))]
    if milestones:
        steps = pl.DataFrame({"nhan": [m for m, _ in milestones], "gia_tri": [v for _, v in milestones]})
        steps = steps.with_columns(spoken(pl.concat_str(pl.lit("Mốc lộ trình "), pl.col("nhan")), pl.col("gia_tri")))
        layers.append(alt.Chart(steps).mark_point(shape="diamond", size=110, color="#c62828", filled=True).encode(
            x=x, y="gia_tri:Q", description="mo_ta:N",
            tooltip=[alt.Tooltip("nhan:O", title="Mốc lộ trình"), alt.Tooltip("gia_tri_chu:N", title="Chỉ tiêu")]))
    elif e.threshold is not None:
        rule = pl.DataFrame({"chi_tieu": [e.threshold], "nhan": [f"Chỉ tiêu {threshold_text(e.target, e.threshold)}"]})
        base = alt.Chart(rule).encode(y="chi_tieu:Q", description="nhan:N")
        layers += [base.mark_rule(color="#c62828", strokeDash=[6, 4]),
                   base.mark_text(align="left", dx=4, dy=-8, color="#c62828", fontSize=13).encode(x=alt.value(0), text="nhan:N")]
    return alt.layer(*layers).properties(height=260).configure(locale=VN_LOCALE)


# Vega's number format in Vietnamese: the axis writes 52,5 (not 52.5).
VN_LOCALE = {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}}
