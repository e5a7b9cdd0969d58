"""The data-quality suites and the engine that runs them on a landed sheet, in DuckDB.

A source's suite is Great Expectations JSON: the structural expectations generated from the source
catalogue (required cells, code and label sets, ranges, event dates not after the load date), then the
business rules of expectations/<source>.json. Each expectation carries `meta.severity` (critical or
warning) and `meta.message` (what the clerk should fix). A suite may declare derived columns in
`meta.derived_columns` (name → SQL over the sheet's columns) for rules no column states directly.

Only the expectation types below run, with only the options Great Expectations defines for them, all
honoured; anything else is refused when the suite loads. tests/test_quality_reference.py holds this
engine to Great Expectations' own answers (through gx_adapter.py), and `python -m pipelines quality --engine gx`
re-validates stored sheets with Great Expectations itself (revalidate.py).

Kwargs may name values known only at load time: `$today` (the load date), `$snapshot` (the file's
date), `$previous_half` (half the rows of the source's previous snapshot), `$catalogue_ma_tthc`
(procedure codes loaded), `$ma_chi_tieu` (the plan's target ids). An expectation whose value is not
known is skipped, and says so.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from pipelines.cell_types import quoted
from warehouse.sources import Column, Source, codes, labels, sources

SUITES = Path(__file__).resolve().parents[1] / "expectations"
SAMPLES = 5
SEVERITIES = ("critical", "warning")
COLUMN_MAP = {"column", "mostly"}
# Every type the engine runs, with the options Great Expectations 1.x defines for it (row_condition and
# condition_parser excepted: refused, as their condition language is Great Expectations' own).
OPTIONS = {
    "expect_column_values_to_not_be_null": COLUMN_MAP,
    "expect_column_values_to_be_in_set": COLUMN_MAP | {"value_set"},
    "expect_column_values_to_be_between": COLUMN_MAP | {"min_value", "max_value", "strict_min", "strict_max"},
    "expect_column_values_to_be_unique": COLUMN_MAP,
    "expect_column_pair_values_a_to_be_greater_than_b": {"column_A", "column_B", "or_equal", "ignore_row_if", "mostly"},
    "expect_compound_columns_to_be_unique": {"column_list", "ignore_row_if", "mostly"},
    "expect_column_to_exist": {"column"},
    "expect_table_row_count_to_be_between": {"min_value", "max_value", "strict_min", "strict_max"},
}
REQUIRED_OPTIONS = {
    "expect_column_values_to_be_in_set": {"value_set"},
    "expect_column_pair_values_a_to_be_greater_than_b": {"column_A", "column_B"},
    "expect_compound_columns_to_be_unique": {"column_list"},
}
IGNORE_ROW_IF = {
    "expect_column_pair_values_a_to_be_greater_than_b": ("both_values_are_missing", "either_value_is_missing", "neither"),
    "expect_compound_columns_to_be_unique": ("all_values_are_missing", "any_value_is_missing", "never"),
}
LATE_VALUES = {"snapshot", "previous_half"}  # known only once the sheet's own date is


class SuiteError(ValueError):
    """A suite that asks for something the engine does not do exactly as Great Expectations would."""


@dataclass(frozen=True)
class Expectation:
    """One expectation of a suite, as declared."""

    type: str
    kwargs: dict
    severity: str
    message: str
    structural: bool = False  # generated from the source catalogue (the rules that make a value what its column is)

    def columns(self) -> list[str]:
        """The columns it reads."""
        k = self.kwargs
        return [k[n] for n in ("column", "column_A", "column_B") if n in k] + list(k.get("column_list", []))

    def waits_for(self) -> set[str]:
        """The load-time values it needs that are known only once the sheet's date is."""
        return {v[1:] for v in self.kwargs.values() if isinstance(v, str) and v[1:] in LATE_VALUES and v.startswith("$")}


@dataclass(frozen=True)
class Suite:
    """A source's expectations, in order, and the derived columns they read."""

    name: str
    expectations: tuple[Expectation, ...]
    derived: dict = field(default_factory=dict)


@dataclass
class Check:
    """The outcome of one expectation on one sheet."""

    expectation: str
    column: str | None
    severity: str
    message: str
    success: bool | None  # None: skipped, its value not known
    unexpected_count: int = 0
    element_count: int = 0
    samples: list[str] = field(default_factory=list)
    raised: bool = False
    exception: str | None = None
    row_level: bool = False  # True when its failing rows are named (in the engine's failures table)


@cache
def suite(source: str) -> Suite:
    """A source's suite: the structural expectations from the catalogue, then expectations/<source>.json."""
    stored = json.loads((SUITES / f"{source}.json").read_text(encoding="utf-8"))
    declared = [_expectation(e, f"{source}.json #{i}") for i, e in enumerate(stored["expectations"])]
    derived = stored.get("meta", {}).get("derived_columns", {})
    return Suite(source, tuple(structural(sources()[source]) + declared), derived)


def _expectation(raw: dict, where: str) -> Expectation:
    """One stored expectation, refused unless the engine runs it exactly as Great Expectations would."""
    kind, kwargs, meta = raw.get("type"), dict(raw.get("kwargs", {})), raw.get("meta", {})
    if kind not in OPTIONS:
        raise SuiteError(f"{where}: loại kiểm tra '{kind}' không được hỗ trợ (có: {', '.join(sorted(OPTIONS))})")
    unknown = set(kwargs) - OPTIONS[kind]
    if unknown:
        raise SuiteError(f"{where}: {kind} không có tùy chọn {', '.join(sorted(unknown))}")
    missing = REQUIRED_OPTIONS.get(kind, set()) | ({"column"} if "column" in OPTIONS[kind] else set())
    missing -= set(kwargs)
    if missing:
        raise SuiteError(f"{where}: {kind} thiếu tùy chọn {', '.join(sorted(missing))}")
    if "ignore_row_if" in kwargs and kwargs["ignore_row_if"] not in IGNORE_ROW_IF[kind]:
        raise SuiteError(f"{where}: ignore_row_if '{kwargs['ignore_row_if']}' không hợp lệ cho {kind}")
    mostly = kwargs.get("mostly")
    if mostly is not None and not (isinstance(mostly, (int, float)) and 0 <= mostly <= 1):
        raise SuiteError(f"{where}: mostly phải là số từ 0 đến 1")
    if meta.get("severity", "critical") not in SEVERITIES:
        raise SuiteError(f"{where}: mức '{meta.get('severity')}' không hợp lệ (critical, warning)")
    return Expectation(kind, kwargs, meta.get("severity", "critical"), meta.get("message", kind))


def structural(src: Source) -> list[Expectation]:
    """The expectations the source catalogue states: required cells, value sets, ranges, event dates."""
    out = []

    def rule(kind: str, kwargs: dict, message: str) -> None:
        out.append(Expectation(kind, {"column": col.name} | kwargs, "critical", message, structural=True))

    for col in src.columns.values():
        title = _title(col)
        if col.required and not col.deadline and col.type != "bool":  # an empty yes/no cell means No
            rule("expect_column_values_to_not_be_null", {}, f"Thiếu giá trị bắt buộc: {title}")
        allowed = list(codes()[col.codes]) if col.type == "code" else labels()[col.labels] if col.type == "label" else col.values
        if allowed is not None:
            listed = "" if isinstance(allowed, str) else f" ({', '.join(map(str, allowed))})"
            rule("expect_column_values_to_be_in_set", {"value_set": allowed}, f"{title} không thuộc danh mục{listed}")
        if col.max is not None:
            rule("expect_column_values_to_be_between", {"min_value": col.min, "max_value": col.max},
                 f"{title} ngoài khoảng {col.min:g}–{col.max:g}")
        elif col.min is not None:
            low = col.min.isoformat() if isinstance(col.min, date) else col.min
            why = f"trước ngày {col.min:%d/%m/%Y}" if isinstance(col.min, date) else "âm" if col.min == 0 else f"nhỏ hơn {col.min}"
            rule("expect_column_values_to_be_between", {"min_value": low}, f"{title} {why}")
        if col.event:
            rule("expect_column_values_to_be_between", {"max_value": "$today"}, f"{title} sau ngày nạp tệp ($today)")
    return out


def _title(col: Column) -> str:
    """A column's Vietnamese title, for messages."""
    return col.titles[0] if col.titles else col.name


def resolve(kwargs: dict, context: dict) -> dict | None:
    """Kwargs with `$name` values filled from the context; None when one is not known."""
    out = {}
    for key, value in kwargs.items():
        if isinstance(value, str) and value.startswith("$"):
            value = context.get(value[1:])
            if value is None:
                return None
        out[key] = value
    return out


def run(con: duckdb.DuckDBPyConnection, relation: str, expectations: list[tuple[int, Expectation]], context: dict,
        present: set[str], failures: str, shape: tuple[set[str], int] | None = None) -> dict[int, Check]:
    """Run expectations over a relation of typed rows (with `_row`); critical row failures go to `failures`.

    `present`: the columns the file itself had; `failures`: a table (check INTEGER, "row" INTEGER) that
    receives the rows each failed row-level check names; `shape`: the relation's shape, when known. Row-level
    checks are counted in one scan of the relation. Returns the checks by their index.
    """
    columns, total = shape or shape_of(con, relation)
    out, row_level = {}, []
    for index, exp in expectations:
        kwargs = resolve(exp.kwargs, context)
        shown = [c for c in exp.columns() if not c.startswith("_")]
        check = out[index] = Check(exp.type, (shown or exp.columns() or [None])[0], exp.severity,
                                   _worded(exp.message, context), None, element_count=total)
        absent = [c for c in exp.columns() if c not in columns]
        if kwargs is None:
            check.message += " (bỏ qua: chưa có số liệu để so)"
        elif absent and exp.type != "expect_column_to_exist":
            check.message += f" (bỏ qua: tệp không có cột {', '.join(absent)})"
        elif exp.type == "expect_column_to_exist":
            check.success = kwargs["column"] in present
        elif exp.type == "expect_table_row_count_to_be_between":
            check.success = _within(total, **kwargs)
        else:
            try:
                row_level.append((index, check, _row_sql(relation, index, exp.type, kwargs, check.column), kwargs.get("mostly")))
            except Exception as exc:  # a check that cannot run must say so, never pass silently
                _raised(check, exc)
    try:
        _count(con, relation, row_level)
    except Exception:  # one of them cannot run: count them one by one, to say which
        for one in row_level:
            try:
                _count(con, relation, [one])
            except Exception as exc:
                _raised(one[1], exc)
    for index, check, (_, unexpected, params, _), _ in row_level:
        if check.success is False and not check.raised:
            con.execute(f"INSERT INTO {failures} SELECT {index}, _row FROM {relation} WHERE {unexpected}", params)
    return out


def shape_of(con: duckdb.DuckDBPyConnection, relation: str) -> tuple[set[str], int]:
    """A relation's column names and row count."""
    columns = {r[0] for r in con.execute(f"DESCRIBE {relation}").fetchall()}
    return columns, con.execute(f"SELECT count(*) FROM {relation}").fetchall()[0][0]


def _raised(check: Check, exc: Exception) -> None:
    """Record that a check could not run: a failure that says why, never a pass."""
    check.success, check.raised, check.exception = False, True, f"{type(exc).__name__}: {exc}"[:500]


def _row_sql(relation: str, index: int, kind: str, kwargs: dict, column: str | None) -> tuple[str, str, dict, str]:
    """A row-level check as SQL: which rows it considers, which are unexpected (parameters named for the check),
    and the value shown as a sample."""
    options = {k: v for k, v in kwargs.items() if k != "mostly"}  # mostly is honoured in _count
    considered, unexpected, params = ROW_CHECKS[kind](relation, **options)
    for name in params:
        considered, unexpected = (re.sub(rf"\${name}\b", f"${name}_{index}", sql) for sql in (considered, unexpected))
    return considered, unexpected, {f"{k}_{index}": v for k, v in params.items()}, as_written(column) if column else "NULL"


def _count(con: duckdb.DuckDBPyConnection, relation: str, checks: list) -> None:
    """Count what each row-level check considers and finds unexpected in one scan, judge each, and take samples
    of the values of those that found any."""
    if not checks:
        return
    wheres, params = {}, {}  # each distinct condition counted once: many checks consider the same rows
    for _, _, (considered, unexpected, p, _), _ in checks:
        wheres |= {considered: None, unexpected: None}
        params |= p
    counted = dict(zip(wheres, con.execute(f"SELECT {', '.join(f'coalesce(count_if({w}), 0)' for w in wheres)} FROM {relation}",
                                           params).fetchall()[0]))
    for _, check, (considered, unexpected, p, value), mostly in checks:
        denominator, check.unexpected_count = counted[considered], counted[unexpected]
        check.row_level = True
        if mostly is None or not denominator:
            check.success = check.unexpected_count == 0
        else:
            check.success = (denominator - check.unexpected_count) / denominator >= mostly  # as GX computes it
        if check.unexpected_count:
            samples = con.execute(f"SELECT DISTINCT {value} AS v FROM {relation} WHERE {unexpected} ORDER BY v LIMIT {SAMPLES}",
                                  p).fetchall()
            check.samples = [v for (v,) in samples if v is not None]


def _worded(message: str, context: dict) -> str:
    """A message with the load-time values it names ($today …) written in: dates dd/mm/yyyy."""
    for name, value in context.items():
        if f"${name}" in message and value is not None:
            message = message.replace(f"${name}", f"{value:%d/%m/%Y}" if isinstance(value, date) else str(value))
    return message


def _within(n: int, min_value=None, max_value=None, strict_min=False, strict_max=False) -> bool:
    """A count between the bounds (included unless strict)."""
    above = min_value is None or (n > min_value if strict_min else n >= min_value)
    below = max_value is None or (n < max_value if strict_max else n <= max_value)
    return above and below


def as_written(column: str) -> str:
    """SQL giving a column's value as the clerk wrote it: dates dd/mm/yyyy, the rest as text."""
    c = quoted(column)
    return f"CASE WHEN typeof({c}) = 'DATE' THEN strftime({c}::DATE, '%d/%m/%Y') ELSE {c}::VARCHAR END"


def _not_null(relation, column):
    """Every row is considered; a missing value is unexpected."""
    return "TRUE", f"{quoted(column)} IS NULL", {}


def _in_set(relation, column, value_set):
    """Values outside the set are unexpected (missing ones are not considered)."""
    c = quoted(column)
    outside = f"NOT list_contains($value_set, {c})" if len(value_set) <= 32 else f"{c} NOT IN (SELECT unnest($value_set))"
    return f"{c} IS NOT NULL", f"{c} IS NOT NULL AND {outside}", {"value_set": list(value_set)}  # long sets: a hash join


def _between(relation, column, min_value=None, max_value=None, strict_min=False, strict_max=False):
    """Values below the minimum or above the maximum are unexpected (bounds included unless strict)."""
    c, params, bad = quoted(column), {}, []
    if min_value is not None:
        params["low"] = _bound(min_value)
        bad.append(f"{c} {'<=' if strict_min else '<'} $low")
    if max_value is not None:
        params["high"] = _bound(max_value)
        bad.append(f"{c} {'>=' if strict_max else '>'} $high")
    return f"{c} IS NOT NULL", f"{c} IS NOT NULL AND ({' OR '.join(bad) or 'FALSE'})", params


def _bound(value):
    """A bound as given; an ISO date written as text becomes a date."""
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value


def _pair_greater(relation, column_A, column_B, or_equal=False, ignore_row_if="both_values_are_missing"):
    """Rows where A is not greater than (or equal to) B are unexpected, among the rows not ignored."""
    a, b = quoted(column_A), quoted(column_B)
    skip = {"either_value_is_missing": f"({a} IS NULL OR {b} IS NULL)", "both_values_are_missing": f"({a} IS NULL AND {b} IS NULL)",
            "neither": "FALSE"}[ignore_row_if]
    ok = f"{a} {'>=' if or_equal else '>'} {b}"
    return f"NOT {skip}", f"NOT {skip} AND NOT coalesce({ok}, FALSE)", {}


def _unique(relation, column):
    """Every row whose value occurs more than once is unexpected (missing values are not considered)."""
    c = quoted(column)
    repeated = f"SELECT {c} FROM {relation} WHERE {c} IS NOT NULL GROUP BY ALL HAVING count(*) > 1"
    return f"{c} IS NOT NULL", f"{c} IS NOT NULL AND {c} IN ({repeated})", {}


def _compound_unique(relation, column_list, ignore_row_if="all_values_are_missing"):
    """Every row whose combination of values occurs more than once is unexpected (missing values count as equal)."""
    cols = [quoted(c) for c in column_list]
    skip = {"all_values_are_missing": " AND ".join(f"{c} IS NULL" for c in cols),
            "any_value_is_missing": " OR ".join(f"{c} IS NULL" for c in cols), "never": "FALSE"}[ignore_row_if]
    combination = "{" + ", ".join(f"'k{i}': {c}" for i, c in enumerate(cols)) + "}"
    repeated = f"SELECT {combination} FROM {relation} GROUP BY ALL HAVING count(*) > 1"
    return f"NOT ({skip})", f"NOT ({skip}) AND {combination} IN ({repeated})", {}


ROW_CHECKS = {
    "expect_column_values_to_not_be_null": _not_null,
    "expect_column_values_to_be_in_set": _in_set,
    "expect_column_values_to_be_between": _between,
    "expect_column_pair_values_a_to_be_greater_than_b": _pair_greater,
    "expect_column_values_to_be_unique": _unique,
    "expect_compound_columns_to_be_unique": _compound_unique,
}


RESULT_COLUMNS = {"file_id": pl.Int32, "path": pl.String, "sheet": pl.String, "suite": pl.String, "expectation": pl.String,
                  "column": pl.String, "severity": pl.String, "message": pl.String, "success": pl.Boolean,
                  "unexpected_count": pl.Int64, "element_count": pl.Int64, "sample_values": pl.List(pl.String),
                  "raised": pl.Boolean, "exception": pl.String, "checked_at": pl.Datetime("us"), "engine": pl.String}


def store_results(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Insert quality results, one tuple per check in the order of RESULT_COLUMNS."""
    if rows:
        con.register("new_results", pl.DataFrame(rows, schema=RESULT_COLUMNS, orient="row"))
        con.execute(f"INSERT INTO quality_results ({', '.join(quoted(c) for c in RESULT_COLUMNS)}) "
                    f"SELECT * FROM new_results")
        con.unregister("new_results")
