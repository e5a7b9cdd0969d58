"""Xuất báo cáo: the city submission (CSV, XLSX: the command line's very bytes) and a picture of the overview."""

import streamlit as st

from dashboard import controls, data

controls.page_header("Xuất báo cáo")
tu_ngay, den_ngay = controls.period()
csv_bytes, xlsx_bytes = data.submission(tu_ngay, den_ngay)
name = f"bao_cao_cchc_{tu_ngay:%Y%m%d}_{den_ngay:%Y%m%d}"
st.markdown("Tệp nộp thành phố: một dòng cho mỗi chỉ tiêu, theo thứ tự của kế hoạch.")
left, right = st.columns(2)
left.download_button("Tải CSV", csv_bytes, file_name=f"{name}.csv", mime="text/csv", width="stretch")
right.download_button("Tải Excel (.xlsx)", xlsx_bytes, file_name=f"{name}.xlsx", width="stretch",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

st.markdown("#### Ảnh tổng quan (gửi qua Zalo)")
st.caption("Chỉ tiêu chưa đạt trước, với phòng chủ trì và lý do; vừa màn hình điện thoại.")
png = data.picture(tu_ngay, den_ngay)
st.download_button("Tải ảnh PNG", png, file_name=f"{name}.png", mime="image/png", width="stretch")
with st.expander("Xem ảnh"):
    st.image(png)
