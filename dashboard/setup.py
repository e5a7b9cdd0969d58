"""First start: when no warehouse exists yet, build the demo one, showing progress."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import data


def ensure_warehouse() -> None:
    """Build the demo warehouse if there is none, so that a fresh clone opens on real-looking data."""
    if data.path().exists():
        return
    from pipelines.demo import write_demo
    from pipelines.load import load

    with st.status("Chưa có kho dữ liệu: đang tạo dữ liệu mẫu năm 2025…", expanded=True) as status:
        folder = Path("data") / "demo"
        st.write("Ghi các tệp xuất mẫu (hồ sơ, PAKN, giải ngân, văn bản…)")
        files = write_demo(folder)
        st.write(f"Nạp {len(files)} tệp vào kho, kiểm tra chất lượng từng tệp")
        load([folder], data.path())
        status.update(label="Đã tạo kho dữ liệu mẫu.", state="complete", expanded=False)
