"""Quản trị: the accounts (roles, department, state), a new account, a password reset, disabling one."""

import polars as pl
import streamlit as st

from dashboard import controls, data, session, ui
from warehouse.app import accounts
from warehouse.app.accounts import ROLES, AccountError

admin = session.require("quan_tri")  # first: the role is checked before anything is drawn
controls.page_header("Quản trị tài khoản")
app = session.app_store()
rows = accounts.users(app)
frame = pl.DataFrame(rows, orient="row", infer_schema_length=None) if rows else pl.DataFrame()
if len(frame):
    st.dataframe(ui.grid(frame.select(
        pl.col("ten_dang_nhap").alias("Tài khoản"), pl.col("ho_ten").alias("Họ tên"), pl.col("vai_tro").alias("Vai trò"),
        pl.col("phong_ban").alias("Phòng ban"),
        pl.when(pl.col("da_khoa") == 1).then(pl.lit("Vô hiệu")).when(pl.col("khoa_den").is_not_null())
        .then(pl.lit("Khoá tạm")).otherwise(pl.lit("Hoạt động")).alias("Trạng thái"))), hide_index=True, width="stretch")


def attempt(action, done: str) -> None:
    """Run an account change; say what happened."""
    try:
        action()
    except AccountError as exc:
        st.error(str(exc))
    else:
        st.success(done)


with st.form("them_tai_khoan", clear_on_submit=True):
    st.markdown("##### Thêm tài khoản")
    name = st.text_input("Tên đăng nhập mới")
    full_name = st.text_input("Họ tên")
    roles = st.multiselect("Vai trò", list(ROLES), format_func=ROLES.get, placeholder="Chọn vai trò…", select_all=False)
    plan = data.plan()
    department = st.selectbox("Phòng ban (trưởng phòng)", [None, *plan.departments], format_func=lambda c: plan.departments.get(c, "–"),
                              filter_mode=None)
    password = st.text_input("Mật khẩu ban đầu", type="password")
    if st.form_submit_button("Tạo tài khoản"):
        attempt(lambda: accounts.add_user(app, admin, name.strip(), roles, password, department, full_name.strip() or None),
                f"Đã tạo tài khoản {ui.plain(name)}.")

names = [r["ten_dang_nhap"] for r in rows]
if names:
    with st.form("doi_tai_khoan", clear_on_submit=True):
        st.markdown("##### Đặt lại mật khẩu, vô hiệu hoá")
        who = st.selectbox("Tài khoản", names, filter_mode=None, placeholder="Chọn tài khoản…")
        new_password = st.text_input("Mật khẩu mới", type="password")
        reset, disable, enable = st.columns(3)
        if reset.form_submit_button("Đặt mật khẩu"):
            attempt(lambda: accounts.set_password(app, admin, who, new_password), f"Đã đặt mật khẩu mới cho {ui.plain(who)}.")
        if disable.form_submit_button("Vô hiệu hoá"):
            attempt(lambda: accounts.set_disabled(app, admin, who), f"Đã vô hiệu hoá {ui.plain(who)}.")
        if enable.form_submit_button("Kích hoạt lại"):
            attempt(lambda: accounts.set_disabled(app, admin, who, False), f"Đã kích hoạt lại {ui.plain(who)}.")
