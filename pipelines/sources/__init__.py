"""What a source has of its own that cannot be declared as data: a module only for the sources that have some.

Columns, aliases, types and keys are in warehouse/sources.toml; checks are in expectations/<source>.json.
A module may add `sheet_checks(con, table, extra, data, params)`: messages that reject a sheet whose
rows disagree with its own non-data rows (a totals row), given SQL conditions naming each kind of row,
and `sheet_values(sheet_name)`: values of columns that the sheet's name states for all its rows.
"""

from pipelines.sources import diem_766, giai_ngan

OWN_CODE = {"diem_766": diem_766, "giai_ngan": giai_ngan}


def sheet_checks(source: str):
    return getattr(OWN_CODE.get(source), "sheet_checks", lambda *args: [])


def sheet_values(source: str):
    return getattr(OWN_CODE.get(source), "sheet_values", lambda sheet: {})
