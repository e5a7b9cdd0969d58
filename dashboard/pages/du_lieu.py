"""Dữ liệu: per source, the last file, its date, freshness, rows loaded and rejected, failed checks; rejected rows."""

import polars as pl
import streamlit as st

from dashboard import controls, data, session, ui, withdrawing
from warehouse.data_health import describe_sources
from warehouse.display import column_title, for_reading

controls.page_header("Tình trạng dữ liệu")
tu_ngay, den_ngay = controls.period()
table = describe_sources(data.source_overview(den_ngay), den_ngay)
shown = table.select(
    pl.col("nguon").alias("Nguồn"), pl.col("tinh_trang").alias("Tình trạng"), pl.col("file_name").alias("Tệp gần nhất"),
    pl.col("ngay_danh_gia").alias("Ngày số liệu"), pl.col("so_ngay").alias("Số ngày"), pl.col("han_moi").alias("Hạn (ngày)"),
    pl.col("rows_loaded").alias("Dòng nạp"), pl.col("rows_rejected").alias("Dòng loại"),
    pl.col("kiem_tra_khong_dat").list.join("; ").fill_null("").alias("Kiểm tra không đạt"),
    pl.col("message").fill_null("").alias("Lý do từ chối"), "muc",
)
st.dataframe(ui.coloured_states(ui.grid(shown), "Tình trạng", "muc"), hide_index=True, width="stretch",
             column_order=[c for c in shown.columns if c != "muc"],
             column_config={"Tình trạng": st.column_config.TextColumn(width="medium")})
st.caption("Hạn 0: không tính độ mới (sổ xác nhận). Trạng thái \"Cũ\" làm các chỉ tiêu dùng nguồn đó thành \"Chưa có dữ liệu\".")
withdrawing.section(session.user())

unknown = data.unrecognised_files()
if len(unknown):
    st.markdown(f"#### Tệp bị từ chối vì không đọc được hoặc không nhận ra nguồn ({len(unknown)})")
    st.dataframe(ui.grid(unknown), hide_index=True, width="stretch")

st.markdown("#### Dòng bị loại")
rejected = data.rejected_rows()
if rejected.is_empty():
    st.success("Không có dòng nào bị loại.")
else:
    rejected = for_reading(rejected.with_columns(column_title(pl.col("column"))))
    st.dataframe(ui.grid(rejected.rename({"file_name": "Tệp", "sheet": "Trang", "row": "Dòng", "column": "Cột", "value": "Giá trị",
                                          "reason": "Lý do", "loaded_at": "Nạp lúc"})),
                 hide_index=True, width="stretch")
