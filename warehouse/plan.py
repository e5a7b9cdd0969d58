"""The target catalogue of a plan year (plans/ke-hoach-<year>.toml), as typed records."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent
DEFAULT_PLAN = HERE / "plans" / "ke-hoach-2025.toml"
TARGET_SQL = HERE / "models" / "targets"


@dataclass(frozen=True)
class Target:
    """One target of the plan."""

    id: str
    area: str
    area_name: str
    text: str
    kind: str
    unit: str
    owner: str
    threshold: float | None
    deadline: date
    milestones: tuple[tuple[date, float], ...]
    sources: tuple[str, ...]
    coordinators: tuple[str, ...]
    definition: str

    @property
    def sql_path(self) -> Path | None:
        """The SQL file listing the items a measured target counts."""
        return TARGET_SQL / f"{self.id}.sql" if self.kind == "measured" else None

    def threshold_at(self, day: date) -> float | None:
        """The threshold judged at `day`: the latest milestone on or before it, else the final one."""
        passed = [value for when, value in self.milestones if when <= day]
        if passed:
            return passed[-1]
        return self.milestones[0][1] if self.milestones else self.threshold


@dataclass(frozen=True)
class Plan:
    """A plan year: its targets in order, areas, departments and dates."""

    name: str
    commune: str
    year: int
    start: date
    deadline: date
    areas: dict[str, dict]
    departments: dict[str, str]
    targets: tuple[Target, ...]

    def target(self, target_id: str) -> Target:
        """The target with this id."""
        return next(t for t in self.targets if t.id == target_id)


@cache
def load_plan(path: Path = DEFAULT_PLAN) -> Plan:
    """Read a plan's catalogue file."""
    raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    areas = {a["code"]: a for a in raw["areas"]}
    targets = []
    for t in raw["targets"]:
        area = areas[t["id"].split("-")[0]]
        targets.append(
            Target(
                id=t["id"],
                area=area["code"],
                area_name=area["name"],
                text=t["text"],
                kind=t["kind"],
                unit=t["unit"],
                owner=t.get("owner", area["owner"]),
                threshold=t.get("threshold"),
                deadline=t.get("deadline", raw["deadline"]),
                milestones=tuple((d, float(v)) for d, v in t.get("milestones", [])),
                sources=tuple(t.get("sources", ["xac_nhan"])),
                coordinators=tuple(t.get("coordinators", [])),
                definition=t["definition"],
            )
        )
    return Plan(
        name=raw["plan"],
        commune=raw["commune"],
        year=raw["year"],
        start=raw["start"],
        deadline=raw["deadline"],
        areas=areas,
        departments=raw["departments"],
        targets=tuple(targets),
    )


def target_ids() -> set[str]:
    """Ids of the default plan's targets."""
    return {t.id for t in load_plan().targets}
