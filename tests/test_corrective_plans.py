"""Corrective plans (targets.md, "Corrective plans"): a plan's state at `to` and the escalation, on hand-built
status histories; the plan a check-in must carry, by the target's status; the check-in store keeps plans
append-only and brings an older store's promised dates along."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from warehouse import actions
from warehouse.actions import ACHIEVED, AT_RISK_UNPLANNED, NO_PLAN, ONGOING, OVERDUE
from warehouse.app.accounts import User
from warehouse.app.checkins import DONE, NOT_DONE, CheckinRefused, checkins, history, plan_required, record_checkin
from warehouse.evaluate import MET, MISSED, NO_DATA, Evaluation, latest_checkins
from warehouse.forecast import Forecast
from warehouse.plan import load_plan

PLAN = load_plan()
LEAD = User("tp.vhxh", frozenset({"truong_phong"}), "VHXH", "Phan Thị Ngọc", frozenset({"KTD"}))
TURNED_RED = date(2025, 9, 30)  # the history's first red month end


def judged(to: date, status: str = MISSED, plan: dict | None = None, at_risk: bool = False, target: str = "CQS-10",
           history: list | None = None) -> Evaluation:
    """CQS-10 judged at `to`: green at the end of August, `status` from 30/09 on (the month ends, then `to`)."""
    if history is None:
        history = [(date(2025, 8, 31), MET), (TURNED_RED, status)] + ([(to, status)] if to != TURNED_RED else [])
    e = Evaluation(PLAN.target(target), "KTD", date(2025, 1, 1), to, to, status, history=history, plan=plan)
    if at_risk:
        e.forecast = Forecast("flow", date(2025, 12, 31), month_end=to, value=50.0, required=70.0, at_risk=True, recoverable=False)
    return e


def a_plan(recorded: date, due: date) -> dict:
    return {"nguyen_nhan": "Người dân quen nộp tiền mặt", "giai_phap": "Hướng dẫn thanh toán trực tuyến",
            "nguoi_thuc_hien": "Lê Văn An", "han": due, "ngay_xac_nhan": recorded, "nguoi_ghi": "tp.vhxh",
            "ghi_luc": f"{recorded}T09:00:00"}


@pytest.mark.parametrize("days, word", [(13, None), (14, NO_PLAN), (40, NO_PLAN)])
def test_a_target_red_for_fourteen_days_without_a_plan_is_escalated(days, word):
    e = judged(TURNED_RED + timedelta(days=days))
    assert actions.red_since(e) == TURNED_RED
    assert actions.state(e) == word


def test_red_from_the_first_month_end_counts_from_there():
    history = [(date(2025, 1, 31), MISSED), (date(2025, 2, 28), MISSED), (date(2025, 3, 10), MISSED)]
    e = judged(date(2025, 3, 10), history=history)
    assert actions.red_since(e) == date(2025, 1, 31) and actions.state(e) == NO_PLAN


@pytest.mark.parametrize("due, word", [(date(2025, 10, 19), OVERDUE), (date(2025, 10, 20), ONGOING),
                                       (date(2025, 11, 30), ONGOING)])
def test_a_plan_is_overdue_once_its_due_date_is_before_to(due, word):  # due yesterday, today, later
    e = judged(date(2025, 10, 20), plan=a_plan(date(2025, 10, 1), due))
    assert actions.plan_state(e) == word and actions.state(e) == word


def test_a_plan_recorded_before_the_target_turned_red_does_not_count_after_fourteen_days():
    old = a_plan(date(2025, 9, 1), date(2025, 12, 31))  # made while it was at risk, before 30/09
    assert actions.state(judged(date(2025, 10, 13), plan=old)) == ONGOING  # red 13 days: the old plan's state
    assert actions.state(judged(date(2025, 10, 14), plan=old)) == NO_PLAN
    assert actions.state(judged(date(2025, 10, 14), plan=a_plan(TURNED_RED, date(2025, 12, 31)))) == ONGOING


def test_a_plan_is_achieved_when_the_target_is_met_again_and_not_otherwise():
    plan = a_plan(date(2025, 10, 1), date(2025, 10, 5))
    assert actions.state(judged(date(2025, 10, 20), MET, plan)) == ACHIEVED
    assert actions.state(judged(date(2025, 10, 20), MET, plan, at_risk=True)) == OVERDUE  # met, still at risk
    assert actions.state(judged(date(2025, 10, 20), NO_DATA, plan)) == OVERDUE  # not met: no data is not met


def test_the_leaders_list_overdue_first_then_without_a_plan_then_at_risk_without_one():
    overdue = judged(date(2025, 10, 20), plan=a_plan(date(2025, 10, 1), date(2025, 10, 2)), target="TTHC-07")
    unplanned = judged(date(2025, 10, 20), target="CQS-10")
    at_risk = judged(date(2025, 10, 20), MET, at_risk=True, target="CQS-09")
    at_risk_planned = judged(date(2025, 10, 20), MET, plan=a_plan(date(2025, 10, 1), date(2025, 12, 1)), at_risk=True,
                             target="CQS-08")
    fine = judged(date(2025, 10, 20), MET, target="CQS-07")
    listed = actions.to_direct([fine, at_risk, at_risk_planned, unplanned, overdue])
    assert [(e.target.id, w) for e, w in listed] == [("TTHC-07", OVERDUE), ("CQS-10", NO_PLAN), ("CQS-09", AT_RISK_UNPLANNED)]


def test_the_json_line_of_a_plan_and_of_an_escalation():
    row = actions.as_json(judged(date(2025, 10, 20), plan=a_plan(date(2025, 10, 1), date(2025, 10, 2))))
    assert {k: row[k] for k in ("ma_chi_tieu", "ma_xa", "trang_thai", "nguoi_thuc_hien", "han", "ghi_boi")} == {
        "ma_chi_tieu": "CQS-10", "ma_xa": "KTD", "trang_thai": "qua_han", "nguoi_thuc_hien": "Lê Văn An",
        "han": date(2025, 10, 2), "ghi_boi": "tp.vhxh"}
    row = actions.as_json(judged(date(2025, 10, 20)))
    assert row["trang_thai"] == "chua_co_giai_phap" and row["giai_phap"] is None and row["chua_dat_tu"] == TURNED_RED
    assert actions.as_json(judged(date(2025, 10, 20), MET)) is None


@pytest.mark.parametrize("status, at_risk, result, needed", [
    (MISSED, False, None, True), (MET, True, None, True), (MET, False, None, False), (NO_DATA, False, None, False),
    (MISSED, False, DONE, False), (MISSED, False, NOT_DONE, True),
])
def test_a_plan_is_required_on_a_red_or_at_risk_target_unless_the_check_in_reports_it_done(status, at_risk, result, needed):
    assert plan_required(judged(date(2025, 10, 20), status, at_risk=at_risk, target="CVU-04"), result) is needed


def test_a_count_that_reaches_its_threshold_needs_no_plan():
    e = judged(date(2025, 10, 20), target="CDDH-05")
    e.threshold = 1
    assert plan_required(e, "1") is False and plan_required(e, "0") is True


def test_a_red_target_asks_for_each_missing_field_of_its_plan_in_turn(tmp_path):
    app, red = tmp_path / "app.sqlite", judged(date(2025, 10, 20))
    given = {"cause": "Người dân quen nộp tiền mặt", "action": "Hướng dẫn thanh toán trực tuyến", "doer": "Lê Văn An",
             "due": date(2025, 11, 30)}
    for missing, field in (("cause", "nguyen_nhan"), ("action", "giai_phap"), ("doer", "nguoi_thuc_hien"), ("due", "han")):
        with pytest.raises(CheckinRefused) as refused:
            record_checkin(app, LEAD, PLAN, "CQS-10", "KTD", date(2025, 10, 20), today=date(2025, 10, 20), standing=red,
                           **{k: v for k, v in given.items() if k != missing})
        assert refused.value.field == field and str(refused.value).startswith("Hãy")
    assert checkins(app) == []
    record_checkin(app, LEAD, PLAN, "CQS-10", "KTD", date(2025, 10, 20), today=date(2025, 10, 20), standing=red, **given)
    plan = latest_checkins(history(app), date(2025, 10, 20), "giai_phap")[("KTD", "CQS-10")]
    assert (plan["nguoi_thuc_hien"], plan["han"]) == ("Lê Văn An", date(2025, 11, 30))


def test_elsewhere_a_plan_is_optional_but_whole(tmp_path):
    app, met = tmp_path / "app.sqlite", judged(date(2025, 10, 20), MET)
    record_checkin(app, LEAD, PLAN, "CQS-10", "KTD", date(2025, 10, 20), note="Ổn định", today=date(2025, 10, 20), standing=met)
    with pytest.raises(CheckinRefused, match="Hãy ghi nguyên nhân"):
        record_checkin(app, LEAD, PLAN, "CQS-10", "KTD", date(2025, 10, 20), today=date(2025, 10, 20), standing=met,
                       action="Tiếp tục hướng dẫn")


def test_a_plan_due_before_its_own_date_is_refused(tmp_path):
    with pytest.raises(CheckinRefused, match="Hãy chọn hạn hoàn thành từ ngày xác nhận") as refused:
        record_checkin(tmp_path / "app.sqlite", LEAD, PLAN, "CQS-10", "KTD", date(2025, 10, 20), today=date(2025, 10, 20),
                       cause="a", action="b", doer="c", due=date(2025, 10, 19))
    assert refused.value.field == "han"


def test_the_latest_plan_by_its_date_counts_and_plans_stay_append_only(tmp_path):
    app = tmp_path / "app.sqlite"
    for day, doer in ((date(2025, 10, 5), "Người A"), (date(2025, 10, 1), "Người B")):  # the second is back-dated
        record_checkin(app, LEAD, PLAN, "CQS-10", "KTD", day, today=date(2025, 10, 20), cause="x", action="y", doer=doer,
                       due=date(2025, 12, 1))
    assert latest_checkins(history(app), date(2025, 10, 20), "giai_phap")[("KTD", "CQS-10")]["nguoi_thuc_hien"] == "Người A"
    assert latest_checkins(history(app), date(2025, 10, 3), "giai_phap")[("KTD", "CQS-10")]["nguoi_thuc_hien"] == "Người B"
    with sqlite3.connect(app) as con, pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("UPDATE cap_nhat SET han = '2026-01-01'")


def test_an_older_stores_promised_dates_become_due_dates(tmp_path):
    app = tmp_path / "app.sqlite"
    with sqlite3.connect(app) as con:  # cap_nhat as the release before corrective plans made it
        con.executescript("CREATE TABLE cap_nhat (id INTEGER PRIMARY KEY AUTOINCREMENT, ma_xa TEXT NOT NULL, ma_chi_tieu TEXT NOT NULL, "
                          "ket_qua TEXT, ngay_xac_nhan TEXT NOT NULL, so_van_ban_minh_chung TEXT, ghi_chu TEXT, nguoi_ghi TEXT NOT NULL, "
                          "ghi_luc TEXT NOT NULL, ngay_du_kien TEXT); INSERT INTO cap_nhat VALUES (1, 'KTD', 'TTHC-04', NULL, "
                          "'2025-06-01', NULL, 'Bổ sung', 'tp.vhxh', '2025-06-01T09:00:00', '2025-07-15');")
    record_checkin(app, LEAD, PLAN, "CQS-10", "KTD", date(2025, 6, 2), note="x", today=date(2025, 7, 1))
    assert [r["han"] for r in checkins(app)] == [None, "2025-07-15"]
