"""Tải dữ liệu: a clerk drops the month's exports; each goes through the reader and the quality gate as on the
command line, the warehouse is published whole or not at all, and the outcome shows for every file of the batch."""

import logging

import polars as pl
import streamlit as st

from dashboard import controls, data, session, ui, uploading
from warehouse import settings
from warehouse.app import store
from warehouse.display import column_title, records_csv

RESULT = "ket_qua_tai_len"  # the last batch's outcomes, shown until the next batch

user = session.require("du_lieu", "quan_tri")  # first: the role is checked before anything is drawn
controls.page_header("Tải dữ liệu")
limit_mb = settings.whole("CCHC_UPLOAD_MAX_MB")
st.markdown(f"Chọn một hoặc nhiều tệp xuất (CSV, Excel, JSON Lines…), mỗi tệp tối đa {limit_mb} MB. Mỗi tệp được đọc và "
            "kiểm tra chất lượng như lệnh `load`; kho dữ liệu chỉ thay đổi khi cả lượt nạp xong. Tệp bị từ chối không làm "
            "thay đổi số liệu nào.")
files = st.file_uploader("Tệp xuất", accept_multiple_files=True, key="tep_tai_len", max_upload_size=limit_mb)
if files and st.button("Nạp vào kho", type="primary"):
    st.session_state.pop(RESULT, None)
    bar = st.progress(0.0, text="Đang đọc và kiểm tra…")
    try:
        st.session_state[RESULT] = uploading.upload(
            session.app_store(), user.name, [(f.name, f.getvalue()) for f in files], data.path(), limit_mb,
            lambda done, total: bar.progress(done / total, text=f"Bước {done}/{total}"))
    except store.StoreError as exc:  # the upload ledger could not be written (before the load, or after it)
        st.error(f"Chưa ghi được sổ tải lên: {exc}. Trang Dữ liệu cho biết tệp nào đã được nạp; hãy báo quản trị viên.")
    except Exception:  # whatever broke, the clerk gets words and the page stays usable
        logging.getLogger(__name__).exception("upload failed")
        st.error("Không nạp được lượt tệp này do lỗi của hệ thống; kho dữ liệu giữ nguyên như trước. Hãy thử lại, "
                 "nếu vẫn lỗi hãy báo quản trị (Nhật ký ghi lại lỗi).")
    bar.empty()

if outcomes := st.session_state.get(RESULT):
    try:
        rejects = data.rejects_of(tuple(o["file_id"] for o in outcomes if o["file_id"] is not None))
        table = uploading.outcome_table(outcomes, rejects, data.plan())
    except Exception:  # an outcome that cannot be shown is dropped, so that the page comes back
        logging.getLogger(__name__).exception("upload outcome could not be shown")
        st.session_state.pop(RESULT, None)
        st.error("Không hiển thị được kết quả lượt nạp trước; xem trang Dữ liệu để biết tình trạng các tệp.")
    else:
        st.markdown("#### Kết quả nạp")
        st.table(ui.grid(table))  # a few rows: a plain table wraps the reasons, where a grid would cut them
        rows = rejects.filter(pl.col("Dòng").is_not_null()).drop("file_id").with_columns(column_title(pl.col("Cột")))
        if len(rows):
            st.download_button(f"Tải {len(rows)} dòng bị loại của lượt này (CSV)", records_csv(rows),
                               file_name="dong_bi_loai.csv", mime="text/csv")
        if any(o["status"] == "rejected" for o in outcomes):
            st.info("Tệp bị từ chối không làm thay đổi số liệu nào: các chỉ tiêu vẫn tính theo tệp đã nạp trước đó, "
                    "kèm cảnh báo. Hãy sửa tệp theo lý do ở trên rồi tải lên lại.")
