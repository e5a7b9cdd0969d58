"""Tải dữ liệu: a clerk drops the month's exports; each goes through the reader and the quality gate as on the
command line, the warehouse is published whole or not at all, and the outcome shows per file and sheet."""

import polars as pl
import streamlit as st

from dashboard import controls, data, session, ui, uploading
from warehouse.app import store, uploads
from warehouse.display import LOAD_WORDS, column_title, defused, records_csv

user = session.require("du_lieu", "quan_tri")  # first: the role is checked before anything is drawn
controls.page_header("Tải dữ liệu")
limit_mb = store.setting("upload_max_mb", 100)
st.markdown(f"Chọn một hoặc nhiều tệp xuất (CSV, Excel, JSON Lines…), mỗi tệp tối đa {limit_mb} MB. Mỗi tệp được đọc và "
            "kiểm tra chất lượng như lệnh `load`; kho dữ liệu chỉ thay đổi khi cả lượt nạp xong.")
files = st.file_uploader("Tệp xuất", accept_multiple_files=True, key="tep_tai_len")
if files and st.button("Nạp vào kho", type="primary"):
    too_big = [f for f in files if f.size > limit_mb * 1024 * 1024]
    for f in too_big:
        st.error(f"{ui.plain(f.name)}: {f.size / 1024 / 1024:.1f} MB, quá giới hạn {limit_mb} MB: tệp không được nạp.")
        store.audit(session.app_store(), user.name, "tai_len", f.name, "tu_choi", f"quá giới hạn {limit_mb} MB")
    kept = [uploads.keep(session.app_store(), user.name, f.name, f.getvalue()) for f in files if f not in too_big]
    if kept:
        bar = st.progress(0.0, text="Đang đọc và kiểm tra…")
        outcomes, problem = uploading.run_load([path for _, path in kept], data.path(),
                                               lambda done, total: bar.progress(done / total, text=f"Bước {done}/{total}"))
        bar.empty()
        by_path = {o["path"]: o for o in outcomes}
        uploads.settle(session.app_store(), user.name, [i for i, _ in kept],
                       {i: LOAD_WORDS[by_path[str(p)]["status"]] if str(p) in by_path else f"lỗi: {problem}" for i, p in kept})
        if problem:
            st.error(f"Không nạp được: {ui.plain(problem)}")
        st.session_state["ket_qua_tai_len"] = outcomes
if outcomes := st.session_state.get("ket_qua_tai_len"):
    frame = pl.DataFrame(outcomes).select(
        pl.col("file").alias("Tệp"), pl.col("sheet").cast(pl.String).fill_null("").alias("Trang"),
        pl.col("source").cast(pl.String).fill_null("").alias("Nguồn"),
        pl.col("rows_read").alias("Đọc"), pl.col("rows_loaded").alias("Nạp"), pl.col("rows_rejected").alias("Loại"),
        pl.format("{}/{} đạt", pl.col("checks_run") - pl.col("checks_failed"), pl.col("checks_run")).alias("Kiểm tra"),
        pl.col("status").replace_strict(LOAD_WORDS).alias("Kết quả"),
        pl.concat_str([pl.col("message").fill_null(""), pl.col("warnings").list.join(" ")], separator=" ").str.strip_chars()
        .alias("Lý do"))
    st.markdown("#### Kết quả nạp")
    st.table(defused(frame))  # a few rows: a plain table wraps the reasons, where a grid would cut them
    rejected = data.rejects_of(tuple(o["path"] for o in outcomes))
    rejected = rejected.with_columns(column_title(pl.col("Cột")))
    if len(rejected):
        st.download_button(f"Tải {len(rejected)} dòng bị loại (CSV)", records_csv(rejected), file_name="dong_bi_loai.csv",
                           mime="text/csv")
