"""Phòng ban: a department's targets and, for each one not met, the records that make it red."""

import streamlit as st

from dashboard import controls, data, ui
from warehouse.display import threshold_text, value_text, vn_number
from warehouse.evaluate import MET, MISSED

controls.page_header("Phòng ban")
plan = data.plan()
code = controls.choice("Phòng ban", "phong", list(plan.departments), lambda c: f"{plan.departments[c]} ({c})", "phòng ban")
tu_ngay, den_ngay = controls.period()
mine = [e for e in data.evaluations(data.version(), tu_ngay, den_ngay, data.commune())
        if code in (e.target.owner, *e.target.coordinators)]
st.markdown(ui.counts_html(mine), unsafe_allow_html=True)
rows = "".join(ui.target_row(e, plan, department=code) for e in ui.attention_first(mine))
st.markdown(f'<div class="cchc-list">{rows}</div>', unsafe_allow_html=True)

st.markdown("#### Hồ sơ, việc cần xử lý")
red = [e for e in mine if e.status == MISSED and e.target.kind == "measured"]
if not red:
    st.success("Không có chỉ tiêu nào chưa đạt.")
for e in red:
    t = e.target
    frame = data.records(data.version(), t.id, tu_ngay, den_ngay, data.commune())
    label = f"✖ {t.id} · {value_text(t, e.value)} / {threshold_text(t, e.threshold)} · {vn_number(len(frame))} mục cần xử lý"
    with st.expander(label, expanded=len(red) == 1):
        st.markdown(f"**{t.text}**  \n{t.definition}")
        query = st.text_input("Lọc (mã, tên, cán bộ, lý do…)", key=f"loc_{t.id}")
        shown = ui.filter_records(frame, query)
        st.dataframe(ui.defused(ui.for_people(shown)), hide_index=True, width="stretch", column_config=ui.date_columns(shown))
        st.download_button("Tải CSV", ui.records_csv(ui.for_people(shown)), file_name=f"{t.id}_{den_ngay:%Y%m%d}.csv",
                           mime="text/csv", key=f"csv_{t.id}")
if any(e.status != MET and e.target.kind == "attested" for e in mine):
    st.info("Chỉ tiêu xác nhận chưa đạt: cập nhật sổ xác nhận (Mã chỉ tiêu, Kết quả, Ngày xác nhận, Văn bản minh chứng).")
