"""Tổng quan: is each target met as of the chosen date, what is red, and who owns it."""

import streamlit as st

from dashboard import controls, data, ui

controls.page_header("Tổng quan")
tu_ngay, den_ngay = controls.period()
evaluations = data.evaluations(data.version(), tu_ngay, den_ngay, data.commune())
st.markdown(ui.counts_html(evaluations), unsafe_allow_html=True)
st.markdown(ui.overview_html(evaluations, data.plan()), unsafe_allow_html=True)
