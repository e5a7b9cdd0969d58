"""The sign-in flows in a real headless Chromium on a tablet: a department lead checks in on an attested target
and sees the overview turn green, then signs out (landscape); a clerk uploads a bad file and a good one and
sees the gate's table (portrait); each demo account opens exactly its pages (the two sizes in turn). The
flows run their own server on their own copy of the demo warehouse and its accounts."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import copy_warehouse
from live_server import ALL_ROWS, SIZES, dashboard, require_chromium, tablet_page, wait_for_session_cookie, wait_idle

from pipelines.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser
require_chromium()

ROOT = Path(__file__).resolve().parents[1]
WAIT = 60_000


@pytest.fixture
def server(demo_copy, tmp_path):
    with dashboard(demo_copy, log=tmp_path / "streamlit.log") as url:
        yield url


@pytest.fixture
def landscape(browser):
    with tablet_page(browser, SIZES[0], WAIT) as page:
        yield page


@pytest.fixture
def portrait(browser):
    with tablet_page(browser, SIZES[1], WAIT) as page:
        yield page


def sign_in(page, url: str, name: str) -> None:
    """Sign in with the demo account through the form."""
    page.goto(url + "/tai-khoan")
    wait_idle(page)
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    wait_for_session_cookie(page)  # kept for the next page load


def open_check_in(page, url: str, name: str, target: str) -> None:
    """Sign in as `name` and open `target`'s page, its check-in form drawn."""
    sign_in(page, url, name)
    page.goto(url + f"/chi-tieu?chi_tieu={target}")
    page.get_by_text("Cập nhật tiến độ").wait_for()
    wait_idle(page)


def refused_keeping(page, typed: dict[str, str], asked: str) -> None:
    """Type into the check-in form's fields (by label) and submit: `asked` is said, and every field keeps its text."""
    for label, text in typed.items():
        page.get_by_label(label).fill(text)
    page.get_by_role("button", name="Ghi cập nhật").click()
    page.get_by_text(asked).wait_for()
    wait_idle(page)
    assert {label: page.get_by_label(label).input_value() for label in typed} == typed


def row_status(page, target: str) -> str:
    """The status word of a target's row on the overview."""
    return page.text_content(f"a.cchc-row[data-target='{target}'] .cchc-badge").strip()  # met rows are folded


def test_a_department_lead_checks_in_and_the_overview_turns_green(landscape, server):
    page = landscape
    sign_in(page, server, "truongphong.vhxh")
    page.goto(server + "/")
    page.wait_for_function(ALL_ROWS, arg=40)
    assert "Chưa đạt" in row_status(page, "CVU-04")
    page.click("a.cchc-row[data-target='CVU-04']")  # a link that reloads the page: the session holds
    page.get_by_text("Cập nhật tiến độ").wait_for()
    page.get_by_text("Đã hoàn thành", exact=True).first.click()
    page.get_by_label("Số văn bản minh chứng").fill("15/TTr-UBND")
    page.get_by_label("Ghi chú").fill("Đã trình Sở Nội vụ <b>ngay</b>")
    page.get_by_role("button", name="Ghi cập nhật").click()
    page.get_by_test_id("stToast").get_by_text("Đã ghi cập nhật chỉ tiêu CVU-04").wait_for()  # at once
    page.get_by_test_id("stAlertContentSuccess").get_by_text("Đã ghi cập nhật chỉ tiêu CVU-04").wait_for()  # at the form

    page.goto(server + "/")
    page.wait_for_function(ALL_ROWS, arg=40)
    wait_idle(page)
    assert "Đạt" in row_status(page, "CVU-04") and "Chưa" not in row_status(page, "CVU-04")
    note = page.text_content("a.cchc-row[data-target='CVU-04'] .cchc-checkin")
    assert "Phan Thị Ngọc" in note and "Đã trình Sở Nội vụ <b>ngay</b>" in note  # as written, never markup

    page.goto(server + "/tai-khoan")
    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_label("Tên đăng nhập").wait_for()
    page.goto(server + "/chi-tieu?chi_tieu=CVU-04")  # a new page load: the cookie no longer signs in
    page.get_by_text("Cập nhật tiến độ").wait_for()
    wait_idle(page)
    assert page.get_by_role("button", name="Ghi cập nhật").count() == 0
    assert page.get_by_text("Đăng nhập (trang Tài khoản) để cập nhật").count() == 1


def test_a_clerk_uploads_a_bad_file_and_a_good_one(portrait, server):
    page = portrait
    sign_in(page, server, "dulieu")
    page.goto(server + "/tai-du-lieu")
    wait_idle(page)
    page.locator("input[type=file]").set_input_files([str(ROOT / "tests" / "fixtures" / "khong_ro_nguon.csv"),
                                                      str(ROOT / "tests" / "fixtures" / "ho_so_dong_bo.csv")])
    page.get_by_role("button", name="Nạp vào kho").click()
    page.get_by_text("Kết quả nạp").wait_for()
    wait_idle(page)
    page.locator("[data-testid='stTable'] tbody tr").nth(1).wait_for()
    rows = page.locator("[data-testid='stTable'] tbody tr").all_inner_texts()
    by_file = {r.split("\t")[0].strip(): r for r in rows}
    assert set(by_file) == {"khong_ro_nguon.csv", "ho_so_dong_bo.csv"}, rows
    assert "Từ chối" in by_file["khong_ro_nguon.csv"] and "Đã nạp" in by_file["ho_so_dong_bo.csv"]
    page.goto(server + "/nhat-ky")  # a clerk may not read the audit: the page is not even offered
    wait_idle(page)
    assert page.get_by_label("Tìm (người, đối tượng, chi tiết)").count() == 0


ALLOWED = {  # the managing pages each demo account may open (each page by its address, and a control only it has)
    "lanhdao": {"nhat-ky"},
    "truongphong.vhxh": set(),
    "dulieu": {"tai-du-lieu"},
    "quantri": {"tai-du-lieu", "nhat-ky", "quan-tri"},
}
MARKS = {"tai-du-lieu": "Tệp xuất", "nhat-ky": "Tìm (người, đối tượng, chi tiết)", "quan-tri": "Tên đăng nhập mới"}


@pytest.fixture(scope="module")
def shared_server(demo_warehouse, tmp_path_factory):
    """One server for the read-only role checks, on its own copy of the demo."""
    folder = tmp_path_factory.mktemp("roles")
    with dashboard(copy_warehouse(demo_warehouse, folder), log=folder / "streamlit.log") as url:
        yield url


@pytest.mark.parametrize("name, size", [(name, SIZES[i % 2]) for i, name in enumerate(ALLOWED)])  # both sizes, in turn
def test_each_demo_account_opens_exactly_its_pages(browser, shared_server, name, size):
    with tablet_page(browser, size, WAIT) as page:
        _opens_exactly(page, shared_server, name)


def _opens_exactly(page, shared_server: str, name: str) -> None:
    """Sign in as the account, then try every managing page by its address."""
    sign_in(page, shared_server, name)
    for path, mark in MARKS.items():
        page.goto(f"{shared_server}/{path}")
        if path in ALLOWED[name]:
            page.get_by_label(mark).wait_for()
        else:  # not offered: whatever page shows instead has drawn its header, and not this control
            page.get_by_text("· Tài khoản").wait_for()
            wait_idle(page)
            assert page.get_by_label(mark).count() == 0, (name, path)
