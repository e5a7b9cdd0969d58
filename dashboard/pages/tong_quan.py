"""Tổng quan: is each target met as of the chosen date, what is red, and who owns it."""

import streamlit as st

from dashboard import controls, data, session, ui
from warehouse.digest import changes, week_before

ALL, ATTENTION, MINE = "Tất cả", "Chỉ cần chú ý", "Phòng của tôi"

controls.page_header("Tổng quan")
tu_ngay, den_ngay = controls.period()
plan, leads = data.plan(), data.leads()  # the persons behind the departments: read once for every row
# Statuses first (a few queries), then the same rows with their monthly sparklines: the series take about a
# dozen more queries when not cached (first visit after a load, a new period), so the list never waits for them.
evaluations = data.evaluations(tu_ngay, den_ngay, series=False)
direct = st.empty()  # a leader's "Cần chỉ đạo": filled once the monthly history says since when each target is red
counts = st.empty()  # filled once the view is known: "Phòng của tôi" counts the department's targets
digest = st.empty()  # filled once the rows are drawn: it needs the week before too
user = session.user()
views = [ALL, ATTENTION] + ([MINE] if user and user.department else [])
view = st.segmented_control("Hiển thị", views, default=ALL, required=True, key="hien_thi") or ALL


def in_view(evaluations: list) -> list:
    """The targets this view is about: a department lead's own (owned or coordinated), or all."""
    if view == MINE:
        return [e for e in evaluations if user.department in (e.target.owner, *e.target.coordinators)]
    return evaluations


def shown(evaluations: list) -> str:
    """The rows this view shows."""
    return ui.overview_html(in_view(evaluations), plan, leads, attention_only=view == ATTENTION)


chosen = st.query_params.get("xem") if st.query_params.get("xem") in {s["css"] for s in ui.STATUS_STYLE.values()} else None
counts.markdown(ui.counts_html(in_view(evaluations), st.query_params.to_dict(), chosen), unsafe_allow_html=True)
if chosen:  # a count tapped: only its targets
    st.markdown(ui.status_html(in_view(data.evaluations(tu_ngay, den_ngay)), plan, chosen, leads), unsafe_allow_html=True)
    st.stop()
rows = st.empty()
rows.markdown(shown(evaluations), unsafe_allow_html=True)
rows.markdown(shown(data.evaluations(tu_ngay, den_ngay)), unsafe_allow_html=True)
if user and user.has("lanh_dao"):
    direct.markdown(ui.direct_html(data.evaluations(tu_ngay, den_ngay), plan, leads), unsafe_allow_html=True)
# The official 766 score after the plan's own rows: the red rows come first on a tablet's first screen.
scores, beside = data.scores_766(tu_ngay, den_ngay)
if not scores.is_empty():
    st.markdown('<div class="cchc-area">Điểm 766 chính thức (Cổng DVC quốc gia)</div>' + ui.score_766_html(scores)
                + ui.beside_766_html(beside, scores["thang"][-1], tu_ngay, den_ngay, data.commune()), unsafe_allow_html=True)
    if stake := data.stake_766(den_ngay):
        st.markdown(f'<p class="cchc-stake">{ui.plain(ui.stake_766_text(stake))}</p>', unsafe_allow_html=True)
week = data.evaluations(*week_before(tu_ngay, den_ngay), series=False)
moved = len(changes(week, evaluations, plan))
digest.page_link("dashboard/pages/ban_tin.py", icon=":material/newspaper:",
                 label=f"Bản tin tuần: {moved} chỉ tiêu đổi trạng thái trong 7 ngày" if moved else "Bản tin tuần: không có thay đổi")
