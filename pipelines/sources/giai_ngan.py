"""Public-investment disbursement reports: project rows under group headings, with a totals row."""

from warehouse.db import fetch_rows

TOLERANCE = 0.005  # totals are often typed by hand in triệu đồng with rounding
AMOUNTS = (("ke_hoach_von_nam", "Kế hoạch vốn năm"), ("luy_ke_giai_ngan", "Lũy kế giải ngân"))


def sheet_checks(con, table: str, extra: str, data: str, params: dict) -> list[str]:
    """Where a `Tổng cộng` row exists, it must agree with the sum of the projects (amounts in đồng)."""
    messages = []
    for column, title in AMOUNTS:
        stated = fetch_rows(con, f"SELECT {column} FROM {table} WHERE {extra} AND starts_with(note(_read).line, 'tong cong') "
                                 f"ORDER BY _row LIMIT 1", params)
        if not stated or stated[0][0] is None:
            continue
        stated = stated[0][0]
        [(summed,)] = fetch_rows(con, f"SELECT coalesce(sum({column}), 0) FROM {table} WHERE {data}", params)
        if abs(stated - summed) > TOLERANCE * max(abs(stated), 1.0):
            messages.append(f"Dòng 'Tổng cộng' cột '{title}' ({stated:,.0f} đồng) không khớp tổng các dự án ({summed:,.0f} đồng).")
    return messages
