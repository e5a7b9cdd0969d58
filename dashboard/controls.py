"""Widgets shared by the pages: the period (presets and as-of date), read from and kept in the URL."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import data, session
from dashboard.ui import CSS, period_text
from warehouse.periods import presets

CUSTOM = "Tùy chọn"
ND09 = "Kỳ NĐ 09"


def page_header(title: str) -> None:
    """The page's title line, the shared style, and the mark of demo data."""
    st.markdown(CSS, unsafe_allow_html=True)
    plan = data.plan()
    st.markdown(f"### {title}\n{plan.name} · xã {plan.commune}")
    user = session.user()
    st.page_link("dashboard/pages/tai_khoan.py", label=f"{user.full_name or user.name} · Tài khoản" if user else "Đăng nhập",
                 icon=":material/account_circle:" if user else ":material/login:")
    if data.path().exists() and data.demo(data.version()):
        st.info("**Dữ liệu mẫu**: các con số trên trang là dữ liệu minh họa, không phải số liệu thật của xã.", icon="🧪")


def _from_url(key: str) -> date | None:
    """A date given in the URL (?tu=2025-01-01), if any."""
    try:
        return date.fromisoformat(st.query_params[key]) if key in st.query_params else None
    except ValueError:
        return None


def period() -> tuple[date, date]:
    """The period chosen: a preset, a NĐ 09 period or an as-of date; the URL's (?tu=&den=) at first."""
    plan = data.plan()
    options = presets(plan)
    url = (_from_url("tu"), _from_url("den"))
    initial = url if all(url) else options["Đến hôm nay"]
    named = next((name for name, span in options.items() if span == initial), CUSTOM)
    main = [n for n in options if "NĐ 09" not in n]
    nd09 = [n for n in options if "NĐ 09" in n]
    start = named if named in main else ND09 if named in nd09 else CUSTOM
    choice = st.segmented_control("Kỳ báo cáo", [*main, ND09, CUSTOM], default=start, key="preset") or main[0]
    if choice == ND09:
        current = options[st.selectbox("Kỳ theo Nghị định 09/2019/NĐ-CP", nd09, index=nd09.index(named) if named in nd09 else 3,
                                        key="ky_nd09")]
    elif choice == CUSTOM:
        den = st.date_input("Số liệu đến ngày", value=initial[1], min_value=plan.start, format="DD/MM/YYYY", key="den_ngay")
        current = (min(initial[0], den), den)
    else:
        current = options[choice]
    st.query_params.update({"tu": current[0].isoformat(), "den": current[1].isoformat()})
    st.caption(f"Kỳ báo cáo {period_text(*current)}")
    return current
