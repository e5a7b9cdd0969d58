"""Will a measured target be met at its horizon, and what pace it takes (spec: targets.md, "Forecast").

From the numerator and denominator of the plan year to two month ends (e_k, the last on or before `to`, and
e_{k-3}), a flow target (items dated in the period) is carried forward at the last three months' pace and volume,
and a stock target (a snapshot's share) along its line over those months. The counts come from the month-end series
the charts draw when that series starts on the year's first day; otherwise from one query per month end.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

import duckdb
import polars as pl

from warehouse.display import vn_date, vn_number, vn_percent
from warehouse.evaluate import MET, MISSED, Evaluation, evaluate, measure
from warehouse.plan import Plan, Target

NO_ATTESTED = "chỉ tiêu xác nhận: không dự báo (xem ngày dự kiến hoàn thành của cập nhật)"
TOO_EARLY = "chưa đủ 3 tháng số liệu"


@dataclass(frozen=True)
class Forecast:
    """A target's forecast at its horizon; `value` in percent, `required` in percent of the remaining items (flow)
    or percentage points a month (stock)."""

    kind: str  # 'flow' or 'stock'
    horizon: date
    month_end: date  # e_k, where it starts from
    value: float
    required: float
    at_risk: bool
    recoverable: bool
    amount: float | None = None  # a target counted in đồng (plan: amount): what it takes a month, in đồng


def horizon(plan: Plan, t: Target) -> date:
    """The target's own deadline within the plan year (TTHC-04/05: 20/07), else the year's last day (a deadline
    beyond the year, TCBM-03's 2026, is forecast to the year's end and its milestone then)."""
    return min(t.deadline, date(plan.year, 12, 31))


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def window(plan: Plan, den_ngay: date) -> tuple[date, date] | None:
    """(e_{k-3}, e_k): the last month end of the plan year on or before den_ngay and the one three months before;
    None before three complete months (both must lie in the plan year)."""
    last = min(den_ngay, date(plan.year, 12, 31))
    if last.year != plan.year:
        return None
    k = last.month if last == month_end(last.year, last.month) else last.month - 1
    return (month_end(plan.year, k - 3), month_end(plan.year, k)) if k >= 4 else None


def ends_to_count(plan: Plan, tu_ngay: date, den_ngay: date) -> tuple[date, ...]:
    """The month ends an evaluation from tu_ngay to den_ngay should also count (evaluate(counts_at=…)) so that its
    forecasts need no query of their own: those of the window its judged numbers are not (none when the period does
    not start on the year's first day)."""
    ends = window(plan, den_ngay)
    if ends is None or tu_ngay != date(plan.year, 1, 1):
        return ()
    return tuple(end for end in ends if end != den_ngay)


def add_forecasts(con: duckdb.DuckDBPyConnection, plan: Plan, evaluations: list[Evaluation], xa: str | None) -> None:
    """Give every evaluation its forecast, or the note saying why there is none."""
    for e in evaluations:
        e.forecast_note = _why_none(plan, e)
    asked = [e for e in evaluations if e.forecast_note is None]
    if not asked:
        return
    early, late = window(plan, asked[0].den_ngay)
    counts = _counts(con, plan, asked, (early, late), xa)
    for e in asked:
        e.forecast = forecast(plan, e, counts.get((e.ma_xa, e.target.id, early)), counts.get((e.ma_xa, e.target.id, late)),
                              late)
        if e.forecast is None:
            e.forecast_note = _missing_note(e, early, late)


def _why_none(plan: Plan, e: Evaluation) -> str | None:
    """Why a target gets no forecast before its counts are looked at (None: it may get one)."""
    if e.target.kind != "measured":
        return NO_ATTESTED
    end = horizon(plan, e.target)
    if e.den_ngay >= end:
        return f"đã đến hạn đánh giá {vn_date(end)}"
    if window(plan, e.den_ngay) is None:
        return TOO_EARLY
    return None


def _counts(con: duckdb.DuckDBPyConnection, plan: Plan, asked: list[Evaluation], ends: tuple[date, date],
            xa: str | None) -> dict[tuple[str, str, date], tuple[float, float] | None]:
    """(commune, target id, month end) → (numerator, denominator) from the plan year's first day: from the
    evaluations' month-end series when it starts then (or their own numbers, judged at e_k), else measured (one
    query a month end, every target and commune)."""
    start = date(plan.year, 1, 1)
    out = {(e.ma_xa, e.target.id, end): e.counts[end] for e in asked for end in ends if e.tu_ngay == start and end in e.counts}
    out |= {(e.ma_xa, e.target.id, e.judged_at): (e.tu_so, e.mau_so) if e.mau_so is not None else None  # judged at e_k
            for e in asked if e.tu_ngay == start and e.judged_at == e.den_ngay == ends[1]}
    targets = list({e.target.id: e.target for e in asked}.values())
    for end in ends:
        if any((e.ma_xa, e.target.id, end) not in out for e in asked):
            out |= {(k[0], k[1], end): v for k, v in measure(con, targets, start, end, xa).items()}
    return out


def forecast(plan: Plan, e: Evaluation, early: tuple[float, float] | None, late: tuple[float, float] | None,
             e_k: date) -> Forecast | None:
    """The forecast of one evaluated target from its counts at e_{k-3} and e_k (None when they cannot give one)."""
    t = e.target
    end = horizon(plan, t)
    months = (end.year - e_k.year) * 12 + end.month - e_k.month
    threshold = t.threshold_at(end)
    amount = None
    if t.trend == "flow":
        early, late = early or (0.0, 0.0), late or (0.0, 0.0)  # no item yet: none counted
        added = late[1] - early[1]
        if added == 0:
            return None
        pace, remaining = (late[0] - early[0]) / added, months * added / 3
        value = 100 * (late[0] + pace * remaining) / (late[1] + remaining)
        required = 100 * (threshold / 100 * (late[1] + remaining) - late[0]) / remaining
        kind = "flow"
    else:
        if not (early and early[1] and late and late[1]):
            return None
        before, now = 100 * early[0] / early[1], 100 * late[0] / late[1]
        value = min(100.0, max(0.0, now + months * (now - before) / 3))
        required = (threshold - now) / months
        amount = (threshold / 100 * late[1] - late[0]) / months if t.amount else None
        kind = "stock"
    return Forecast(kind, end, e_k, value, required, at_risk=e.status == MET and value < threshold,
                    recoverable=e.status == MISSED and value >= threshold, amount=amount)


def _missing_note(e: Evaluation, early: date, late: date) -> str:
    """Why the counts gave no forecast."""
    if e.target.trend == "flow":
        return f"không có mục mới từ {vn_date(early)} đến {vn_date(late)}"
    return f"thiếu số liệu tại {vn_date(early)} hoặc {vn_date(late)}"


def forecast_text(e: Evaluation, with_horizon: bool = True) -> str:
    """The forecast in words, labelled as an estimate ('Dự báo đến 31/12/2025: 51,7% – cần 79,3% hồ sơ từ nay'), with
    what it means for the status; or why there is none."""
    f = e.forecast
    if f is None:
        return f"Không dự báo: {e.forecast_note}" if e.forecast_note and e.target.kind == "measured" else ""
    head = f"Dự báo đến {vn_date(f.horizon)}: " if with_horizon else ""
    items = "hồ sơ" if "ho_so" in e.target.sources else "mục"
    if f.kind == "flow":
        need = [f"cần {vn_percent(f.required)} {items} từ nay"] if f.required > 0 else []
    else:
        need = [f"cần tăng {vn_number(f.required, 1)} điểm %/tháng" if f.required > 0 else "giữ mức hiện nay là đạt"]
        if f.amount and f.amount > 0:  # in tỷ đồng, rounded as money is written (5,57 → 5,6)
            need.append(f"cần {e.target.amount} {vn_number(round(f.amount / 1e9, 1), 1)} tỷ đồng/tháng")
    return f"{head}{vn_percent(f.value)}" + "".join(f" – {words}" for words in need) + "".join(f" · {w}" for w in meaning(f))


def meaning(f: Forecast) -> list[str]:
    """What the forecast says of the status: at risk, still recoverable, out of reach or secured."""
    words = ["Có nguy cơ không đạt"] if f.at_risk else ["còn đạt được"] if f.recoverable else []
    if f.kind == "flow" and f.required > 100:
        words.append("không còn đạt được trong năm")
    elif f.kind == "flow" and f.required <= 0:
        words.append("đã chắc chắn đạt")
    return words


def as_json(e: Evaluation) -> dict:
    """The forecast keys of a target in `status --json`: `forecast` (or null) and `forecast_note`."""
    f = e.forecast
    if f is None:
        return {"forecast": None, "forecast_note": e.forecast_note}
    return {"forecast": {"kind": f.kind, "horizon": f.horizon.isoformat(), "value": f.value, "required": f.required,
                         "at_risk": f.at_risk, "recoverable": f.recoverable}, "forecast_note": None}


def judged(con: duckdb.DuckDBPyConnection, plan: Plan, tu_ngay: date, den_ngay: date, ma_xa: str,
           checkins: pl.DataFrame | None = None, with_series: bool = True) -> list[Evaluation]:
    """Every target of one commune as the leaders read it: status and why, the monthly history (since when; unless
    with_series is False), the forecast (at risk or not), the latest note and corrective plan."""
    evaluations = evaluate(con, plan, tu_ngay, den_ngay, ma_xa, with_series=with_series, checkins=checkins,
                           counts_at=ends_to_count(plan, tu_ngay, den_ngay))
    add_forecasts(con, plan, evaluations, ma_xa)
    return evaluations
