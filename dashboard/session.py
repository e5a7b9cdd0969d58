"""Who is using the dashboard: sign-in, sign-out, and the role a page needs.

The rules (passwords, locks, session expiry, who may check in) live in warehouse.app. Here the session's
token is kept in the browser session and in a cookie, so that a signed-in person stays signed in when a
link reloads the page; every rerun asks the engine again whether the session still holds.
"""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from dashboard import data
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
    st.session_state[KEY] = token if current else None
    return current


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
    """The signed-in account when it holds one of these roles; otherwise say so and stop the page."""
    current = user()
    if current is None or not current.has(*roles):
        needed = ", ".join(ROLES[r] for r in roles)
        st.warning(f"Trang này dành cho: {needed}. Hãy đăng nhập bằng tài khoản có quyền (trang Tài khoản).", icon="🔒")
        st.stop()
    return current
