"""The dashboard as people meet it: `streamlit run` in a subprocess, and a headless Chromium to drive it.

Used by tests/test_browser.py and bench/dashboard_timing.py.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium")  # Debian's
# Debian's Chromium, headless, quiet. Playwright's launch() gives it a fresh temporary profile
# (--user-data-dir) of its own and removes it on close.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dashboard(warehouse: Path, timeout: float = 60.0, log: Path | None = None):
    """`streamlit run serve.py` (as the README runs the app) on a free port against `warehouse`; yields the base URL; always stops it."""
    port = free_port()
    env = os.environ | {"CCHC_WAREHOUSE": str(warehouse)}
    out = open(log, "wb") if log else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}" + (f"; see {log}" if log else ""))
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"streamlit did not answer on {url} within {timeout:.0f} s")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        if log:
            out.close()


def require_chromium() -> None:
    """Skip a browser module where Chromium is missing, except in CI (CI=true), where that is a failure."""
    import pytest

    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is not installed: CI must install Debian's chromium", pytrace=False)
        pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)  # a module's level, or a fixture's


SIZES = [(1024, 768), (768, 1024)]  # a tablet, landscape and portrait


@contextmanager
def tablet_page(browser, size: tuple[int, int], timeout_ms: int = 60_000):
    """A page in a fresh browser context of this viewport, with touch (a tablet); closed on leaving."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    try:
        yield page
    finally:
        context.close()


def launch_chromium(playwright):
    """Headless Debian Chromium under Playwright (Playwright's own browser download does not work here)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


# JavaScript conditions, for page.wait_for_function.
ALL_ROWS = "n => new Set([...document.querySelectorAll('a.cchc-row[data-target]')].map(a => a.dataset.target)).size >= n"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'  # the script run has finished
STYLED = "() => [...document.querySelectorAll('style')].some(s => s.textContent.includes('.cchc-'))"  # the app's own style is in


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until the app's script run has finished (no more elements on their way) and its own style is in the page:
    that comes through Streamlit's markdown renderer, which can draw it 0.1-0.2 s after the elements it sizes."""
    page.wait_for_selector(IDLE, state="attached", timeout=timeout)
    page.wait_for_function(STYLED, timeout=timeout)


def wait_for_session_cookie(page, timeout: float = 30.0) -> None:
    """Wait until the browser holds the session cookie (HttpOnly: set by the server, unseen by the page's scripts)."""
    deadline = time.monotonic() + timeout
    while not any(c["name"] == "cchc_phien" and c["value"] for c in page.context.cookies()):
        if time.monotonic() > deadline:
            raise TimeoutError("the session cookie was never set")
        page.wait_for_timeout(50)
