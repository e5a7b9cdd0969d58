"""Bản tin tuần: the targets that turned red or green in the seven days to the as-of date, to read and to send."""

import polars as pl
import streamlit as st

from dashboard import controls, data, ui
from warehouse.digest import Digest, body_text, changes, turned_at_risk, week_before
from warehouse.display import records_csv, vn_date
from warehouse.evaluate import MET, MISSED, NO_DATA

controls.page_header("Bản tin tuần")
tu_ngay, den_ngay = controls.period()
plan, leads = data.plan(), data.leads()  # the persons behind the departments: read once for every row
start = week_before(tu_ngay, den_ngay)
now, before = data.evaluations(tu_ngay, den_ngay), data.evaluations(*start)
table, at_risk = changes(before, now, plan), turned_at_risk(before, now)
was, current = ({e.target.id: e for e in evaluations} for evaluations in (before, now))
st.markdown(f"Chỉ tiêu đổi trạng thái từ {vn_date(start[1])} đến {vn_date(den_ngay)}: chuyển sang chưa đạt trước.")
for status in (MISSED, MET, NO_DATA):
    moved = table.filter(pl.col("Trạng thái nay") == status)["Mã chỉ tiêu"]
    if len(moved):
        st.markdown(f'<div class="cchc-area">Chuyển sang {status} ({len(moved)})</div><div class="cchc-list">'
                    + "".join(ui.target_row(current[i], plan, leads, before=was[i]) for i in moved) + "</div>", unsafe_allow_html=True)
if at_risk:
    st.markdown(f'<div class="cchc-area">Có nguy cơ không đạt từ tuần này ({len(at_risk)})</div><div class="cchc-list">'
                + "".join(ui.target_row(e, plan, leads) for e in at_risk) + "</div>", unsafe_allow_html=True)
if table.is_empty():
    st.success("Không có chỉ tiêu nào đổi trạng thái trong tuần.")
name = f"ban_tin_cchc_{den_ngay:%Y%m%d}"
left, right = st.columns(2)
left.download_button("Tải bản tin (CSV)", records_csv(table), file_name=f"{name}.csv", mime="text/csv", width="stretch")
text = body_text(Digest(data.commune(), start[1], den_ngay, now, before), plan, leads)
right.download_button("Tải bản tin (văn bản)", text.encode("utf-8"), file_name=f"{name}.txt", mime="text/plain", width="stretch")
st.markdown("##### Bản tin để dán vào nhóm trò chuyện, thư")
st.code(text, language=None, wrap_lines=True)
