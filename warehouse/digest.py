"""The weekly digest: which targets changed status in the seven days to the as-of date, as a table and as files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

import polars as pl

from warehouse import actions
from warehouse.communes import commune_name
from warehouse.display import threshold_text, value_text, vn_date
from warehouse.evaluate import MET, MISSED, NO_DATA, STATUS_STYLE, Evaluation
from warehouse.forecast import forecast_text, judged
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


WEEK_KEY = re.compile(r"^(\d{4})-W(\d{2})$")


def week_end(week: str, plan: Plan) -> date:
    """The as-of date of an ISO week's digest ('2025-W40'): its Sunday, or the plan year's last day when that is
    earlier. ValueError when `week` is not one."""
    found = WEEK_KEY.match(week)
    if not found:
        raise ValueError(f"tuần '{week}' không đúng dạng YYYY-Www (ví dụ 2025-W40)")
    try:
        return min(date.fromisocalendar(int(found[1]), int(found[2]), 7), plan.deadline)
    except ValueError:
        raise ValueError(f"năm {found[1]} không có tuần {found[2]}") from None


def last_week(plan: Plan, today: date | None = None) -> str:
    """The week a digest is for by default: the last complete ISO week before today; once the plan's year is over,
    the week of its last day."""
    today = today or date.today()
    day = plan.deadline if today > plan.deadline + WEEK else today - timedelta(days=today.isoweekday())
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class Digest:
    """What a week (or a day, for an alert) brought for one commune, over the targets a reader follows."""

    ma_xa: str
    tu_ngay: date  # the week's start (the as-of date seven days before; one day before for an alert)
    den_ngay: date
    now: list[Evaluation]
    before: list[Evaluation]

    def of(self, targets: set[str] | None) -> Digest:
        """The same digest over these targets only (None: every one)."""
        keep = (lambda e: True) if targets is None else (lambda e: e.target.id in targets)
        return Digest(self.ma_xa, self.tu_ngay, self.den_ngay, [e for e in self.now if keep(e)],
                      [e for e in self.before if keep(e)])

    def turned(self, status: str) -> list[Evaluation]:
        """The targets whose status became `status` over the digest's days."""
        was = {e.target.id: e.status for e in self.before}
        return [e for e in self.now if e.status == status and was.get(e.target.id, status) != status]

    @property
    def turned_at_risk(self) -> list[Evaluation]:
        return turned_at_risk(self.before, self.now)

    def in_state(self, word: str) -> list[Evaluation]:
        """The targets whose plan or escalation reads `word` now (actions.OVERDUE, actions.NO_PLAN)."""
        return [e for e in self.now if actions.state(e) == word]

    @property
    def went_overdue(self) -> list[Evaluation]:
        """The plans overdue now that were not at the digest's start."""
        was = {e.target.id for e in self.before if actions.state(e) == actions.OVERDUE}
        return [e for e in self.in_state(actions.OVERDUE) if e.target.id not in was]

    @property
    def still_red(self) -> list[Evaluation]:
        turned = {e.target.id for e in self.turned(MISSED)}
        return [e for e in self.now if e.status == MISSED and e.target.id not in turned]

    def counts(self) -> dict[str, int]:
        return {status: sum(e.status == status for e in self.now) for status in (MET, MISSED, NO_DATA)}

    def changes(self) -> list[dict]:
        """Each status change: id, before, now (turned red first, then green, then the rest)."""
        was = {e.target.id: e.status for e in self.before}
        return [{"ma_chi_tieu": e.target.id, "truoc": was[e.target.id], "nay": e.status}
                for status in (MISSED, MET, NO_DATA) for e in self.turned(status)]

    def sections(self, plan: Plan, leads: dict) -> list[tuple[str, list[str]]]:
        """The digest in titled sections of lines (empty sections left out), in the order a leader reads them."""
        def line(e: Evaluation, extra: str = "") -> str:
            return (f"{e.target.id} {e.target.text}: {value_text(e.target, e.value)} / {threshold_text(e.target, e.threshold)}"
                    f" – chủ trì {actions.owner_text(e, plan, leads)}"
                    + (f". {extra}" if extra else ""))
        parts = [
            (f"Chuyển sang {MISSED}", [line(e, e.reason or "") for e in self.turned(MISSED)]),
            ("Có nguy cơ không đạt", [line(e, forecast_text(e)) for e in self.turned_at_risk]),
            (f"Chuyển sang {MET}", [line(e) for e in self.turned(MET)]),
            ("Kế hoạch khắc phục quá hạn", [line(e, actions.plan_text(e)) for e in self.in_state(actions.OVERDUE)]),
            (f"Chưa có giải pháp (chưa đạt từ {actions.ESCALATE_AFTER_DAYS} ngày trở lên)",
             [line(e, actions.plan_text(e)) for e in self.in_state(actions.NO_PLAN)]),
            (f"Vẫn {MISSED.lower()}", [line(e, actions.plan_text(e)) for e in self.still_red
                                       if actions.state(e) not in actions.ESCALATED]),
        ]
        return [(title, lines) for title, lines in parts if lines]


def week_digest(con, plan: Plan, den_ngay: date, ma_xa: str, checkins: pl.DataFrame | None, days: int = 7) -> Digest:
    """The digest of the `days` to den_ngay for one commune (the year to date, judged at both ends)."""
    start = plan.start
    before = max(start, den_ngay - timedelta(days=days))
    return Digest(ma_xa, before, den_ngay, judged(con, plan, start, den_ngay, ma_xa, checkins),
                  judged(con, plan, start, before, ma_xa, checkins))


def subject(digest: Digest, period: str) -> str:
    """The e-mail's subject: 'Bản tin CCHC tuần 2025-W40 – xã Khúc Thừa Dụ: 9 chưa đạt, 2 cần chỉ đạo'."""
    counts = digest.counts()
    direct = len(actions.to_direct(digest.now))
    return (f"{period} – xã {commune_name(digest.ma_xa)}: {counts[MISSED]} {MISSED.lower()}"
            + (f", {direct} cần chỉ đạo" if direct else "") + f" (đến {vn_date(digest.den_ngay)})")


def body_text(digest: Digest, plan: Plan, leads: dict, title: str | None = None) -> str:
    """The digest as plain text: the e-mail's text part, the webhook's text, the Bản tin page's text to paste into a
    chat (title: default 'Bản tin CCHC xã …')."""
    counts = " · ".join(f"{s}: {n}" for s, n in digest.counts().items())
    out = [title or f"Bản tin CCHC xã {commune_name(digest.ma_xa)}",
           f"Từ {vn_date(digest.tu_ngay)} đến {vn_date(digest.den_ngay)} · {counts}"]
    if not digest.changes() and not digest.turned_at_risk:
        out.append("Không có chỉ tiêu nào đổi trạng thái.")
    for head, lines in digest.sections(plan, leads):
        out += ["", f"{head} ({len(lines)}):", *(f"- {x}" for x in lines)]
    return "\n".join(out) + "\n"


def body_html(digest: Digest, plan: Plan, leads: dict, title: str, picture_cid: str | None) -> str:
    """The digest as a small HTML page for the e-mail (every text escaped), the picture inline."""
    counts = " · ".join(f'<b style="color:{STATUS_STYLE[s]["colour"]}">{STATUS_STYLE[s]["icon"]} {escape(s)}: {n}</b>'
                        for s, n in digest.counts().items())
    parts = [f"<h2 style=\"font-family:sans-serif\">{escape(title)}</h2>",
             f"<p style=\"font-family:sans-serif\">Từ {vn_date(digest.tu_ngay)} đến {vn_date(digest.den_ngay)} · {counts}</p>"]
    for head, lines in digest.sections(plan, leads):
        parts.append(f"<h3 style=\"font-family:sans-serif\">{escape(head)} ({len(lines)})</h3><ul style=\"font-family:sans-serif\">"
                     + "".join(f"<li>{escape(x)}</li>" for x in lines) + "</ul>")
    if picture_cid:
        parts.append(f'<p><img src="cid:{picture_cid}" alt="Ảnh tổng quan các chỉ tiêu" style="max-width:100%"></p>')
    parts.append("<p style=\"font-family:sans-serif;color:#555\">Dự báo là ước tính theo nhịp 3 tháng gần nhất. "
                 "Bảng số liệu đính kèm (XLSX).</p>")
    return f'<!DOCTYPE html><html lang="vi"><meta charset="utf-8"><body>{"".join(parts)}</body></html>'
