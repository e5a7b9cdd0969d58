"""Uploading for the Tải dữ liệu page: each file kept in the upload ledger, the command line's `load --json` run in
its own process (the dashboard keeps answering while the load builds a copy and swaps it in, and a load's memory
never weighs on the app), each upload's outcome written, and the outcome shaped as the page's table: one row for
every file of the batch (or sheet of it), whatever became of it."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import polars as pl

from warehouse.app import uploads
from warehouse.display import LOAD_WORDS, column_title, vn_number
from warehouse.plan import Plan
from warehouse.sources import sources

ROOT = Path(__file__).resolve().parents[1]
OUTCOME = {"path": pl.String, "file": pl.String, "file_id": pl.Int64, "sheet": pl.String, "source": pl.String,
           "status": pl.String, "rows_read": pl.Int64, "rows_loaded": pl.Int64, "rows_rejected": pl.Int64,
           "checks_run": pl.Int64, "checks_failed": pl.Int64, "message": pl.String, "warnings": pl.List(pl.String)}
WORDS = LOAD_WORDS | {"error": "Lỗi"}


def run_load(paths: list[Path], warehouse: Path, on_step: Callable[[int, int], None],
             ledger_ids: list[int]) -> tuple[list[dict], str | None]:
    """Load the kept uploads (which the load itself settles in the upload ledger); (the outcome of every file and
    sheet, the command's error message or None)."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:  # a file, not a pipe: it never fills up and blocks
        proc = subprocess.Popen([sys.executable, "-m", "pipelines", "--warehouse", str(warehouse.resolve()), "load", "--json",
                                 "--uploads", ",".join(map(str, ledger_ids)), *map(str, paths)],
                                cwd=ROOT, stdout=out, stderr=subprocess.PIPE, text=True)
        errors = []
        for line in proc.stderr:
            parts = line.split()
            if len(parts) == 3 and parts[0] == "buoc":
                on_step(int(parts[1]), int(parts[2]))
            elif line.strip():
                errors.append(line.strip())
        proc.wait()
        if proc.returncode not in (0, 1):
            return [], " ".join(errors) or f"Lệnh nạp dừng với mã {proc.returncode}."
        out.seek(0)
        return json.loads(out.read()), None


def upload(app: Path, user: str, files: list[tuple[str, bytes]], warehouse: Path, limit_mb: int,
           on_step: Callable[[int, int], None]) -> list[dict]:
    """Keep and load a batch of uploaded files (name, content); the outcome of every file and sheet, in the
    batch's order. A file over the size limit is refused unread; when the load itself fails, every file says why."""
    outcomes: dict[int, list[dict]] = {}
    kept = []
    for n, (name, content) in enumerate(files):
        if len(content) > limit_mb * 1024 * 1024:
            reason = f"{vn_number(len(content) / 1024 / 1024, 1)} MB, quá giới hạn {limit_mb} MB: tệp không được nạp."
            uploads.refuse_too_large(app, user, name, limit_mb)
            outcomes[n] = [_outcome(name, "rejected", reason)]
        else:
            kept.append((n, name, *uploads.keep(app, user, name, content)))
    if kept:
        loaded, problem = run_load([path for *_, path in kept], warehouse, on_step, [ledger_id for _, _, ledger_id, _ in kept])
        by_path: dict[str, list[dict]] = {}
        for o in loaded:
            by_path.setdefault(o["path"], []).append(o)
        for n, name, _, path in kept:
            outcomes[n] = [o | {"file": name} for o in by_path.get(str(path), [])] or [
                _outcome(name, "error", f"Không nạp được: {problem}" if problem else "Lệnh nạp không trả lời về tệp này.")]
        # the load settled its uploads; those it could not (it failed to start, or died) are settled here
        uploads.settle(app, {ledger_id: uploads.outcome_words(outcomes[n]) for n, _, ledger_id, _ in kept})
    return [o for n in sorted(outcomes) for o in outcomes[n]]


def _outcome(name: str, status: str, message: str) -> dict:
    """The outcome of a file the load never recorded."""
    return {"path": None, "file": name, "file_id": None, "sheet": None, "source": None, "status": status, "rows_read": 0,
            "rows_loaded": 0, "rows_rejected": 0, "checks_run": 0, "checks_failed": 0, "message": message, "warnings": []}


def outcome_table(outcomes: list[dict], rejects: pl.DataFrame, plan: Plan) -> pl.DataFrame:
    """The page's table: a row per file (or sheet) with what became of it, why (the message, the quality warnings
    and the commonest reasons its rows were rejected for) and the targets its rows feed.

    `rejects`: the batch's rejected rows, with their `file_id` and `Lý do`."""
    frame = pl.DataFrame(outcomes, schema=OUTCOME)
    title = column_title(pl.col("Cột"))
    why = (pl.when(pl.col("Lý do").str.starts_with(title.fill_null(""))).then(pl.col("Lý do"))  # it names its column already
           .otherwise(pl.concat_str([title, pl.col("Lý do")], separator=": ", ignore_nulls=True)))
    reasons = (rejects.filter(pl.col("Dòng").is_not_null()).group_by("file_id", why.alias("why")).len()
               .sort(["len", "why"], descending=[True, False])
               .group_by("file_id", maintain_order=True)
               .agg(pl.format("{} ({})", "why", "len").head(3).str.join("; ").alias("ly_do_dong")))
    fed = {s: ", ".join(plan.fed_by(s)) for s in {o["source"] for o in outcomes if o["source"]}}
    frame = frame.join(reasons, on="file_id", how="left").with_columns(
        chi_tieu=pl.col("source").replace_strict(fed, default=None, return_dtype=pl.String),
        source=pl.col("source").replace_strict({name: s.label for name, s in sources().items()}, default=pl.col("source")))
    return frame.select(
        pl.col("file").alias("Tệp"), pl.col("sheet").fill_null("").alias("Trang"), pl.col("source").fill_null("").alias("Nguồn"),
        pl.col("rows_read").alias("Đọc"), pl.col("rows_loaded").alias("Nạp"), pl.col("rows_rejected").alias("Loại"),
        pl.when(pl.col("checks_run") > 0).then(pl.format("{}/{} đạt", pl.col("checks_run") - pl.col("checks_failed"),
                                                         pl.col("checks_run"))).otherwise(pl.lit("")).alias("Kiểm tra"),
        pl.col("status").replace_strict(WORDS).alias("Kết quả"),
        pl.concat_str([pl.col("message"), pl.col("warnings").list.join(" "),
                       pl.format("Dòng bị loại: {}.", pl.col("ly_do_dong"))], separator=" ", ignore_nulls=True)
        .str.strip_chars().alias("Lý do"),
        pl.when(pl.col("status") == "loaded").then(pl.col("chi_tieu")).otherwise(pl.lit("")).fill_null("")
        .alias("Chỉ tiêu liên quan"),
    )
