"""Acting in the app, in a real headless Chromium at both tablet sizes, each action alone and in its plainest case:
a clean file uploaded by itself, an empty file by itself, a rejected file that leaves the overview as it was, a
file withdrawn from Dữ liệu with a confirmation, Back once per screen, a sign-in that returns to where it started
(from a target, from a managing page's address), a check-in with one field missing that keeps the rest. Each test
runs its own server on its own copy of the demo."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from live_server import ALL_ROWS, SIZES, dashboard, require_chromium, tablet_page, wait_idle
from test_browser_flows import open_check_in, refused_keeping, sign_in
from test_browser_vietnamese import english_on

from pipelines.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser
require_chromium()

FIXTURES = Path(__file__).parent / "fixtures"
WAIT = 60_000
SIZE_IDS = [f"{w}x{h}" for w, h in SIZES]


@pytest.fixture
def server(demo_copy, tmp_path):
    with dashboard(demo_copy, log=tmp_path / "streamlit.log") as url:
        yield url


@pytest.fixture(params=SIZES, ids=SIZE_IDS)
def page(request, browser):
    with tablet_page(browser, request.param, WAIT) as page:
        yield page


def upload(page, url: str, *files: Path) -> dict[str, str]:
    """Sign in as the data clerk, upload the files through the page; each file's row of the outcome table, by name."""
    sign_in(page, url, "dulieu")
    page.goto(url + "/tai-du-lieu")
    wait_idle(page)
    page.locator("input[type=file]").set_input_files([str(f) for f in files])
    page.get_by_role("button", name="Nạp vào kho").click()
    page.get_by_text("Kết quả nạp").wait_for()
    wait_idle(page)
    page.locator("[data-testid='stTable'] tbody tr").nth(len(files) - 1).wait_for()
    rows = page.locator("[data-testid='stTable'] tbody tr").all_inner_texts()
    assert "Traceback" not in page.inner_text("body") and "Error" not in page.inner_text("body")
    assert not english_on(page), english_on(page)  # the chosen files' chips too (their sizes: 0,7 KB)
    return {r.split("\t")[0].strip(): r for r in rows}


def overview(page, url: str) -> dict[str, str]:
    """Every target row of the overview: its status word and value, by target."""
    page.goto(url + "/")
    page.wait_for_function(ALL_ROWS, arg=40)
    wait_idle(page)
    return page.eval_on_selector_all(
        "a.cchc-row[data-target]",
        "rows => Object.fromEntries(rows.map(a => [a.dataset.target, a.querySelector('.cchc-badge').textContent.trim() + ' '"
        " + a.querySelector('.cchc-value b').textContent.trim()]))")


def test_a_clean_file_uploaded_alone_is_loaded_and_said(page, server):
    rows = upload(page, server, FIXTURES / "pakn_cp1258.csv")
    assert list(rows) == ["pakn_cp1258.csv"]
    assert "Đã nạp" in rows["pakn_cp1258.csv"] and "TTHC-11" in rows["pakn_cp1258.csv"]


def test_an_empty_file_uploaded_alone_is_refused_with_why(page, server, tmp_path):
    empty = tmp_path / "rong.csv"
    empty.write_bytes(b"")
    rows = upload(page, server, empty)
    assert "Từ chối" in rows["rong.csv"] and "Tệp rỗng" in rows["rong.csv"]


def test_a_rejected_file_leaves_the_overview_as_it_was(page, server):
    before = overview(page, server)
    rows = upload(page, server, FIXTURES / "ho_so_qua_nhieu_loi.csv")
    assert "Từ chối" in rows["ho_so_qua_nhieu_loi.csv"]
    assert page.get_by_text("các chỉ tiêu vẫn tính theo tệp đã nạp trước đó").count() == 1
    assert overview(page, server) == before


def test_a_clerk_withdraws_a_file_after_confirming(page, server):
    before = overview(page, server)
    sign_in(page, server, "dulieu")
    page.goto(server + "/du-lieu")
    wait_idle(page)
    page.get_by_text("Rút tệp đã nạp nhầm").wait_for()
    page.locator("[data-testid=stSelectbox]").filter(has_text="Tệp cần rút").click()
    page.keyboard.type("xac_nhan")  # the picker filters as one types
    page.get_by_role("option", name="xac_nhan_chi_tieu_2025.xlsx").first.click()
    page.get_by_role("button", name="Rút tệp này…").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Rút tệp xac_nhan_chi_tieu_2025.xlsx").wait_for()
    assert "CVU-04" in dialog.inner_text()  # the targets it feeds are named before anything happens
    dialog.get_by_role("button", name="Rút tệp", exact=True).click()
    page.get_by_text("Đã rút tệp xac_nhan_chi_tieu_2025.xlsx").wait_for()
    after = overview(page, server)
    assert "Chưa có dữ liệu" in after["CVU-04"] and before["CVU-04"] != after["CVU-04"]
    assert after["TTHC-07"] == before["TTHC-07"]  # only the targets it fed change


def test_back_leaves_each_screen_in_one_press(page, server):
    overview(page, server)
    for title, path in (("Phòng ban", "/phong-ban"), ("Dữ liệu", "/du-lieu")):
        page.locator('[data-testid="stTopNavLink"]', has_text=title).click()
        page.wait_for_url(f"**{path}?**")
        wait_idle(page)
    assert "chi_tieu" not in page.url and "phong=" not in page.url  # one page's address, never two mixed
    page.go_back()
    page.wait_for_url("**/phong-ban?**")
    wait_idle(page)
    page.go_back()
    page.wait_for_function("() => location.pathname === '/'")
    page.wait_for_function(ALL_ROWS, arg=40)


def test_signing_in_returns_to_the_target_it_started_from(page, server):
    page.goto(server + "/chi-tieu?chi_tieu=CVU-04")
    page.get_by_text("Cập nhật tiến độ").wait_for()
    wait_idle(page)
    page.locator('[data-testid="stPageLink"] a', has_text="Đăng nhập").click()
    page.get_by_label("Tên đăng nhập").fill("truongphong.vhxh")
    page.get_by_label("Mật khẩu", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("button", name="Ghi cập nhật").wait_for()  # the target's own form: back where it started
    assert "chi_tieu=CVU-04" in page.url


def test_a_managing_page_opened_signed_out_asks_for_a_sign_in_then_opens(page, server):
    page.goto(server + "/tai-du-lieu")
    page.get_by_label("Tên đăng nhập").fill("dulieu")
    page.get_by_label("Mật khẩu", exact=True).fill(DEMO_PASSWORD)
    assert "Liên kết sai" not in page.inner_text("body")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Tối đa 100 MB mỗi tệp").wait_for()  # the upload box, said in Vietnamese
    assert "/tai-du-lieu" in page.url


def test_a_check_in_with_one_field_missing_keeps_what_was_typed(page, server):
    open_check_in(page, server, "truongphong.vhxh", "CVU-04")
    refused_keeping(page, {"Số văn bản minh chứng": "15/TTr-UBND", "Ghi chú": "Đã trình Sở Nội vụ"}, "Hãy chọn kết quả")


def test_every_row_needing_attention_shows_a_labelled_trend(page, server):
    overview(page, server)
    rows = page.eval_on_selector_all("a.cchc-row:not(:has(.cchc-badge.dat))", """rs => rs.map(r => ({id: r.dataset.target,
        trend: r.querySelector('.cchc-trend') && r.querySelector('.cchc-trend').checkVisibility() ?
               r.querySelector('.cchc-trend').innerText : ''}))""")
    assert rows and all(len(re.findall(r"\d{1,2}/2025", r["trend"])) >= 2 for r in rows), rows
    assert any(re.search(r"[▲▼=] \d+,\d điểm", r["trend"]) for r in rows), rows  # the change, for percent targets


def test_a_count_tapped_shows_only_its_targets_and_tapped_again_all(page, server):
    overview(page, server)
    page.locator("a.cchc-count.chua-dat").click()
    page.wait_for_function("() => location.search.includes('xem=chua-dat')")
    page.get_by_text("chạm lại ô số để xem tất cả").wait_for()
    wait_idle(page)
    shown = page.eval_on_selector_all("a.cchc-row .cchc-badge", "bs => bs.map(b => b.textContent.trim())")
    red = int(page.locator("a.cchc-count.chua-dat b").inner_text())
    assert len(shown) == red and all("Chưa đạt" in s for s in shown)
    page.locator("a.cchc-count.chua-dat").click()
    page.wait_for_function(ALL_ROWS, arg=40)
    assert "xem=" not in page.url


def test_a_commune_tapped_on_the_city_page_opens_its_overview_and_back_returns(page, server):
    page.goto(server + "/thanh-pho")
    page.locator("table.cchc-city tr[data-xa]").first.wait_for()
    page.evaluate("() => { window.cchcSamePage = true; }")
    page.locator("table.cchc-city tr[data-xa='KAN'] th a").click()
    page.wait_for_function("() => location.pathname === '/' && location.search.includes('xa=KAN')")
    page.wait_for_function(ALL_ROWS, arg=40)
    wait_idle(page)
    assert page.evaluate("() => window.cchcSamePage === true")  # opened within the app, without loading the page again
    assert page.evaluate("() => [...document.querySelectorAll('a.cchc-row')].every(a => a.getAttribute('href').includes('xa=KAN'))")
    assert "xã Kiến An" in page.inner_text("[data-testid=stMainBlockContainer]")  # the title line names it
    page.go_back()
    page.wait_for_function("() => location.pathname === '/thanh-pho'")
    page.locator("table.cchc-city tr[data-xa]").first.wait_for()


def test_a_file_over_the_limit_is_refused_in_vietnamese_by_the_upload_box(page, demo_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_UPLOAD_MAX_MB", "1")
    big = tmp_path / "ho_so_qua_lon.csv"
    big.write_bytes(b"MaHoSo\n" + b"H-1\n" * 400_000)  # 1.6 MB
    with dashboard(demo_copy, log=tmp_path / "streamlit.log") as url:
        sign_in(page, url, "dulieu")
        page.goto(url + "/tai-du-lieu")
        wait_idle(page)
        page.locator("input[type=file]").set_input_files(str(big))
        page.get_by_text("Tệp quá lớn (tối đa 1 MB mỗi tệp): không được nhận.", exact=False).wait_for()
        said = page.inner_text("[data-testid=stFileUploader]")
        assert "Lỗi: Tệp quá lớn" in said and "File must be" not in said and "Error" not in said


def test_web_addresses_in_a_check_in_never_become_links(page, demo_copy, tmp_path):
    from datetime import date

    from warehouse.app.accounts import active_user
    from warehouse.app.checkins import record_checkin
    from warehouse.app.store import store_path
    from warehouse.plan import load_plan

    app = store_path(demo_copy)
    record_checkin(app, active_user(app, "lanhdao"), load_plan(), "CVU-04", "KTD", date(2025, 12, 31), "Chưa hoàn thành",
                   "https://vi-du.example/x", "xem https://vi-du.example/a, www.vi-du.vn hoặc hỏi a@vi-du.vn")
    with dashboard(demo_copy, log=tmp_path / "streamlit.log") as url:
        page.goto(url + "/chi-tieu?chi_tieu=CVU-04")
        page.get_by_text("Văn bản minh chứng", exact=False).first.wait_for()
        wait_idle(page)
        assert page.eval_on_selector_all("a", "as => as.map(a => a.getAttribute('href') || '').filter(h => h.includes('vi-du'))") == []
        shown = page.inner_text("[data-testid=stMainBlockContainer]").replace("\u2060", "")
        assert "xem https://vi-du.example/a, www.vi-du.vn hoặc hỏi a@vi-du.vn" in shown  # as written


def test_the_session_cookie_is_http_only_and_the_token_never_in_the_page(page, server):
    sign_in(page, server, "lanhdao")
    (kept,) = [c for c in page.context.cookies() if c["name"] == "cchc_phien"]
    assert kept["httpOnly"] and kept["sameSite"] == "Strict" and len(kept["value"]) > 30
    page.goto(server + "/nhat-ky")  # a new page load: still signed in, by the cookie alone
    page.get_by_text("Nguyễn Văn Hùng · Tài khoản", exact=False).wait_for()
    wait_idle(page)
    assert "cchc_phien" not in page.evaluate("() => document.cookie")
    assert kept["value"] not in page.content()
    page.goto(server + "/tai-khoan")
    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_label("Tên đăng nhập").wait_for()
    for _ in range(100):
        if not [c for c in page.context.cookies() if c["name"] == "cchc_phien" and c["value"]]:
            break
        page.wait_for_timeout(50)
    assert not [c for c in page.context.cookies() if c["name"] == "cchc_phien" and c["value"]]  # cleared by the server
