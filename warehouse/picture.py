"""A one-page picture (PNG) of the overview that the Chairman can forward in a chat app: what is red first,
with its owner and why, legible at phone width; the targets met summed up at the end."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import polars as pl
from PIL import Image, ImageDraw, ImageFont

from warehouse.actions import owner_text, plan_text
from warehouse.communes import commune_name
from warehouse.display import threshold_text, value_text, vn_date
from warehouse.evaluate import MET, MISSED, NO_DATA, STATUS_STYLE, Evaluation, attention_first
from warehouse.forecast import forecast_text
from warehouse.plan import Plan
from warehouse.submission import note_text

FONTS = Path(__file__).with_name("fonts")  # DejaVu Sans, shipped: every Vietnamese letter, ✔ ✖ and ≥, on any machine
WIDTH, PAD = 520, 14  # px before scaling: a phone's width at scale 2
WRAP = 75  # characters on a line of the picture (about 0.9 of its width in DejaVu Sans at 13 px)
# Each kind of line: font size, bold, height (px before scaling)
TITLE, SUBTITLE, HEAD, BODY = (19, True, 28), (15, False, 21), (15, True, 19), (13, False, 19)
INK, SOFT_INK = "#222", "#333"
AT_RISK, AMBER = "Có nguy cơ không đạt", "#9a5b00"  # the group of met targets forecast to miss, and its colour


def picture_lines(evaluations: list[Evaluation], plan: Plan, leads: dict | None = None) -> pl.DataFrame:
    """The picture's lines, in order: each target not met (status, id, value against threshold; what it is; owner
    and the person behind it (leads: accounts.leads); why; its corrective plan), those met but at risk at their
    horizon (with the forecast and plan), then the ids of those met."""
    leads = leads or {}
    lines = []
    for e in attention_first(evaluations):
        if e.status == MET:
            continue
        t = e.target
        lines.append((f"{STATUS_STYLE[e.status]['icon']} {t.id} · {e.status} · {value_text(t, e.value)} / {threshold_text(t, e.threshold)}",
                      e.status, True))
        lines.append((_short(t.text), e.status, False))
        lines.append((_short(f"Chủ trì: {owner_text(e, plan, leads)}"), e.status, False))
        lines += [(part, e.status, False) for part in _wrapped(note_text(e), 4)]  # the reason, then the latest note
        lines += [(part, e.status, False) for part in _wrapped(plan_text(e), 2)]
    at_risk = [e for e in evaluations if e.at_risk]
    if at_risk:  # met today, forecast to miss at the horizon: after the red ones
        lines.append((f"▲ {AT_RISK} ({len(at_risk)})", AT_RISK, True))
        for e in at_risk:
            lines.append((_short(f"{e.target.id} · {value_text(e.target, e.value)} / {threshold_text(e.target, e.threshold)} · "
                                 f"{plan.departments[e.target.owner]}"), AT_RISK, False))
            lines += [(part, AT_RISK, False) for part in _wrapped(forecast_text(e), 2)]
            lines += [(part, AT_RISK, False) for part in _wrapped(plan_text(e), 2)]
    met = [e.target.id for e in evaluations if e.status == MET]
    if met:
        lines.append((f"{STATUS_STYLE[MET]['icon']} {MET} ({len(met)})", MET, True))
        lines += [(part, MET, False) for part in _wrapped(", ".join(met), 6)]
    return pl.DataFrame({"dong": [text for text, _, _ in lines], "trang_thai": [s for _, s, _ in lines],
                         "dam": [bold for _, _, bold in lines], "i": list(range(len(lines)))})


def picture_heading(evaluations: list[Evaluation], plan: Plan, demo: bool = False) -> list[str]:
    """The picture's title, then the period, the counts and (for the demo) its mark."""
    counts = " · ".join(f"{STATUS_STYLE[s]['icon']} {s}: {sum(e.status == s for e in evaluations)}" for s in (MISSED, NO_DATA, MET))
    first = evaluations[0]
    return [f"CCHC {plan.year} · xã {commune_name(first.ma_xa)}", f"Từ {vn_date(first.tu_ngay)} đến {vn_date(first.den_ngay)}", counts,
            *(["DỮ LIỆU MẪU: số liệu minh họa, không phải số liệu thật của xã"] if demo else [])]


def overview_png(evaluations: list[Evaluation], plan: Plan, scale: float = 2.0, demo: bool = False,
                 leads: dict | None = None) -> bytes:
    """The overview picture as PNG bytes, drawn line by line, in a palette of 32 colours (a few hundred KB at most:
    it is text in four colours). As wide as a phone, or as its widest line."""
    title, *subtitles = picture_heading(evaluations, plan, demo)
    lines = [(title, TITLE, INK), *((text, SUBTITLE, INK) for text in subtitles), ("", BODY, INK)]
    lines += [(r["dong"], HEAD if r["dam"] else BODY, _colour(r["trang_thai"]) if r["dam"] else SOFT_INK)
              for r in picture_lines(evaluations, plan, leads).iter_rows(named=True)]
    widest = max(_font(kind, scale).getlength(text) for text, kind, _ in lines)
    image = Image.new("RGB", (round(max(WIDTH * scale, widest) + 2 * PAD * scale),
                              round((sum(kind[2] for _, kind, _ in lines) + 2 * PAD) * scale)), "white")
    draw, y = ImageDraw.Draw(image), PAD * scale
    for text, kind, colour in lines:
        draw.text((PAD * scale, y + kind[2] * scale / 2), text, font=_font(kind, scale), fill=colour, anchor="lm")
        y += kind[2] * scale
    out = io.BytesIO()
    image.quantize(colors=32, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(out, format="PNG")
    return out.getvalue()


def _colour(group: str) -> str:
    """A group's heading colour: its status's, amber for the targets at risk."""
    return AMBER if group == AT_RISK else STATUS_STYLE[group]["colour"]


@cache
def _font(kind: tuple[int, bool, int], scale: float) -> ImageFont.FreeTypeFont:
    size, bold, _ = kind
    return ImageFont.truetype(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"), round(size * scale))


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
