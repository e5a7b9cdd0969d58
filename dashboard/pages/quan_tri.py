"""Quản trị: the accounts (roles, department, state, in words), a new account, a password reset, disabling one (after
asking). Every change shows at once; the account chosen stays chosen; a refused change keeps what was typed."""

import polars as pl
import streamlit as st

from dashboard import controls, data, forms, session, ui
from warehouse.app import accounts
from warehouse.app.accounts import EVERY_COMMUNE, ROLES, TITLES

NEW, CHANGE, CONTACT = "them_tai_khoan", "doi_tai_khoan", "lien_he"

admin = session.require("quan_tri")  # first: the role is checked before anything is drawn
controls.page_header("Quản trị tài khoản")
app = session.app_store()
plan = data.plan()
rows = accounts.users(app)
frame = pl.DataFrame(rows, orient="row", infer_schema_length=None) if rows else pl.DataFrame()
role_words = pl.col("vai_tro").str.split(",").list.eval(pl.element().replace(ROLES)).list.join(", ")
commune_words = {EVERY_COMMUNE: "Mọi xã (thành phố)"}
commune_word = lambda code: commune_words.get(code) or data.commune_name(code)
# the communes a new account may act for: those the administrator acts for (every one, for the city's)
offered = [EVERY_COMMUNE, *data.communes()] if admin.acts_for(EVERY_COMMUNE) else sorted(admin.communes)
forms.said(NEW)
forms.said(CHANGE)
forms.said(CONTACT)
if len(frame):
    st.dataframe(ui.grid(frame.select(
        "ten_dang_nhap", "ho_ten", "chuc_danh", role_words.alias("vai_tro"), pl.col("phong_ban").replace(plan.departments),
        pl.col("xa").str.split(",").list.eval(pl.element().replace(commune_words | {c: data.commune_name(c) for c in data.communes()}))
        .list.join(", "),
        pl.when(pl.col("da_khoa") == 1).then(pl.lit("Vô hiệu")).when(pl.col("khoa_den").is_not_null())
        .then(pl.lit("Khoá tạm")).otherwise(pl.lit("Hoạt động")).alias("trang_thai"),
        "email").rename(TITLES, strict=False)), hide_index=True, width="stretch")


with st.form(forms.key(NEW)):
    st.markdown("##### Thêm tài khoản")
    forms.mark(NEW, None)
    forms.mark(NEW, "ten_dang_nhap")
    name = st.text_input("Tên đăng nhập mới")
    full_name = st.text_input("Họ tên")
    title = st.text_input("Chức danh (ví dụ: Trưởng phòng)")
    phone = st.text_input("Điện thoại")
    forms.mark(NEW, "email")
    email = st.text_input("Thư điện tử (nhận bản tin tuần)")
    forms.mark(NEW, "vai_tro")
    roles = st.multiselect("Vai trò", list(ROLES), format_func=ROLES.get, placeholder="Chọn vai trò…", select_all=False)
    forms.mark(NEW, "phong_ban")
    department = st.selectbox("Phòng ban (trưởng phòng)", [None, *plan.departments], format_func=lambda c: plan.departments.get(c, "–"),
                              filter_mode=None)
    forms.mark(NEW, "xa")
    communes = st.multiselect("Xã (tài khoản chỉ cập nhật, nạp dữ liệu cho các xã này)", offered, format_func=commune_word,
                              default=[data.commune()] if data.commune() in offered else offered[:1], select_all=False)
    forms.mark(NEW, "mat_khau")
    password = st.text_input("Mật khẩu ban đầu", type="password")
    forms.leftover(NEW)
    if st.form_submit_button("Tạo tài khoản"):
        forms.attempt(NEW, lambda: accounts.add_user(app, admin, name.strip(), roles, password, department, full_name.strip() or None,
                                               communes, email, title, phone),
                f"Đã tạo tài khoản {ui.plain(name.strip())}.")


@st.dialog("Vô hiệu hoá tài khoản?")
def confirm_disable(who: str) -> None:
    """Ask before disabling, naming the person and what they lose."""
    person = next(r for r in rows if r["ten_dang_nhap"] == who)
    st.markdown(f"**{ui.plain(person['ho_ten'] or who)}** ({ui.plain(who)}, "
                f"{', '.join(ROLES.get(r, r) for r in person['vai_tro'].split(','))}) sẽ không đăng nhập được nữa; "
                "lịch sử cập nhật và nhật ký vẫn giữ nguyên. Có thể kích hoạt lại sau.")
    yes, no = st.columns(2)
    if yes.button("Vô hiệu hoá", type="primary", key="vo_hieu_dong_y"):
        forms.attempt(CHANGE, lambda: accounts.set_disabled(app, admin, who), f"Đã vô hiệu hoá {ui.plain(who)}.")
    if no.button("Huỷ", key="vo_hieu_huy"):
        st.rerun()


names = [r["ten_dang_nhap"] for r in rows]
if names:
    people = {r["ten_dang_nhap"]: f"{r['ten_dang_nhap']} – {r['ho_ten']}" if r["ho_ten"] else r["ten_dang_nhap"] for r in rows}
    with st.form(forms.key(CHANGE)):
        st.markdown("##### Đặt lại mật khẩu, vô hiệu hoá")
        forms.mark(CHANGE, None)
        who = st.selectbox("Tài khoản", names, index=None, format_func=people.get, filter_mode=None,
                           placeholder="Chọn tài khoản…", key="tai_khoan_chon")  # its own key: stays chosen
        forms.mark(CHANGE, "mat_khau")
        new_password = st.text_input("Mật khẩu mới", type="password")
        forms.leftover(CHANGE)
        reset, disable, enable = st.columns(3)
        asked = {"reset": reset.form_submit_button("Đặt mật khẩu"), "disable": disable.form_submit_button("Vô hiệu hoá…"),
                 "enable": enable.form_submit_button("Kích hoạt lại")}
    if any(asked.values()) and who is None:
        forms.refused(CHANGE, None, "Hãy chọn tài khoản.")
    elif asked["reset"]:
        forms.attempt(CHANGE, lambda: accounts.set_password(app, admin, who, new_password), f"Đã đặt mật khẩu mới cho {ui.plain(who)}.")
    elif asked["disable"]:
        confirm_disable(who)
    elif asked["enable"]:
        forms.attempt(CHANGE, lambda: accounts.set_disabled(app, admin, who, False), f"Đã kích hoạt lại {ui.plain(who)}.")


if names:
    st.markdown("##### Liên hệ, nhận bản tin")
    chosen = st.selectbox("Tài khoản cần sửa liên hệ", names, index=None, format_func=people.get, filter_mode=None,
                          placeholder="Chọn tài khoản…", key="lien_he_chon")
    if chosen:
        row = next(r for r in rows if r["ten_dang_nhap"] == chosen)
        with st.form(forms.key(f"{CONTACT}_{chosen}")):
            forms.mark(CONTACT, None)
            title = st.text_input("Chức danh", value=row["chuc_danh"] or "")
            phone = st.text_input("Điện thoại", value=row["dien_thoai"] or "")
            forms.mark(CONTACT, "email")
            email = st.text_input("Thư điện tử (để trống: không nhận bản tin)", value=row["email"] or "")
            forms.leftover(CONTACT)
            if st.form_submit_button("Lưu liên hệ"):
                forms.attempt(CONTACT, lambda: accounts.set_contact(app, admin, chosen, email=email, chuc_danh=title, dien_thoai=phone),
                        f"Đã lưu liên hệ của {ui.plain(chosen)}.")
