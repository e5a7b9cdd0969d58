"""Withdrawing a file on the Dữ liệu page (a data clerk or an administrator): pick a loaded file, read what it feeds,
confirm in a dialog that names the file, its rows and the targets; the engine (warehouse.withdrawal) checks the role
again, takes the rows out in one publish and audits it."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data
from dashboard.ui import plain
from warehouse.app.accounts import User
from warehouse.app.store import StoreError
from warehouse.sources import sources
from warehouse.withdrawal import ROLES, WithdrawalError, withdraw

DONE = "rut_tep_xong"  # what the last withdrawal said, shown once after the page is drawn again


def section(user: User | None) -> None:
    """The withdrawal section, for those who may withdraw."""
    if user is None or not user.has(*ROLES):
        return
    st.markdown("#### Rút tệp đã nạp nhầm")
    if said := st.session_state.pop(DONE, None):
        st.success(said)
    files = data.loaded_files()
    if files.is_empty():
        st.caption("Chưa có tệp nào được nạp.")
        return
    ids = dict(zip(_labels(files), files["file_id"]))
    chosen = st.selectbox("Tệp cần rút", list(ids), index=None, placeholder="Chọn tệp…", key="tep_can_rut")
    if chosen is None:
        return
    row = files.filter(pl.col("file_id") == ids[chosen]).row(0, named=True)
    targets = data.plan().fed_by(*row["sources"])
    st.markdown(f"Tệp **{plain(row['file_name'])}**: {row['rows_loaded']} dòng ({', '.join(_source_words(row['sources']))}); "
                f"dùng cho các chỉ tiêu: {', '.join(targets) or 'không có'}.")
    if st.button("Rút tệp này…", key="rut_tep"):
        _confirm(user, row, targets)


@st.dialog("Xác nhận rút tệp")
def _confirm(user: User, row: dict, targets: list[str]) -> None:
    """Ask before withdrawing, naming the file, its rows and the targets it feeds."""
    st.markdown(f"Rút tệp **{plain(row['file_name'])}** (nạp lúc {row['loaded_at']:%d/%m/%Y %H:%M}, {row['rows_loaded']} dòng)? "
                f"Các chỉ tiêu {', '.join(targets) or '(không có)'} sẽ được tính lại không có tệp này. "
                "Sổ nạp và nhật ký vẫn ghi tệp đã nạp và đã rút; có thể nạp lại tệp sau.")
    left, right = st.columns(2)
    if left.button("Rút tệp", type="primary", key="rut_tep_dong_y"):
        try:
            with st.spinner("Đang rút tệp và tính lại…"):
                done = withdraw(data.path(), row["file_id"], user)
        except WithdrawalError as exc:
            st.error(str(exc))
            return
        except StoreError as exc:  # checked before anything changed: the withdrawal could not have been audited
            st.error(f"Chưa rút được tệp: {exc}. Số liệu giữ nguyên; hãy báo quản trị viên.")
            return
        st.session_state[DONE] = f"Đã rút tệp {done.file_name}: {done.rows} dòng không còn được tính."
        st.session_state.pop("tep_can_rut", None)
        st.rerun()
    if right.button("Huỷ", key="rut_tep_huy"):
        st.rerun()


def _labels(files: pl.DataFrame) -> list[str]:
    """How each loaded file is named in the picker (unique: its id, as `withdraw FILE_ID` takes it, ends it)."""
    return files.select(pl.format("{} · nạp {} · {} dòng · mã {}", "file_name",
                                  pl.col("loaded_at").dt.strftime("%d/%m/%Y %H:%M"), "rows_loaded", "file_id")).to_series().to_list()


def _source_words(names: list[str]) -> list[str]:
    """Sources by their titles."""
    return [sources()[n].label if n in sources() else n for n in names]
