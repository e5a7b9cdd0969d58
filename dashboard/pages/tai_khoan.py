"""Tài khoản: sign in (Tên đăng nhập, Mật khẩu, Đăng nhập), see who is signed in and with which roles, sign out."""

import streamlit as st

from dashboard import controls, session, ui

controls.page_header("Tài khoản")
user = session.user()
if user:
    st.success(f"Đang đăng nhập: **{ui.plain(session.describe(user))}**")
    st.caption("Phiên làm việc tự kết thúc khi không dùng quá lâu.")
    if st.button("Đăng xuất"):
        session.sign_out()
        st.rerun()
else:
    if not session.open_view():
        st.info("Hãy đăng nhập để xem bảng điều hành.", icon="🔒")
    session.sign_in_form(then=session.back_to_page)  # signed in: back where the person came from
