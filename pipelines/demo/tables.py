"""The demo's tables, kept as data files in tables/: CSV (UTF-8, a header row) for row tables, TOML for mappings."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

FOLDER = Path(__file__).parent / "tables"


def table(name: str) -> list[list[str]]:
    """The rows of tables/<name>.csv as text, the header row left out."""
    with open(FOLDER / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.reader(f))[1:]


def mapping(name: str) -> dict:
    """tables/<name>.toml, its keys in the file's order."""
    with open(FOLDER / f"{name}.toml", "rb") as f:
        return tomllib.load(f)
