"""The periodic-report register (CSV UTF-8 with BOM, semicolons)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from pipelines.demo.common import HOLIDAYS, YEAR_END, dmy, kept
from pipelines.demo.tables import table

# code | name | period | due (dd/mm/yyyy), besides the monthly socio-economic reports
REPORTS = table("reports")


def _reports() -> pl.DataFrame:
    """Reports due to the city: those due in 2025 sent on time through the reporting system."""
    monthly = [[f"BC.KTXH.2025.{m:02d}", f"Báo cáo tình hình kinh tế - xã hội tháng {m:02d}/2025",
                f"Tháng {m:02d}/2025", f"18/{m:02d}/2025"] for m in range(1, 13)]
    rows = monthly + REPORTS
    due = np.array([dmy(r[3]) for r in rows], dtype="datetime64[D]")
    lead = np.arange(len(rows)) % 3 + 1  # one to three working days early
    sent = np.busday_offset(due, -lead, roll="backward", holidays=HOLIDAYS)
    sent = np.where(due <= np.datetime64(YEAR_END), sent, np.datetime64("NaT"))
    return pl.DataFrame({
        "Mã báo cáo": [r[0] for r in rows], "Tên báo cáo": [r[1] for r in rows], "Kỳ báo cáo": [r[2] for r in rows],
        "Hạn gửi": due, "Ngày gửi": sent,
        "Kênh gửi": kept("Kênh gửi", np.full(len(rows), "Hệ thống báo cáo"), ~np.isnat(sent)),
    }).sort("Hạn gửi")


def write_reports(path: Path) -> Path:
    """The periodic-report register as CSV UTF-8 with BOM, semicolon-separated, dates dd/mm/yyyy."""
    table = _reports().with_columns(pl.col(pl.Date).dt.strftime("%d/%m/%Y"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(table.write_csv(separator=";", line_terminator="\r\n").encode("utf-8-sig"))
    return path
