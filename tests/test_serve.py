"""The server warms before it answers: `streamlit run serve.py` finds the app, and its warm-up leaves the
overview's first statuses in the cache, so that the first visitor after a restart does not wait for them."""

import logging
from pathlib import Path

import pytest
from streamlit.web.server.app_discovery import discover_asgi_app

from dashboard import data
from warehouse import evaluate as ev
from warehouse.periods import presets

ROOT = Path(__file__).resolve().parents[1]


def test_streamlit_run_finds_the_warmed_app():
    found = discover_asgi_app(ROOT / "serve.py")
    assert found.is_asgi_app and found.import_string == "serve:app"


def test_nothing_to_warm_before_the_demo_is_built(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_WAREHOUSE", str(tmp_path / "warehouse.duckdb"))
    data.warm_up()
    assert list(tmp_path.iterdir()) == []


def test_a_warehouse_that_cannot_be_read_is_left_for_the_first_visit(tmp_path, monkeypatch, caplog, empty_cache):
    """The server still starts (the router says what is wrong): the warm-up says why it did nothing, judged nothing,
    and left the file as it was."""
    (tmp_path / "warehouse.duckdb").write_text("not a DuckDB file")
    monkeypatch.setenv("CCHC_WAREHOUSE", str(tmp_path / "warehouse.duckdb"))
    judged = []
    monkeypatch.setattr(ev, "evaluate", lambda *args, **kwargs: judged.append(args))
    with caplog.at_level(logging.WARNING, logger="dashboard.data"):
        data.warm_up()
    assert [r.getMessage() for r in caplog.records if r.name == "dashboard.data"][0].startswith("warm-up skipped: ")
    assert judged == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["warehouse.duckdb"]
    assert (tmp_path / "warehouse.duckdb").read_text() == "not a DuckDB file"


@pytest.fixture
def empty_cache():
    """The statuses' cache emptied before and after (it is the process's, shared with the AppTest tests)."""
    data._evaluations.clear()
    yield
    data._evaluations.clear()


@pytest.mark.slow
def test_the_first_visit_finds_its_statuses_judged(demo_warehouse, monkeypatch, empty_cache):
    monkeypatch.setenv("CCHC_WAREHOUSE", str(demo_warehouse))
    data.warm_up()
    judged = []
    monkeypatch.setattr(ev, "evaluate", lambda *args, **kwargs: judged.append(args))
    data.evaluations(*presets(data.plan())["Đến hôm nay"], series=False)  # what the overview asks first
    assert judged == []
    data._evaluations.clear()
    data.evaluations(*presets(data.plan())["Đến hôm nay"], series=False)
    assert len(judged) == 1  # the test can tell a cache hit from a miss
