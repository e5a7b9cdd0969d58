"""The server's settings that guard visitors: no error details (types, messages, tracebacks with server paths) in
the browser."""

from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_visitors_see_no_error_details():
    # False is a deprecated alias of "stacktrace", which shows tracebacks with the server's paths
    assert CONFIG["client"]["showErrorDetails"] == "none"
