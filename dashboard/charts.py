"""Altair charts: a target's monthly trend with its threshold and milestones."""

from __future__ import annotations

import altair as alt
import polars as pl

from warehouse.evaluate import Evaluation


def trend(e: Evaluation) -> alt.LayerChart:
    """The value at each month's end, the threshold as a rule, milestones as points."""
    series = pl.DataFrame({"thang": [d for d, _ in e.series], "gia_tri": [v for _, v in e.series]},
                          schema={"thang": pl.Date, "gia_tri": pl.Float64})
    x = alt.X("thang:T", title="Cuối tháng", axis=alt.Axis(format="%m/%Y"))
    line = alt.Chart(series).mark_line(point=True, color="#0b5394").encode(
        x=x, y=alt.Y("gia_tri:Q", title="%", scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("thang:T", title="Đến ngày", format="%d/%m/%Y"), alt.Tooltip("gia_tri:Q", title="Giá trị (%)", format=".1f")],
    )
    layers = [line]
    if e.target.milestones:
        steps = pl.DataFrame({"thang": [d for d, _ in e.target.milestones], "gia_tri": [v for _, v in e.target.milestones]})
        layers.append(alt.Chart(steps).mark_point(shape="diamond", size=90, color="#c62828", filled=True).encode(
            x=x, y="gia_tri:Q", tooltip=[alt.Tooltip("thang:T", title="Mốc lộ trình", format="%d/%m/%Y"), alt.Tooltip("gia_tri:Q", title="Chỉ tiêu (%)")]))
    elif e.threshold is not None:
        rule = pl.DataFrame({"chi_tieu": [e.threshold]})
        layers.append(alt.Chart(rule).mark_rule(color="#c62828", strokeDash=[6, 4]).encode(
            y="chi_tieu:Q", tooltip=[alt.Tooltip("chi_tieu:Q", title="Chỉ tiêu (%)")]))
    return alt.layer(*layers).properties(height=260)
