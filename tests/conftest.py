"""Test configuration: the repository root on sys.path (so `pipelines` and `warehouse` import under plain
`pytest`), the reader tests' file-writing fixtures, and the session's demo warehouse."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pytest
from reading import write_csv, write_xlsx  # noqa: F401 - fixtures shared by the reader tests


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory) -> Path:
    """The demo warehouse (pipelines.demo.build_demo), built once per test session into a temporary folder.

    Tests point the dashboard at it with `monkeypatch.setenv("CCHC_WAREHOUSE", str(demo_warehouse))`.
    It is shared: treat it as read-only.
    """
    from pipelines.demo import build_demo

    folder = tmp_path_factory.mktemp("demo_warehouse")
    warehouse = folder / "warehouse.duckdb"
    report = build_demo(folder / "demo", warehouse)
    assert report.clean, [o for o in report.outcomes if o.status == "rejected" or o.rows_rejected]
    return warehouse


@pytest.fixture
def demo_copy(demo_warehouse, tmp_path) -> Path:
    """A copy of the demo warehouse and its app store (accounts), for a test that writes (check-ins, uploads)."""
    from helpers import copy_warehouse

    return copy_warehouse(demo_warehouse, tmp_path)


@pytest.fixture(scope="module")
def server(demo_warehouse, tmp_path_factory):
    """The dashboard on the demo warehouse, served by `streamlit run serve.py` for a browser module (read only)."""
    from live_server import dashboard

    with dashboard(demo_warehouse, log=tmp_path_factory.mktemp("streamlit") / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium under Playwright, for the session's browser tests (skipped without Chromium, but
    under CI=true, where that fails)."""
    from live_server import launch_chromium, require_chromium
    from playwright.sync_api import sync_playwright

    require_chromium()

    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


@pytest.fixture(autouse=True, scope="session")
def quick_password_hashing():
    """Argon2id with small costs in tests (the same algorithm and checks; the product keeps the library's defaults)."""
    from argon2 import PasswordHasher

    from warehouse.app import accounts

    kept = accounts.HASHER
    accounts.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    accounts.HASHER = kept
