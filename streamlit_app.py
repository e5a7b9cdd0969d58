"""The dashboard's entry point: page set-up and navigation only; every page lives in dashboard/pages/."""

import streamlit as st

from dashboard.setup import ensure_warehouse

st.set_page_config(page_title="CCHC 2025 · Khúc Thừa Dụ", page_icon="📋", layout="wide", initial_sidebar_state="collapsed")

PAGES = {
    "tong_quan": st.Page("dashboard/pages/tong_quan.py", title="Tổng quan", icon=":material/dashboard:", default=True),
    "phong_ban": st.Page("dashboard/pages/phong_ban.py", title="Phòng ban", icon=":material/groups:", url_path="phong-ban"),
    "chi_tieu": st.Page("dashboard/pages/chi_tieu.py", title="Chỉ tiêu", icon=":material/flag:", url_path="chi-tieu"),
    "du_lieu": st.Page("dashboard/pages/du_lieu.py", title="Dữ liệu", icon=":material/database:", url_path="du-lieu"),
    "xuat_bao_cao": st.Page("dashboard/pages/xuat_bao_cao.py", title="Xuất báo cáo", icon=":material/download:", url_path="xuat-bao-cao"),
}

page = st.navigation(list(PAGES.values()), position="top")
ensure_warehouse()
# Deep links on the bare address: ?phong=TTPVHCC opens the department, ?chi_tieu=CQS-08 the target.
if page is PAGES["tong_quan"]:
    for key, name in (("phong", "phong_ban"), ("chi_tieu", "chi_tieu")):
        if key in st.query_params:
            st.switch_page(PAGES[name], query_params=st.query_params.to_dict())
page.run()
