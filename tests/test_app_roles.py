"""Who may do what, page by page, under Streamlit's AppTest: viewing without signing in (a setting), the
sign-in form, check-ins only for a target's owner or a leader, and the managing pages by role.

Each test runs on its own copy of the demo warehouse and its app store (check-ins change statuses)."""

from __future__ import annotations

import html
import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_app_pages import APP, PLAN, ok, page, parse, title

from pipelines.demo import DEMO_PASSWORD
from warehouse.app.accounts import active_user
from warehouse.app.sessions import start_session
from warehouse.app.store import store_path

pytestmark = pytest.mark.slow

REFUSED = "Trang này dành cho"
ROOT = Path(__file__).resolve().parents[1]
VIEWING = {"tong_quan", "thanh_pho", "phong_ban", "chi_tieu", "du_lieu", "xuat_bao_cao", "ban_tin"}  # the demo is a city
MANAGING = ["tai_du_lieu", "nhat_ky", "quan_tri"]


@pytest.fixture
def app(demo_copy, monkeypatch) -> AppTest:
    """The app on a copy of the demo warehouse and its accounts, not yet run."""
    monkeypatch.setenv("CCHC_WAREHOUSE", str(demo_copy))
    return AppTest.from_file(APP, default_timeout=60)


def signed_in(at: AppTest, name: str) -> AppTest:
    """The session signed in as this demo account (as the sign-in form leaves it)."""
    app_store = store_path(Path(os.environ["CCHC_WAREHOUSE"]))
    at.session_state["cchc_phien"] = start_session(app_store, active_user(app_store, name))
    return at


def offered(at: AppTest) -> set[str]:
    """The pages the navigation offers (their files' names)."""
    return {Path(info["script_path"]).stem for info in at._registered_pages.values()}


def alone(name: str, user: str | None) -> AppTest:
    """A managing page run by itself, as if reached without the router: it must check the role itself."""
    at = AppTest.from_file(str(ROOT / "dashboard" / "pages" / f"{name}.py"), default_timeout=60)
    if user:
        signed_in(at, user)
    return ok(at.run())


def texts(at: AppTest) -> str:
    """Everything the page wrote, character references read back."""
    return html.unescape("\n".join(str(e.value) for kind in ("markdown", "caption", "warning", "error", "success", "info")
                     for e in getattr(at, kind)))


def chi_tieu(at: AppTest, target: str) -> AppTest:
    """A target's page."""
    at.query_params["chi_tieu"] = target
    return page(at, "chi_tieu")


@pytest.mark.parametrize("name", MANAGING)
def test_anonymous_viewers_see_the_figures_but_manage_nothing(app, name):
    assert offered(ok(app.run())) == {*VIEWING, "tai_khoan", *MANAGING}  # a managing page's address asks for a sign-in
    at = alone(name, None)
    assert REFUSED in texts(at) and "Hãy đăng nhập" in texts(at) and not at.get("file_uploader")
    assert {w.label for w in at.text_input} == {"Tên đăng nhập", "Mật khẩu"}  # the sign-in, right there


def test_sign_in_form(app):
    page(ok(app.run()), "tai_khoan")
    fields = {w.label: w for w in app.text_input}
    assert set(fields) == {"Tên đăng nhập", "Mật khẩu"}
    fields["Tên đăng nhập"].input("lanhdao")
    fields["Mật khẩu"].input("sai-mat-khau")
    ok(app.button[0].click().run())
    assert "không đúng" in texts(app)
    fields = {w.label: w for w in app.text_input}
    fields["Mật khẩu"].input(DEMO_PASSWORD)
    ok(app.button[0].click().run())
    assert title(app) == "Tổng quan"  # back to the page it started from
    page(app, "tai_khoan")
    assert "Đang đăng nhập" in texts(app) and "Nguyễn Văn Hùng" in texts(app)
    ok(app.button[0].click().run())  # Đăng xuất
    assert {w.label for w in app.text_input} == {"Tên đăng nhập", "Mật khẩu"}


def test_a_department_lead_checks_in_on_their_own_target_only(app):
    signed_in(app, "truongphong.vhxh")
    ok(app.run())
    before = dict(parse(app).rows)
    assert before["CVU-04"] == "Chưa đạt"
    at = chi_tieu(app, "CVU-04")
    assert at.get("form"), "the owner gets the check-in form"
    at.radio[0].set_value("Đã hoàn thành")
    at.text_input[0].input("15/TTr-UBND")
    [w for w in at.text_area if w.label == "Ghi chú"][0].input("Đã trình Sở Nội vụ")
    ok([b for b in at.button if b.label == "Ghi cập nhật"][0].click().run())
    assert "Đã ghi cập nhật chỉ tiêu CVU-04" in texts(at)
    assert "Đã trình Sở Nội vụ" in list(at.dataframe[-2].value["Ghi chú"])
    del app.query_params["chi_tieu"]
    after = dict(parse(page(app, "tong_quan")).rows)
    assert after["CVU-04"] == "Đạt"
    assert "Đã trình Sở Nội vụ" in texts(app)
    other = chi_tieu(app, "TCCO-01")  # Phòng Kinh tế's
    assert not other.get("form") and "Chỉ lãnh đạo xã hoặc trưởng phòng chủ trì (KT)" in texts(other)


def test_anonymous_viewers_are_asked_to_sign_in_to_check_in(app):
    ok(app.run())
    at = chi_tieu(app, "CVU-04")
    assert not at.get("form") and "Đăng nhập (trang Tài khoản) để cập nhật" in texts(at)


@pytest.mark.parametrize("name, allowed, refused", [
    ("dulieu", ["tai_du_lieu"], ["nhat_ky", "quan_tri"]),
    ("lanhdao", ["nhat_ky"], ["tai_du_lieu", "quan_tri"]),
    ("quantri", ["tai_du_lieu", "nhat_ky", "quan_tri"], []),
    ("truongphong.vhxh", [], ["tai_du_lieu", "nhat_ky", "quan_tri"]),
])
def test_managing_pages_by_role(app, name, allowed, refused):
    assert offered(ok(signed_in(app, name).run())) == {*VIEWING, "tai_khoan", *allowed}
    for p in allowed:
        assert REFUSED not in texts(page(app, p)), p
    for p in refused:
        assert REFUSED in texts(alone(p, name)), p


def test_the_audit_page_shows_sign_ins(app):
    ok(signed_in(app, "lanhdao").run())
    at = page(app, "nhat_ky")
    shown = at.dataframe[0].value
    assert "Tài khoản" in list(shown["Việc"]) and len(shown) >= 4  # the demo accounts' creation


def test_the_admin_page_adds_an_account(app):
    ok(signed_in(app, "quantri").run())
    at = page(app, "quan_tri")
    assert set(at.dataframe[0].value["Tài khoản"]) == {"lanhdao", "truongphong.vhxh", "dulieu", "quantri"}
    fields = {w.label: w for w in at.text_input}
    fields["Tên đăng nhập mới"].input("tp.kt")
    fields["Mật khẩu ban đầu"].input("mat-khau-kt-1")
    at.multiselect[0].set_value(["truong_phong"])
    at.selectbox[0].set_value("KT")
    ok([b for b in at.button if b.label == "Tạo tài khoản"][0].click().run())
    assert "Đã tạo tài khoản" in texts(at)
    assert "tp.kt" in set(at.dataframe[0].value["Tài khoản"]) or "tp.kt" in set(page(app, "quan_tri").dataframe[0].value["Tài khoản"])


def test_viewing_can_require_signing_in(app, monkeypatch):
    monkeypatch.setenv("CCHC_OPEN_VIEW", "0")
    ok(app.run())
    assert "Hãy đăng nhập để xem bảng điều hành" in texts(app)
    assert not parse(app).rows


def test_the_overview_narrows_to_what_needs_attention_or_to_my_department(app):
    ok(signed_in(app, "truongphong.vhxh").run())
    every = dict(parse(app).rows)
    view = next(w for w in app.get("button_group") if w.proto.label == "Hiển thị")
    ok(view.set_value("Chỉ cần chú ý").run())
    assert dict(parse(app).rows) == {t: s for t, s in every.items() if s != "Đạt"}
    view = next(w for w in app.get("button_group") if w.proto.label == "Hiển thị")
    ok(view.set_value("Phòng của tôi").run())
    mine = {t.id for t in PLAN.targets if "VHXH" in (t.owner, *t.coordinators)}
    assert {t for t, _ in parse(app).rows} == mine


def test_only_a_department_lead_gets_my_department(app):
    ok(app.run())
    view = next(w for w in app.get("button_group") if w.proto.label == "Hiển thị")
    assert list(view.options) == ["Tất cả", "Chỉ cần chú ý"]


def test_my_department_s_view_counts_its_own_targets(app):
    signed_in(app, "truongphong.vhxh")
    ok(app.run())
    everything = sum(n for n, _ in parse(app).counts)
    view = [w for w in app.get("button_group") if w.proto.label == "Hiển thị"][0]
    ok(view.set_value("Phòng của tôi").run())
    mine = {t.id for t in PLAN.targets if "VHXH" in (t.owner, *t.coordinators)}
    assert everything == len(PLAN.targets) and sum(n for n, _ in parse(app).counts) == len(mine)
