"""One module per source: the checks and quirks that are that source's own.

Columns, aliases, types and keys are data (../sources.toml); a module adds only what cannot be
declared there: `row_checks()` (column, expression giving a reason or null) and
`sheet_checks(rows, extra_rows, scale)` (messages that reject the whole sheet).
"""
