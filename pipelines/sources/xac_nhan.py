"""Attestations of the attested targets, from the register kept by the plan's coordinator."""

import polars as pl

from warehouse.catalogue import target_ids


def row_checks():
    """An attestation must name a target of the catalogue."""
    unknown = ~pl.col("ma_chi_tieu").str.strip_chars().str.to_uppercase().is_in(sorted(target_ids()))
    return [("ma_chi_tieu", pl.when(unknown).then(pl.lit("mã chỉ tiêu không có trong kế hoạch")))]
