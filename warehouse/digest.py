"""The weekly digest: which targets changed status in the seven days to the as-of date, as a table and as files."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from warehouse.communes import commune_name, default_commune
from warehouse.display import threshold_text, value_text, vn_date
from warehouse.evaluate import MET, MISSED, NO_DATA, Evaluation
from warehouse.forecast import forecast_text
from warehouse.plan import Plan

WEEK = timedelta(days=7)
COLUMNS = ("Mã chỉ tiêu", "Chỉ tiêu", "Chủ trì", "Trạng thái trước", "Trạng thái nay", "Giá trị trước", "Giá trị nay", "Lý do")


def week_before(tu_ngay: date, den_ngay: date) -> tuple[date, date]:
    """The period a week earlier: the same start, the end seven days before (never before the start)."""
    return tu_ngay, max(tu_ngay, den_ngay - WEEK)


def changes(before: list[Evaluation], now: list[Evaluation], plan: Plan) -> pl.DataFrame:
    """The targets whose status differs between two evaluations of the same plan: turned red first, then
    turned green, then the rest; catalogue order within each."""
    was = {e.target.id: e for e in before}
    rank = {MISSED: 0, MET: 1, NO_DATA: 2}
    rows = [
        {"Mã chỉ tiêu": e.target.id, "Chỉ tiêu": e.target.text, "Chủ trì": plan.departments[e.target.owner],
         "Trạng thái trước": was[e.target.id].status, "Trạng thái nay": e.status,
         "Giá trị trước": value_text(e.target, was[e.target.id].value), "Giá trị nay": value_text(e.target, e.value),
         "Lý do": e.reason or "", "_rank": rank[e.status]}
        for e in now if e.target.id in was and was[e.target.id].status != e.status
    ]
    frame = pl.DataFrame(rows, schema={c: pl.String for c in COLUMNS} | {"_rank": pl.Int64})
    return frame.with_row_index("_order").sort("_rank", "_order").drop("_rank", "_order")


def turned_at_risk(before: list[Evaluation], now: list[Evaluation]) -> list[Evaluation]:
    """The targets at risk at their horizon now (met, forecast to miss) that were not a week before."""
    was = {e.target.id for e in before if e.at_risk}
    return [e for e in now if e.at_risk and e.target.id not in was]


def digest_text(frame: pl.DataFrame, plan: Plan, start: date, den_ngay: date, now: list[Evaluation] | None = None,
                ma_xa: str | None = None, at_risk: list[Evaluation] = ()) -> str:
    """The digest of commune `ma_xa` (default: the configured one) as plain text to paste into a chat or a mail: one
    line per change, the targets that turned at risk this week (with their forecast), then (given the statuses now)
    the totals and the targets still not met."""
    head = (f"Bản tin CCHC xã {commune_name(ma_xa or default_commune())}: chỉ tiêu đổi trạng thái từ "
            f"{vn_date(start)} đến {vn_date(den_ngay)}")
    tail = ([f"Có nguy cơ không đạt từ tuần này ({len(at_risk)}):", *(f"- {e.target.id} {e.target.text}: {forecast_text(e)}"
                                                                      for e in at_risk)] if at_risk else [])
    tail += _standing(now) if now else []
    if frame.is_empty():
        return "\n".join([head, "Không có chỉ tiêu nào đổi trạng thái.", *tail]) + "\n"
    lines = [f"- {r['Mã chỉ tiêu']} {r['Chỉ tiêu']}: {r['Trạng thái trước']} → {r['Trạng thái nay']} "
             f"({r['Giá trị trước']} → {r['Giá trị nay']}); chủ trì {r['Chủ trì']}" + (f". {r['Lý do']}" if r["Lý do"] else "")
             for r in frame.iter_rows(named=True)]
    return "\n".join([head, *lines, *tail]) + "\n"


def _standing(now: list[Evaluation]) -> list[str]:
    """Where the plan stands: the totals, and each target still not met with its value."""
    totals = " · ".join(f"{status}: {sum(e.status == status for e in now)}" for status in (MET, MISSED, NO_DATA))
    red = [f"- {e.target.id} ({value_text(e.target, e.value)} / {threshold_text(e.target, e.threshold)})" for e in now
           if e.status == MISSED]
    return ["", f"Tổng: {totals}", *(["Còn chưa đạt:", *red] if red else [])]
