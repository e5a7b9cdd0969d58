"""The commune map (communes.toml): the configured commune and the communes each one was formed from."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent


@cache
def communes() -> dict:
    """The commune map: default code and each commune with its predecessors."""
    return tomllib.loads((HERE / "communes.toml").read_text(encoding="utf-8"))


def default_commune() -> str:
    """The configured commune code."""
    return communes()["default"]


def commune_map() -> list[tuple[str, str, str]]:
    """(code in files, current commune code, current commune name) for every known code."""
    rows = []
    for code, c in communes()["communes"].items():
        rows.append((code, code, c["name"]))
        rows += [(p, code, c["name"]) for p in c.get("predecessors", [])]
    return rows
