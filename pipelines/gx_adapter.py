"""The Great Expectations adapter: our suites run by Great Expectations itself, on a frame in memory.

The gate runs the same suites in DuckDB (quality.py); revalidate.py and tests/test_quality_reference.py use this
to hold the gate to Great Expectations' own answers.
"""

from __future__ import annotations

from datetime import date


def gx_validate(frame, expectations: list[dict]) -> list[dict]:
    """Validate a Polars frame with Great Expectations itself (imported here only: it is slow to import)."""
    import great_expectations as gx
    import pandas as pd
    import polars as pl

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False, "metric_calculations": False}
    suite_ = context.suites.add(gx.ExpectationSuite(name="gate", expectations=[_gx_config(e) for e in expectations]))
    batch = context.data_sources.add_pandas("frame").add_dataframe_asset("rows").add_batch_definition_whole_dataframe("all")
    pdf = frame.to_pandas()
    for column, dtype in frame.schema.items():
        if dtype == pl.Date:
            pdf[column] = pd.to_datetime(pdf[column])
    run_ = gx.ValidationDefinition(name="gate", data=batch, suite=suite_).run(
        batch_parameters={"dataframe": pdf}, result_format={"result_format": "COMPLETE"}
    )
    order = {e.id: i for i, e in enumerate(suite_.expectations)}
    out = []
    for r in sorted(run_.results, key=lambda r: order[r.expectation_config.id]):
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
    import math

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
