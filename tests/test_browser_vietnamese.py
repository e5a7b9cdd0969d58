"""Vietnamese everywhere, in a real headless Chromium: every page each role may open, at both tablet sizes in turn,
shows none of Streamlit's own English (visible words, placeholders, labels read aloud, the open pickers) and no
number written the English way; a lost connection is said in Vietnamese too."""

from __future__ import annotations

import re

import pytest
from live_server import SIZES, dashboard, require_chromium, tablet_page, wait_idle
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_browser_flows import sign_in

pytestmark = pytest.mark.browser
require_chromium()

# Streamlit's own English, as seen on its widgets and dialogs: any of these on a page is a miss.
ENGLISH = re.compile(r"\b(Upload|Browse files|Drag and drop|per file|Limit|Choose an option|Choose options|Select all|"
                     r"No results|None|NaN|null|True|False|Connection error|Are you connected|Streamlit|Page not found|"
                     r"Running|Stop|Deploy|Rerun|Settings|Search|Fullscreen|Download as CSV|Show/hide columns|"
                     r"Link to heading|Show password|Skip to main content|Open|Close|Clear all|Remove|file upload|"
                     r"App pages|\d+ more|Print|Record screen|Traceback|Error|Choose date|day|month|year|start date|"
                     r"end date)\b")
ENGLISH_NUMBER = re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?![\d.])")  # 99.5, 94.53 (Vietnamese: 99,5; 1.234 groups by three)
VIEWING = ["/", "/thanh-pho", "/phong-ban?phong=VHXH", "/chi-tieu?chi_tieu=CQS-10", "/chi-tieu?chi_tieu=TTHC-03", "/du-lieu",
           "/xuat-bao-cao", "/ban-tin", "/tai-khoan"]
MANAGING = {None: [], "lanhdao": ["/nhat-ky"], "truongphong.vhxh": [], "dulieu": ["/tai-du-lieu"],
            "quantri": ["/tai-du-lieu", "/nhat-ky", "/quan-tri"]}
# Visible text, and the placeholders and spoken labels of visible elements (icon names are drawn, not read: left out).
WORDS = """() => {
    const seen = e => e && e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden';
    const out = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
        const e = walk.currentNode.parentElement;
        if (walk.currentNode.textContent.trim() && seen(e) && !e.closest('style, script, noscript, [data-testid=stIconMaterial]'))
            out.push(walk.currentNode.textContent.trim());
    }
    for (const e of document.querySelectorAll('[placeholder], [aria-label]'))
        if (seen(e) || e.matches('input')) out.push(e.getAttribute('placeholder') || '', e.getAttribute('aria-label') || '');
    return out.filter(Boolean);
}"""


def english_on(page) -> list[str]:
    """What the page shows that is English, or a number written the English way."""
    return [w for w in page.evaluate(WORDS) if ENGLISH.search(w) or ENGLISH_NUMBER.search(w)]


def open_pickers(page) -> list[str]:
    """Open each picker of the page in turn: the English its list shows."""
    found = []
    for picker in page.locator("[data-testid=stMultiSelect], [data-testid=stSelectbox]").all():
        if not picker.is_visible():
            continue
        option = page.locator("[role=option]").first
        for _ in range(3):  # a busy machine may draw the list late, or take a click during a rerun as nothing
            picker.click()
            if not option.is_visible():
                page.keyboard.press("ArrowDown")  # a picker whose click only focused it
            try:
                option.wait_for(timeout=5_000)
                break
            except PlaywrightTimeout:
                page.keyboard.press("Escape")
                wait_idle(page)
        option.wait_for(timeout=5_000)
        found += english_on(page)
        page.keyboard.press("Escape")
    return found


@pytest.mark.parametrize("name, size", [(name, SIZES[i % 2]) for i, name in enumerate(MANAGING)],
                         ids=[f"{name or 'khach'}-{SIZES[i % 2][0]}x{SIZES[i % 2][1]}" for i, name in enumerate(MANAGING)])
def test_every_page_of_every_role_speaks_vietnamese(browser, server, name, size):
    with tablet_page(browser, size) as page:
        if name:
            sign_in(page, server, name)
        for path in VIEWING + MANAGING[name]:
            page.goto(server + path)
            page.locator("h3").first.wait_for()
            wait_idle(page)
            page.wait_for_function("() => window.cchcWords !== undefined")  # our page script has arrived
            found = english_on(page) + (open_pickers(page) if path in ("/quan-tri", "/nhat-ky", "/thanh-pho") else [])
            assert not found, (name, path, found)
        page.goto(server + "/")
        page.locator('[data-testid="stButtonGroup"] button', has_text="Tùy chọn").click()  # the range of dates
        page.locator('[data-testid="stDateInput"]').first.wait_for()
        wait_idle(page)
        found = english_on(page)
        assert not found, (name, "Tùy chọn", found)


def test_a_lost_connection_is_said_in_vietnamese(browser, demo_warehouse, tmp_path):
    with tablet_page(browser, SIZES[1]) as page:
        with dashboard(demo_warehouse, log=tmp_path / "streamlit.log") as url:
            page.goto(url + "/")
            page.locator("h3").first.wait_for()
            wait_idle(page)
        page.get_by_text("Máy chủ của ứng dụng không trả lời").wait_for(timeout=60_000)  # the server has stopped
        found = english_on(page)
        assert not found, found
