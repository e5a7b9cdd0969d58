"""Forms that keep what was typed: a refused submission keeps every field as it was and says, just above the field
to fix, what to do; a recorded one starts the form afresh (a new generation of its fields) and says so once, at
once in a toast (the page's head calls `announce`, before the page's figures are drawn again) and at the form."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from warehouse.app.accounts import AccountError
from warehouse.app.checkins import CheckinRefused
from warehouse.app.store import StoreError

ANNOUNCED = "cchc_form_vua_ghi"  # the last success of any form, for the next run's toast


def key(form: str) -> str:
    """The form's key for this generation: a new key, and so empty fields, after each success."""
    return f"{form}_{st.session_state.get(_generation(form), 0)}"


def done(form: str, message: str) -> None:
    """A submission recorded: start the form afresh, say `message` once, and draw the page again."""
    st.session_state[_generation(form)] = st.session_state.get(_generation(form), 0) + 1
    st.session_state[_said(form)] = st.session_state[ANNOUNCED] = message
    st.rerun()


def attempt(form: str, action: Callable[[], object], message: str) -> None:
    """Run what a form asks: recorded, the form starts afresh saying `message`; refused by the engine, the refusal is
    said at its field, keeping what was typed; not saved (the app's store cannot be written), said at the form's head."""
    try:
        action()
    except (AccountError, CheckinRefused) as exc:
        refused(form, exc.field, str(exc))
    except StoreError as exc:
        refused(form, None, f"Chưa lưu được: {exc}. Những gì đã nhập vẫn còn, hãy thử lại sau hoặc báo quản trị viên.")
    else:
        done(form, message)


def announce() -> None:
    """The last success, in a toast, as soon as the page starts again (the figures a recording changed come later)."""
    if message := st.session_state.pop(ANNOUNCED, None):
        st.toast(message, icon=":material/check_circle:")


def refused(form: str, field: str | None, message: str) -> None:
    """A submission refused: keep its fields, say `message` at `field` (at the form's head when None), draw again."""
    st.session_state[_error(form)] = (field, message)
    st.rerun()


def said(form: str) -> None:
    """The message of the form's last success, once."""
    if message := st.session_state.pop(_said(form), None):
        st.success(message)


def mark(form: str, field: str | None) -> None:
    """Above a field (or the form's head, for None): what to fix there, when the last submission was refused for it."""
    error = st.session_state.get(_error(form))
    if error and error[0] == field:
        st.error(error[1], icon="✍️")
        del st.session_state[_error(form)]


def leftover(form: str) -> None:
    """At the form's foot: a refusal whose field was not drawn (none is lost)."""
    if error := st.session_state.pop(_error(form), None):
        st.error(error[1], icon="✍️")


def _generation(form: str) -> str:
    return f"cchc_form_{form}_lan"


def _said(form: str) -> str:
    return f"cchc_form_{form}_da_ghi"


def _error(form: str) -> str:
    return f"cchc_form_{form}_loi"
