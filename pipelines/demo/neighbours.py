"""The city's other communes: the national sync export of their dossiers, which the city receives for every commune."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from pipelines.demo.common import month_end
from pipelines.demo.dossiers import SYNC, state_at
from pipelines.demo.tables import table

# code | name (the registry's, warehouse/communes.toml) | dossiers | share received online | synced to the portal |
# with digitised components | fees paid online: each commune its own fortune
NEIGHBOURS = table("neighbours")


def _neighbour_dossiers(rng: np.random.Generator, d: pl.DataFrame, code: str, n: int, online: float, synced: float,
                        digitised: float, paid: float) -> pl.DataFrame:
    """A neighbour's year: a sample of the commune's dossier lives as the system shows them at the year's end, with the
    neighbour's own code and shares of online intake, sync, digitisation and online payment."""
    rows = state_at(d.sample(n, seed=int(rng.integers(1 << 31))), month_end(12))
    draw = lambda: pl.Series(rng.random(rows.height))  # a fresh uniform draw per dossier
    return rows.with_columns(
        ma_xa=pl.lit(code),
        ma_ho_so=pl.format("G22.{}-{}-{}", pl.lit(code), pl.col("t_in").dt.strftime("%y%m%d"),
                           pl.int_range(1, pl.len() + 1).over(pl.col("t_in").dt.date()).cast(pl.String).str.zfill(4)),
        kenh=pl.when(draw() < online).then(2).otherwise(1),
        da_dong_bo=(draw() < synced).cast(pl.Int64),
        so_hoa_thanh_phan=(draw() < digitised).cast(pl.Int64),
        thanh_toan_truc_tuyen=pl.when((pl.col("phi_le_phi") > 0) & (draw() < paid)).then(1).otherwise(0),
        don_vi=pl.lit(f"Bộ phận một cửa xã {code}"),
    )


def write_neighbours(folder: Path, d: pl.DataFrame, rng: np.random.Generator) -> list[Path]:
    """One sync-layout CSV a neighbour: its dossiers of 2025 as at the year's end."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for code, _, n, *shares in NEIGHBOURS:
        rows = _neighbour_dossiers(rng, d, code, int(n), *map(float, shares))
        sync = rows.sort("ngay_cap_nhat").select(pl.col(v).alias(k) for k, v in SYNC.items())
        path = folder / f"dvcqg_{code}_2025.csv"
        sync.with_columns(pl.col(pl.Datetime).dt.strftime("%Y%m%d%H%M%S")).write_csv(path)
        files.append(path)
    return files
