"""Evaluate the plan's targets for a period: value, numerator, denominator, status and why."""

from __future__ import annotations

import calendar
import itertools
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import duckdb
import polars as pl

from warehouse.data_health import Health, not_loaded, source_health
from warehouse.db import fetch_rows, run_model
from warehouse.display import vn_number
from warehouse.plan import Plan, Target
from warehouse.text import fold

if TYPE_CHECKING:
    from warehouse.forecast import Forecast

MET, MISSED, NO_DATA = "Đạt", "Chưa đạt", "Chưa có dữ liệu"
STATUSES = (MET, MISSED, NO_DATA)
# Each status's shape and colour (targets.md, Status words): on screen, in the picture and the e-mail alike.
STATUS_STYLE = {
    MET: {"icon": "✔", "css": "dat", "colour": "#1b7f3b"},
    MISSED: {"icon": "✖", "css": "chua-dat", "colour": "#c62828"},
    NO_DATA: {"icon": "?", "css": "khong-du-lieu", "colour": "#616161"},
}
NOTHING_AROSE = "Không phát sinh"
SERIES_THREADS = 4
MART_CALL = re.compile(r"\bmart_\w+\([^()]*\)")
# When an item of a measure counts against its target: the one place it is said (SQL over a measure's rows, also
# read by Polars in items_against). Every measure gives such an item its reason (ly_do), and no other item one.
AGAINST = "tu_so < mau_so"


@dataclass
class Evaluation:
    """The outcome of one target for one commune and period."""

    target: Target
    ma_xa: str
    tu_ngay: date
    den_ngay: date
    judged_at: date
    status: str
    value: float | None = None
    tu_so: float | None = None
    mau_so: float | None = None
    threshold: float | None = None
    reason: str | None = None
    warnings: list[str] = field(default_factory=list)
    ngay_so_lieu: date | None = None
    current_value: float | None = None
    evidence: dict | None = None
    series: list[tuple[date, float | None]] = field(default_factory=list)
    history: list[tuple[date, str]] = field(default_factory=list)  # the status at each month's end, then the judged date
    note: dict | None = None  # the latest check-in note: ghi_chu, ten_nguoi_ghi, ngay_xac_nhan, han
    plan: dict | None = None  # the latest corrective plan: the check-in's row (checkins.PLAN and who, when)
    counts: dict[date, tuple[float, float] | None] = field(default_factory=dict)  # the series' numerator, denominator
    forecast: Forecast | None = None  # once warehouse.forecast.add_forecasts has run
    forecast_note: str | None = None  # why there is no forecast

    @property
    def at_risk(self) -> bool:
        """Met today, and forecast to miss its threshold at the horizon (once add_forecasts has run)."""
        return bool(self.forecast and self.forecast.at_risk)

    @property
    def status_from(self) -> date | None:
        """The first date of the history's last run of today's status (None without a history)."""
        run = [d for d, _ in itertools.takewhile(lambda p: p[1] == self.status, reversed(self.history))]
        return run[-1] if run else None

    @property
    def since(self) -> date | None:
        """status_from, when the status changed during the period."""
        changed = any(s != self.status for _, s in self.history)
        return self.status_from if changed else None


NOW = "_now"  # measure(): the tag of a target's second answer in one query


def default_as_of(plan: Plan, today: date | None = None) -> date:
    """Today, or the plan year's last day when today is later."""
    return min(today or date.today(), plan.deadline)


def evaluate(con: duckdb.DuckDBPyConnection, plan: Plan, tu_ngay: date, den_ngay: date, ma_xa: str,
             with_series: bool = False, checkins: pl.DataFrame | None = None,
             counts_at: tuple[date, ...] = ()) -> list[Evaluation]:
    """Every target of the plan for one commune, in catalogue order; a measured target not met says why."""
    evaluations = evaluate_communes(con, plan, tu_ngay, den_ngay, [ma_xa], with_series, checkins, counts_at)[ma_xa]
    explain_misses(con, evaluations)
    return evaluations


def explain_misses(con: duckdb.DuckDBPyConnection, evaluations: list[Evaluation], reasons: int = 2) -> None:
    """Give each measured target not met, and not yet explained, its why: how many items count against it
    and their commonest reasons ('43 mục chưa đạt: Chỉ ghi sổ giấy, không có trên hệ thống (43)'); one query
    per date judged at (the targets judged at the same date together)."""
    todo: dict[tuple, list[Evaluation]] = {}
    for e in evaluations:
        if e.status == MISSED and e.target.kind == "measured" and e.reason in (None, _passed_deadline(e)):
            todo.setdefault((min(e.tu_ngay, e.judged_at), e.judged_at, e.ma_xa), []).append(e)
    for (tu_ngay, at, xa), missed in todo.items():
        parts = [f"SELECT '{e.target.id}' AS id, ly_do, count(*) AS n FROM ({_model_sql(e.target)}) WHERE {AGAINST} GROUP BY ly_do"
                 for e in missed]
        sql = hoist_marts("\nUNION ALL\n".join(parts))
        counts = pl.DataFrame(fetch_rows(con, sql, {"tu_ngay": tu_ngay, "den_ngay": at, "ma_xa": xa}),
                              schema={"id": pl.String, "ly_do": pl.String, "n": pl.Int64}, orient="row")
        for e in missed:
            mine = counts.filter(pl.col("id") == e.target.id)
            if mine.is_empty():
                continue
            common = mine.sort(["n", "ly_do"], descending=[True, False], nulls_last=False).head(reasons)
            said = "; ".join(f"{why} ({vn_number(n)})" for why, n in common.select("ly_do", "n").iter_rows() if why)
            e.reason = " ".join(x for x in (_passed_deadline(e), f"{vn_number(mine['n'].sum())} mục chưa đạt"
                                            + (f": {said}" if said else "") + ".") if x)


def evaluate_communes(con: duckdb.DuckDBPyConnection, plan: Plan, tu_ngay: date, den_ngay: date,
                      communes: list[str] | None = None, with_series: bool = False,
                      checkins: pl.DataFrame | None = None, counts_at: tuple[date, ...] = ()) -> dict[str, list[Evaluation]]:
    """Every target for each commune (all communes with data when None), computed in few queries.

    `checkins`: the dashboard's check-ins (warehouse.app.checkins.history), merged with the register; `counts_at`:
    month ends whose numerators and denominators (from tu_ngay) are wanted too (Evaluation.counts, for the forecast),
    measured side by side with the statuses."""
    xa = communes[0] if communes and len(communes) == 1 else None
    by_date: dict[date, list[Target]] = {}
    for t in plan.targets:
        by_date.setdefault(min(den_ngay, t.deadline), []).append(t)
    late = [t for t in plan.targets if t.kind == "measured" and t.deadline < den_ngay]  # judged at a past deadline
    numbers, now, attested, health = {}, {}, {}, {}
    jobs = [(targets, min(tu_ngay, at), at, late if at == den_ngay else []) for at, targets in by_date.items()]
    # the late targets' value at den_ngay comes in the same query as the others' (one mart scan)
    extra = [([t for t in plan.targets if t.kind == "measured" and end <= t.deadline], tu_ngay, end, []) for end in counts_at]
    results = _side_by_side(con, jobs + extra, xa, checkins, counts_only=len(extra))
    counted = [(targets, end, found) for (targets, _, end, _), (found, _, _) in zip(extra, results[len(jobs):])]
    for (targets, _, at, _), (found, attested_then, health[at]) in zip(jobs, results):
        numbers |= {k: v for k, v in found.items() if k[1] != NOW}
        now |= {(k[0], k[2]): v for k, v in found.items() if k[1] == NOW}
        attested |= {(k[0], k[1]): v for k, v in attested_then.items() if k[1] in {t.id for t in targets}}
    names = communes or sorted({k[0] for k in numbers} | {k[0] for h in health.values() for k in h})
    notes, plans = latest_checkins(checkins, den_ngay, "ghi_chu"), latest_checkins(checkins, den_ngay, "giai_phap")
    out = {}
    for commune in names:
        out[commune] = [
            judge(t, commune, tu_ngay, den_ngay, min(den_ngay, t.deadline), numbers.get((commune, t.id)),
                  attested.get((commune, t.id)), health[min(den_ngay, t.deadline)])
            for t in plan.targets
        ]
        for e in out[commune]:
            e.note, e.plan = notes.get((commune, e.target.id)), plans.get((commune, e.target.id))
            e.counts |= {end: found.get((commune, e.target.id)) for targets, end, found in counted if e.target in targets}
    _add_current_values(con, late, out, tu_ngay, den_ngay, xa, now if den_ngay in by_date else None)
    if with_series:
        add_series(con, plan, out, tu_ngay, den_ngay, xa, checkins)
    return out


def measure(con: duckdb.DuckDBPyConnection, targets: list[Target], tu_ngay: date, den_ngay: date,
            xa: str | None, now: list[Target] = ()) -> dict[tuple, tuple[float, float]]:
    """(commune, target id) → (numerator, denominator), all targets in one query; the targets of `now` too, under
    (commune, NOW, target id) (targets judged at another date, whose value at den_ngay is also wanted)."""
    asked = [(t, f"'{t.id}', NULL") for t in targets] + [(t, f"'{NOW}', '{t.id}'") for t in now]
    if not asked:
        return {}
    parts = [f"SELECT {key}, ma_xa, sum(tu_so)::DOUBLE AS tu_so, sum(mau_so)::DOUBLE AS mau_so "
             f"FROM ({_model_sql(t)}) GROUP BY ma_xa" for t, key in asked]
    params = {"tu_ngay": tu_ngay, "den_ngay": den_ngay, "ma_xa": xa}
    rows = fetch_rows(con, hoist_marts("\nUNION ALL\n".join(parts)), params)
    return {(r[2], r[0]) if r[1] is None else (r[2], r[0], r[1]): (r[3], r[4]) for r in rows}


def hoist_marts(sql: str) -> str:
    """Compute each period mart the query calls (mart_ho_so($tu_ngay, …) …) once, as a materialised CTE."""
    calls = sorted(set(MART_CALL.findall(sql)))
    if not calls:
        return sql
    names = {call: f"_mart{i}" for i, call in enumerate(calls)}
    body = MART_CALL.sub(lambda m: names[m.group(0)], sql)
    ctes = ", ".join(f"{name} AS MATERIALIZED (SELECT * FROM {call})" for call, name in names.items())
    return f"WITH {ctes}\n{body}"


def _model_sql(target: Target) -> str:
    """A target's SQL without its comments and final semicolon, ready to nest."""
    text = re.sub(r"--[^\n]*", "", target.sql_path.read_text(encoding="utf-8"))
    return text.strip().rstrip(";")


def attestations(con: duckdb.DuckDBPyConnection, den_ngay: date, xa: str | None,
                 checkins: pl.DataFrame | None = None) -> dict[tuple[str, str], dict]:
    """(commune, target id) → the latest attestation on or before den_ngay, of the register and the check-ins
    together: the latest by date, on the same date the one recorded later."""
    frame = run_model(con, "SELECT * FROM xac_nhan_lich_su($den_ngay, $ma_xa)", {"den_ngay": den_ngay, "ma_xa": xa}).pl()
    if checkins is not None:
        mine = checkins.filter(pl.col("ket_qua").is_not_null(), pl.col("ngay_xac_nhan") <= den_ngay,
                               pl.lit(True) if xa is None else pl.col("ma_xa") == xa)
        mine = mine.select("ma_xa", "ma_chi_tieu", "ket_qua", "ngay_xac_nhan", "so_van_ban_minh_chung",
                           pl.col("ten_nguoi_ghi").alias("nguoi_xac_nhan"), "ghi_chu", "ghi_luc",
                           pl.lit(None, pl.String).alias("nap_boi"), pl.col("id").alias("thu_tu"))  # recorded, not loaded
        frame = pl.concat([frame, mine.select(frame.columns)], how="vertical_relaxed")  # by name, in the model's order
    latest = frame.sort("ngay_xac_nhan", "ghi_luc", "thu_tu").group_by("ma_xa", "ma_chi_tieu").last()
    return {(r["ma_xa"], r["ma_chi_tieu"]): r for r in latest.iter_rows(named=True)}


def latest_checkins(checkins: pl.DataFrame | None, den_ngay: date, having: str) -> dict[tuple[str, str], dict]:
    """(commune, target id) → the latest check-in dated on or before den_ngay that has `having` (ghi_chu: a note;
    giai_phap: a corrective plan): the latest by date, on the same date the one recorded later."""
    if checkins is None:
        return {}
    latest = (checkins.filter(pl.col(having).is_not_null(), pl.col("ngay_xac_nhan") <= den_ngay)
              .sort("ngay_xac_nhan", "ghi_luc").group_by("ma_xa", "ma_chi_tieu").last())
    return {(r["ma_xa"], r["ma_chi_tieu"]): r for r in latest.iter_rows(named=True)}


def judge(t: Target, ma_xa: str, tu_ngay: date, den_ngay: date, at: date, numbers: tuple[float, float] | None,
          attestation: dict | None, health: dict[tuple[str, str], Health]) -> Evaluation:
    """Status of one target from its numbers or attestation and the health of its sources."""
    e = Evaluation(target=t, ma_xa=ma_xa, tu_ngay=tu_ngay, den_ngay=den_ngay, judged_at=at, status=NO_DATA,
                   threshold=t.threshold_at(at))
    states = [health.get((ma_xa, s)) or not_loaded(s) for s in t.sources]
    e.warnings = [h.warning for h in states if h.warning]
    snapshots = [h.snapshot for h in states if h.snapshot]
    e.ngay_so_lieu = max(snapshots) if snapshots else None
    if t.kind == "attested":
        return _judge_attested(e, attestation)
    if numbers:
        e.tu_so, e.mau_so = numbers
        e.value = 100.0 * e.tu_so / e.mau_so if e.mau_so else None
    problems = [h.problem for h in states if h.problem]
    if problems:
        e.reason = " ".join(problems)
    elif not e.mau_so:
        if t.milestones:
            e.reason = "Không có số liệu gốc để tính lộ trình."
        else:
            e.status, e.reason = MET, NOTHING_AROSE
    else:
        e.status = MET if e.tu_so * 100 >= e.threshold * e.mau_so else MISSED
    if at < den_ngay and e.status != MET:
        e.reason = f"{_deadline_note(t)} {e.reason or ''}".rstrip()
    return e


def _passed_deadline(e: Evaluation) -> str | None:
    """The deadline note of a target judged at a deadline that has passed, else None."""
    return _deadline_note(e.target) if e.judged_at < e.den_ngay else None


def _deadline_note(t: Target) -> str:
    """What a status judged at a deadline that has passed says first."""
    return f"Hết hạn {t.deadline:%d/%m/%Y}: đánh giá tại hạn."


def _judge_attested(e: Evaluation, attestation: dict | None) -> Evaluation:
    """Status of an attested target from its latest attestation."""
    if attestation is None:
        e.reason, e.ngay_so_lieu = f"Chưa có xác nhận đến ngày {e.judged_at:%d/%m/%Y}.", None
        return e
    e.ngay_so_lieu = attestation["ngay_xac_nhan"]
    e.evidence = {k: attestation[k] for k in ("ket_qua", "ngay_xac_nhan", "so_van_ban_minh_chung", "nguoi_xac_nhan", "ghi_chu",
                                              "nap_boi")}
    word = fold(attestation["ket_qua"])
    number = _number(attestation["ket_qua"])
    if e.target.unit == "done" and word in ("da hoan thanh", "hoan thanh"):
        e.status, e.value = MET, 1.0
    elif e.target.unit == "done" and word in ("chua hoan thanh", "khong hoan thanh"):
        e.status, e.value = MISSED, 0.0
        e.reason = f"Xác nhận ngày {attestation['ngay_xac_nhan']:%d/%m/%Y}: chưa hoàn thành" + (
            f" ({attestation['ghi_chu']})" if attestation["ghi_chu"] else "") + "."
    elif e.target.unit == "count" and number is not None:
        e.value = number
        e.status = MET if number >= e.threshold else MISSED
    else:
        e.reason = f"Kết quả xác nhận không hợp lệ: '{attestation['ket_qua']}'."
    return e


def _number(text: str) -> float | None:
    """A count written in an attestation (`2`, `2,0`), or None."""
    try:
        return float(str(text).strip().replace(",", "."))
    except ValueError:
        return None


def month_ends(start: date, end: date) -> list[date]:
    """The last day of each month from start's month to end's, the last one cut at end."""
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(min(date(y, m, calendar.monthrange(y, m)[1]), end))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _add_current_values(con, late: list[Target], out: dict[str, list[Evaluation]], tu_ngay: date, den_ngay: date, xa,
                        now: dict | None = None) -> None:
    """For targets judged at a past deadline, the value as it stands at den_ngay too (`now`, when measured already)."""
    now = now if now is not None else {(k[0], k[2]): v for k, v in measure(con, [], tu_ngay, den_ngay, xa, now=late).items()}
    for evaluations in out.values():
        for e in evaluations:
            tu_mau = now.get((e.ma_xa, e.target.id))
            if tu_mau and tu_mau[1]:
                e.current_value = 100.0 * tu_mau[0] / tu_mau[1]


def _side_by_side(con: duckdb.DuckDBPyConnection, jobs: list[tuple[list[Target], date, date, list[Target]]], xa: str | None,
                  checkins: pl.DataFrame | None, counts_only: int = 0) -> list[tuple]:
    """For each (targets, from, to, also now): their numbers, the attestations and the sources' health at `to` (the
    last `counts_only` jobs: their numbers alone). The jobs run side by side, each on its own cursor (DuckDB releases
    the GIL while it plans and runs)."""
    def one(index: int, targets: list[Target], tu_ngay: date, at: date, now: list[Target]) -> tuple:
        cursor = con.cursor()
        found = measure(cursor, [t for t in targets if t.kind == "measured"], tu_ngay, at, xa, now=now)
        if index >= len(jobs) - counts_only:
            return found, {}, {}
        return found, attestations(cursor, at, xa, checkins), source_health(cursor, at, xa)

    with ThreadPoolExecutor(max_workers=SERIES_THREADS) as pool:
        return list(pool.map(lambda job: one(job[0], *job[1]), enumerate(jobs)))


def add_series(con, plan: Plan, out: dict[str, list[Evaluation]], tu_ngay: date, den_ngay: date, xa,
               checkins: pl.DataFrame | None = None) -> None:
    """At each month's end, from the period's start to the date each target is judged at: the value, and the
    status as judged then (the history ends with the status judged now).

    The month-end queries run side by side, each on its own cursor (DuckDB releases the GIL).
    """
    ends = month_ends(tu_ngay, den_ngay)
    plans = [(end, [t for t in plan.targets if end <= min(t.deadline, den_ngay)]) for end in ends]
    found = _side_by_side(con, [(targets, tu_ngay, end, []) for end, targets in plans], xa, checkins)
    for (end, targets), (numbers, attested, health) in zip(plans, found):
        for evaluations in out.values():
            for e in evaluations:
                if e.target in targets:
                    tu_mau = numbers.get((e.ma_xa, e.target.id))
                    if e.target.kind == "measured":
                        e.series.append((end, 100.0 * tu_mau[0] / tu_mau[1] if tu_mau and tu_mau[1] else None))
                        e.counts[end] = tu_mau
                    then = judge(e.target, e.ma_xa, tu_ngay, end, end, tu_mau, attested.get((e.ma_xa, e.target.id)), health)
                    e.history.append((end, then.status))
    for evaluations in out.values():
        for e in evaluations:
            if not e.history or e.history[-1][0] != e.judged_at:
                e.history.append((e.judged_at, e.status))


def records(con: duckdb.DuckDBPyConnection, target: Target, tu_ngay: date, den_ngay: date, ma_xa: str | None,
            against_only: bool = True) -> pl.DataFrame:
    """The items a measured target counts (by default only those that count against it)."""
    at = min(den_ngay, target.deadline)
    sql = f"SELECT * FROM ({_model_sql(target)})" + (f" WHERE {AGAINST}" if against_only else "") + " ORDER BY ALL"
    return run_model(con, sql, {"tu_ngay": min(tu_ngay, at), "den_ngay": at, "ma_xa": ma_xa}).pl()


def items_against(items: pl.DataFrame) -> pl.DataFrame:
    """The items of a measured target (records(..., against_only=False)) that count against it, in their order."""
    return items.filter(pl.sql_expr(AGAINST))


def breakdown(items: pl.DataFrame, column: str) -> pl.DataFrame:
    """Numerator, denominator and value by one column of a target's items, worst first."""
    return (
        items.group_by(column)
        .agg(pl.col("tu_so").sum().cast(pl.Float64).alias("tu_so"), pl.col("mau_so").sum().cast(pl.Float64).alias("mau_so"))
        .with_columns(gia_tri=pl.when(pl.col("mau_so") > 0).then(100 * pl.col("tu_so") / pl.col("mau_so")))
        .sort(["gia_tri", "mau_so"], descending=[False, True], nulls_last=True)
    )


def attention_first(evaluations: list[Evaluation]) -> list[Evaluation]:
    """Red targets first, then those without data, then the met ones; catalogue order within each."""
    rank = {MISSED: 0, NO_DATA: 1, MET: 2}
    return sorted(evaluations, key=lambda e: rank[e.status])
