"""One module per source: what is that source's own and cannot be declared as data.

Columns, aliases, types and keys are in warehouse/sources.toml; checks are in expectations/<source>.json.
A module may add `sheet_checks(con, table, extra, data, params)`: messages that reject a sheet whose
rows disagree with its own non-data rows (a totals row), given SQL conditions naming each kind of row,
and `sheet_values(sheet_name)`: values of columns that the sheet's name states for all its rows.
"""
