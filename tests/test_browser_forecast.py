"""The forecast on a tablet (demo warehouse at 30/09/2025, Chromium at both sizes): a green target at risk marked in
amber among those needing attention, the forecast lines and the 766 points at stake without sideways scrolling, and
a target's chart drawing the forecast dashed to the horizon, labelled as an estimate."""

from __future__ import annotations

import pytest
from live_server import ALL_ROWS, SIZES, require_chromium, tablet_page, wait_idle

pytestmark = pytest.mark.browser
require_chromium()

SEPTEMBER = "tu=2025-01-01&den=2025-09-30"


@pytest.fixture(params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def page(request, browser):
    with tablet_page(browser, request.param) as page:
        yield page


def test_the_overview_marks_a_green_target_at_risk_and_fits_the_screen(page, server):
    page.goto(f"{server}/?{SEPTEMBER}")
    page.wait_for_function(ALL_ROWS, arg=40)
    risk = page.locator("a.cchc-row[data-target='TCBM-03'] .cchc-forecast.nguy-co").first
    risk.wait_for()  # drawn with the monthly series, a moment after the statuses
    wait_idle(page)
    row = page.locator("a.cchc-row[data-target='TCBM-03']").first
    assert "Đạt" in row.locator(".cchc-badge").inner_text() and "Có nguy cơ không đạt" in risk.inner_text()
    assert row.bounding_box()["y"] < page.get_by_text("Đã đạt, theo lĩnh vực").bounding_box()["y"]  # needs attention
    cqs10 = page.locator("a.cchc-row[data-target='CQS-10'] .cchc-forecast").first.inner_text()
    assert cqs10 == "Dự báo đến 31/12/2025: 51,6% – cần 79,2% hồ sơ từ nay"
    stake = page.locator(".cchc-stake")
    stake.scroll_into_view_if_needed()
    assert "điểm để lên hạng" in stake.inner_text()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling


def test_a_targets_chart_draws_the_forecast_as_an_estimate(page, server):
    page.goto(f"{server}/chi-tieu?chi_tieu=CQS-10&{SEPTEMBER}")
    page.get_by_text("Dự báo đến 31/12/2025: 51,6% – cần 79,2% hồ sơ từ nay (ước tính").first.wait_for()
    chart = page.locator("[data-testid=stVegaLiteChart]").first
    chart.scroll_into_view_if_needed()
    chart.locator("[aria-label='Dự báo 12/2025: 51,6%']").first.wait_for(state="attached")
    labels = chart.evaluate("el => [...el.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'))")
    assert "Dự báo 09/2025: 52,2%" in labels and "Dự báo, ước tính" in labels and "Chỉ tiêu ≥ 60%" in labels
    dashed = chart.evaluate("el => [...el.querySelectorAll('[stroke-dasharray]')].length")
    assert dashed >= 2  # the threshold's rule and the forecast's line
