"""Tài khoản: sign in (then back to the page it started from), see who is signed in and with which roles, change
one's own password, sign out."""

import streamlit as st

from dashboard import controls, data, forms, session, ui
from warehouse.app import accounts, sessions

OWN, NEWS = "doi_mat_khau", "nhan_ban_tin"

controls.page_header("Tài khoản")
user = session.user()
if user:
    st.success(f"Đang đăng nhập: **{ui.plain(session.describe(user))}**")
    st.caption("Phiên làm việc tự kết thúc khi không dùng quá lâu.")
    if st.button("Đăng xuất"):
        session.sign_out()
        st.rerun()
    forms.said(NEWS)
    me = next((r for r in accounts.users(session.app_store()) if r["ten_dang_nhap"] == user.name), {})
    plan = data.plan()
    with st.form(forms.key(NEWS)):
        st.markdown("##### Nhận bản tin tuần qua thư điện tử")
        st.caption("Lãnh đạo nhận tin mọi chỉ tiêu; trưởng phòng nhận tin các chỉ tiêu phòng mình chủ trì, phối hợp; "
                   "ai cũng chọn thêm được chỉ tiêu muốn theo dõi.")
        forms.mark(NEWS, None)
        forms.mark(NEWS, "email")
        email = st.text_input("Thư điện tử (để trống: không nhận)", value=me.get("email") or "")
        forms.mark(NEWS, "theo_doi")
        chosen = st.multiselect("Theo dõi thêm các chỉ tiêu", [t.id for t in plan.targets],
                                default=[t for t in (me.get("theo_doi") or "").split(",") if t],
                                format_func=lambda i: f"{i} · {plan.target(i).text}", placeholder="Chọn chỉ tiêu…",
                                select_all=False)
        forms.leftover(NEWS)
        if st.form_submit_button("Lưu"):
            forms.attempt(NEWS, lambda: (accounts.set_contact(session.app_store(), user, user.name, email=email),
                                         accounts.set_following(session.app_store(), user, user.name, chosen,
                                                                {t.id for t in plan.targets})),
                          "Đã lưu cách nhận bản tin.")
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
            forms.attempt(OWN, lambda: sessions.change_own_password(session.app_store(), user, current, new,
                                                                    keep_token=session.token()),
                          "Đã đổi mật khẩu; các phiên đăng nhập khác của tài khoản này đã kết thúc.")
else:
    if not session.open_view():
        st.info("Hãy đăng nhập để xem bảng điều hành.", icon="🔒")
    session.sign_in_form(then=session.back_to_page)  # signed in: back where the person came from
