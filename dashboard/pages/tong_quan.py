"""Tổng quan: is each target met as of the chosen date, what is red, and who owns it."""

import streamlit as st

from dashboard import controls, data, ui

controls.page_header("Tổng quan")
tu_ngay, den_ngay = controls.period()
stamp, plan = data.version(), data.plan()
# Statuses first (a few queries), then the same rows with their monthly sparklines: the series take about a
# dozen more queries when not cached (first visit after a load, a new period), so the list never waits for them.
evaluations = data.evaluations(stamp, tu_ngay, den_ngay, data.commune(), series=False)
st.markdown(ui.counts_html(evaluations), unsafe_allow_html=True)
rows = st.empty()
rows.markdown(ui.overview_html(evaluations, plan), unsafe_allow_html=True)
rows.markdown(ui.overview_html(data.evaluations(stamp, tu_ngay, den_ngay, data.commune()), plan), unsafe_allow_html=True)
