"""Chỉ tiêu: one target's wording, definition, numbers, trend, breakdown and where the number comes from."""

import polars as pl
import streamlit as st

from dashboard import charts, checkin_form, controls, data, session, ui
from warehouse.actions import owner_text
from warehouse.display import LOAD_WORDS, for_people, for_reading, records_csv, since_text, threshold_text, value_text, vn_date, vn_number
from warehouse.evaluate import MET, breakdown, items_against
from warehouse.forecast import forecast_text
from warehouse.sources import sources

controls.page_header("Chỉ tiêu")
plan = data.plan()
ids = [t.id for t in plan.targets]
target_id = controls.choice("Chỉ tiêu", "chi_tieu", ids, lambda i: f"{i} · {plan.target(i).text}", "chỉ tiêu")
tu_ngay, den_ngay = controls.period()
e = next(x for x in data.evaluations(tu_ngay, den_ngay) if x.target.id == target_id)
t = e.target

st.markdown(f"{ui.badge(e.status)} &nbsp; **{t.id}** · {t.area_name}", unsafe_allow_html=True)
st.markdown(f"#### {t.text}")
left, mid, right = st.columns(3)
left.metric("Kết quả", value_text(t, e.value))
mid.metric("Chỉ tiêu", threshold_text(t, e.threshold))
right.metric("Ngày số liệu", vn_date(e.ngay_so_lieu) or "–")
official = ui.official_766_text(*data.scores_766(tu_ngay, den_ngay), t.id)
if official:
    st.info(official)
if e.reason:
    (st.info if e.status == MET else st.warning)(ui.plain(e.reason))
for warning in e.warnings:
    st.warning("⚠ " + ui.plain(warning))
if e.forecast:  # an estimate: it never changes the status
    (st.warning if ui.needs_attention(e) else st.info)(ui.plain(forecast_text(e)) + " (ước tính theo nhịp 3 tháng gần nhất)")
elif t.kind == "measured" and e.forecast_note:
    st.caption(f"Không có dự báo: {ui.plain(e.forecast_note)}.")
if said := ui.plan_html(e):
    st.markdown(f"**Kế hoạch khắc phục:** {said}", unsafe_allow_html=True)
if e.history:
    st.markdown(f"**Diễn biến trạng thái** ({ui.plain(since_text(e.status, e.since) or f'{e.status} suốt kỳ')})"
                + ui.history_html(e), unsafe_allow_html=True)
if e.current_value is not None and e.judged_at < e.den_ngay:
    st.caption(f"Đánh giá tại hạn {vn_date(e.judged_at)}; giá trị hiện nay: {value_text(t, e.current_value)}.")
st.markdown(f"**Chủ trì:** {ui.plain(owner_text(e, plan, data.leads()))}" + (
    f" · **Phối hợp:** {', '.join(plan.departments[c] for c in t.coordinators)}" if t.coordinators else ""))
st.markdown(f"**Cách tính:** {t.definition}")

if t.kind == "measured":
    st.markdown(f"**Tử số / mẫu số:** {vn_number(e.tu_so)} / {vn_number(e.mau_so)}" if e.mau_so is not None else "**Tử số / mẫu số:** –")
    if t.unit == "percent" and e.series:
        st.markdown("##### Xu hướng theo tháng")
        st.altair_chart(charts.trend(e), width="stretch")
    items = data.records(t.id, tu_ngay, den_ngay, against_only=False)
    for column, title in (("linh_vuc", "lĩnh vực"), ("ten_tthc", "thủ tục"), ("don_vi", "đơn vị")):
        if column in items.columns and items[column].n_unique() > 1:
            st.markdown(f"##### Theo {title}")
            table = breakdown(items, column).head(15)
            st.dataframe(ui.grid(table.rename({column: title.capitalize(), "tu_so": "Tử số", "mau_so": "Mẫu số",
                                               "gia_tri": "Giá trị (%)"}), places={"Giá trị (%)": 1}),
                         hide_index=True, width="stretch")
            break
    against = items_against(items)
    st.markdown(f"##### Các mục chưa đạt ({len(against)})")
    if len(against):
        st.dataframe(ui.grid(for_people(against)), hide_index=True, width="stretch")
        st.download_button("Tải CSV", records_csv(for_people(against)), file_name=f"{t.id}_{den_ngay:%Y%m%d}.csv", mime="text/csv")
elif e.evidence:
    ev = e.evidence
    st.markdown(f"**Xác nhận:** {ui.plain(ev['ket_qua'])} · ngày {vn_date(ev['ngay_xac_nhan'])} · người xác nhận: "
                f"{ui.plain(ev['nguoi_xac_nhan'])}  \n**Văn bản minh chứng:** {ui.plain(ev['so_van_ban_minh_chung'] or '–')}"
                + (f"  \n**Ghi chú:** {ui.plain(ev['ghi_chu'])}" if ev["ghi_chu"] else "")
                + (f"  \nTheo sổ xác nhận do {ui.plain(session.person(ev['nap_boi']))} tải lên." if ev["nap_boi"] else ""))

checkin_form.show(e)

st.markdown("##### Nguồn số liệu")
st.caption(", ".join(f"{sources()[s].label} ({s})" for s in t.sources))
files = for_reading(data.files_of(t.sources).with_columns(pl.col("status").replace(LOAD_WORDS)))
st.dataframe(ui.grid(files.head(20).rename({"file_name": "Tệp", "sheet": "Trang", "source": "Nguồn", "snapshot_date": "Ngày số liệu",
                                           "rows_read": "Đọc", "rows_loaded": "Nạp", "rows_rejected": "Loại", "status": "Kết quả",
                                           "loaded_at": "Nạp lúc"})),
             hide_index=True, width="stretch")
