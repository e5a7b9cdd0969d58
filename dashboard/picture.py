"""A one-page picture (PNG) of the overview that the Chairman can forward in a chat app."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import altair as alt
import polars as pl

from warehouse.plan import Plan
from warehouse.display import threshold_text, value_text, vn_date
from warehouse.evaluate import MET, MISSED, NO_DATA, Evaluation

COLOURS = {MET: "#1b7f3b", MISSED: "#c62828", NO_DATA: "#616161"}
SYMBOLS = {MET: "✔", MISSED: "✖", NO_DATA: "?"}
FONT = "DejaVu Sans"  # has every Vietnamese letter and ≥
FONT_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts")


@cache
def _fonts() -> None:
    """Let the renderer find a font with every Vietnamese letter."""
    import vl_convert

    for folder in FONT_DIRS:
        if Path(folder).is_dir():
            vl_convert.register_font_directory(folder)


def overview_chart(evaluations: list[Evaluation], plan: Plan) -> alt.VConcatChart:
    """The overview as one chart: title, counts, and one line per target with status as word, symbol and colour."""
    rows = pl.DataFrame({
        "i": list(range(len(evaluations))),
        "ma": [e.target.id for e in evaluations],
        "noi_dung": [_short(e.target.text) if not e.note else f"{_short(e.target.text, 38)} – {_short(e.note['ghi_chu'], 35)}"
                     for e in evaluations],
        "ket_qua": [f"{value_text(e.target, e.value)} / {threshold_text(e.target, e.threshold)}" for e in evaluations],
        "danh_gia": [f"{SYMBOLS[e.status]} {e.status}" for e in evaluations],
        "trang_thai": [e.status for e in evaluations],
    })
    y = alt.Y("i:O", axis=None)
    colour = alt.Color("trang_thai:N", scale=alt.Scale(domain=list(COLOURS), range=list(COLOURS.values())), legend=None)
    text = lambda field, width, **kw: alt.Chart(rows).mark_text(align="left", fontSize=13, font=FONT, **kw).encode(  # noqa: E731
        x=alt.value(0), y=y, text=f"{field}:N").properties(width=width, height=22 * len(evaluations))
    table = alt.hconcat(
        text("ma", 80, fontWeight="bold"), text("noi_dung", 560), text("ket_qua", 230),
        text("danh_gia", 160, fontWeight="bold").encode(color=colour), spacing=4,
    )
    counts = " · ".join(f"{SYMBOLS[s]} {s}: {sum(e.status == s for e in evaluations)}" for s in COLOURS)
    first = evaluations[0]
    title = alt.TitleParams(
        f"{plan.name} · xã {plan.commune}",
        subtitle=[f"Số liệu từ {vn_date(first.tu_ngay)} đến {vn_date(first.den_ngay)}", counts],
        font=FONT, subtitleFont=FONT, fontSize=18, subtitleFontSize=14, anchor="start",
    )
    return alt.vconcat(table, title=title).configure(font=FONT, background="white", padding=16).configure_view(strokeWidth=0)


def overview_png(evaluations: list[Evaluation], plan: Plan, scale: float = 2.0) -> bytes:
    """The overview picture as PNG bytes, rendered offline."""
    import vl_convert

    _fonts()
    return vl_convert.vegalite_to_png(overview_chart(evaluations, plan).to_json(), scale=scale)


def _short(text: str, limit: int = 75) -> str:
    """A target's wording cut to fit one line."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
