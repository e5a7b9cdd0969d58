"""From red to action, in a real headless Chromium at both tablet sizes: a leader's overview opens on "Cần chỉ
đạo", on the first screen, each line a tap from its target and one Back from the list again; nobody else gets the
list on the overview; a department lead records a corrective plan field by field, keeping what was typed, and
the target shows it with its state."""

from __future__ import annotations

import pytest
from live_server import ALL_ROWS, SIZES, dashboard, require_chromium, tablet_page, wait_idle
from test_browser_flows import open_check_in, refused_keeping, sign_in

pytestmark = pytest.mark.browser
require_chromium()
WAIT = 60_000


@pytest.fixture
def own_server(demo_copy, tmp_path):
    """A server on a copy of the demo, for a test that records something (the others share conftest's `server`)."""
    with dashboard(demo_copy, log=tmp_path / "streamlit.log") as url:
        yield url


@pytest.fixture(params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def page(request, browser):
    with tablet_page(browser, request.param, WAIT) as page:
        yield page


def test_a_leader_opens_on_what_to_direct_and_taps_through(page, server):
    sign_in(page, server, "lanhdao")
    page.goto(server + "/")
    page.locator(".cchc-direct .cchc-direct-item").first.wait_for()
    wait_idle(page)
    block = page.locator(".cchc-direct")
    assert block.locator(".cchc-area").inner_text().startswith("Cần chỉ đạo (6)")  # `actions` on the demo: six
    assert block.bounding_box()["y"] + 120 < page.viewport_size["height"]  # its head and first line on the first screen
    first = block.locator(".cchc-direct-item").first
    assert "Chưa có giải pháp: chưa đạt từ" in first.inner_text() and "Chủ trì:" in first.inner_text()
    target = first.get_attribute("data-target")
    first.click()
    page.wait_for_function(f"() => location.search.includes('chi_tieu={target}')")
    page.get_by_text("Kế hoạch khắc phục:").wait_for()
    page.go_back()
    page.wait_for_function("() => location.pathname === '/'")
    page.locator(".cchc-direct .cchc-direct-item").first.wait_for()


def test_nobody_but_a_leader_gets_the_list_on_the_overview(page, server):
    page.goto(server + "/")
    page.wait_for_function(ALL_ROWS, arg=40)
    wait_idle(page)
    assert page.locator(".cchc-direct").count() == 0
    assert "Chủ trì: Phòng Văn hóa - Xã hội – Phan Thị Ngọc, Trưởng phòng" in page.inner_text("body")  # the person, on rows


def test_a_lead_records_a_corrective_plan_field_by_field(page, own_server):
    open_check_in(page, own_server, "truongphong.vhxh", "CQS-10")
    refused_keeping(page, {"Giải pháp": "Hướng dẫn người dân thanh toán trực tuyến", "Ghi chú": "Đang rà soát"},
                    "Hãy ghi nguyên nhân chưa đạt.")
    page.get_by_label("Nguyên nhân").fill("Người dân quen nộp tiền mặt")
    page.get_by_label("Người thực hiện").fill("Lê Văn An")
    page.get_by_role("spinbutton", name="ngày, Hạn hoàn thành *").click()  # dd, mm, yyyy: each segment moves on
    page.keyboard.type("31122026")
    page.get_by_role("button", name="Ghi cập nhật").click()
    page.get_by_text("Đã ghi cập nhật chỉ tiêu CQS-10").first.wait_for()
    page.get_by_text("Khắc phục (đang thực hiện): Hướng dẫn người dân thanh toán trực tuyến – Lê Văn An, hạn 31/12/2026",
                     exact=False).first.wait_for()
