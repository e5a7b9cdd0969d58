"""The target catalogue of a plan year (plans/ke-hoach-<year>.toml, or a file named by --plan or $CCHC_PLAN), as
typed records. A measured target names its measure: the SQL in models/measures/<measure>.sql, named for what it
counts, so that a new year's plan (new ids, thresholds, deadlines) is a new TOML file and no code."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from warehouse import settings
from warehouse.sources import sources

HERE = Path(__file__).parent
PLANS = HERE / "plans"
DEFAULT_PLAN = PLANS / "ke-hoach-2025.toml"
PLAN_ENV = "CCHC_PLAN"
MEASURES = HERE / "models" / "measures"


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
    measure: str | None = None
    trend: str | None = None  # measured: 'flow' (items dated in the period) or 'stock' (a snapshot's share): its forecast
    amount: str | None = None  # a target counted in đồng: the verb of the amount a month its forecast says ('giải ngân')

    @property
    def sql_path(self) -> Path | None:
        """The SQL file listing the items a measured target counts (its measure)."""
        return MEASURES / f"{self.measure}.sql" if self.kind == "measured" else None

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
    ten_xa: str  # the name of the commune the plan is written for
    year: int
    start: date
    deadline: date
    areas: dict[str, dict]
    departments: dict[str, str]
    targets: tuple[Target, ...]
    diem_766: dict[str, dict] = field(default_factory=dict)  # 766 group → the targets (or a measure) beside it

    def target(self, target_id: str) -> Target:
        """The target with this id."""
        return next(t for t in self.targets if t.id == target_id)

    def fed_by(self, *sources: str) -> list[str]:
        """The ids of the targets these sources' rows feed, in catalogue order."""
        return [t.id for t in self.targets if set(t.sources) & set(sources)]


def plan_path(year: int | None = None, named: Path | None = None) -> Path:
    """The plan in force, decided here only: the file named (--plan), else $CCHC_PLAN when set, else the plan of
    `year` (the period's) when there is one, else the default."""
    if named:
        return Path(named)
    if settings.given(PLAN_ENV):
        return settings.path(PLAN_ENV)
    of_year = PLANS / f"ke-hoach-{year}.toml"
    return of_year if year and of_year.exists() else DEFAULT_PLAN


def load_plan(path: Path | None = None) -> Plan:
    """Read a plan's catalogue file (by default the one in force, plan_path())."""
    return _load_plan(Path(path) if path else plan_path())


@cache
def _load_plan(path: Path) -> Plan:
    """Read and check a plan's catalogue file: every measured target's measure must exist."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
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
                measure=t.get("measure"),
                trend=t.get("trend", _trend(t)),
                amount=t.get("amount"),
            )
        )
        if t["kind"] == "measured":
            _check_measure(path, f"chỉ tiêu {t['id']}", t.get("measure"))
    ids = {t.id for t in targets}
    for group, pair in raw.get("diem_766", {}).items():
        if unknown := [i for i in pair.get("targets", []) if i not in ids]:
            raise ValueError(f"{path.name}: [diem_766] {group} nêu chỉ tiêu không có trong kế hoạch: {', '.join(unknown)}.")
        if "measure" in pair:
            _check_measure(path, f"[diem_766] {group}", pair["measure"])
    return Plan(
        name=raw["plan"],
        ten_xa=raw["ten_xa"],
        year=raw["year"],
        start=raw["start"],
        deadline=raw["deadline"],
        areas=areas,
        departments=raw["departments"],
        targets=tuple(targets),
        diem_766=raw.get("diem_766", {}),
    )


def _trend(t: dict) -> str | None:
    """A measured target's trend when the plan does not say: 'stock' when all its sources are snapshots, else 'flow'."""
    if t["kind"] != "measured":
        return None
    return "stock" if all(sources()[s].kind == "snapshot" for s in t.get("sources", [])) else "flow"


def _check_measure(path: Path, who: str, measure: str | None) -> None:
    """Refuse a plan naming a measure the library does not have."""
    if not (MEASURES / f"{measure}.sql").exists():
        raise ValueError(f"{path.name}: {who} cần 'measure' là tên một tệp trong {MEASURES} "
                         f"(có: {', '.join(sorted(p.stem for p in MEASURES.glob('*.sql')))}).")


def target_ids(plan: Plan | None = None) -> set[str]:
    """Ids of the plan's targets (by default, of the plan in force)."""
    return {t.id for t in (plan or load_plan()).targets}
