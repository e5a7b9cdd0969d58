"""What the pages read: cached queries over short-lived read-only connections to the published warehouse.

Pages call the public functions, which add the commune shown and `version()` (the warehouse file's modification
time and the newest check-in) to the key of a cached function (`_name(stamp, …)`), so that a load publishing
a new file or a check-in is seen on the next rerun, and a rerun on the same data is answered from the cache.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import polars as pl
import streamlit as st

from warehouse import evaluate as ev
from warehouse import scores, settings, withdrawal
from warehouse.app import accounts, checkins
from warehouse.app.store import StoreError, store_path
from warehouse.city import area_counts, city_evaluations, city_summary, communes_in, statuses
from warehouse.communes import commune_name, default_commune  # noqa: F401 - commune_name: the pages' too
from warehouse.db import connect_readonly, is_demo, model_sql, run_model, warehouse_path
from warehouse.forecast import add_forecasts
from warehouse.periods import OPENING, presets
from warehouse.plan import Plan, load_plan
from warehouse.submission import submission_csv, submission_xlsx


def plan() -> Plan:
    """The plan the dashboard shows."""
    return load_plan()


XA = "cchc_xa"  # the commune chosen in this session (controls.commune_from_url keeps it)


def commune() -> str:
    """The commune the dashboard shows: the one chosen in this session, else the configured one."""
    return st.session_state.get(XA) or default_commune()


def communes() -> list[str]:
    """The communes the published warehouse holds rows of."""
    return _communes(version()[0])


@st.cache_data(show_spinner=False, max_entries=4)
def _communes(mtime: int) -> list[str]:
    """The communes of the warehouse file of this modification time."""
    with connect_readonly(path()) as con:
        return communes_in(con)


def city(tu_ngay: date, den_ngay: date) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Every commune for the period: (ranking, counts per area, every target's status)."""
    return _city(version(), tu_ngay, den_ngay)


@st.cache_data(show_spinner="Đang đánh giá các xã…", max_entries=8)
def _city(stamp: tuple, tu_ngay: date, den_ngay: date) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The city's ranking, counts per area and statuses for the period."""
    with connect_readonly(path()) as con:
        by_commune = city_evaluations(con, plan(), tu_ngay, den_ngay, _checkins(stamp))
        official = scores.city_scores(con)
    every = statuses(by_commune)
    return city_summary(by_commune, official), area_counts(every, plan()), every


def path() -> Path:
    """The published warehouse file."""
    return warehouse_path()


def named() -> bool:
    """True when the user named the warehouse ($CCHC_WAREHOUSE): then no demo is ever built there."""
    return settings.given("CCHC_WAREHOUSE")


@st.cache_data(show_spinner=False, max_entries=4)
def _demo(stamp: tuple) -> bool:
    """True when the published warehouse holds the demo data."""
    with connect_readonly(path()) as con:
        return is_demo(con)


def version() -> tuple[int, int]:
    """The published file's modification time and the newest check-in: changes when a load publishes or
    someone checks in; -1 for the check-ins while the app's store cannot be read (the figures are judged without them,
    and judged again with them once it can)."""
    try:
        newest = checkins.version(store_path(path()))
    except StoreError:
        newest = -1
    return path().stat().st_mtime_ns, newest


def _checkins(stamp: tuple) -> pl.DataFrame | None:
    """The check-ins merged with the register, for a cached function of this stamp: none (None) when the stamp says the
    app's store could not be read (the page says so)."""
    return None if stamp[1] < 0 else checkins.history(store_path(path()))


@st.cache_data(show_spinner=False, max_entries=64)
def _evaluations(stamp: tuple, tu_ngay: date, den_ngay: date, ma_xa: str, series: bool = True) -> list[ev.Evaluation]:
    """Every target for the period, with monthly series."""
    if not series:
        with connect_readonly(path()) as con:
            return ev.evaluate(con, plan(), tu_ngay, den_ngay, ma_xa, checkins=_checkins(stamp))
    # The statuses are usually cached already (the overview draws them first): add only the series, as
    # evaluate(with_series=True) does after judging. The cache hands out a copy, so adding to it is safe.
    judged = _evaluations(stamp, tu_ngay, den_ngay, ma_xa, series=False)
    with connect_readonly(path()) as con:
        ev.add_series(con, plan(), {ma_xa: judged}, tu_ngay, den_ngay, ma_xa, _checkins(stamp))
        add_forecasts(con, plan(), judged, ma_xa)  # from the series just drawn when it starts on the year's first day
    return judged


@st.cache_data(show_spinner=False, max_entries=256)
def _records(stamp: tuple, target_id: str, tu_ngay: date, den_ngay: date, ma_xa: str, against_only: bool = True) -> pl.DataFrame:
    """The items behind a measured target."""
    with connect_readonly(path()) as con:
        return ev.records(con, plan().target(target_id), tu_ngay, den_ngay, ma_xa, against_only)


@st.cache_data(show_spinner=False, max_entries=16)
def _scores_766(stamp: tuple, ma_xa: str, tu_ngay: date, den_ngay: date) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """The commune's monthly 766 scores up to den_ngay, and its latest month's groups beside the plan's figures."""
    with connect_readonly(path()) as con:
        history = scores.commune_history(con, ma_xa, den_ngay)
        if history.is_empty():
            return history, None
        judged = _evaluations(stamp, tu_ngay, den_ngay, ma_xa, series=False)
        return history, scores.beside_plan(con, plan(), history.row(-1, named=True), judged, tu_ngay, den_ngay, ma_xa)


@st.cache_data(show_spinner=False, max_entries=16)
def _stake_766(stamp: tuple, ma_xa: str, den_ngay: date) -> dict | None:
    """The 766 points at stake in the commune's latest month up to den_ngay (scores.at_stake)."""
    with connect_readonly(path()) as con:
        history = scores.commune_history(con, ma_xa, den_ngay)
        return None if history.is_empty() else scores.at_stake(con, plan(), ma_xa, history["thang"][-1])


@st.cache_data(show_spinner=False, max_entries=16)
def _source_overview(stamp: tuple, ma_xa: str, den_ngay: date) -> pl.DataFrame:
    """Per source: whether it can be trusted at den_ngay, the last file, its date, rows and failed checks."""
    with connect_readonly(path()) as con:
        return run_model(con, model_sql("source_overview"),
                         {"ma_xa": ma_xa, "den_ngay": den_ngay}).pl()


@st.cache_data(show_spinner=False, max_entries=16)
def _rejected_rows(stamp: tuple, limit: int = 2000) -> pl.DataFrame:
    """The latest rejected rows, newest file first."""
    with connect_readonly(path()) as con:
        return run_model(con, model_sql("rejected_rows"), {"n": limit}).pl()


@st.cache_data(show_spinner=False, max_entries=16)
def _unrecognised_files(stamp: tuple) -> pl.DataFrame:
    """Files refused whole before their source was known (unreadable, matching no source), newest first."""
    with connect_readonly(path()) as con:
        return run_model(con, model_sql("unrecognised_files"), {}).pl()


@st.cache_data(show_spinner=False, max_entries=16)
def _rejects_of(stamp: tuple, file_ids: tuple[int, ...]) -> pl.DataFrame:
    """The rejected rows (or whole sheets) of these ledger lines, in file and row order, titled for people."""
    with connect_readonly(path()) as con:
        return run_model(con, model_sql("file_rejects"), {"ids": list(file_ids)}).pl()


@st.cache_data(show_spinner=False, max_entries=16)
def _files_of(stamp: tuple, sources: tuple[str, ...], ma_xa: str) -> pl.DataFrame:
    """The files loaded for these sources with rows of this commune (or, refused, loaded for it), newest first."""
    with connect_readonly(path()) as con:
        return run_model(con, model_sql("commune_files"), {"sources": list(sources), "xa": ma_xa}).pl()


@st.cache_data(show_spinner=False, max_entries=4)
def _loaded_files(stamp: tuple) -> pl.DataFrame:
    """The files whose rows are in the figures now, newest first."""
    with connect_readonly(path()) as con:
        return withdrawal.loaded_files(con)


@st.cache_data(show_spinner=False, max_entries=32)
def _submission(stamp: tuple, tu_ngay: date, den_ngay: date, ma_xa: str, leads_: dict) -> tuple[bytes, bytes]:
    """The city submission for the period as (CSV bytes, XLSX bytes): the command line's very bytes."""
    evaluations_ = _evaluations(stamp, tu_ngay, den_ngay, ma_xa)
    return submission_csv(plan(), evaluations_), submission_xlsx(plan(), evaluations_, leads=leads_)


@st.cache_data(show_spinner="Đang tạo ảnh…", max_entries=16)
def _picture(stamp: tuple, tu_ngay: date, den_ngay: date, ma_xa: str, leads_: dict) -> bytes:
    """The overview picture (PNG) for the period."""
    from warehouse.picture import overview_png

    return overview_png(_evaluations(stamp, tu_ngay, den_ngay, ma_xa), plan(), demo=_demo(stamp), leads=leads_)


def demo() -> bool:
    """True when the published warehouse holds the demo data."""
    return _demo(version())


def warm_up() -> None:
    """At server start, before anyone visits: the overview's first draw (the configured commune, year to date)
    judged into the cache, so that the first visit after a restart waits no longer than the next. Nothing to
    warm before the demo is built or while the warehouse awaits its upgrade (the router's first run does both),
    and a warehouse that cannot be read is left for the first visit to say so, in the app's words."""
    if not path().exists():
        return
    try:
        _evaluations(version(), *presets(plan())[OPENING], default_commune(), False)
    except Exception as exc:  # only a head start: whatever is wrong, the first visit shows it
        logging.getLogger(__name__).warning("warm-up skipped: %s", exc)


def evaluations(tu_ngay: date, den_ngay: date, series: bool = True) -> list[ev.Evaluation]:
    """Every target of the commune shown for the period: statuses, and with `series` the monthly values and
    the status history too."""
    return _evaluations(version(), tu_ngay, den_ngay, commune(), series)


def leads() -> dict:
    """The persons behind the departments in the commune shown (accounts.leads); none while the app's store cannot
    be read (the page's head says so)."""
    try:
        return accounts.leads(store_path(path()), [commune()])
    except StoreError:
        return {}


def records(target_id: str, tu_ngay: date, den_ngay: date, against_only: bool = True) -> pl.DataFrame:
    """The items behind a measured target of the commune shown (by default only those counting against it)."""
    return _records(version(), target_id, tu_ngay, den_ngay, commune(), against_only)


def scores_766(tu_ngay: date, den_ngay: date) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """The commune shown: its monthly 766 scores up to den_ngay (oldest first; empty when none are loaded) and its
    latest month's six groups beside the plan's own figures for the period."""
    return _scores_766(version(), commune(), tu_ngay, den_ngay)


def stake_766(den_ngay: date) -> dict | None:
    """The commune shown: the points at stake in its latest 766 month up to den_ngay (None without a score)."""
    return _stake_766(version(), commune(), den_ngay)


def source_overview(den_ngay: date) -> pl.DataFrame:
    """Per source of the commune shown: whether it can be trusted at den_ngay, its last file and checks."""
    return _source_overview(version(), commune(), den_ngay)


def rejected_rows() -> pl.DataFrame:
    """The latest rejected rows, newest file first."""
    return _rejected_rows(version())


def unrecognised_files() -> pl.DataFrame:
    """Files refused whole before their source was known, newest first."""
    return _unrecognised_files(version())


def rejects_of(file_ids: tuple[int, ...]) -> pl.DataFrame:
    """The rejected rows (or whole sheets) of these ledger lines (a load's own), titled for people."""
    return _rejects_of(version(), file_ids)


def files_of(sources: tuple[str, ...]) -> pl.DataFrame:
    """The files loaded for these sources that hold the commune shown, newest first."""
    return _files_of(version(), sources, commune())


def loaded_files() -> pl.DataFrame:
    """The files whose rows are in the figures now (a withdrawal names one), newest first."""
    return _loaded_files(version())


def submission(tu_ngay: date, den_ngay: date) -> tuple[bytes, bytes]:
    """The city submission of the commune shown as (CSV bytes, XLSX bytes)."""
    return _submission(version(), tu_ngay, den_ngay, commune(), leads())


def picture(tu_ngay: date, den_ngay: date) -> bytes:
    """The overview picture (PNG) of the commune shown."""
    return _picture(version(), tu_ngay, den_ngay, commune(), leads())
