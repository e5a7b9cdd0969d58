"""Tài khoản: sign in (then back to the page it started from), see who is signed in and with which roles, change
one's own password, sign out."""

import streamlit as st

from dashboard import controls, forms, session, ui
from warehouse.app import accounts
from warehouse.app.store import StoreError

OWN = "doi_mat_khau"

controls.page_header("Tài khoản")
user = session.user()
if user:
    st.success(f"Đang đăng nhập: **{ui.plain(session.describe(user))}**")
    st.caption("Phiên làm việc tự kết thúc khi không dùng quá lâu.")
    if st.button("Đăng xuất"):
        session.sign_out()
        st.rerun()
    forms.said(OWN)
    with st.form(forms.key(OWN)):
        st.markdown("##### Đổi mật khẩu")
        forms.mark(OWN, None)
        forms.mark(OWN, "mat_khau_cu")
        current = st.text_input("Mật khẩu hiện tại", type="password", autocomplete="current-password")
        forms.mark(OWN, "mat_khau_moi")
        new = st.text_input("Mật khẩu mới", type="password", autocomplete="new-password")
        again = st.text_input("Nhập lại mật khẩu mới", type="password", autocomplete="new-password")
        forms.leftover(OWN)
        if st.form_submit_button("Đổi mật khẩu"):
            if new != again:
                forms.refused(OWN, "mat_khau_moi", "Hai lần nhập mật khẩu mới khác nhau: hãy nhập lại.")
            try:
                accounts.change_own_password(session.app_store(), user, current, new, keep_token=session.token())
            except accounts.AccountError as exc:
                forms.refused(OWN, exc.field, str(exc))
            except StoreError as exc:
                forms.refused(OWN, None, session.unsaved(exc))
            else:
                forms.done(OWN, "Đã đổi mật khẩu; các phiên đăng nhập khác của tài khoản này đã kết thúc.")
else:
    if not session.open_view():
        st.info("Hãy đăng nhập để xem bảng điều hành.", icon="🔒")
    session.sign_in_form(then=session.back_to_page)  # signed in: back where the person came from
