"""The Thành phố page on a warehouse of three communes: offered only when the warehouse holds several communes,
every commune × area cell coloured and counted in rank order, filters, and a tap on a commune opening its
overview, the commune then kept from page to page (AppTest, and Chromium at both tablet sizes)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from helpers import load_city, load_files, write_city_registry
from live_server import SIZES, dashboard, tablet_page, wait_idle
from reading import FIXTURES
from streamlit.testing.v1 import AppTest

from warehouse import communes as registry
from warehouse.plan import load_plan

pytestmark = pytest.mark.slow
APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    """(warehouse, registry) of three communes and October's 766 scores (only KTD's among them), the registry in
    force for this module."""
    tmp = tmp_path_factory.mktemp("city")
    path = write_city_registry(tmp / "xa.csv")
    mp = pytest.MonkeyPatch()
    mp.setenv(registry.REGISTRY_ENV, str(path))
    registry.communes.cache_clear()
    wh = load_city(tmp)
    load_files(tmp, [FIXTURES / "diem_766_T10_2025.xlsx"], clean=False)
    yield wh, path
    mp.undo()
    registry.communes.cache_clear()


@pytest.fixture
def app(city, monkeypatch):
    monkeypatch.setenv("CCHC_WAREHOUSE", str(city[0]))
    return AppTest.from_file(APP, default_timeout=60)


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def city_rows(at: AppTest) -> list[str]:
    """The communes of the grid, in order."""
    html = next(m.value for m in at.markdown if m.value.startswith("<div class=\"cchc-city-wrap"))
    return re.findall(r'<tr data-xa="([^"]+)"', html)


def test_the_city_page_ranks_every_commune_and_filters(app):
    app.query_params.update({"tu": "2025-01-01", "den": "2025-06-30"})  # the files are fresh for this half-year
    ok(app.run())
    ok(app.switch_page("dashboard/pages/thanh_pho.py").run())
    assert city_rows(app) == ["XA2", "XA3", "KTD"]  # XA2 and XA3 tied first, KTD (a late dossier) third
    html = next(m.value for m in app.markdown if m.value.startswith("<div class=\"cchc-city-wrap"))
    assert html.count("<td ") == 3 * 7 and 'class="chua-dat"' in html and 'href="./?xa=XA2"' in html
    ok(app.toggle(key="chi_do").set_value(True).run())
    assert set(city_rows(app)) <= {"XA2", "XA3", "KTD"} and "KTD" in city_rows(app)
    ok(app.selectbox(key="linh_vuc_cchc").select("TTHC").run())
    html = next(m.value for m in app.markdown if m.value.startswith("<div class=\"cchc-city-wrap"))
    tthc = [t.id for t in load_plan().targets if t.area == "TTHC"]
    assert html.count("<td ") == len(tthc) * len(city_rows(app))  # one area: a column per target
    assert all(f'<th scope="col">{i}</th>' in unescape(html) for i in tthc)


def test_the_city_can_be_ranked_by_the_official_766_score(app):
    app.query_params.update({"tu": "2025-01-01", "den": "2025-06-30"})
    ok(app.run())
    ok(app.switch_page("dashboard/pages/thanh_pho.py").run())
    ok(app.segmented_control(key="xep_theo").set_value("Điểm 766").run())
    assert city_rows(app) == ["KTD", "XA2", "XA3"]  # KTD ranks 1st of the October communes; the others have no score
    html = next(m.value for m in app.markdown if m.value.startswith("<div class=\"cchc-city-wrap"))
    assert "766: 95,09 (hạng 1)" in html


def test_a_commune_link_opens_its_overview_and_stays_chosen(app):
    app.query_params["xa"] = "xa2"
    ok(app.run())
    assert any("xã Đông Thái" in m.value for m in app.markdown)
    ok(app.switch_page("dashboard/pages/phong_ban.py").run())
    assert any("xã Đông Thái" in m.value for m in app.markdown)


def test_an_unknown_commune_is_said_and_changes_nothing(app):
    app.query_params["xa"] = "NOPE"
    ok(app.run())
    assert any("Không có xã mã 'NOPE'" in w.value for w in app.warning)
    assert any("xã Khúc Thừa Dụ" in m.value for m in app.markdown)


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_a_tap_on_a_commune_opens_its_overview_in_the_browser(city, browser, size, tmp_path):
    with dashboard(city[0], log=tmp_path / "streamlit.log") as url, tablet_page(browser, size) as page:
        page.goto(url + "/thanh-pho?tu=2025-01-01&den=2025-06-30")
        page.locator("table.cchc-city").wait_for()
        wait_idle(page)
        assert page.locator('[data-testid="stTopNavLink"]', has_text="Thành phố").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
        page.locator('tr[data-xa="XA3"] th a').click()
        page.get_by_text("xã An Lư").first.wait_for()
        page.locator("a.cchc-row").first.wait_for()
        assert "xa=XA3" in page.url
        page.locator('[data-testid="stTopNavLink"]', has_text="Dữ liệu").click()
        page.get_by_text("Tình trạng dữ liệu").first.wait_for()
        wait_idle(page)
        assert page.get_by_text("xã An Lư").count() >= 1
