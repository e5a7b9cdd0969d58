"""The SELECT that lands a sheet in DuckDB: each canonical column typed from its cell text, every cell that
could not be typed named, and each row classified for the reader (blank, a title or footer line, a total).

The per-type parsing lives in sql/typing.sql; this module composes it per column from the source catalogue.
Parsing does types only: whether a typed value is allowed is the quality gate's question.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from pathlib import Path

import duckdb

from warehouse.sources import Column, Source, codes, labels
from warehouse.text import fold

TYPING_SQL = Path(__file__).parent / "sql" / "typing.sql"
DATE_FORMATS = (
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y%m%d%H%M%S",
    "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d", "%Y%m%d",
)
BROKEN_TEXT = "có ký tự hỏng (�): dòng này sai bảng mã, hãy xuất lại tệp dạng UTF-8"
NUMERIC = ("amount", "int", "code")
YEAR_FIRST = ("%Y%m%d%H%M%S", "%Y%m%d", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S")
NATIVE = {"code": ("SMALLINT", re.compile(r"\d{1,4}")), "int": ("BIGINT", re.compile(r"\d{1,15}")),
          "amount": ("BIGINT", re.compile(r"\d{1,15}")), "bool": ("BOOLEAN", re.compile(r"[01]")),
          "score": ("DOUBLE", re.compile(r"\d{1,3}(\.\d{1,6})?"))}
TYPE_MESSAGES = {
    "datetime": "ngày không hợp lệ (cần dd/mm/yyyy, ngày trước tháng)",
    "date": "ngày không hợp lệ (cần dd/mm/yyyy, ngày trước tháng)",
    "bool": "giá trị có/không không hợp lệ (dùng Có/Không, 1/0, x)",
    "amount": "số tiền không hợp lệ (dùng 1.234.567 hoặc số Excel)",
    "int": "số nguyên không hợp lệ",
    "score": "điểm không hợp lệ (cần một số, ví dụ 19.81)",
    "code": "mã không đọc được: không phải số mã hay tên trong danh mục",
}


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create the typing macros on a connection (TEMP: they never reach the warehouse file)."""
    con.execute(_typing_sql())


@cache
def _typing_sql() -> str:
    """The text of sql/typing.sql."""
    return TYPING_SQL.read_text(encoding="utf-8")


def quoted(name: str) -> str:
    """An identifier, quoted for SQL."""
    return '"' + name.replace('"', '""') + '"'


def native_types(src: Source, columns: dict[int, str], sample: list[list[str | None]]) -> tuple[dict[int, str], str | None]:
    """The columns DuckDB's CSV reader can type itself, judged on the sample (index → SQL type), and the one
    date format they share. Only what reads the same either way: digits for codes, counts and amounts (a
    `1.234` elsewhere in the file is left to the full reading, where it means 1234), 0/1 for yes/no, dates
    all in one format; any line the reader cannot type so is read again in full."""
    formats = {i: _first_format(_column(sample, i)) for i, n in columns.items() if src.columns[n].type in ("date", "datetime")}
    shared = max(set(formats.values()), key=list(formats.values()).count, default=None)
    native = {}
    for i, name in columns.items():
        kind, values = src.columns[name].type, _column(sample, i)
        if not values:
            continue
        if kind in NATIVE and all(NATIVE[kind][1].fullmatch(v) for v in values):
            native[i] = NATIVE[kind][0]
        elif kind in ("date", "datetime") and formats[i] == shared in YEAR_FIRST and all(_parses(v, shared) for v in values):
            native[i] = "TIMESTAMP"  # not day-first: there a "15/06/25" would be read natively as year 25
    return native, shared


def landing_select(src: Source, columns: dict[int, str], width: int, relation: str, numbers: set[int],
                   scale: int, sample: list[list[str | None]], native: dict[int, str] | None = None,
                   clean: bool = False, broken: set[int] = frozenset()) -> tuple[str, dict]:
    """SELECT over `relation` (cells c0 … c{width-1}, numeric cells n{i} for `numbers`): the typed canonical
    columns, and `_read`: what the reader must know of a row that is not plainly data (JSON, NULL for most rows):
    blank, sparse (at most one required cell), wordy (no digit in any required cell), keyless (a project
    report's row without a project code), its folded text (`line`), and the cells that could not be typed.

    `sample`: the first data rows as text, to try first the date format each column uses; `native`: the
    columns the reader already typed (native_types); `clean`: the file is known to hold no decomposed letters,
    no-break spaces, tabs or U+FFFD (broken text), so that trimming spaces cleans a cell. Returns the SQL and its bound parameters
    (code and label sets, date formats, the amount unit). `broken`: the columns whose broken cells the
    relation names in b{i} (an Excel error, a formula without its value).
    """
    native = native or {}
    params: dict = {"scale": scale, "date_formats": list(DATE_FORMATS)}
    types = {i: src.columns[n].type for i, n in columns.items()}
    numeric = [f"{_number(f'c{i}', f'n{i}' if i in numbers else None)} AS m{i}" for i, t in types.items()
               if t in NUMERIC and i not in native]
    typed = [f"{_native(src.columns[n], i) if i in native else _typed(src.columns[n], i, _column(sample, i), params)} "
             f"AS {quoted(n)}" for i, n in columns.items()]
    if clean:
        typed = [t.replace(f"cell(c{i}) AS", f"spaced(c{i}) AS", 1) for t, i in zip(typed, columns)]
    problems = [(i, n, _problem(src.columns[n], f"c{i}" if i not in native else f"c{i}::VARCHAR"))
                for i, n in columns.items() if (i not in native or native[i] == "TIMESTAMP")
                and not (clean and src.columns[n].type in ("text", "label"))]  # a clean file has no broken text
    problems = [(i, n, f"coalesce(b{i}, {p})" if i in broken else p) for i, n, p in problems]
    required = [i for i, n in columns.items() if src.columns[n].required]
    sparse = " + ".join(["0"] + [f"(c{i} IS NOT NULL)::INTEGER" for i in required]) + " <= 1"
    blank = "regexp_full_match(concat_ws('', " + ", ".join(f"c{i}" if i not in native else f"c{i}::VARCHAR" for i in range(width)) \
        + "), '[\\s\\x{a0}]*')"
    typed_required = " OR ".join(f"c{i} IS NOT NULL" for i in required if i in native)  # a number or date has digits
    no_digit = ("NOT coalesce(regexp_matches(concat(" + ", ".join(["''"] + [f"c{i}" for i in required if i not in native])
                + "), '\\d'), FALSE)")
    wordy = f"CASE WHEN {typed_required} THEN FALSE ELSE {no_digit} END" if typed_required else no_digit  # text searched only when needed
    keyless = f"cell(c{required[0]}::VARCHAR) IS NULL" if src.project_rows and required else "FALSE"
    line = "fold(concat_ws(' ', " + ", ".join(f"c{i}" if i not in native else f"c{i}::VARCHAR" for i in range(width)) + "))"
    bad = " OR ".join(f"p{i} IS NOT NULL" for i, _, _ in problems) or "FALSE"
    listed = ", ".join(f"{{'column': '{n}', 'value': cell(c{i}{'::VARCHAR' if i in native else ''}), 'reason': p{i}}}"
                       for i, n, _ in problems)
    sql = f"""
WITH numbers AS (
    SELECT *{''.join(', ' + e for e in numeric)}
    FROM {relation}
),
typed AS (
    SELECT *, {', '.join(typed)}
    FROM numbers
),
checked AS (
    SELECT *{''.join(f", {p} AS p{i}" for i, _, p in problems)}
    FROM typed
),
flagged AS (
    SELECT *, {sparse} AS _sparse, {wordy} AS _wordy, {keyless} AS _keyless, {bad} AS _bad
    FROM checked
),
classed AS (
    SELECT *, CASE WHEN _sparse THEN {blank} ELSE FALSE END AS _blank
    FROM flagged
)
SELECT {', '.join(quoted(n) for n in columns.values())},
    CASE WHEN _bad OR _sparse OR _wordy OR _keyless THEN to_json({{
        'blank': _blank, 'sparse': _sparse AND NOT _blank, 'wordy': _wordy AND NOT _blank, 'keyless': _keyless AND NOT _blank,
        'line': CASE WHEN NOT _blank THEN {line} END,
        'problems': CASE WHEN _bad THEN list_filter([{listed or "NULL"}], lambda p: p.reason IS NOT NULL) END
    }}) END AS _read
FROM classed"""
    return sql, {k: v for k, v in params.items() if f"${k}" in sql}


def _column(sample: list[list[str | None]], i: int) -> list[str]:
    """The filled cells of column i in the sample rows."""
    return [str(row[i]).strip() for row in sample if i < len(row) and row[i] not in (None, "")]


def _first_format(values: list[str]) -> str:
    """The date format most of these cells are written in (the first of the list when none is)."""
    def reads(fmt: str) -> int:
        return sum(_parses(v, fmt) for v in values)
    return max(DATE_FORMATS, key=reads) if values else DATE_FORMATS[0]


def _parses(value: str, fmt: str) -> bool:
    """True when the text is a date in this format."""
    try:
        datetime.strptime(value, fmt.replace("%.f", ".%f"))
        return True
    except ValueError:
        return False


def _native(col: Column, i: int) -> str:
    """The typed value of a column DuckDB's reader typed itself."""
    return {"bool": f"coalesce(c{i}, FALSE)", "amount": f"c{i}::DOUBLE * $scale", "date": f"real_date(c{i})::DATE",
            "datetime": f"real_date(c{i})"}.get(col.type, f"c{i}")


def _number(cell: str, excel: str | None) -> str:
    """A cell as a number: Excel's numeric cell where kept, else its text, else its text cleaned."""
    parsed = f"coalesce(parse_number({cell}), CASE WHEN {cell} IS NOT NULL THEN {_cleaned(cell, 'parse_number(t)')} END)"
    return f"coalesce({excel}, {parsed})" if excel else parsed


def _typed(col: Column, i: int, sample: list[str], params: dict) -> str:
    """The typed value of column i from its cell text c{i} as it came (or its number m{i}); the text cleaned
    of blanks and decomposed letters is read only where that gave nothing."""
    m, c = f"m{i}", f"c{i}"
    if col.type == "text":
        return f"upper(cell({c}))" if col.upper else f"cell({c})"
    if col.type in ("datetime", "date"):
        params[f"fmt_{i}"] = _first_format(sample)
        parsed = (f"coalesce(real_date(try_strptime({c}, $fmt_{i})), "
                  f"CASE WHEN {c} IS NOT NULL THEN parse_datetime(cell({c}), $date_formats) END)")
        return parsed if col.type == "datetime" else f"{parsed}::DATE"
    if col.type == "bool":
        return f"CASE WHEN {c} = '1' THEN TRUE WHEN {c} = '0' THEN FALSE ELSE {_cleaned(c, 'parse_bool(t)')} END"
    if col.type == "amount":
        return f"{m} * $scale"
    if col.type == "int":
        return f"whole({m})"
    if col.type == "score":
        return f"parse_score(cell({c}))"
    if col.type == "code":
        words, values = _words(f"codes_{col.codes}", {fold(label): code for code, label in codes()[col.codes].items()}, params)
        return f"CASE WHEN {m} IS NOT NULL THEN TRY_CAST(whole({m}) AS SMALLINT) ELSE {values}[list_position({words}, fold({c}))] END"
    if col.type == "label":
        words, values = _words(f"labels_{col.labels}", {fold(label): label for label in labels()[col.labels]}, params)
        return f"CASE WHEN list_contains({values}, {c}) THEN {c} ELSE coalesce({values}[list_position({words}, fold({c}))], cell({c})) END"
    raise ValueError(f"unknown column type {col.type!r} for {col.name}")


def _cleaned(cell: str, parse: str) -> str:
    """`parse` (an expression of t) of the cell cleaned, with the cleaned text bound once (a small plan)."""
    return f"list_transform([cell({cell})], lambda t: {parse})[1]"


def _words(name: str, mapping: dict, params: dict) -> tuple[str, str]:
    """Bind a word → value mapping as two parameters; their names."""
    params[f"{name}_words"], params[f"{name}_values"] = list(mapping), list(mapping.values())
    return f"${name}_words", f"${name}_values"


def _problem(col: Column, cell: str) -> str:
    """SQL giving why a cell could not be typed, or NULL (for a date the reader typed itself: a year before 1900)."""
    if col.type in ("text", "label"):
        return f"CASE WHEN contains({cell}, '\ufffd') THEN '{BROKEN_TEXT}' END"
    return (f"CASE WHEN {quoted(col.name)} IS NULL AND {cell} IS NOT NULL "
            f"THEN CASE WHEN cell({cell}) IS NOT NULL THEN '{TYPE_MESSAGES[col.type]}' END END")
