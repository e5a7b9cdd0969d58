"""Corrective plans and escalation (targets.md, "Corrective plans"): the state of a target's latest plan at `to`,
whether the leaders must step in, and the persons behind the departments. Words shown with a status; they never
change it."""

from __future__ import annotations

from datetime import date

from warehouse.app.accounts import Lead
from warehouse.display import vn_date
from warehouse.evaluate import MET, MISSED, Evaluation
from warehouse.plan import Plan

ONGOING, OVERDUE, ACHIEVED, NO_PLAN = "đang thực hiện", "quá hạn", "đã đạt", "chưa có giải pháp"
CODES = {ONGOING: "dang_thuc_hien", OVERDUE: "qua_han", ACHIEVED: "da_dat", NO_PLAN: "chua_co_giai_phap"}
ESCALATED = (OVERDUE, NO_PLAN)
AT_RISK_UNPLANNED = "có nguy cơ, chưa có giải pháp"  # asked of the leaders too ("Cần chỉ đạo"), not an escalation
ESCALATE_AFTER_DAYS = 14


def plan_state(e: Evaluation) -> str | None:
    """The state at `to` of the target's latest plan: đã đạt once the target is met (and not at risk), quá hạn once
    its hạn is before `to`, else đang thực hiện; None without a plan."""
    if not e.plan:
        return None
    if e.status == MET and not e.at_risk:
        return ACHIEVED
    return OVERDUE if e.plan["han"] < e.den_ngay else ONGOING


def red_since(e: Evaluation) -> date | None:
    """Since when the target has been Chưa đạt, as its status history says (None when it is not red)."""
    return e.status_from if e.status == MISSED else None


def state(e: Evaluation) -> str | None:
    """What the leaders read beside the status: chưa có giải pháp for a target red for ESCALATE_AFTER_DAYS or more with
    no plan recorded since it turned red; else the latest plan's state; None when there is neither."""
    since = red_since(e)
    if since and (e.den_ngay - since).days >= ESCALATE_AFTER_DAYS and not (e.plan and e.plan["ngay_xac_nhan"] >= since):
        return NO_PLAN
    return plan_state(e)


def word(e: Evaluation) -> str | None:
    """What a row says of the target's plan: its state(), or AT_RISK_UNPLANNED for a target at risk without a plan
    (met, so never escalated); None when there is nothing to say."""
    return state(e) or (AT_RISK_UNPLANNED if e.at_risk and not e.plan else None)


def to_direct(evaluations: list[Evaluation]) -> list[tuple[Evaluation, str]]:
    """The "Cần chỉ đạo" list: plans overdue, red targets without a plan, then at-risk targets without one, each with
    its word; catalogue order within each."""
    words = [(e, word(e)) for e in evaluations]
    return [p for asked in (OVERDUE, NO_PLAN, AT_RISK_UNPLANNED) for p in words if p[1] == asked]


NO_LEAD = "chưa có trưởng phòng trên hệ thống"


def owner_text(e: Evaluation, plan: Plan, leads: dict[tuple[str, str], Lead]) -> str:
    """The owner with the person behind it: 'Phòng Văn hóa - Xã hội – Phan Thị Ngọc, Trưởng phòng' (leads:
    accounts.leads), or that the department has none."""
    return f"{plan.departments[e.target.owner]} – {leads.get((e.ma_xa, e.target.owner)) or NO_LEAD}"


def plan_text(e: Evaluation) -> str:
    """The latest plan and its state in one line ('Khắc phục (quá hạn): Rà soát hồ sơ – Lê Văn An, hạn 30/09/2025;
    nguyên nhân: …'), or the escalation's words; empty when there is neither."""
    said = state(e)
    if said is None:
        return ""
    if said == NO_PLAN:
        return f"Chưa có giải pháp: chưa đạt từ {vn_date(red_since(e))}, chưa ghi kế hoạch khắc phục."
    p = e.plan
    return (f"Khắc phục ({said}): {p['giai_phap']} – {p['nguoi_thuc_hien']}, hạn {vn_date(p['han'])}; "
            f"nguyên nhân: {p['nguyen_nhan']}")


def as_json(e: Evaluation) -> dict | None:
    """One line of `actions --json`: the target's plan and its state, or its escalation; None when neither."""
    said = state(e)
    if said is None:
        return None
    p = e.plan if said != NO_PLAN else {}
    return {"ma_chi_tieu": e.target.id, "ma_xa": e.ma_xa, "trang_thai": CODES[said],
            "nguyen_nhan": p.get("nguyen_nhan"), "giai_phap": p.get("giai_phap"), "nguoi_thuc_hien": p.get("nguoi_thuc_hien"),
            "han": p.get("han"), "ghi_boi": p.get("nguoi_ghi"), "ghi_luc": p.get("ghi_luc"),
            "trang_thai_chi_tieu": e.status, "chua_dat_tu": red_since(e), "den_ngay": e.den_ngay}
