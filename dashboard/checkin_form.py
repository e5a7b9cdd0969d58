"""The check-in form and history on a target's page: who may check in is the engine's rule
(warehouse.app.checkins.may_check_in), asked again when the check-in is written."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from dashboard import data, forms, session, ui
from warehouse.app.checkins import DONE, NAMED, NOT_DONE, TITLES, checkins, may_check_in, plan_required, record_checkin
from warehouse.app.store import StoreError
from warehouse.evaluate import MISSED, Evaluation, default_as_of
from warehouse.plan import Target


def show(e: Evaluation) -> None:
    """The form (for those who may check in on this target) and the target's check-in history."""
    target = e.target
    st.markdown("##### Cập nhật tiến độ")
    forms.said(_form_name(target))
    user = session.user()
    if may_check_in(user, target, data.commune()):
        _form(e)
    elif user is None:
        st.caption("Đăng nhập (trang Tài khoản) để cập nhật: lãnh đạo xã hoặc trưởng phòng chủ trì chỉ tiêu này.")
    elif not user.acts_for(data.commune()):
        st.caption(f"Tài khoản của bạn không cập nhật cho xã {data.commune_name(data.commune())}: chỉ xem.")
    else:
        st.caption(f"Chỉ lãnh đạo xã hoặc trưởng phòng chủ trì ({target.owner}) được cập nhật chỉ tiêu này.")
    _history(target)


def _form_name(target: Target) -> str:
    return f"cap_nhat_{target.id}"


def _form(e: Evaluation) -> None:
    """Result, date, evidence and note for an attested target; a note for a measured one; a corrective plan (cause,
    action, person, due date), asked for on a target not met or at risk (checkins.plan_required) and optional
    elsewhere. The date starts at today (the plan year's last day once the year is over), whatever period is shown;
    a refused check-in keeps what was typed and says which field to fix."""
    target = e.target
    name = _form_name(target)
    needed = plan_required(e)
    with st.form(forms.key(name)):
        forms.mark(name, None)
        result = evidence = None
        forms.mark(name, "ket_qua")
        if target.kind == "attested" and target.unit == "count":
            result = st.number_input("Kết quả (số lượng)", min_value=0, step=1, value=None)
        elif target.kind == "attested":
            result = st.radio("Kết quả", [DONE, NOT_DONE], horizontal=True, index=None)
        else:
            st.caption("Kết quả của chỉ tiêu này tính từ dữ liệu: ghi việc đang làm để khắc phục.")
        forms.mark(name, "ngay_xac_nhan")
        day = st.date_input("Ngày xác nhận", value=default_as_of(data.plan()), max_value=date.today(), format="DD/MM/YYYY")
        if target.kind == "attested":
            forms.mark(name, "so_van_ban_minh_chung")
            evidence = st.text_input("Số văn bản minh chứng")
        st.markdown("**Kế hoạch khắc phục**" + (" (bắt buộc: chỉ tiêu " + ("chưa đạt" if e.status == MISSED else
                    "có nguy cơ không đạt") + "; không cần khi xác nhận đã hoàn thành)" if needed else " (nếu có)"))
        forms.mark(name, "nguyen_nhan")
        cause = st.text_area("Nguyên nhân" + (" *" if needed else ""), max_chars=2000, height=80)
        forms.mark(name, "giai_phap")
        action = st.text_area("Giải pháp" + (" *" if needed else ""), max_chars=2000, height=80)
        forms.mark(name, "nguoi_thuc_hien")
        doer = st.text_input("Người thực hiện" + (" *" if needed else ""), max_chars=200)
        forms.mark(name, "han")
        due = st.date_input("Hạn hoàn thành" + (" *" if needed else ""), value=None, format="DD/MM/YYYY")
        forms.mark(name, "ghi_chu")
        note = st.text_area("Ghi chú", max_chars=2000)
        forms.leftover(name)
        if st.form_submit_button("Ghi cập nhật", type="primary"):
            forms.attempt(name, lambda: record_checkin(session.app_store(), session.user(), data.plan(), target.id,
                                                       data.commune(), day, result, evidence, note, due=due, cause=cause,
                                                       action=action, doer=doer, standing=e),
                          f"Đã ghi cập nhật chỉ tiêu {target.id}.")


def _history(target: Target) -> None:
    """Every check-in of the target, newest first, as text (never markup) with formulas defused; none while the
    app's store cannot be read (the page's head says so)."""
    try:
        rows = checkins(session.app_store(), target.id, data.commune())
    except StoreError:
        return
    if not rows:
        return
    shown = ["ngay_xac_nhan", "ket_qua", "so_van_ban_minh_chung", "nguyen_nhan", "giai_phap", "nguoi_thuc_hien", "han",
             "ghi_chu", "ten_nguoi_ghi", "ghi_luc"]
    frame = pl.DataFrame(rows, schema={c: pl.String for c in NAMED} | {"id": pl.Int64}).select(shown).with_columns(
        pl.col("ngay_xac_nhan", "han").str.to_date(), pl.col("ghi_luc").str.to_datetime()).rename(TITLES, strict=False)
    st.dataframe(ui.grid(frame), hide_index=True, width="stretch")
