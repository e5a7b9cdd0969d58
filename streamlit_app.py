"""The dashboard's entry point: start-up wiring (the warehouse brought up to date, the demo built on a first
start), page set-up and navigation; every page lives in dashboard/pages/."""

from pathlib import Path

import streamlit as st

from dashboard import data, session
from warehouse.publish import upgrade

st.set_page_config(page_title="CCHC 2025 · Khúc Thừa Dụ", page_icon="📋", layout="wide", initial_sidebar_state="collapsed")

PAGES = {
    "tong_quan": st.Page("dashboard/pages/tong_quan.py", title="Tổng quan", icon=":material/dashboard:", default=True),
    "phong_ban": st.Page("dashboard/pages/phong_ban.py", title="Phòng ban", icon=":material/groups:", url_path="phong-ban"),
    "chi_tieu": st.Page("dashboard/pages/chi_tieu.py", title="Chỉ tiêu", icon=":material/flag:", url_path="chi-tieu"),
    "du_lieu": st.Page("dashboard/pages/du_lieu.py", title="Dữ liệu", icon=":material/database:", url_path="du-lieu"),
    "xuat_bao_cao": st.Page("dashboard/pages/xuat_bao_cao.py", title="Xuất báo cáo", icon=":material/download:", url_path="xuat-bao-cao"),
    # reached by links (the overview's, the sign-in link under every page's title), so that the top bar fits a tablet
    "thanh_pho": st.Page("dashboard/pages/thanh_pho.py", title="Thành phố", icon=":material/location_city:", url_path="thanh-pho"),
    "ban_tin": st.Page("dashboard/pages/ban_tin.py", title="Bản tin tuần", icon=":material/newspaper:", url_path="ban-tin",
                       visibility="hidden"),
    "tai_khoan": st.Page("dashboard/pages/tai_khoan.py", title="Tài khoản", icon=":material/account_circle:", url_path="tai-khoan",
                         visibility="hidden"),
    "tai_du_lieu": st.Page("dashboard/pages/tai_du_lieu.py", title="Tải dữ liệu", icon=":material/upload:", url_path="tai-du-lieu"),
    "nhat_ky": st.Page("dashboard/pages/nhat_ky.py", title="Nhật ký", icon=":material/history:", url_path="nhat-ky"),
    "quan_tri": st.Page("dashboard/pages/quan_tri.py", title="Quản trị", icon=":material/manage_accounts:", url_path="quan-tri"),
}
VIEWING = ("tong_quan", "phong_ban", "chi_tieu", "du_lieu", "xuat_bao_cao", "ban_tin")
MANAGING = {"tai_du_lieu": ("du_lieu", "quan_tri"), "nhat_ky": ("lanh_dao", "quan_tri"), "quan_tri": ("quan_tri",)}
ASKING = {k: st.Page(f"dashboard/pages/{k}.py", title=PAGES[k].title, url_path=PAGES[k].url_path, visibility="hidden")
          for k in MANAGING}  # the managing pages as a signed-out person meets them
# What a page's address may carry beyond the period and the commune (tu, den, xa), which every page keeps: Streamlit
# carries the last page's query to the next one, which would mix two pages in one address.
OWN_QUERY = {"tong_quan": {"xem"}, "phong_ban": {"phong"}, "chi_tieu": {"chi_tieu"}}
SHARED_QUERY = {"tu", "den", "xa"}
# Deep links on the bare address, as it is opened (not as a page still finishing may leave it): ?phong=TTPVHCC opens
# the department, ?chi_tieu=CQS-08 the target.
DEEP_LINKS = {"phong": "phong_ban", "chi_tieu": "chi_tieu"}
OPENED = "cchc_da_mo"


def visible_pages() -> dict[str, list]:
    """The pages this person may open: viewing pages (unless viewing needs a sign-in), the account page, and the
    managing pages of their roles. Each managing page checks the role again itself."""
    user = session.user()
    viewing = [PAGES[k] for k in VIEWING] if user or session.open_view() else []
    if viewing and data.path().exists() and len(data.communes()) > 1:  # a city's warehouse: its communes side by side
        viewing.insert(1, PAGES["thanh_pho"])
    managing = [PAGES[k] for k, roles in MANAGING.items() if user and user.has(*roles)]
    if user is None:  # a managing page's address, bookmarked: it opens and asks for a sign-in (not offered in the menu)
        return {"": [*viewing, PAGES["tai_khoan"], *ASKING.values()]}
    return {"": [*viewing, PAGES["tai_khoan"]], **({"Quản lý": managing} if managing else {})}


def first_start(path: Path) -> None:
    """No warehouse yet: build the demo one where none was named, showing progress (a fresh clone opens on
    real-looking data, marked as such); where one was named and is missing, say so and stop."""
    if data.named():
        st.error(f"Không tìm thấy kho dữ liệu '{path}' (biến CCHC_WAREHOUSE): hãy kiểm tra đường dẫn, hoặc nạp dữ liệu "
                 f"vào đó bằng 'python -m pipelines load THU_MUC'.")
        st.stop()
    from pipelines.demo import build_demo  # only ever needed here: not imported on every server start

    with st.status("Chưa có kho dữ liệu: đang tạo dữ liệu mẫu năm 2025…", expanded=True) as status:
        st.write("Ghi các tệp xuất mẫu (hồ sơ, PAKN, giải ngân, văn bản…) và nạp vào kho, kiểm tra chất lượng từng tệp")
        build_demo(Path("data") / "demo", path)
        status.update(label="Đã tạo kho dữ liệu mẫu.", state="complete", expanded=False)


@st.cache_resource(show_spinner="Đang cập nhật kho dữ liệu theo phiên bản mới…")
def brought_up_to_date(path: Path) -> bool:
    """Bring the warehouse up to this version, once per server process (reads never write)."""
    return upgrade(path)


if not data.path().exists():
    first_start(data.path())
brought_up_to_date(data.path())  # before the navigation: which pages it offers reads the warehouse
session.store_problem()  # the app's store brought up to date too, before anything reads it; if it cannot be used, each page says so
page = st.navigation(visible_pages(), position="top")
name = next(k for pages in (PAGES, ASKING) for k, p in pages.items() if p is page)
arriving = OPENED not in st.session_state  # the first run of this browser tab: its address was typed or followed
st.session_state[OPENED] = True
deep = name == "tong_quan" and arriving
own = OWN_QUERY.get(name, set()) | (set(DEEP_LINKS) if deep else set())
for key in set(st.query_params) - SHARED_QUERY - own:
    del st.query_params[key]
if name != "tai_khoan":
    session.remember_page(name, st.query_params.to_dict())
session.keep_cookie()
if deep and (session.user() or session.open_view()):
    for key, target in DEEP_LINKS.items():
        if key in st.query_params:
            st.switch_page(PAGES[target], query_params=st.query_params.to_dict())
page.run()
