"""Public-investment disbursement reports: project rows under group headings, with a totals row."""

import polars as pl

from pipelines.values import parse_number

TOLERANCE = 0.005  # totals are often typed by hand in triệu đồng with rounding


def sheet_checks(rows: pl.DataFrame, extra: pl.DataFrame, scale: int) -> list[str]:
    """Where a `Tổng cộng` row exists, it must agree with the sum of the projects."""
    totals = extra.filter(pl.col("_line").str.starts_with("tong cong"))
    messages = []
    for column, title in (("ke_hoach_von_nam", "Kế hoạch vốn năm"), ("luy_ke_giai_ngan", "Lũy kế giải ngân")):
        if not len(totals) or column not in totals.columns:
            continue
        number = pl.col(f"_n_{column}") if f"_n_{column}" in totals.columns else None
        stated = totals.select(parse_number(pl.col(column), number) * scale)[:, 0][0]
        summed = rows[column].sum()
        if stated is not None and abs(stated - summed) > TOLERANCE * max(abs(stated), 1.0):
            messages.append(
                f"Dòng 'Tổng cộng' cột '{title}' ({stated:,.0f} đồng) không khớp tổng các dự án ({summed:,.0f} đồng)."
            )
    return messages


def derived():
    """Columns the suite checks: the most a project may have disbursed against its plan."""
    from pipelines.quality import settings

    return {"_ke_hoach_toi_da": pl.col("ke_hoach_von_nam") * (1 + settings()["disbursement_margin"])}
