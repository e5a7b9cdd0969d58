"""Apply the quality gate to a sheet: critical row failures become rejects, critical sheet failures reject it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from pipelines.extract import SheetResult
from pipelines.quality import run_suite, validation_frame
from pipelines.values import REJECT_SCHEMA
from warehouse.db import connect_readonly


@dataclass
class GateContext:
    """What the gate compares a sheet with: earlier snapshots and the procedure catalogue."""

    snapshots: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(
        schema={"source": pl.String, "ma_xa": pl.String, "snapshot_date": pl.Date, "so_dong": pl.Int64}))
    catalogue: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema={"ma_xa": pl.String, "ma_tthc": pl.String}))

    @classmethod
    def from_warehouse(cls, warehouse: Path, batch: list[SheetResult]) -> GateContext:
        """Context from the published warehouse plus the sheets of this load."""
        ctx = cls()
        if warehouse.exists():
            with connect_readonly(warehouse) as con:
                ctx.snapshots = con.sql(
                    "SELECT source, ma_xa, snapshot_date, sum(so_dong)::BIGINT AS so_dong FROM mart_source_files GROUP BY ALL"
                ).pl()
                ctx.catalogue = con.sql("SELECT DISTINCT ma_xa, ma_tthc FROM raw_thu_tuc").pl()
        for r in batch:
            if r.error is None and r.rows is not None and r.source.name == "thu_tuc":
                ctx.catalogue = pl.concat([ctx.catalogue, r.rows.select("ma_xa", "ma_tthc")])
        return ctx

    def previous_half(self, source: str, communes: list[str], snapshot: date | None) -> float | None:
        """Half the rows of the source's latest earlier snapshot for these communes; None if none."""
        earlier = self.snapshots.filter(
            (pl.col("source") == source) & pl.col("ma_xa").is_in(communes) & (pl.col("snapshot_date") < snapshot)
        )
        if not len(earlier):
            return None
        latest = earlier.filter(pl.col("snapshot_date") == pl.col("snapshot_date").max().over("ma_xa"))
        return latest["so_dong"].sum() / 2

    def procedure_codes(self, communes: list[str]) -> list[str] | None:
        """Procedure codes known for these communes; None when no catalogue is loaded."""
        codes = self.catalogue.filter(pl.col("ma_xa").is_in(communes))["ma_tthc"].unique().to_list()
        return codes or None


def apply_gate(result: SheetResult, context: GateContext) -> None:
    """Run the source's suite on a sheet read without error, and act on what fails."""
    if result.error or result.rows is None or not len(result.rows):
        return
    source = result.source.name
    communes = result.rows["ma_xa"].unique().to_list()
    values = {
        "snapshot": result.snapshot,
        "previous_half": context.previous_half(source, communes, result.snapshot)
        if result.source.kind == "snapshot" and result.snapshot else None,  # an undated snapshot is rejected later
        "catalogue_ma_tthc": context.procedure_codes(communes),
    }
    frame = validation_frame(result.rows, source)
    result.quality = run_suite(frame, source, values, present=set(result.rows.columns))
    rejects = [result.rejects]
    for check in result.quality:
        if check.success is not False:
            continue
        if check.severity == "critical" and check.row_level and not check.raised:
            rejects.append(_rejects_of(check, frame))
        elif check.severity == "critical":
            result.error = f"Kiểm tra bắt buộc không đạt: {check.message}" + (f" ({check.exception})" if check.raised else "")
        else:
            count = f": {check.unexpected_count} dòng" if check.unexpected_count else ""
            ran = f" (kiểm tra không chạy được: {check.exception})" if check.raised else ""  # not a data finding
            result.warnings.append(f"{check.message}{count}{ran}.")
    result.rejects = pl.concat(rejects)
    if result.error:
        result.rows = None
    elif len(result.rejects):
        result.rows = result.rows.filter(~pl.col("_row").is_in(result.rejects["row"].implode()))


def _rejects_of(check, frame: pl.DataFrame) -> pl.DataFrame:
    """Reject lines for the rows a critical check failed."""
    column = check.column if check.column in frame.columns else None
    failed = frame.filter(pl.col("_row").is_in(check.rows.implode()))
    return failed.select(
        pl.col("_row").cast(pl.UInt32).alias("row"),
        pl.lit(check.column).alias("column"),
        (pl.col(column).cast(pl.String) if column else pl.lit(None, pl.String)).alias("value"),
        pl.lit(check.message).alias("reason"),
    ).cast(REJECT_SCHEMA.schema)
