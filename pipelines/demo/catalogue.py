"""The procedure catalogue: the commune's procedures, and the catalogue snapshots published during 2025."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import polars as pl

from pipelines.demo.common import UBND, vals, yes
from pipelines.demo.tables import table
from pipelines.demo.workbook import Workbook, footer

# Procedures: code | name | field | level (muc_do) | deadline in working days | fee (p: per page) |
# weight (share of dossiers) | flags: N from 1/7/2025 (transferred at the merger), A abolished 1/7/2025,
# B business-related, X exempt (khoản 3 Điều 14), m not on mobile, L not yet on the national portal
# before the 31/07 catalogue (the TTHC-04 miss).
PROCEDURES = table("procedures")


@cache
def procedures() -> pl.DataFrame:
    """The commune's procedures (2025), with what the generator needs to know of them."""
    cols = ["ma_tthc", "ten_tthc", "linh_vuc", "muc_do", "han", "phi", "trong_so", "co"]
    frame = pl.DataFrame(PROCEDURES, schema=cols, orient="row")
    frame = frame.with_columns(pl.col("muc_do", "han").cast(pl.Int64), pl.col("trong_so").cast(pl.Float64))
    flag = pl.col("co").str.contains
    return frame.with_columns(
        theo_trang=pl.col("phi") == "p",
        phi=pl.col("phi").replace("p", "2000").cast(pl.Int64),
        moi=flag("N"),
        bai_bo=flag("A"),
        doanh_nghiep=flag("B"),
        mien=flag("X"),
        du_dieu_kien=pl.col("muc_do") == 4,
        di_dong=(pl.col("muc_do") == 4) & ~flag("m"),
        chua_dvcqg=flag("L"),
    )


CATALOGUE_DATES = [date(2025, 3, 31), date(2025, 6, 30), date(2025, 7, 31), date(2025, 9, 30), date(2025, 12, 15)]


def _catalogue_at(procs: pl.DataFrame, day: date) -> pl.DataFrame:
    """The catalogue as published at a date: transferred procedures listed once announced (June)."""
    frame = procs.with_row_index("_i")
    if day < date(2025, 6, 1):
        frame = frame.filter(~pl.col("moi"))
    if day >= date(2025, 9, 1):
        frame = frame.filter(~pl.col("bai_bo"))
    old_start = pl.date(2021, 1, 1) + pl.duration(days=(pl.col("_i") * 37) % 1200)
    announced = day >= date(2025, 6, 1)
    return frame.with_columns(
        hieu_luc_tu=pl.when(pl.col("moi")).then(pl.lit(date(2025, 7, 1))).otherwise(old_start),
        hieu_luc_den=pl.when(pl.col("bai_bo") & announced).then(pl.lit(date(2025, 7, 1))),
        cung_cap_tren_dvcqg=(pl.col("muc_do") >= 3) & ~(pl.col("chua_dvcqg") & (day < date(2025, 7, 20))),
    )


def write_catalogues(folder: Path, procs: pl.DataFrame) -> list[Path]:
    """Procedure catalogue snapshots, each dated by `Tính đến ngày`."""
    files = []
    for day in CATALOGUE_DATES:
        c = _catalogue_at(procs, day)
        book = Workbook(folder / f"danh_muc_tthc_{day:%Y-%m-%d}.xlsx")
        titles = [UBND, "DANH MỤC THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA UBND XÃ",
                  f"Tính đến ngày {day:%d/%m/%Y}", ""]
        columns = [
            ("STT", None, list(range(1, c.height + 1)), "int"),
            ("Mã TTHC", None, vals(c["ma_tthc"]), "text"),
            ("Tên thủ tục hành chính", None, vals(c["ten_tthc"]), "text"),
            ("Lĩnh vực", None, vals(c["linh_vuc"]), "text"),
            ("Mức độ DVC", None, vals(c["muc_do"]), "int"),
            ("Đủ điều kiện toàn trình", None, yes(c["du_dieu_kien"]), "text"),
            ("Cung cấp trên Cổng DVCQG", None, yes(c["cung_cap_tren_dvcqg"]), "text"),
            ("Liên quan đến doanh nghiệp", None, yes(c["doanh_nghiep"]), "text"),
            ("Không phụ thuộc địa giới hành chính", None, ["x"] * c.height, "text"),
            ("Thực hiện tại Trung tâm", None, yes(~c["mien"]), "text"),
            ("Thuộc khoản 3 Điều 14 NĐ 118/2025", None, yes(c["mien"]), "text"),
            ("Hỗ trợ thiết bị di động", None, yes(c["di_dong"]), "text"),
            ("Có phí, lệ phí", None, yes(c["phi"] > 0, "Có"), "text"),
            ("Hiệu lực từ", None, vals(c["hieu_luc_tu"]), "date"),
            ("Hiệu lực đến", None, vals(c["hieu_luc_den"]), "date"),
        ]
        book.titled_sheet("Danh muc", titles, columns, footer(day, (1, 12), right="Chủ tịch UBND xã"), numbers=True)
        files.append(book.close())
    return files
