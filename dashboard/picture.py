"""A one-page picture (PNG) of the overview that the Chairman can forward in a chat app: what is red first,
with its owner and why, legible at phone width; the targets met summed up at the end."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import altair as alt
import polars as pl

from dashboard.ui import STATUS_STYLE, attention_first
from warehouse.display import threshold_text, value_text, vn_date
from warehouse.evaluate import MET, MISSED, NO_DATA, Evaluation
from warehouse.plan import Plan
from warehouse.submission import note_text

FONT = "DejaVu Sans"  # has every Vietnamese letter and ≥
FONT_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts")
WIDTH, LINE = 520, 19  # px before scaling: a phone's width at scale 2
WRAP = 60  # characters on a line of the picture


@cache
def _fonts() -> None:
    """Let the renderer find a font with every Vietnamese letter."""
    import vl_convert

    for folder in FONT_DIRS:
        if Path(folder).is_dir():
            vl_convert.register_font_directory(folder)


def picture_lines(evaluations: list[Evaluation], plan: Plan) -> pl.DataFrame:
    """The picture's lines, in order: each target not met (status, id, value against threshold; owner; why),
    then the ids of those met."""
    lines = []
    for e in attention_first(evaluations):
        if e.status == MET:
            continue
        t = e.target
        lines.append((f"{STATUS_STYLE[e.status]['icon']} {t.id} · {e.status} · {value_text(t, e.value)} / {threshold_text(t, e.threshold)}",
                      e.status, True))
        lines.append((_short(f"{plan.departments[t.owner]}: {t.text}"), e.status, False))
        lines += [(part, e.status, False) for part in _wrapped(note_text(e), 4)]  # the reason, then the latest note
    met = [e.target.id for e in evaluations if e.status == MET]
    if met:
        lines.append((f"{STATUS_STYLE[MET]['icon']} {MET} ({len(met)})", MET, True))
        lines += [(part, MET, False) for part in _wrapped(", ".join(met), 6)]
    return pl.DataFrame({"dong": [text for text, _, _ in lines], "trang_thai": [s for _, s, _ in lines],
                         "dam": [bold for _, _, bold in lines], "i": list(range(len(lines)))})


def overview_chart(evaluations: list[Evaluation], plan: Plan, demo: bool = False) -> alt.LayerChart:
    """The picture as one chart: title with the counts (and the demo's mark), then the lines."""
    rows = picture_lines(evaluations, plan)
    y = alt.Y("i:O", axis=None)
    colour = alt.Color("trang_thai:N", scale=alt.Scale(domain=list(STATUS_STYLE), range=[s['colour'] for s in STATUS_STYLE.values()]), legend=None)
    base = alt.Chart(rows).encode(x=alt.value(0), y=y, text="dong:N").properties(width=WIDTH, height=LINE * len(rows))
    heads = base.transform_filter("datum.dam").mark_text(align="left", fontSize=15, fontWeight="bold", font=FONT).encode(color=colour)
    body = base.transform_filter("!datum.dam").mark_text(align="left", fontSize=13, font=FONT, color="#333")
    counts = " · ".join(f"{STATUS_STYLE[s]['icon']} {s}: {sum(e.status == s for e in evaluations)}" for s in (MISSED, NO_DATA, MET))
    first = evaluations[0]
    title = alt.TitleParams(
        f"CCHC {plan.year} · xã {plan.commune}",
        subtitle=[f"Từ {vn_date(first.tu_ngay)} đến {vn_date(first.den_ngay)}", counts,
                  *(["DỮ LIỆU MẪU: số liệu minh họa, không phải số liệu thật của xã"] if demo else [])],
        font=FONT, subtitleFont=FONT, fontSize=19, subtitleFontSize=15, anchor="start", subtitleColor="#222",
    )
    return alt.layer(heads, body, title=title).configure(font=FONT, background="white", padding=14).configure_view(strokeWidth=0)


def overview_png(evaluations: list[Evaluation], plan: Plan, scale: float = 2.0, demo: bool = False) -> bytes:
    """The overview picture as PNG bytes, rendered offline, in a palette of 32 colours (a few hundred KB at most:
    it is text in four colours)."""
    import vl_convert
    from PIL import Image

    _fonts()
    rendered = Image.open(io.BytesIO(vl_convert.vegalite_to_png(overview_chart(evaluations, plan, demo).to_json(), scale=scale)))
    out = io.BytesIO()
    rendered.convert("RGB").quantize(colors=32).save(out, format="PNG", optimize=True)
    return out.getvalue()


def _short(text: str, limit: int = WRAP) -> str:
    """A text cut to fit one line."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _wrapped(text: str, most: int) -> list[str]:
    """A text in lines of at most WRAP characters, broken between words; at most `most` lines, the last cut."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= WRAP:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines[: most - 1] + [_short(" ".join(lines[most - 1:]))] if len(lines) > most else lines
