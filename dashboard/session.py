"""Who is using the dashboard: sign-in, sign-out, and the role a page needs.

The rules (passwords, locks, session expiry, who may check in) live in warehouse.app. Here the session's
token is kept in the browser session and in a cookie, so that a signed-in person stays signed in when a
link reloads the page; every rerun asks the engine again whether the session still holds.
"""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAPIException

from dashboard import data, ui
from warehouse.app import accounts, store
from warehouse.app.accounts import ROLES, User

KEY = "cchc_phien"  # session state key and cookie name
open_view = store.open_view


def app_store() -> Path:
    """The app's own store, beside the warehouse."""
    return store.store_path(data.path())


def _token() -> str | None:
    """This browser's session token: the one signed in here, else the cookie's."""
    if KEY in st.session_state:
        return st.session_state[KEY]
    cookie = st.context.cookies.get(KEY)
    return cookie if isinstance(cookie, str) and cookie else None


def user() -> User | None:
    """The signed-in account, or None (never signed in, signed out, expired or disabled)."""
    token = _token()
    current = accounts.session_user(app_store(), token) if token else None
    if token and current is None and st.session_state.get(KEY):  # was signed in on this tab a moment ago
        st.session_state[ENDED] = True
    st.session_state[KEY] = token if current else None
    return current


ENDED = "cchc_het_phien"  # this tab's session ended by itself (disabled account, expired, password changed elsewhere)


def ended_notice() -> None:
    """Say once that the session ended by itself, and how to go on."""
    if st.session_state.pop(ENDED, None):
        st.warning("Phiên đăng nhập đã kết thúc (hết hạn, tài khoản bị vô hiệu hoá hoặc mật khẩu đã đổi): "
                   "hãy đăng nhập lại nếu cần.", icon="🔒")


def token() -> str | None:
    """This tab's session token, if any (a password change keeps its own session)."""
    return _token()


def sign_in(name: str, password: str) -> str | None:
    """Sign in; None when it worked, else why not (in words for the person)."""
    try:
        signed = accounts.sign_in(app_store(), name.strip(), password)
    except accounts.AccountError as exc:
        return str(exc)
    st.session_state[KEY] = accounts.start_session(app_store(), signed)
    return None


def sign_out() -> None:
    """End the session here and in the store."""
    if token := _token():
        accounts.end_session(app_store(), token)
    st.session_state[KEY] = None


def keep_cookie() -> None:
    """Make the browser's cookie hold this session's token (or none), when it does not already."""
    token = st.session_state.get(KEY)
    if KEY not in st.session_state or (st.context.cookies.get(KEY) or None) == token:
        return
    value, age = (token, 60 * store.setting("session_minutes", 480)) if token else ("", 0)
    st.html(f"<script>document.cookie = {json.dumps(KEY)} + '=' + {json.dumps(value)} + '; Path=/; Max-Age={age}; SameSite=Strict'"
            " + (location.protocol === 'https:' ? '; Secure' : '');</script>", unsafe_allow_javascript=True)


def describe(u: User) -> str:
    """'Trần Văn Bình · Trưởng phòng, ban (VHXH)'."""
    roles = ", ".join(ROLES[r] for r in sorted(u.roles))
    return f"{u.full_name or u.name} · {roles}" + (f" ({u.department})" if u.department else "")


def require(*roles: str) -> User:
    """The signed-in account when it holds one of these roles. Signed out: ask for a sign-in right here, and the page
    opens once it holds; signed in without the role: say so. Either way the page stops there."""
    current = user()
    if current is None or not current.has(*roles):
        needed = ", ".join(ROLES[r] for r in roles)
        st.warning(f"Trang này dành cho: {needed}." + (" Hãy đăng nhập." if current is None else
                   " Tài khoản đang đăng nhập không có quyền này."), icon="🔒")
        if current is None:
            ui.style()
            sign_in_form()
        st.stop()
    return current


def sign_in_form(then=st.rerun) -> None:
    """The sign-in form; once it holds, `then()` (by default the page is drawn again, now signed in)."""
    with st.form("dang_nhap"):
        name = st.text_input("Tên đăng nhập", autocomplete="username")
        password = st.text_input("Mật khẩu", type="password", autocomplete="current-password")
        if st.form_submit_button("Đăng nhập", type="primary"):
            problem = sign_in(name, password)
            if problem:
                st.error(problem)
            else:
                then()


RETURN = "cchc_trang_truoc"  # the page (and its query) a sign-in from Tài khoản returns to


def remember_page(name: str, query: dict) -> None:
    """Note the page being opened (the router does, for every page but Tài khoản)."""
    st.session_state[RETURN] = (name, query)


def back_to_page() -> None:
    """Open the page noted last, with its query (the overview when none was)."""
    name, query = st.session_state.get(RETURN) or ("tong_quan", {})
    try:
        st.switch_page(f"dashboard/pages/{name}.py", query_params=query)
    except StreamlitAPIException:  # not offered before the sign-in (viewing needs one): the menu offers it now
        st.rerun()
