"""Thành phố: every commune of the warehouse × the plan's areas (or one area's targets), red/green/grey with
counts, ranked by targets met or by the official 766 score; a commune's name opens its overview (the commune then
stays chosen)."""

import streamlit as st

from dashboard import controls, data, ui
from warehouse.city import by_766, by_risk, with_red

ALL_AREAS, ONLY_RED = "Tất cả lĩnh vực", "Chỉ xã có chỉ tiêu chưa đạt"
BY_TARGETS, BY_RISK, BY_766 = "Số chỉ tiêu đạt", "Nguy cơ không đạt", "Điểm 766"
ORDER_WORDS = {BY_TARGETS: "số chỉ tiêu đạt", BY_RISK: "số chỉ tiêu đang đạt có nguy cơ không đạt theo dự báo",
               BY_766: "điểm 766 chính thức tháng gần nhất"}

controls.page_header("Thành phố")
tu_ngay, den_ngay = controls.period()
plan = data.plan()
summary, areas, statuses = data.city(tu_ngay, den_ngay)
left, right = st.columns(2)
area = left.selectbox("Lĩnh vực (chọn một để xem từng chỉ tiêu)", [None, *plan.areas], key="linh_vuc_cchc", filter_mode=None,
                      placeholder="Chọn…", format_func=lambda c: f"{plan.areas[c]['section']}. {plan.areas[c]['name']}" if c else ALL_AREAS)
if right.toggle(ONLY_RED, key="chi_do"):
    summary = with_red(summary, areas, area)
scored = summary["tong_diem_766"].is_not_null().any()
order = st.segmented_control("Xếp theo", [BY_TARGETS, BY_RISK] + [BY_766] * scored, default=BY_TARGETS, required=True,
                             key="xep_theo") or BY_TARGETS
summary = by_766(summary) if order == BY_766 else by_risk(summary) if order == BY_RISK else summary
st.markdown(f"{len(summary)} xã, xếp theo {ORDER_WORDS[order]} "
            "(bằng nhau thì cùng hạng; chỉ tiêu chưa có dữ liệu không được tính là đạt, số của nó ghi riêng). "
            "Chạm tên xã để mở tổng quan của xã.")
grid = ui.city_targets_html(summary, statuses, plan, area) if area else ui.city_html(summary, areas, plan)
st.markdown(grid, unsafe_allow_html=True)
st.caption(" · ".join(f"{t.id}: {t.text}" for t in plan.targets if t.area == area) if area
           else " · ".join(f"{a['section']}: {a['name']}" for a in plan.areas.values()))
st.markdown("#### Xếp hạng")
st.dataframe(ui.grid(summary.select("hang", "ten", "dat", "chua_dat", "chua_co_du_lieu", "nguy_co", "tong_diem_766", "hang_766")).rename(
    {"hang": "Hạng", "ten": "Xã", "dat": "Đạt", "chua_dat": "Chưa đạt", "chua_co_du_lieu": "Chưa có dữ liệu", "nguy_co": "Nguy cơ",
     "tong_diem_766": "Điểm 766", "hang_766": "Hạng 766"}), hide_index=True, width="stretch")
