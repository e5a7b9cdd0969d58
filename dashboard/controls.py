"""Widgets shared by the pages: the period (presets and as-of date), read from and kept in the URL."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import data, forms, session
from dashboard.ui import period_text, plain, style
from warehouse.communes import default_commune
from warehouse.periods import OPENING, presets

CUSTOM = "Tùy chọn"
KEPT = "cchc_ky"  # the period last chosen in this session
ND09 = "Kỳ NĐ 09"


def page_header(title: str) -> None:
    """The page's title line, the shared style, and the mark of demo data."""
    style()
    forms.announce()
    plan = data.plan()
    xa = commune_from_url()
    st.markdown(f"### {title}\n{plan.name} · xã {plain(data.commune_name(xa))}")
    user = session.user()
    session.ended_notice()
    session.store_notice()
    st.page_link("dashboard/pages/tai_khoan.py", label=f"{plain(user.full_name or user.name)} · Tài khoản" if user else "Đăng nhập",
                 icon=":material/account_circle:" if user else ":material/login:")
    if data.path().exists() and data.demo():
        st.info("**Dữ liệu mẫu**: các con số trên trang là dữ liệu minh họa, không phải số liệu thật của xã.", icon=":material/science:")


def commune_from_url() -> str:
    """The commune shown, from the address (?xa=CODE, any case) when the warehouse holds it, kept in the session
    so that it stays put from page to page; an unknown code is said so and the commune stays as it was."""
    asked = st.query_params.get("xa")
    if asked:
        wanted = asked.strip().upper()
        if data.path().exists() and wanted in data.communes():
            st.session_state[data.XA] = wanted
        else:
            st.warning(f"Không có xã mã '{plain(asked)}' trong kho dữ liệu: đang hiển thị xã {plain(data.commune_name(data.commune()))}.")
    if data.commune() != default_commune():
        st.query_params["xa"] = data.commune()
    return data.commune()


def choice(label: str, key: str, codes: list[str], shown, noun: str) -> str:
    """A pick from a list, kept in the URL (?key=CODE, any case). A code the list does not have is said so,
    in Vietnamese, and nothing is opened in its place (the address stays as it was) until one is picked."""
    asked = st.query_params.get(key)
    wanted = asked.strip().upper() if asked else None
    known = wanted in codes
    if asked and not known:
        st.warning(f"Không có {noun} mã '{plain(asked)}' (liên kết sai hoặc cũ): hãy chọn trong danh sách dưới đây.")
    picked = st.selectbox(label, codes, index=codes.index(wanted) if known else None if asked else 0, format_func=shown,
                          placeholder=f"Chọn {noun}…", key=key, filter_mode=None)
    if picked is None:
        st.stop()
    st.query_params[key] = picked
    return picked


def _from_url(key: str) -> date | None:
    """A date given in the URL (?tu=2025-01-01), if any; one that is not a date is said so and left out."""
    try:
        return date.fromisoformat(st.query_params[key]) if key in st.query_params else None
    except ValueError:
        st.warning(f"Ngày '{plain(st.query_params[key])}' trong liên kết không đọc được (cần dạng 2025-06-30): "
                   "đang dùng kỳ báo cáo đã chọn trước đó.")
        return None


def period() -> tuple[date, date]:
    """The period chosen: a preset, a NĐ 09 period or a range of dates. It starts from the URL's (?tu=&den=),
    else the one last chosen in this session (so that it stays put from page to page), else year to date."""
    plan = data.plan()
    options = presets(plan)
    url = (_from_url("tu"), _from_url("den"))
    if all(url) and url[0] > url[1]:
        st.warning(f"Kỳ trong liên kết ngược (từ {url[0]:%d/%m/%Y} đến {url[1]:%d/%m/%Y}): đang dùng kỳ báo cáo đã chọn trước đó.")
        url = (None, None)
    initial = url if all(url) else st.session_state.get(KEPT) or options[OPENING]
    named = next((name for name, span in options.items() if span == initial), CUSTOM)
    main = [n for n in options if "NĐ 09" not in n]
    nd09 = [n for n in options if "NĐ 09" in n]
    start = named if named in main else ND09 if named in nd09 else CUSTOM
    choice = st.segmented_control("Kỳ báo cáo", [*main, ND09, CUSTOM], default=start, key="preset", required=True) or start
    if choice == ND09:
        current = options[st.selectbox("Kỳ theo Nghị định 09/2019/NĐ-CP", nd09, index=nd09.index(named) if named in nd09 else 3,
                                        key="ky_nd09", filter_mode=None)]
    elif choice == CUSTOM:
        current = _custom(plan, initial)
    else:
        current = options[choice]
    st.session_state[KEPT] = current
    st.query_params.update({"tu": current[0].isoformat(), "den": current[1].isoformat()})
    st.caption(f"Kỳ báo cáo {period_text(*current)}")
    return current


def _custom(plan, initial: tuple[date, date]) -> tuple[date, date]:
    """A range of dates within the plan's reporting year (from the NĐ 09 start to the plan's end); while only
    its first day is picked, the period so far."""
    earliest = min(span[0] for span in presets(plan).values())
    low, high = (max(earliest, min(d, plan.deadline)) for d in initial)
    picked = st.date_input("Từ ngày – đến ngày", value=(low, high), min_value=earliest, max_value=plan.deadline,
                           format="DD/MM/YYYY", key="khoang_ngay")
    return (picked[0], picked[1]) if len(picked) == 2 else (low, high)
