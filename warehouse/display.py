"""How values are written: Vietnamese style for people, plain numbers for the city's files."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, Decimal

from warehouse.plan import Target


def cut(value: float, places: int) -> Decimal:
    """The value cut (not rounded) to `places` decimals: 99.96 → 99.9 at one place."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)


def plain_number(value: float | None, places: int = 2) -> str:
    """A number for files: `.` decimal point, cut, no trailing zeros (95.3, 100, 12345678900)."""
    if value is None:
        return ""
    text = f"{cut(value, places):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def vn_number(value: float | None, places: int = 0) -> str:
    """A number for people: `.` for thousands, `,` for decimals (1.234, 95,3)."""
    if value is None:
        return "–"
    text = f"{cut(value, places):,f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def vn_percent(value: float | None) -> str:
    """A percentage with one decimal, cut: 95,3%."""
    return "–" if value is None else f"{vn_number(value, 1)}%"


def vn_date(day: date | None) -> str:
    """dd/mm/yyyy, or empty."""
    return day.strftime("%d/%m/%Y") if day else ""


def threshold_text(target: Target, threshold: float | None) -> str:
    """The threshold judged, as the plan says it: `≥ 95%`, `100%`, `≥ 2`, `Hoàn thành`."""
    if target.unit == "done":
        return "Hoàn thành"
    number = plain_number(threshold).replace(".", ",")
    if target.unit == "count":
        return f"≥ {number}"
    return f"{number}%" if threshold == 100 else f"≥ {number}%"


def value_text(target: Target, value: float | None) -> str:
    """A target's value for people: 95,3% / 2 / Hoàn thành."""
    if value is None:
        return "–"
    if target.unit == "done":
        return "Hoàn thành" if value else "Chưa hoàn thành"
    if target.unit == "count":
        return vn_number(value)
    return vn_percent(value)
