"""Petitions (PAKN): about ninety a year, exported at mid-year and year end as Windows-1258 CSV."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from functools import cache
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.demo.common import busday, by_year_end, day_at, dt, hours, kept, personal, working_days
from pipelines.demo.dossiers import SLOW_FIELDS
from pipelines.demo.tables import mapping

TONES = "\u0300\u0301\u0303\u0309\u0323"  # the five tone marks Windows-1258 keeps as combining characters
PETITION_TEXT = mapping("petitions")  # field → what its petitions say
PETITION_FIELDS = list(PETITION_TEXT)


def draw_petitions(rng: np.random.Generator, d: pl.DataFrame) -> pl.DataFrame:
    """About 90 petitions; some name a dossier (often a late one); all handled by their deadline."""
    n_free, n_named = int(rng.integers(62, 75)), int(rng.integers(20, 27))
    days = working_days("2025-01-02", "2025-12-31")
    counted = d.filter(pl.col("final") != 3)
    slow = counted["linh_vuc"].is_in(SLOW_FIELDS).to_numpy()
    weight = np.where(counted["late"].to_numpy(), 30.0, 1.0) * np.where(slow, 3.0, 1.0)
    named = counted[rng.choice(counted.height, n_named, replace=False, p=weight / weight.sum())]
    after = busday(named["t_in"].dt.date().to_numpy(), rng.integers(3, 25, n_named))
    day = np.concatenate([days[rng.integers(0, len(days), n_free)], np.minimum(after, np.datetime64("2025-12-31"))])
    n = n_free + n_named
    field = np.concatenate([np.array(PETITION_FIELDS)[rng.integers(0, len(PETITION_FIELDS), n_free)],
                            named["linh_vuc"].to_numpy()])
    handled = day_at(busday(day, rng.integers(2, 10, n)), hours(rng, n, 8, 16.5))
    dossier = np.concatenate([np.full(n_free, ""), named["ma_ho_so"].to_numpy()])
    frame = pl.DataFrame({
        "ngay_tiep_nhan": dt(day_at(day, hours(rng, n, 7.75, 16.5))),
        "han_xu_ly": dt(day_at(busday(day, 10), 17 * 3600)),
        "ngay_xu_ly": dt(by_year_end(handled)),
        "linh_vuc": field,
        "ma_ho_so": kept("ma_ho_so", dossier, np.arange(n) >= n_free),
        "tu_choi": rng.random(n) < 0.05,
        "nguoi": personal(rng, n)[0],
        "dien_thoai": personal(rng, n)[3],
    }).sort("ngay_tiep_nhan")
    return frame.with_columns(
        ma_pakn=pl.format("PAKN.2025.{}", pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(4)),
        noi_dung=pl.col("linh_vuc").replace_strict(PETITION_TEXT, default="Kiến nghị về giải quyết thủ tục hành chính"),
    )


@cache
def _cp1258_table() -> dict[int, str]:
    """Vietnamese letters Windows-1258 lacks precomposed, as base letter plus combining tone mark."""
    table = {}
    for cp in range(0xC0, 0x1EFA):  # a loop over the Latin letters, once
        ch = chr(cp)
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        candidate = base + "".join(c for c in parts if c in TONES)
        for text in (ch, candidate):
            try:
                text.encode("cp1258")
            except UnicodeEncodeError:
                continue
            if text != ch:
                table[cp] = text
            break
    return table


def _cp1258(text: str) -> bytes:
    """Text as Windows-1258 bytes, the way old Vietnamese Windows tools write it."""
    return unicodedata.normalize("NFC", text).translate(_cp1258_table()).encode("cp1258")


def _petition_csv(p: pl.DataFrame, at: datetime) -> bytes:
    """One export of the petition system as of `at` (later handling not yet happened)."""
    rows = p.filter(pl.col("ngay_tiep_nhan") <= at)
    done = pl.col("ngay_xu_ly") <= at
    status = pl.when(~done).then(pl.lit("Đang xử lý")).when(pl.col("tu_choi")).then(pl.lit("Từ chối"))
    table = rows.select(
        pl.int_range(1, pl.len() + 1).alias("STT"),
        pl.col("ma_pakn").alias("Mã PAKN"),
        pl.col("ngay_tiep_nhan").dt.strftime("%d/%m/%Y %H:%M").alias("Ngày tiếp nhận"),
        pl.col("nguoi").alias("Người phản ánh"),
        pl.col("dien_thoai").alias("Số điện thoại"),
        pl.col("noi_dung").alias("Nội dung phản ánh"),
        pl.col("linh_vuc").alias("Lĩnh vực"),
        pl.col("ma_ho_so").alias("Mã hồ sơ"),
        pl.col("han_xu_ly").dt.strftime("%d/%m/%Y").alias("Hạn xử lý"),
        pl.when(done).then(pl.col("ngay_xu_ly").dt.strftime("%d/%m/%Y %H:%M")).alias("Ngày xử lý"),
        status.otherwise(pl.lit("Đã xử lý")).alias("Trạng thái"),
    )
    head = f"DANH SÁCH PHẢN ÁNH, KIẾN NGHỊ NĂM 2025\r\nNgày xuất: {at:%d/%m/%Y}\r\n"
    return _cp1258(head + table.write_csv(line_terminator="\r\n"))


def write_petitions(folder: Path, p: pl.DataFrame) -> list[Path]:
    """A half-year export and the year-end export of the petition system, in Windows-1258."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for at in (datetime(2025, 6, 30, 17, 0), datetime(2025, 12, 31, 17, 30)):
        path = folder / f"pakn_{at:%Y-%m-%d}.csv"
        path.write_bytes(_petition_csv(p, at))
        files.append(path)
    return files
