"""Every setting the product reads from its environment, in one place: its name, its default and what it sets.
Read when asked, never kept, so that an operator (or a test) changing one is heard at the next use. No other module
reads the environment for a setting (tests/test_settings.py holds it so), and the README lists them all."""

from __future__ import annotations

import os
from pathlib import Path

# name: (default, what it sets). A default of None: unset unless given.
SETTINGS: dict[str, tuple[str | int | None, str]] = {
    "CCHC_WAREHOUSE": ("data/warehouse.duckdb", "the warehouse file (the command line's --warehouse wins)"),
    "CCHC_APP_STORE": (None, "the app's own store (default: beside the warehouse, data/warehouse.app.sqlite)"),
    "CCHC_COMMUNES": (None, "the city's commune registry, .csv, .xlsx or .toml (default: warehouse/communes.toml)"),
    "CCHC_PLAN": (None, "the plan catalogue in force (default: the plan of the period's year, else 2025's)"),
    "CCHC_OPEN_VIEW": (1, "0: every page but Tài khoản asks for a sign-in"),
    "CCHC_SESSION_MINUTES": (480, "a session ends after this many minutes unused"),
    "CCHC_SESSION_MAX_HOURS": (12, "a session ends after this many hours however used"),
    "CCHC_UPLOAD_MAX_MB": (100, "the largest file the Tải dữ liệu page takes"),
    "CCHC_XLSX_PART_MB": (256, "a workbook part (a sheet, the shared strings) may inflate to this many MB"),
    "CCHC_XLSX_TOTAL_MB": (1024, "all parts of a workbook together, and the file itself, in MB"),
    "CCHC_XLSX_RATIO": (200, "inflated bytes per stored byte a workbook may reach (real exports: 5–30)"),
    "CCHC_SMTP_HOST": (None, "the commune's mail server (the digest is sent only when set)"),
    "CCHC_SMTP_PORT": (None, "its port (default 25, or 587 with STARTTLS)"),
    "CCHC_SMTP_STARTTLS": (0, "1: STARTTLS with the system's certificates"),
    "CCHC_SMTP_USER": (None, "the mail account, when the server asks for a login"),
    "CCHC_SMTP_PASSWORD_FILE": (None, "a file holding its password (never on a command line)"),
    "CCHC_SMTP_FROM": (None, "the sender's address (default: the mail account, else cchc@ the machine's name)"),
    "CCHC_WEBHOOK_URL": (None, "where each commune's digest is also posted as JSON (the city's chat bridge)"),
}


def text(name: str) -> str | None:
    """A setting as given (trimmed), else its default as text, else None."""
    given = os.environ.get(_known(name), "").strip()
    default = SETTINGS[name][0]
    return given or (None if default is None else str(default))


def whole(name: str) -> int:
    """A whole-number setting: as given when it is one, else its default."""
    given = os.environ.get(_known(name), "").strip()
    return int(given) if given.isdigit() else int(SETTINGS[name][0])


def path(name: str) -> Path | None:
    """A path setting, or None when unset and without a default."""
    value = text(name)
    return Path(value) if value else None


def given(name: str) -> bool:
    """Whether the setting is given in the environment (not just defaulted)."""
    return bool(os.environ.get(_known(name), "").strip())


def _known(name: str) -> str:
    if name not in SETTINGS:
        raise KeyError(f"not a setting: {name} (warehouse/settings.py lists them)")
    return name
