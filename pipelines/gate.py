"""The quality gate: run a landed sheet's suite, reject the rows that fail, decide whether the sheet itself
is rejected, and date it. Every decision about a sheet's rows is taken here.

A row is bad when a cell could not be typed (the reader named it) or when it fails a critical
row-level expectation; bad rows are rejected alone, unless there are too many: then the whole sheet is.
A failed warning-level expectation is a warning. A sheet whose date cannot be told, or lies after the
load date, is rejected.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path

import duckdb

from pipelines.extract import Sheet
from pipelines.header import month_of_name
from pipelines.quality import Check, Expectation, as_written, run, shape_of, suite
from pipelines.threads import cursor_pool, result
from warehouse.plan import Plan, target_ids
from warehouse.publish import SQL_TYPES
from warehouse.sources import Source

SETTINGS = Path(__file__).resolve().parents[1] / "expectations" / "gate.toml"
VIEW, FAILURES = "sheet_rows", "gate_failures"  # per cursor (temporary)
CATALOGUE = "thu_tuc"  # the source whose codes known_values reads


@cache
def settings() -> dict:
    """The gate's settings (expectations/gate.toml)."""
    return tomllib.loads(SETTINGS.read_text(encoding="utf-8"))


def check_all(con: duckdb.DuckDBPyConnection, sheets: list[Sheet], today: date, plan: Plan | None = None) -> Iterator[Sheet]:
    """check() every sheet against the plan (by default the one in force), yielding each in order once checked: the
    catalogue's sheets first, one after another (other sheets' suites read the codes they leave), then the rest a
    few at once."""
    for sheet in filter(_is_catalogue, sheets):
        check(con, sheet, today, plan)
    with cursor_pool(con) as submit:
        checking = [None if _is_catalogue(sheet) else submit(check, sheet, today, plan) for sheet in sheets]
        for sheet, future in zip(sheets, checking):
            if future:
                result(future)
            yield sheet


def _is_catalogue(sheet: Sheet) -> bool:
    """Whether the sheet is a procedure catalogue, whose codes other suites read."""
    return sheet.source is not None and sheet.source.name == CATALOGUE


def check(con: duckdb.DuckDBPyConnection, sheet: Sheet, today: date, plan: Plan | None = None) -> None:
    """Run the sheet's suite (target ids checked against `plan`, by default the one in force), record its rejects,
    decide the sheet, and leave only its accepted rows."""
    if sheet.error:
        return
    the_suite = suite(sheet.source.name)
    validation_view(con, sheet.source, sheet.file_id, the_suite.derived)
    con.execute(f'CREATE OR REPLACE TEMP TABLE {FAILURES} ("check" INTEGER, "row" INTEGER)')
    context = known_values(con, sheet.source, sheet.file_id, today, plan)
    expectations = list(enumerate(the_suite.expectations))
    shape = shape_of(con, VIEW)
    checks = run(con, VIEW, [(i, e) for i, e in expectations if not e.waits_for()], context, sheet.present, FAILURES, shape)
    broken = [i for i, e in expectations if e.structural and i in checks and checks[i].success is False]
    sheet.snapshot, sheet.snapshot_basis = _snapshot(con, sheet, broken)
    context |= {"snapshot": sheet.snapshot, "previous_half": previous_half(con, sheet.source, sheet.file_id, sheet.snapshot)}
    checks |= run(con, VIEW, [(i, e) for i, e in expectations if e.waits_for()], context, sheet.present, FAILURES, shape)
    sheet.quality = [checks[i] for i, _ in expectations]
    _record_rejects(con, sheet, expectations, sheet.quality)
    sheet.warnings += [_warning(c) for c in sheet.quality if c.success is False and (c.severity == "warning" or c.raised)]
    sheet.bad_rows = con.execute('SELECT count(DISTINCT "row") FROM rejects WHERE file_id = ? AND "row" IS NOT NULL',
                                  [sheet.file_id]).fetchall()[0][0]
    sheet.error = _sheet_problem(sheet, today) or _raised(sheet.quality)
    keep = "FALSE" if sheet.error else '_row NOT IN (SELECT "row" FROM rejects WHERE file_id = $f AND "row" IS NOT NULL)'
    con.execute(f"DELETE FROM {sheet.table} WHERE _file_id = $f AND NOT ({keep})", {"f": sheet.file_id})
    con.execute(f"UPDATE {sheet.table} SET _read = NULL WHERE _file_id = $f AND _read IS NOT NULL", {"f": sheet.file_id})


def validation_view(con: duckdb.DuckDBPyConnection, source: Source, file_id: int, derived: dict) -> None:
    """The rows the suite sees (view sheet_rows): a sheet's rows whose every cell was typed, dates by calendar
    day, and the suite's derived columns."""
    columns = [f"CAST({c.name} AS DATE) AS {c.name}" if SQL_TYPES[c.type] == "TIMESTAMP" else c.name
               for c in source.columns.values()]
    extra = "".join(f", {sql} AS {name}" for name, sql in derived.items())
    con.execute(f"CREATE OR REPLACE TEMP VIEW {VIEW} AS SELECT *{extra} FROM ("
                f"SELECT _row, {', '.join(columns)} FROM raw_{source.name} "
                f"WHERE _file_id = {int(file_id)} AND json_extract_string(_read, '$.problems') IS NULL)")


def known_values(con: duckdb.DuckDBPyConnection, source: Source, file_id: int, today: date, plan: Plan | None = None) -> dict:
    """The load-time values a suite may name that are known before the sheet's date: the load date, the
    plan's target ids, the procedure codes loaded for the sheet's communes (None when no catalogue is)."""
    codes = con.execute(f"SELECT list(DISTINCT ma_tthc ORDER BY ma_tthc) FROM raw_{CATALOGUE} WHERE ma_xa IN "
                        f"(SELECT ma_xa FROM raw_{source.name} WHERE _file_id = ?)", [file_id]).fetchall()[0][0]
    return {"today": today, "ma_chi_tieu": sorted(target_ids(plan)), "catalogue_ma_tthc": codes or None}


def _snapshot(con: duckdb.DuckDBPyConnection, sheet: Sheet, broken: list[int]) -> tuple[date | None, str | None]:
    """The sheet's date: its title rows, else a date column, else the latest update, else the latest event date.

    A row that breaks the catalogue's own rules (the `broken` checks: a date to come, a value outside its
    set…) does not date the sheet.
    """
    if sheet.source.snapshot == "month":
        return _month(sheet)
    if sheet.titles.snapshot:
        return sheet.titles.snapshot, f"dòng tiêu đề: {sheet.titles.snapshot_label}"
    src = sheet.source
    tries = [(c, f"cột {c}") for c in src.snapshot_columns]
    if src.updated_column:
        tries.append((src.updated_column, f"ngày cập nhật mới nhất ({src.updated_column})"))
    ordered = len(tries)  # date columns and the update date are tried in order; event dates by the latest
    tries += [(c, f"ngày sự kiện mới nhất ({c})") for c in src.event_dates]
    latest = con.execute(f"SELECT {', '.join(f'max({c})' for c, _ in tries)} FROM {VIEW} "
                         f'WHERE _row NOT IN (SELECT "row" FROM {FAILURES} WHERE list_contains($broken, "check"))',
                         {"broken": broken}).fetchall()[0]
    found = [(d, basis, i) for i, (d, (_, basis)) in enumerate(zip(latest, tries)) if d is not None]
    if not found:
        return None, None
    if found[0][2] < ordered:
        return found[0][:2]
    return max(found, key=lambda f: f[0])[:2]


def _month(sheet: Sheet) -> tuple[date | None, str | None]:
    """The month of a sheet dated by a month (its first day): its title rows, else its file name, else the load's --month."""
    if sheet.titles.month:
        return sheet.titles.month, f"dòng tiêu đề: {sheet.titles.month_label}"
    if named := month_of_name(sheet.path.name):
        return named, f"tên tệp: {sheet.path.name}"
    if sheet.month:
        return sheet.month, "tháng được chỉ định khi nạp (--month)"
    return None, None


def previous_half(con: duckdb.DuckDBPyConnection, source: Source, file_id: int, snapshot: date | None) -> float | None:
    """Half the rows of the source's latest earlier snapshot for the sheet's communes (None if none, or not a snapshot)."""
    if source.kind != "snapshot" or snapshot is None:
        return None
    return con.execute(
        "SELECT sum(n) / 2 FROM (SELECT f.ma_xa, arg_max(f.so_dong, l.snapshot_date) AS n "
        "FROM load_ledger AS l JOIN file_rows AS f USING (file_id) "
        "WHERE l.source = $source AND l.snapshot_date < $snapshot "
        f"AND f.ma_xa IN (SELECT ma_xa FROM raw_{source.name} WHERE _file_id = $f) "
        "GROUP BY f.ma_xa)",
        {"source": source.name, "snapshot": snapshot, "f": file_id},
    ).fetchall()[0][0]


def _record_rejects(con: duckdb.DuckDBPyConnection, sheet: Sheet, expectations: list[tuple[int, Expectation]],
                    checks: list[Check]) -> None:
    """Rejected cells: those that could not be typed, and those of the rows each failed critical check names."""
    where = {"f": sheet.file_id, "path": str(sheet.path), "sheet": sheet.sheet}
    con.execute(
        'INSERT INTO rejects SELECT $f, $path, $sheet, _row, p."column", p.value, p.reason '
        f"FROM (SELECT _row, unnest(note(_read).problems) AS p FROM {sheet.table} "
        "WHERE _file_id = $f AND note(_read).problems IS NOT NULL)",
        where)
    for (index, _), c in zip(expectations, checks):
        if c.success is not False or c.severity != "critical" or not c.row_level:
            continue
        shown = c.column if c.column in sheet.source.columns else c.column.lstrip("_") if c.column else None
        value = as_written(c.column) if c.column else "NULL"
        con.execute(
            f"INSERT INTO rejects SELECT $f, $path, $sheet, _row, $column, {value}, $reason FROM {VIEW} "
            f'WHERE _row IN (SELECT "row" FROM {FAILURES} WHERE "check" = $i)',
            where | {"column": shown, "reason": c.message, "i": index})


def _warning(c: Check) -> str:
    """A failed warning-level check (or one that could not run), in words."""
    count = f": {c.unexpected_count} dòng" if c.unexpected_count else ""
    ran = f" (kiểm tra không chạy được: {c.exception})" if c.raised else ""  # not a data finding
    return f"{c.message}{count}{ran}."


def _sheet_problem(sheet: Sheet, today: date) -> str | None:
    """Why the whole sheet is rejected, every reason at once: too many bad rows or none left, and a date that cannot be
    told or is to come (a date the bad rows would have told is not a reason of its own; a month never comes from rows)."""
    rows = _rows_problem(sheet)
    when = _date_problem(sheet, today) if not rows or sheet.snapshot or sheet.source.snapshot == "month" else None
    return " ".join(p for p in (rows, when) if p) or None


def _rows_problem(sheet: Sheet) -> str | None:
    """Too many bad rows, or no row left to load."""
    bad, share = sheet.bad_rows, settings()["max_bad_share"]
    if bad > settings()["max_bad_rows"] and bad > share * sheet.rows_read:
        return f"{bad}/{sheet.rows_read} dòng lỗi (quá {share:.0%}): cả tệp bị từ chối; sửa các dòng lỗi rồi nạp lại."
    if sheet.snapshot is None and bad == sheet.rows_read:
        return f"Cả {bad}/{sheet.rows_read} dòng đều lỗi, không còn dòng nào để nạp; sửa các dòng lỗi rồi nạp lại."
    return None


def _date_problem(sheet: Sheet, today: date) -> str | None:
    """A date (or month) that cannot be told, or is to come."""
    if sheet.snapshot is None and sheet.source.snapshot == "month":
        return ("Không xác định được tháng của bảng điểm: thêm dòng 'Tháng mm/yyyy' trên dòng tiêu đề cột, "
                "đặt tên tệp có tháng (ví dụ T10_2025) hoặc nạp với --month YYYY-MM.")
    if sheet.snapshot is None:
        return "Không xác định được ngày số liệu: thêm dòng 'Tính đến ngày dd/mm/yyyy' hoặc cột 'Ngày dữ liệu'."
    if sheet.snapshot > today:
        return f"Ngày số liệu {sheet.snapshot:%d/%m/%Y} sau ngày nạp tệp: kiểm tra lại dòng tiêu đề."
    return None


def _raised(checks: list[Check]) -> str | None:
    """A critical check that could not run rejects the sheet: it was not shown to be fine."""
    failed = [c for c in checks if c.raised and c.severity == "critical"]
    return f"Kiểm tra bắt buộc không chạy được: {failed[0].message} ({failed[0].exception})" if failed else None
