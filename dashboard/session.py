"""Who is using the dashboard: sign-in, sign-out, and the role a page needs.

The rules (passwords, locks, session expiry, who may check in) live in warehouse.app. Here the session's
token is kept in the browser session and in a cookie, so that a signed-in person stays signed in when a
link reloads the page; every rerun asks the engine again whether the session still holds.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAPIException

from dashboard import cookie, data, ui
from warehouse import settings
from warehouse.app import accounts, sessions, store, uploads
from warehouse.app.accounts import ROLES, User
from warehouse.app.store import StoreError

KEY = cookie.NAME  # session state key and cookie name
open_view = store.open_view


def app_store() -> Path:
    """The app's own store, beside the warehouse."""
    return store.store_path(data.path())


@st.cache_resource(show_spinner=False)
def _store_upgraded(path: Path) -> bool:
    """Bring the app's store up to this version, once per server process (a failure is not kept: tried again next run);
    uploads whose load died (with the last server, or by itself) before saying are marked so."""
    store.upgrade(path)
    uploads.mark_stopped(path)
    return True


def store_problem() -> StoreError | None:
    """Why the app's store cannot be used now (store.check says), or None. The dashboard goes on without it: the
    figures without the check-ins, no sign-in, nothing saved. The router asks first, which brings the store up to
    this version once that can be done."""
    try:
        _store_upgraded(app_store())
        store.check(app_store())
    except StoreError as exc:
        return exc
    return None


def store_notice() -> None:
    """Say, once on the page, that the app's store cannot be used and what still works."""
    if problem := store_problem():
        st.warning(f"{problem}. Số liệu vẫn hiển thị (chưa gồm các cập nhật ghi trên bảng điều hành), nhưng chưa thể "
                   "đăng nhập hay ghi cập nhật: hãy báo quản trị viên.", icon=":material/warning:")


def person(login: str) -> str:
    """How an account that acted is named (its full name and login; a command run on the server says so)."""
    if login.startswith("terminal:"):
        return f"người vận hành máy chủ ({login.removeprefix('terminal:')})"
    try:
        return accounts.people(app_store()).get(login, login)
    except StoreError:
        return login


def _token() -> str | None:
    """This browser's session token: the one signed in here, else the cookie's."""
    if KEY in st.session_state:
        return st.session_state[KEY]
    cookie = st.context.cookies.get(KEY)
    return cookie if isinstance(cookie, str) and cookie else None


def user() -> User | None:
    """The signed-in account, or None (never signed in, signed out, expired or disabled)."""
    token = _token()
    try:
        current = sessions.session_user(app_store(), token) if token else None
    except StoreError:  # no one is signed in while the store cannot be used (the page says why); the token stays
        return None
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
        address = st.context.ip_address  # None on the server's own machine; not a string under AppTest
        source = address if isinstance(address, str) and address else "máy chủ"
        signed = sessions.sign_in(app_store(), name.strip(), password, source=source)
        st.session_state[KEY] = sessions.start_session(app_store(), signed)
    except accounts.AccountError as exc:
        return str(exc)
    except StoreError as exc:
        return f"{CANNOT_SIGN_IN}: {exc}. Hãy báo quản trị viên."
    return None


CANNOT_SIGN_IN = "Chưa đăng nhập được lúc này"


def sign_out() -> None:
    """End the session here and in the store."""
    if token := _token():
        try:
            sessions.end_session(app_store(), token)
        except StoreError:  # signed out here all the same; the store's session ends unused
            pass
    st.session_state[KEY] = None


def keep_cookie() -> None:
    """Make the browser's cookie hold this session's token (or none), when it does not already: the server sets it,
    HttpOnly (dashboard.cookie), once per token and tab."""
    token = st.session_state.get(KEY)
    if KEY not in st.session_state or (st.context.cookies.get(KEY) or None) == token or st.session_state.get(HANDED) == (token,):
        return
    st.session_state[HANDED] = (token,)
    st.html(cookie.handoff(token, 60 * settings.whole("CCHC_SESSION_MINUTES")), unsafe_allow_javascript=True)


HANDED = "cchc_phien_da_giao"  # the token (in a tuple: None too) the browser's cookie was last asked to hold


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
            store_notice()
            sign_in_form()
        st.stop()
    return current


def sign_in_form(then=st.rerun) -> None:
    """The sign-in form; once it holds, `then()` (by default the page is drawn again, now signed in). While the app's
    store cannot be used, no form: why not (the notice above says more)."""
    if store_problem():
        st.error(f"{CANNOT_SIGN_IN}: kho ứng dụng đang gặp sự cố (xem thông báo ở trên). Hãy báo quản trị viên.", icon="🔒")
        return
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
