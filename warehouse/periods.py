"""Reporting periods of a plan year: the presets the dashboard offers."""

from __future__ import annotations

from datetime import date

from warehouse.evaluate import default_as_of
from warehouse.plan import Plan

OPENING = "Đến hôm nay"  # the preset every page opens on: the plan year to date


def presets(plan: Plan, today: date | None = None) -> dict[str, tuple[date, date]]:
    """Preset name → (from, to): quarters of the plan year, year to date, and the NĐ 09/2019 periods."""
    y = plan.year
    as_of = default_as_of(plan, today)
    nd09 = date(y - 1, 12, 15)
    return {
        OPENING: (plan.start, as_of),
        "Quý I": (plan.start, date(y, 3, 31)),
        "6 tháng": (plan.start, date(y, 6, 30)),
        "9 tháng": (plan.start, date(y, 9, 30)),
        "Cả năm": (plan.start, date(y, 12, 31)),
        "Quý I (NĐ 09)": (nd09, date(y, 3, 14)),
        "6 tháng (NĐ 09)": (nd09, date(y, 6, 14)),
        "9 tháng (NĐ 09)": (nd09, date(y, 9, 14)),
        "Năm (NĐ 09)": (nd09, date(y, 12, 14)),
    }
