"""Who is using the dashboard: sign-in, sign-out, session expiry, and the role a page needs.

The rules themselves (passwords, locks, who may check in) live in warehouse.app; this only keeps the
signed-in account in the browser session and asks the engine again on every rerun.
"""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from dashboard import data
from warehouse.app import accounts, store
from warehouse.app.accounts import ROLES, User

KEY = "cchc_tai_khoan"
open_view = store.open_view


def app_store() -> Path:
    """The app's own store, beside the warehouse."""
    return store.store_path(data.path())


def user() -> User | None:
    """The signed-in account, or None: a session ends when idle too long or when its account is disabled."""
    held = st.session_state.get(KEY)
    if not held:
        return None
    name, last_seen = held
    idle_limit = 60 * store.setting("session_minutes", 480)
    current = accounts.active_user(app_store(), name)
    if current is None or time.time() - last_seen > idle_limit:
        del st.session_state[KEY]
        store.audit(app_store(), name, "dang_xuat", name, "thanh_cong", "hết phiên" if current else "tài khoản bị vô hiệu hoá")
        return None
    st.session_state[KEY] = (name, time.time())
    return current


def sign_in(name: str, password: str) -> str | None:
    """Sign in; None when it worked, else why not (in words for the person)."""
    try:
        signed = accounts.sign_in(app_store(), name.strip(), password)
    except accounts.AccountError as exc:
        return str(exc)
    st.session_state[KEY] = (signed.name, time.time())
    return None


def sign_out() -> None:
    """End the session."""
    if current := user():
        accounts.sign_out(app_store(), current)
    st.session_state.pop(KEY, None)


def describe(u: User) -> str:
    """'tp.vhxh · Trưởng phòng, ban (VHXH)'."""
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
