"""Read one export file into canonical rows per sheet, with every other row accounted for."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from pipelines.catalogue import Source, default_commune
from pipelines.files import FileError, Grid, open_grids
from pipelines.header import Layout, find_layout
from pipelines.quality import settings
from pipelines.values import REJECT_SCHEMA, collect_rejects, fold_expr, typed_frame

SIGNATURE = (
    r"^(nguoi lap|nguoi ky|lap bieu|ke toan|thu truong|chu tich|pho chu tich|giam doc|truong phong|xac nhan|tm |t m |ky ten|ky ghi ro|ky va ghi|\(ky|noi nhan|ngay \d+ thang \d+ nam)"
    r"|^[a-z ]{1,60} ngay \d{1,2} thang \d{1,2} nam \d{4}$"  # place and date: "Khúc Thừa Dụ, ngày 10 tháng 01 năm 2026"
)
TOTALS = r"^(tong cong|tong so|cong)\b"


@dataclass
class SheetResult:
    """What one sheet of one file gave: rows to load, rows rejected, and why."""

    path: Path
    sheet: str | None
    source: Source | None = None
    rows: pl.DataFrame | None = None
    rejects: pl.DataFrame = field(default_factory=REJECT_SCHEMA.clear)
    rows_read: int = 0
    snapshot: date | None = None
    snapshot_basis: str | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    scale: int = 1
    quality: list = field(default_factory=list)  # pipelines.quality.Check, one per expectation

    @property
    def rows_rejected(self) -> int:
        """Rows that will not be loaded (all of them when the sheet is rejected)."""
        if self.error:
            return self.rows_read
        return self.rejects["row"].n_unique() if len(self.rejects) else 0

    @property
    def rows_loaded(self) -> int:
        """Rows that go into the warehouse."""
        return self.rows_read - self.rows_rejected


def read_file(path: Path, source: str | None = None, today: date | None = None, commune: str | None = None,
              final: bool = True) -> list[SheetResult]:
    """Read every sheet of a file; a file that cannot be opened gives one failed result.

    With final=False the sheet-level decisions (share of bad rows, file date) wait for finalise(),
    so that the quality gate can add its rejects first.
    """
    today = today or date.today()
    try:
        grids = open_grids(path)
    except FileError as exc:
        return [SheetResult(path=path, sheet=None, error=str(exc))]
    results = [read_grid(path, g, source, today, commune or default_commune()) for g in grids]
    kept = [r for r in results if r is not None]
    if not kept:
        return [SheetResult(path=path, sheet=None, error="Tệp không có dữ liệu (chỉ có trang trống).")]
    for r in kept if final else []:
        finalise(r, today)
    return kept


def finalise(result: SheetResult, today: date) -> None:
    """Take the sheet-level decisions: too many bad rows, or a date that cannot be told, reject it."""
    if result.error:
        return
    try:
        _check_file_level(result, today)
    except FileError as exc:
        result.error = str(exc)
        result.rows = None


def read_grid(path: Path, grid: Grid, source: str | None, today: date, commune: str) -> SheetResult | None:
    """Read one sheet; None for a sheet with nothing in it."""
    result = SheetResult(path=path, sheet=grid.sheet)
    try:
        head = grid.head()
        if not any(any(c not in (None, "") for c in row) for row in head):
            return None
        layout = find_layout(head, source)
        result.source, result.scale = layout.source, layout.titles.scale
        body = grid.body(layout.data_start, layout.width)
        grid.text = None  # the decoded file is in `body` now: let it go
        data, extra = split_rows(body, layout)
        del body
        result.rows_read = len(data)
        if merged := grid.merged_in(layout.data_start):
            result.warnings.append(f"{merged} ô gộp nhiều dòng trong vùng dữ liệu: mỗi dòng của ô gộp nhận giá trị của ô đó.")
        if result.rows_read == 0:
            raise FileError("Chỉ có dòng tiêu đề, không có dòng dữ liệu nào.")
        numbers = _numbers(grid, layout, data)
        extra_numbers = _numbers(grid, layout, extra)
        if extra_numbers is not None:
            extra = pl.concat([extra, extra_numbers], how="horizontal")
        rows, rejects = typed_frame(data.select("_row", *layout.columns.values()), numbers, layout.source, layout.titles.scale, today)
        rows, rejects = _source_checks(layout.source, rows, rejects, extra, result)
        result.rows = _with_commune(rows.filter(~pl.col("_row").is_in(rejects["row"].implode())), commune)
        result.rejects = rejects
        result.snapshot, result.snapshot_basis = snapshot_date(layout, result.rows, today)
    except FileError as exc:
        result.error = str(exc)
        result.rows = None
    return result


def split_rows(body: pl.DataFrame, layout: Layout) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Separate data rows from blank rows, totals, group headings and the signature footer.

    Returns (data rows, non-data rows that are not blank, with their folded text in `_line`).
    """
    cells = [c for c in body.columns if c != "_row"]
    named = body.select("_row", *[pl.col(f"c{i}").str.strip_chars().replace("", None).alias(n) for i, n in layout.columns.items()])
    blank = body.select(pl.all_horizontal(pl.col(c).is_null() for c in cells))[:, 0]
    required = [c for c in layout.source.required if c in named.columns]
    sparse = named.select(pl.sum_horizontal(pl.col(c).is_not_null() for c in required) <= 1)[:, 0] & ~blank
    # signature titles may fill several required cells, but never with a digit as dates and codes do
    wordy = named.select(~pl.any_horizontal(pl.col(c).str.contains(r"\d").fill_null(False) for c in required))[:, 0] & ~blank
    keyless = named[required[0]].is_null() & ~blank if layout.source.project_rows else pl.repeat(False, len(named), eager=True)
    odd_rows = sparse | wordy | keyless
    line = fold_expr(pl.concat_str([pl.col(c) for c in cells], separator=" ", ignore_nulls=True)).fill_null("")
    odd = named.filter(odd_rows).with_columns(
        _line=body.filter(odd_rows).select(line)[:, 0], _sparse=sparse.filter(odd_rows),
        _wordy=(sparse | wordy).filter(odd_rows), _keyless=keyless.filter(odd_rows),
    )
    footer_from = odd.filter(pl.col("_wordy") & pl.col("_line").str.contains(SIGNATURE))["_row"].min()
    extra = odd.filter(pl.col("_sparse") & pl.col("_line").str.contains(TOTALS) | pl.col("_keyless"))
    extra = extra.drop("_sparse", "_wordy", "_keyless")
    keep = ~blank & ~named["_row"].is_in(extra["_row"].implode())
    if footer_from is not None:
        keep = keep & (named["_row"] < footer_from)
        extra = extra.filter(pl.col("_row") < footer_from)
    return (named if keep.all() else named.filter(keep)), extra


def _numbers(grid: Grid, layout: Layout, data: pl.DataFrame) -> pl.DataFrame | None:
    """Excel's numeric amount cells, aligned with the data rows, when amounts are in a larger unit.

    In đồng, amounts are whole numbers and their text form is unambiguous; in triệu đồng a numeric
    cell 1.234 and a text cell `1.234` (Vietnamese for 1234) differ, so the cell type is needed.
    """
    wanted = {i: n for i, n in layout.columns.items() if layout.source.columns[n].type == "amount"}
    if layout.titles.scale == 1 or not wanted:
        return None
    numbers = grid.body_numbers(layout.data_start)
    if numbers is None:
        return None
    frame = numbers.with_row_index("_row", offset=grid.first_row + layout.data_start).select(
        "_row", *[pl.col(f"c{i}").alias(f"_n_{n}") for i, n in wanted.items() if f"c{i}" in numbers.columns]
    )
    return data.select("_row").join(frame, on="_row", how="left", maintain_order="left").drop("_row")


def _source_checks(src: Source, rows: pl.DataFrame, rejects: pl.DataFrame, extra: pl.DataFrame, result: SheetResult):
    """Apply the source module's own row and sheet checks."""
    module = importlib.import_module(f"pipelines.sources.{src.name}")
    checks = getattr(module, "row_checks", lambda: [])()
    if checks:
        flags = [e.alias(f"_p{i}") for i, (_, e) in enumerate(checks)]
        failed = rows.with_columns(*flags).filter(pl.any_horizontal(pl.col(f"_p{i}").is_not_null() for i in range(len(checks))))
        failed = failed.with_columns(pl.col(c).cast(pl.String).alias(f"_t_{c}") for c in {c for c, _ in checks})
        rejects = pl.concat([rejects, collect_rejects(failed, [c for c, _ in checks])])
    for message in getattr(module, "sheet_checks", lambda *a: [])(rows, extra, result.scale):
        raise FileError(message)
    return rows, rejects


def _with_commune(rows: pl.DataFrame, commune: str) -> pl.DataFrame:
    """Every row carries ma_xa: its own column when filled, else the configured commune."""
    if "ma_xa" in rows.columns:
        return rows.with_columns(pl.col("ma_xa").fill_null(commune))
    return rows.with_columns(ma_xa=pl.lit(commune))


def snapshot_date(layout: Layout, rows: pl.DataFrame, today: date) -> tuple[date | None, str | None]:
    """The file's date: title rows, else a date column, else the latest update, else the latest event."""
    if layout.titles.snapshot:
        return layout.titles.snapshot, f"dòng tiêu đề: {layout.titles.snapshot_label}"
    src = layout.source
    tries = [(c, f"cột {c}") for c in src.snapshot_columns]
    if src.updated_column:
        tries.append((src.updated_column, f"ngày cập nhật mới nhất ({src.updated_column})"))
    for column, basis in tries:
        if column in rows.columns and len(rows):
            latest = rows[column].max()
            if latest is not None:
                return (latest.date() if hasattr(latest, "date") else latest), basis
    return _latest_event(rows, [c for c in src.event_dates if c in rows.columns])


def _latest_event(rows: pl.DataFrame, events: list[str]) -> tuple[date | None, str | None]:
    """The latest date in any event column, and the column it is in."""
    latest = {c: rows[c].cast(pl.Date).max() for c in events}
    column = max((c for c in events if latest[c] is not None), key=latest.get, default=None)
    return (latest[column], f"ngày sự kiện mới nhất ({column})") if column else (None, None)


def _check_file_level(result: SheetResult, today: date) -> None:
    """Reject the sheet when too many rows are bad, or when its date cannot be told."""
    bad, share = result.rows_rejected, settings()["max_bad_share"]
    if bad > settings()["max_bad_rows"] and bad > share * result.rows_read:
        raise FileError(
            f"{bad}/{result.rows_read} dòng lỗi (quá {share:.0%}): cả tệp bị từ chối; sửa các dòng lỗi rồi nạp lại."
        )
    if result.snapshot is None and result.rows_loaded == 0:
        raise FileError(f"Cả {bad}/{result.rows_read} dòng đều lỗi, không còn dòng nào để nạp; sửa các dòng lỗi rồi nạp lại.")
    if result.snapshot is None:
        raise FileError("Không xác định được ngày số liệu: thêm dòng 'Tính đến ngày dd/mm/yyyy' hoặc cột 'Ngày dữ liệu'.")
    if result.snapshot > today:
        raise FileError(f"Ngày số liệu {result.snapshot:%d/%m/%Y} sau ngày nạp tệp: kiểm tra lại dòng tiêu đề.")
