"""Re-validate the stored sheets with Great Expectations itself, and store its results beside the gate's.

The gate runs the suites in DuckDB; this proves, on the warehouse's own data, that Great Expectations
gives the same answers. It reads each loaded sheet whole into memory (pandas), so on a city's dossiers it
is an offline job of minutes, not part of a load.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pipelines.cell_types import install_macros
from pipelines.gate import VIEW, known_values, previous_half, validation_view
from pipelines.gx_adapter import gx_validate
from pipelines.quality import resolve, store_results, suite
from warehouse.publish import publishing
from warehouse.sources import sources


def revalidate(warehouse: Path) -> int:
    """Validate every loaded sheet with Great Expectations, replacing its earlier results; how many sheets."""
    with publishing(warehouse) as con:
        install_macros(con)
        sheets = con.sql("SELECT file_id, path, sheet, source, snapshot_date, loaded_at::DATE FROM load_ledger "
                         "WHERE status = 'loaded' AND source IS NOT NULL ORDER BY file_id").fetchall()
        now = datetime.now()
        for file_id, path, sheet, name, snapshot, loaded in sheets:
            source, the_suite = sources()[name], suite(name)
            validation_view(con, source, file_id, the_suite.derived)
            frame = con.sql(f"FROM {VIEW} ORDER BY _row").pl()
            context = known_values(con, source, file_id, loaded) | {
                "snapshot": snapshot, "previous_half": previous_half(con, source, file_id, snapshot)}
            ran = [(e, kwargs) for e in the_suite.expectations if (kwargs := resolve(e.kwargs, context)) is not None]
            results = gx_validate(frame, [{"type": e.type, "kwargs": kwargs} for e, kwargs in ran]) if ran else []
            con.execute("DELETE FROM quality_results WHERE file_id = ? AND engine = 'gx'", [file_id])
            rows = [(file_id, path, sheet, name, e.type, (e.columns() or [None])[0], e.severity, e.message, r["success"],
                     r["unexpected_count"] or 0, len(frame), [], r["raised"], r["exception"], now, "gx")
                    for (e, _), r in zip(ran, results)]
            store_results(con, rows)
    return len(sheets)
