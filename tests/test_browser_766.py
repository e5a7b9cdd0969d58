"""The official 766 score on a tablet (demo warehouse, Chromium at both sizes): the commune's total, rank and change on
its overview after the plan's red rows, each of the six groups beside the plan's targets that measure the same thing,
and a paired target's page saying the official score."""

from __future__ import annotations

import pytest
from live_server import SIZES, require_chromium, tablet_page, wait_idle

from warehouse.db import connect_readonly
from warehouse.display import vn_number
from warehouse.scores import GROUPS, commune_history, group_title

pytestmark = pytest.mark.browser
require_chromium()

YEAR = "?tu=2025-01-01&den=2025-12-31"


@pytest.fixture(scope="module")
def latest(demo_warehouse) -> dict:
    """The demo commune's December score, as the engine ranks it."""
    with connect_readonly(demo_warehouse) as con:
        return commune_history(con, "KTD").row(-1, named=True)


@pytest.fixture(params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def page(request, browser, server):
    with tablet_page(browser, request.param) as page:
        page.goto(server + "/" + YEAR)
        page.locator("a.cchc-row").first.wait_for()
        wait_idle(page)
        yield page


def test_the_overview_says_the_766_total_rank_and_change_after_its_red_rows(page, latest):
    line = page.locator(".cchc-766")
    said = f"Điểm 766 tháng 12/2025: {vn_number(latest['tong_diem'], 2)} – hạng {latest['hang']}/{latest['so_don_vi']}"
    assert said in line.inner_text() and "so với tháng 11/2025" in line.inner_text()
    assert line.locator("svg polyline").count() == 1  # the monthly trend
    red = page.locator("a.cchc-row:has(.chua-dat)").first.bounding_box()
    assert red["y"] < line.bounding_box()["y"]  # the plan's red rows come first on the first screen
    line.scroll_into_view_if_needed()
    assert line.is_visible()


def test_each_group_stands_beside_its_targets_and_a_tap_opens_one(page, latest):
    page.get_by_text("bên cạnh chỉ tiêu của kế hoạch").click()
    table = page.locator("table.cchc-beside")
    table.wait_for()
    text = table.inner_text()
    assert all(group_title(g) in text for g in GROUPS)
    assert f"{vn_number(latest['mdhl'], 2)}/18" in text and "TTHC-02" in text and "CQS-04" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    table.get_by_role("link", name="CQS-10").click()
    official = page.get_by_text("Điểm 766 chính thức (Thanh toán trực tuyến, tháng 12/2025)")
    official.wait_for()
    assert f"{vn_number(latest['tttt'], 2)}/10" in official.inner_text()
    assert "chi_tieu=CQS-10" in page.url
