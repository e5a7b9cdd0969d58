"""The data-quality gate: each source's Great Expectations suite, run on every sheet before it is published.

Suites are Great Expectations JSON (expectations/<source>.json), one expectation per check, each with
`meta.severity` (critical or warning) and `meta.message` (what the clerk should fix). The common
expectation types run here as vectorised Polars, which keeps the gate cheap at city scale; any other
type runs through Great Expectations itself. tests/test_quality_reference.py holds both to the same
answers on every suite and fixture.

Kwargs may name values known only at load time: `$snapshot` (the file's date), `$previous_half` (half
the rows of the source's previous snapshot), `$catalogue_ma_tthc` (procedure codes loaded so far).
An expectation whose value is not known yet is skipped, and says so.
"""

from __future__ import annotations

import importlib
import json
import math
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
SUITES = ROOT / "expectations"
SAMPLES = 5


@dataclass
class Check:
    """The outcome of one expectation on one sheet."""

    expectation: str
    column: str | None
    severity: str
    message: str
    success: bool | None  # None: skipped, its value not known yet
    unexpected_count: int = 0
    element_count: int = 0
    samples: list[str] = field(default_factory=list)
    raised: bool = False
    exception: str | None = None
    rows: pl.Series | None = None  # the sheet rows that failed, for row-level checks

    @property
    def row_level(self) -> bool:
        """True when the check names the rows that failed it."""
        return self.rows is not None


@cache
def settings() -> dict:
    """The gate's settings (expectations/gate.toml)."""
    return tomllib.loads((SUITES / "gate.toml").read_text(encoding="utf-8"))


@cache
def suite(source: str) -> dict:
    """A source's suite as stored."""
    return json.loads((SUITES / f"{source}.json").read_text(encoding="utf-8"))


POLARS_TYPES = {"text": pl.String, "label": pl.String, "date": pl.Date, "datetime": pl.Date, "bool": pl.Boolean,
                "amount": pl.Float64, "int": pl.Int64, "code": pl.Int16}


def validation_frame(rows: pl.DataFrame, source: str) -> pl.DataFrame:
    """The frame the suite sees: every catalogue column (absent ones empty), dates by calendar day, derived columns."""
    from pipelines.catalogue import sources

    absent = [c for c in sources()[source].columns.values() if c.name not in rows.columns]
    frame = rows.with_columns(pl.col(pl.Datetime).cast(pl.Date), *[pl.lit(None, POLARS_TYPES[c.type]).alias(c.name) for c in absent])
    module = importlib.import_module(f"pipelines.sources.{source}")
    derived = getattr(module, "derived", lambda: {})()
    return frame.with_columns(**{name: expr for name, expr in derived.items()})


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


def run_suite(frame: pl.DataFrame, source: str, context: dict, present: set[str] | None = None) -> list[Check]:
    """Every expectation of the source's suite on the frame; `present`: the columns the file itself had."""
    frame = frame.with_columns(pl.col(pl.Float32, pl.Float64).fill_nan(None))  # NaN is missing, as in GX (pandas)
    checks = []
    for exp in suite(source)["expectations"]:
        meta, kwargs = exp.get("meta", {}), resolve(exp["kwargs"], context)
        named = exp["kwargs"]
        columns = _columns(named)  # the check's column: the first the clerk can see (not a derived `_` one)
        column = next((c for c in columns if not c.startswith("_")), columns[0] if columns else None)
        check = Check(exp["type"], column, meta.get("severity", "critical"), meta.get("message", exp["type"]),
                      success=None, element_count=len(frame))
        absent = [c for c in _columns(named) if c not in frame.columns]
        if kwargs is None:
            check.message += " (bỏ qua: chưa có số liệu để so)"
        elif absent and exp["type"] != "expect_column_to_exist":
            check.message += f" (bỏ qua: tệp không có cột {', '.join(absent)})"
        elif exp["type"] == "expect_column_to_exist" and present is not None:
            check.success = kwargs["column"] in present
        else:
            _run_one(check, frame, exp["type"], kwargs)
        checks.append(check)
    return checks


def _columns(kwargs: dict) -> list[str]:
    """The columns an expectation reads."""
    return [kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs] + list(kwargs.get("column_list", []))


def _run_one(check: Check, frame: pl.DataFrame, kind: str, kwargs: dict) -> None:
    """Run one expectation, fast where we can, else through Great Expectations; record what it raised."""
    try:
        if kind in ROW_CHECKS:
            failed = frame.select(ROW_CHECKS[kind](frame, **kwargs).fill_null(False))[:, 0]
            check.rows = frame["_row"].filter(failed)
            check.unexpected_count = len(check.rows)
            if check.column in frame.columns:
                check.samples = [str(v) for v in frame[check.column].filter(failed).unique(maintain_order=True).head(SAMPLES).to_list()]
            check.success = check.unexpected_count == 0
        elif kind in TABLE_CHECKS:
            check.success = TABLE_CHECKS[kind](frame, **kwargs)
        else:
            check.success, check.unexpected_count = great_expectations_check(frame, kind, kwargs)
    except Exception as exc:  # a check that cannot run must say so, never pass silently
        check.success, check.raised, check.exception = False, True, f"{type(exc).__name__}: {exc}"


def _typed(frame: pl.DataFrame, column: str, value):
    """A bound as a Polars literal: dates in the column's type, numbers as given (0.5 stays 0.5 on an int column)."""
    dtype = frame.schema[column]
    if isinstance(value, str) and dtype in (pl.Date, pl.Datetime):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime) and dtype == pl.Date:
        value = value.date()
    return pl.lit(value).cast(dtype) if dtype.is_temporal() else pl.lit(value)


def _not_null(frame, column, **_):
    """Rows where the column is empty."""
    return pl.col(column).is_null()


def _in_set(frame, column, value_set, **_):
    """Rows whose value is outside the set (empty cells pass)."""
    allowed = pl.Series(list(value_set)).cast(frame.schema[column], strict=False).drop_nulls()
    return pl.col(column).is_not_null() & ~pl.col(column).is_in(allowed.implode())


def _between(frame, column, min_value=None, max_value=None, strict_min=False, strict_max=False, **_):
    """Rows below the minimum or above the maximum (bounds included unless strict)."""
    value, bad = pl.col(column), pl.lit(False)
    if min_value is not None:
        low = _typed(frame, column, min_value)
        bad = bad | ((value <= low) if strict_min else (value < low))
    if max_value is not None:
        high = _typed(frame, column, max_value)
        bad = bad | ((value >= high) if strict_max else (value > high))
    return value.is_not_null() & bad


def _pair_greater(frame, column_A, column_B, or_equal=False, ignore_row_if="both_values_are_missing", **_):
    """Rows where A is not greater than (or equal to) B."""
    a, b = pl.col(column_A), pl.col(column_B)
    ok = (a >= b) if or_equal else (a > b)
    skip = {"either_value_is_missing": a.is_null() | b.is_null(), "both_values_are_missing": a.is_null() & b.is_null(),
            "neither": pl.lit(False)}[ignore_row_if]
    return ~skip & ~ok.fill_null(False)


def _unique(frame, column, **_):
    """Every row whose value occurs more than once."""
    return pl.col(column).is_not_null() & pl.col(column).is_duplicated()


def _compound_unique(frame, column_list, ignore_row_if="all_values_are_missing", **_):
    """Every row whose combination of values occurs more than once (missing values count as equal)."""
    missing = [pl.col(c).is_null() for c in column_list]
    skip = {"all_values_are_missing": pl.all_horizontal(missing), "any_value_is_missing": pl.any_horizontal(missing),
            "never": pl.lit(False)}[ignore_row_if]
    return ~skip & pl.struct(column_list).is_duplicated()


ROW_CHECKS = {
    "expect_column_values_to_not_be_null": _not_null,
    "expect_column_values_to_be_in_set": _in_set,
    "expect_column_values_to_be_between": _between,
    "expect_column_pair_values_a_to_be_greater_than_b": _pair_greater,
    "expect_column_values_to_be_unique": _unique,
    "expect_compound_columns_to_be_unique": _compound_unique,
}

TABLE_CHECKS = {
    "expect_column_to_exist": lambda frame, column, **_: column in frame.columns,
    "expect_table_row_count_to_be_between": lambda frame, min_value=None, max_value=None, strict_min=False,
                                                   strict_max=False, **_: (
        (min_value is None or (len(frame) > min_value if strict_min else len(frame) >= min_value))
        and (max_value is None or (len(frame) < max_value if strict_max else len(frame) <= max_value))
    ),
}


def great_expectations_check(frame: pl.DataFrame, kind: str, kwargs: dict) -> tuple[bool, int]:
    """Run one expectation through Great Expectations itself: (success, unexpected count)."""
    result = gx_validate(frame, [{"type": kind, "kwargs": kwargs}])[0]
    if result["raised"]:
        raise RuntimeError(result["exception"])
    return result["success"], result["unexpected_count"] or 0


def gx_validate(frame: pl.DataFrame, expectations: list[dict]) -> list[dict]:
    """Validate a frame with Great Expectations (imported here only: it is slow to import)."""
    import great_expectations as gx
    import pandas as pd

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False, "metric_calculations": False}
    suite_ = context.suites.add(gx.ExpectationSuite(name="gate", expectations=[_gx_config(e) for e in expectations]))
    batch = context.data_sources.add_pandas("frame").add_dataframe_asset("rows").add_batch_definition_whole_dataframe("all")
    pdf = frame.to_pandas()
    for column, dtype in frame.schema.items():
        if dtype == pl.Date:
            pdf[column] = pd.to_datetime(pdf[column])
    run = gx.ValidationDefinition(name="gate", data=batch, suite=suite_).run(
        batch_parameters={"dataframe": pdf}, result_format={"result_format": "COMPLETE"}
    )
    order = {e.id: i for i, e in enumerate(suite_.expectations)}
    out = []
    for r in sorted(run.results, key=lambda r: order[r.expectation_config.id]):
        info = r.exception_info if isinstance(r.exception_info, dict) else {}
        raised = bool(info.get("raised_exception")) or any(
            isinstance(v, dict) and v.get("raised_exception") for v in info.values()
        )
        out.append({
            "type": r.expectation_config.type, "kwargs": dict(r.expectation_config.kwargs), "success": r.success,
            "unexpected_count": r.result.get("unexpected_count"),
            "unexpected_index_list": r.result.get("unexpected_index_list"), "raised": raised,
            "exception": str(info)[:500] if raised else None,
        })
    return out


def _gx_config(exp: dict) -> dict:
    """An expectation for Great Expectations: date bounds as timestamps, sets as lists."""
    import pandas as pd

    kwargs = dict(exp["kwargs"])
    for key in ("min_value", "max_value"):
        if isinstance(kwargs.get(key), (date, str)) and kwargs.get("column"):
            try:
                kwargs[key] = pd.Timestamp(kwargs[key])
            except ValueError:
                pass
    if "value_set" in kwargs:
        kwargs["value_set"] = sorted(kwargs["value_set"], key=str)
    if exp["type"] == "expect_table_row_count_to_be_between":  # GX takes integer bounds and truncates 6.5 to 6
        for key, strict, rounded in (("min_value", "strict_min", math.ceil), ("max_value", "strict_max", math.floor)):
            if isinstance(kwargs.get(key), float) and not kwargs[key].is_integer():
                kwargs[key], kwargs[strict] = rounded(kwargs[key]), False  # n >= 6.5 and n > 6.5 both mean n >= 7
    return {"type": exp["type"], "kwargs": kwargs, "meta": exp.get("meta", {})}
