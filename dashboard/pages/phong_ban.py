"""Phòng ban: a department's targets, those not met first, each red one's records right below; met ones folded."""

import streamlit as st

from dashboard import controls, data, ui
from warehouse.display import for_people, records_csv, threshold_text, value_text, vn_number
from warehouse.evaluate import MET, MISSED, NO_DATA

controls.page_header("Phòng ban")
plan = data.plan()
code = controls.choice("Phòng ban", "phong", list(plan.departments), lambda c: f"{plan.departments[c]} ({c})", "phòng ban")
tu_ngay, den_ngay = controls.period()
mine = [e for e in data.evaluations(tu_ngay, den_ngay) if code in (e.target.owner, *e.target.coordinators)]
st.markdown(ui.counts_html(mine), unsafe_allow_html=True)
leads = data.leads()  # the persons behind the departments: read once for every row
st.markdown(ui.direct_html(mine, plan, leads), unsafe_allow_html=True)
red = [e for e in mine if e.status == MISSED and e.target.kind == "measured"]


def rows(evaluations: list) -> str:
    """The rows; a red measured target's row leads to its records below, the others to their target page."""
    return '<div class="cchc-list">' + "".join(
        ui.target_row(e, plan, leads, department=code, href=f"#{records_anchor(e)}" if e in red else None) for e in evaluations) + "</div>"


def records_anchor(e) -> str:
    """The id of a red target's records section on this page."""
    return f"ho-so-{e.target.id.lower()}"


for status in (MISSED, NO_DATA):
    shown = [e for e in mine if e.status == status]
    if shown:
        st.markdown(f'<div class="cchc-area">{status} ({len(shown)})</div>' + rows(shown), unsafe_allow_html=True)
if any(e.status != MET and e.target.kind == "attested" for e in mine):
    st.info("Chỉ tiêu xác nhận chưa đạt: mở chỉ tiêu để xác nhận kết quả, hoặc cập nhật sổ xác nhận.")
if not red:
    st.success("Không có chỉ tiêu đo từ số liệu nào chưa đạt.")
for e in red:
    t = e.target
    frame = data.records(t.id, tu_ngay, den_ngay)
    st.subheader(f"✖ {t.id} · {value_text(t, e.value)} / {threshold_text(t, e.threshold)} · {vn_number(len(frame))} mục cần xử lý",
                 anchor=records_anchor(e))
    st.caption(f"{t.text}. {t.definition}")
    query = st.text_input("Lọc (mã, tên, cán bộ, lý do…)", key=f"loc_{t.id}")
    found = ui.filter_records(frame, query)
    st.dataframe(ui.grid(for_people(found)), hide_index=True, width="stretch")
    st.download_button("Tải CSV", records_csv(for_people(found)), file_name=f"{t.id}_{den_ngay:%Y%m%d}.csv",
                       mime="text/csv", key=f"csv_{t.id}")
met = [e for e in mine if e.status == MET]
if met:
    with st.expander(f"{MET} ({len(met)})"):
        st.markdown(rows(met), unsafe_allow_html=True)
