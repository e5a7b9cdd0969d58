"""Forms that keep what was typed: a refused submission keeps every field as it was and says, just above the field
to fix, what to do; a recorded one starts the form afresh (a new generation of its fields) and says so once."""

from __future__ import annotations

import streamlit as st


def key(form: str) -> str:
    """The form's key for this generation: a new key, and so empty fields, after each success."""
    return f"{form}_{st.session_state.get(_generation(form), 0)}"


def done(form: str, message: str) -> None:
    """A submission recorded: start the form afresh, say `message` once, and draw the page again."""
    st.session_state[_generation(form)] = st.session_state.get(_generation(form), 0) + 1
    st.session_state[_said(form)] = message
    st.rerun()


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
