"""Status history and the weekly digest: the status judged at each month's end (the engine's own rules at
that date), since when today's status holds, and which targets changed status in the last seven days."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from helpers import FROM, KTD, MET, MISSED, NO_DATA, D, load_files, write_source

from warehouse.db import connect_readonly
from warehouse.digest import Digest, body_text, changes, week_before
from warehouse.display import records_csv, since_text
from warehouse.evaluate import evaluate
from warehouse.plan import load_plan

pytestmark = pytest.mark.slow  # loads a register into a warehouse: run by .ci/run

PLAN = load_plan()


def att(target, ket_qua, ngay, ghi_chu=""):
    return {"ma_chi_tieu": target, "ket_qua": ket_qua, "ngay_xac_nhan": ngay, "so_van_ban_minh_chung": "01/BC-UBND",
            "nguoi_xac_nhan": "Nguyễn Văn A", "ghi_chu": ghi_chu}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """CVU-03 not done on 10/03, done on 20/05; TCHE-03 done on 05/02, then not done on 22/05 (why: a formula)."""
    tmp = tmp_path_factory.mktemp("history")
    rows = [att("CVU-03", "Chưa hoàn thành", "10/03/2025"), att("CVU-03", "Đã hoàn thành", "20/05/2025"),
            att("TCHE-03", "Đã hoàn thành", "05/02/2025"), att("TCHE-03", "Chưa hoàn thành", "22/05/2025", "=HYPERLINK(1)")]
    return load_files(tmp, [write_source(tmp, "xac_nhan", rows, "31/05/2025")])


def judged(warehouse, to: date, series: bool = False, tu: date = FROM) -> dict:
    """Every target by id for the period."""
    with connect_readonly(warehouse) as con:
        return {e.target.id: e for e in evaluate(con, PLAN, tu, to, KTD, with_series=series)}


def test_the_history_holds_the_status_at_each_month_end(warehouse):
    e = judged(warehouse, D("30/06/2025"), series=True)["CVU-03"]
    assert e.history == [(D("31/01/2025"), NO_DATA), (D("28/02/2025"), NO_DATA), (D("31/03/2025"), MISSED),
                         (D("30/04/2025"), MISSED), (D("31/05/2025"), MET), (D("30/06/2025"), MET)]
    assert e.since == D("31/05/2025") and since_text(e.status, e.since) == "Đạt từ tháng 5/2025"


def test_a_status_held_all_period_has_no_since(warehouse):
    e = judged(warehouse, D("30/04/2025"), series=True, tu=D("01/02/2025"))["TCHE-03"]
    assert [s for _, s in e.history] == [MET] * 3 and e.since is None and since_text(e.status, e.since) == ""


def test_a_history_cut_mid_month_ends_on_the_as_of_date(warehouse):
    e = judged(warehouse, D("25/05/2025"), series=True)["TCHE-03"]
    assert e.history[-1] == (D("25/05/2025"), MISSED) and since_text(e.status, e.since) == "Chưa đạt từ 25/05/2025"


def test_the_digest_lists_what_turned_red_first_then_green(warehouse):
    to = D("26/05/2025")
    before, now = judged(warehouse, week_before(FROM, to)[1]), judged(warehouse, to)
    table = changes(list(before.values()), list(now.values()), PLAN)
    assert table.select("Mã chỉ tiêu", "Trạng thái trước", "Trạng thái nay").rows() == [
        ("TCHE-03", MET, MISSED), ("CVU-03", MISSED, MET)]
    text = body_text(Digest(KTD, week_before(FROM, to)[1], to, list(now.values()), list(before.values())), PLAN, {})
    assert "Từ 19/05/2025 đến 26/05/2025" in text
    assert "Chuyển sang Chưa đạt (1):\n- TCHE-03" in text and "Chuyển sang Đạt (1):\n- CVU-03" in text
    csv = pl.read_csv(records_csv(table)[3:])
    assert csv.columns[:5] == ["Mã chỉ tiêu", "Chỉ tiêu", "Chủ trì", "Trạng thái trước", "Trạng thái nay"]
    assert csv["Lý do"][0] == "Xác nhận ngày 22/05/2025: chưa hoàn thành (=HYPERLINK(1))."  # the why goes with the file


def test_no_change_in_the_week_gives_an_empty_digest(warehouse):
    to = D("30/04/2025")
    before, now = judged(warehouse, week_before(FROM, to)[1]), judged(warehouse, to)
    table = changes(list(before.values()), list(now.values()), PLAN)
    digest = Digest(KTD, D("23/04/2025"), to, list(now.values()), list(before.values()))
    assert table.is_empty() and "Không có chỉ tiêu nào đổi trạng thái" in body_text(digest, PLAN, {})


def test_the_digest_text_ends_with_the_totals_and_what_is_still_red(warehouse):
    to = D("26/05/2025")
    now = list(judged(warehouse, to).values())
    before = list(judged(warehouse, week_before(FROM, to)[1]).values())
    lines = body_text(Digest(KTD, week_before(FROM, to)[1], to, now, before), PLAN, {}).splitlines()
    red = [e for e in now if e.status == MISSED]
    assert f"Đạt: {sum(e.status == MET for e in now)} · Chưa đạt: {len(red)}" in lines[1]
    others = [e.target.id for e in red if e.target.id != "TCHE-03"]  # TCHE-03 turned red: said above, not again
    head = [i for i, line in enumerate(lines) if line.startswith("Vẫn chưa đạt (")]
    assert [line.split()[1] for line in lines[head[0] + 1:]] == others if others else not head
    assert "Chuyển sang Chưa đạt (1):" in lines


def test_the_week_before_never_starts_before_the_period():
    assert week_before(D("01/01/2025"), D("03/01/2025")) == (D("01/01/2025"), D("01/01/2025"))


def test_the_digest_names_the_commune_it_is_of():
    from warehouse.communes import commune_name

    text = body_text(Digest("KAN", D("23/04/2025"), D("30/04/2025"), [], []), PLAN, {})
    assert text.startswith(f"Bản tin CCHC xã {commune_name('KAN')}\n") and commune_name("KAN") == "Kiến An"
