"""The check-in form and history on a target's page: who may check in is the engine's rule
(warehouse.app.checkins.may_check_in), asked again when the check-in is written."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from dashboard import data, session, ui
from warehouse.app.checkins import DONE, NOT_DONE, CheckinRefused, checkins, may_check_in, record_checkin
from warehouse.plan import Target


FLASH = "cchc_da_ghi"


def show(target: Target, den_ngay: date) -> None:
    """The form (for those who may check in on this target) and the target's check-in history; the form's date
    starts at the period's end (or today, when earlier), so that the check-in counts for the period shown."""
    st.markdown("##### Cập nhật tiến độ")
    if message := st.session_state.pop(FLASH, None):
        st.success(message)
    user = session.user()
    if may_check_in(user, target):
        _form(target, min(den_ngay, date.today()))
    elif user is None:
        st.caption("Đăng nhập (trang Tài khoản) để cập nhật: lãnh đạo xã hoặc trưởng phòng chủ trì chỉ tiêu này.")
    else:
        st.caption(f"Chỉ lãnh đạo xã hoặc trưởng phòng chủ trì ({target.owner}) được cập nhật chỉ tiêu này.")
    _history(target)


def _form(target: Target, day: date) -> None:
    """Result, date, evidence and note for an attested target; a note for a measured one."""
    with st.form(f"cap_nhat_{target.id}", clear_on_submit=True):
        result = None
        if target.kind == "attested" and target.unit == "count":
            result = st.number_input("Kết quả (số lượng)", min_value=0, step=1, value=None)
        elif target.kind == "attested":
            result = st.radio("Kết quả", [DONE, NOT_DONE], horizontal=True, index=None)
        else:
            st.caption("Kết quả của chỉ tiêu này tính từ dữ liệu: ghi kế hoạch khắc phục, ngày dự kiến hoàn thành.")
        day = st.date_input("Ngày xác nhận", value=day, max_value=date.today(), format="DD/MM/YYYY")
        evidence = st.text_input("Số văn bản minh chứng") if target.kind == "attested" else None
        note = st.text_area("Ghi chú", max_chars=2000)
        if st.form_submit_button("Ghi cập nhật", type="primary"):
            try:
                record_checkin(session.app_store(), session.user(), data.plan(), target.id, data.commune(), day,
                               result, evidence, note)
            except CheckinRefused as exc:
                st.error(str(exc))
            else:
                st.session_state[FLASH] = f"Đã ghi cập nhật chỉ tiêu {target.id}."
                st.rerun()


def _history(target: Target) -> None:
    """Every check-in of the target, newest first, as text (never markup) with formulas defused."""
    rows = checkins(session.app_store(), target.id, data.commune())
    if not rows:
        return
    frame = pl.DataFrame(rows).select(
        pl.col("ngay_xac_nhan").str.to_date().alias("Ngày"), pl.col("ket_qua").alias("Kết quả"),
        pl.col("so_van_ban_minh_chung").alias("Văn bản"), pl.col("ghi_chu").alias("Ghi chú"),
        pl.col("nguoi_ghi").alias("Người ghi"), pl.col("ghi_luc").str.to_datetime().alias("Ghi lúc"))
    st.dataframe(ui.grid(frame), hide_index=True, width="stretch")
