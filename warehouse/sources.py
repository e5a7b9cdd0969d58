"""The source catalogue (sources.toml): every source the pipelines read, its columns, codes and labels."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from warehouse.text import fold

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Column:
    """One canonical column of a source."""

    name: str
    type: str
    required: bool = False
    deadline: bool = False
    event: bool = False
    titles: tuple[str, ...] = ()
    sync: str | None = None
    codes: str | None = None
    labels: str | None = None
    min: float | date | None = None
    max: float | None = None
    values: str | None = None
    upper: bool = False
    fallback: tuple[str, ...] = ()

    def aliases(self) -> set[str]:
        """Every folded header text that names this column."""
        names = {fold(self.name.replace("_", " ")), *map(fold, self.titles)}
        if self.sync:
            names.add(fold(self.sync))
        return names


@dataclass(frozen=True)
class Source:
    """A source of the catalogue: its kind, freshness, keys and columns."""

    name: str
    label: str
    kind: str
    group: str
    freshness: int
    key: tuple[str, ...]
    columns: dict[str, Column]
    order: str | None = None
    snapshot_columns: tuple[str, ...] = ()
    event_dates: tuple[str, ...] = ()
    updated_column: str | None = None
    project_rows: bool = False
    snapshot: str | None = None  # "month": dated by a month (title rows, file name or --month)
    alias_index: dict[str, str] = field(default_factory=dict)
    fallback_index: dict[str, str] = field(default_factory=dict)  # titles that count only when nothing else names the column

    @property
    def required(self) -> list[str]:
        """Names of the required columns."""
        return [c.name for c in self.columns.values() if c.required]


@cache
def _raw() -> dict:
    """The parsed sources.toml."""
    return tomllib.loads((HERE / "sources.toml").read_text(encoding="utf-8"))


@cache
def sources() -> dict[str, Source]:
    """All sources, by name, in catalogue order."""
    out = {}
    for name, spec in _raw()["sources"].items():
        cols = {
            cname: Column(name=cname, **{k: tuple(v) if isinstance(v, list) else v for k, v in c.items()})
            for cname, c in spec["columns"].items()
        }
        index = {alias: c.name for c in cols.values() for alias in c.aliases()}
        fallback = {fold(title): c.name for c in cols.values() for title in c.fallback}
        out[name] = Source(
            name=name,
            label=spec["label"],
            kind=spec["kind"],
            group=spec["group"],
            freshness=spec["freshness"],
            key=tuple(spec["key"]),
            columns=cols,
            order=spec.get("order"),
            snapshot_columns=tuple(spec.get("snapshot_columns", ())),
            event_dates=tuple(spec.get("event_dates", ())),
            updated_column=spec.get("updated_column"),
            project_rows=spec.get("project_rows", False),
            snapshot=spec.get("snapshot"),
            alias_index=index,
            fallback_index=fallback,
        )
    return out


@cache
def codes() -> dict[str, dict[int, str]]:
    """Code sets: name → {code: label}."""
    return {name: {int(k): v for k, v in m.items()} for name, m in _raw()["codes"].items()}


@cache
def labels() -> dict[str, list[str]]:
    """Label sets: name → canonical labels."""
    return _raw()["labels"]


@cache
def personal_titles() -> frozenset[str]:
    """Folded titles of personal-data columns, which are never stored."""
    return frozenset(fold(t) for t in _raw()["personal"]["titles"])
