"""Nhật ký: the audit trail (sign-ins, failed sign-ins, locks, check-ins, uploads, account changes), filterable,
downloadable as CSV; nothing here can change it."""

import polars as pl
import streamlit as st

from dashboard import controls, session, ui
from warehouse.app import accounts, sessions, store
from warehouse.display import records_csv

ACTIONS = {"dang_nhap": "Đăng nhập", "dang_nhap_sai": "Đăng nhập sai", "dang_xuat": "Đăng xuất", "khoa": "Khoá tạm",
           "cap_nhat": "Cập nhật chỉ tiêu", "tai_len": "Tải dữ liệu", "tai_khoan": "Tài khoản", "rut_tep": "Rút tệp"}
OUTCOMES = {"thanh_cong": "Thành công", "tu_choi": "Từ chối", "loi": "Lỗi", "bat_dau": "Bắt đầu"}

session.require("lanh_dao", "quan_tri")  # first: the role is checked before anything is drawn
controls.page_header("Nhật ký")
names = accounts.people(session.app_store())
schema = {c: pl.String for c in ("luc", "nguoi", "hanh_dong", "doi_tuong", "ket_qua", "chi_tiet")}
trail = pl.DataFrame(store.audit_trail(session.app_store()), schema=schema, orient="row").select(
    pl.col("luc").str.to_datetime().alias("Lúc"),
    pl.col("nguoi").replace(names).fill_null("(chưa đăng nhập)").alias("Người"),
    pl.col("hanh_dong").replace(ACTIONS).alias("Việc"), pl.col("doi_tuong").alias("Đối tượng"),
    pl.col("ket_qua").replace(OUTCOMES).alias("Kết quả"), pl.col("chi_tiet").alias("Chi tiết"))
left, middle, right = st.columns(3)
chosen = left.multiselect("Việc", list(ACTIONS.values()), placeholder="Tất cả", select_all=False)
days = middle.date_input("Từ ngày – đến ngày", value=(), format="DD/MM/YYYY", key="nhat_ky_ngay")  # empty: every day
query = right.text_input("Tìm (người, đối tượng, chi tiết)")
shown = ui.filter_records(trail.filter(pl.col("Việc").is_in(chosen)) if chosen else trail, query)
if len(days) == 2:
    shown = shown.filter(pl.col("Lúc").dt.date().is_between(*days))
st.caption(f"{len(shown)} dòng, mới nhất trước.")
st.dataframe(ui.grid(shown.with_columns(pl.col("Lúc").dt.strftime("%d/%m/%Y %H:%M:%S"))), hide_index=True, width="stretch")
st.download_button("Tải CSV", records_csv(shown.with_columns(pl.col("Lúc").dt.strftime("%d/%m/%Y %H:%M:%S"))),
                   file_name="nhat_ky.csv", mime="text/csv")
failures = sessions.unknown_failures(session.app_store())
if failures:
    with st.expander(f"Đăng nhập sai với tên không có: {sum(f['so_lan'] for f in failures)} lần (đếm theo địa chỉ, theo giờ)"):
        st.caption(f"Mỗi địa chỉ: {sessions.UNKNOWN_AUDITED} lần đầu trong giờ được ghi từng dòng ở trên; quá số đó, địa chỉ bị "
                   "từ chối đến hết giờ và các lần sau chỉ được đếm ở đây.")
        st.dataframe(ui.grid(pl.DataFrame(failures).select(
            pl.col("gio").str.to_datetime("%Y-%m-%dT%H").dt.strftime("%d/%m/%Y %Hh").alias("Giờ"), pl.col("nguon").alias("Địa chỉ"),
            pl.col("so_lan").alias("Số lần"))), hide_index=True, width="stretch")
