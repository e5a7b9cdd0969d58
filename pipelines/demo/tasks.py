"""The e-office tracker's tasks assigned by the city, exported at year end."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from pipelines.demo.common import DEPT_NAMES, UBND, YEAR_END, vals, working_days
from pipelines.demo.tables import table
from pipelines.demo.workbook import Workbook

# Tasks with a fixed fate: content | assigned by | lead | day assigned | days allowed | ok / late / open
TASKS = table("tasks")
# content | lead, for the other tasks
TASK_TOPICS = table("task_topics")


def _tasks(rng: np.random.Generator) -> pl.DataFrame:
    """About 40 city tasks: one finished late, one overdue at year end, the rest on time or not yet due."""
    days = working_days("2025-01-06", "2025-12-20")
    n = int(rng.integers(36, 44))
    day = np.sort(days[rng.integers(0, len(days), n)])
    allowed = rng.integers(10, 45, n)
    finish = day + (allowed * rng.uniform(0.4, 1.0, n)).astype(np.int64).astype("timedelta64[D]")
    fixed_day = np.array([t[3] for t in TASKS], dtype="datetime64[D]")
    fixed_allowed = np.array([int(t[4]) for t in TASKS])
    fate = np.array([t[5] for t in TASKS])
    fixed_finish = np.where(fate == "late", fixed_day + fixed_allowed + 8, fixed_day + fixed_allowed - 5)
    topic = np.array(TASK_TOPICS)[rng.integers(0, len(TASK_TOPICS), n)]
    frame = pl.DataFrame({
        "noi_dung": np.concatenate([topic[:, 0], [t[0] for t in TASKS]]),
        "co_quan_giao": np.concatenate([np.where(rng.random(n) < 0.7, "UBND thành phố", "Chủ tịch UBND thành phố"),
                                        [t[1] for t in TASKS]]),
        "don_vi": np.concatenate([topic[:, 1], [t[2] for t in TASKS]]),
        "ngay_giao": np.concatenate([day, fixed_day]),
        "han_hoan_thanh": np.concatenate([day + allowed, fixed_day + fixed_allowed]),
        "ngay_hoan_thanh": np.concatenate([finish, np.where(fate == "open", np.datetime64("NaT"), fixed_finish)]),
    }).sort("ngay_giao")
    return frame.with_columns(
        ma_nhiem_vu=pl.format("NV.2025.{}", pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(3)),
        don_vi=pl.col("don_vi").replace_strict(DEPT_NAMES),
        ngay_hoan_thanh=pl.when(pl.col("ngay_hoan_thanh") <= YEAR_END).then(pl.col("ngay_hoan_thanh")),
    )


def write_tasks(path: Path, rng: np.random.Generator) -> Path:
    """The e-office tracker's list of tasks assigned by the city, exported 31/12/2025."""
    t = _tasks(rng)
    book = Workbook(path)
    titles = [UBND, "THEO DÕI NHIỆM VỤ UBND THÀNH PHỐ, CHỦ TỊCH UBND THÀNH PHỐ GIAO", "Ngày xuất: 31/12/2025", ""]
    columns = [
        ("STT", None, list(range(1, t.height + 1)), "int"),
        ("Mã nhiệm vụ", None, vals(t["ma_nhiem_vu"]), "text"),
        ("Nội dung nhiệm vụ", None, vals(t["noi_dung"]), "text"),
        ("Cơ quan giao", None, vals(t["co_quan_giao"]), "text"),
        ("Ngày giao", None, vals(t["ngay_giao"]), "date"),
        ("Hạn hoàn thành", None, vals(t["han_hoan_thanh"]), "date"),
        ("Ngày hoàn thành", None, vals(t["ngay_hoan_thanh"]), "date"),
        ("Đơn vị chủ trì", None, vals(t["don_vi"]), "text"),
    ]
    book.titled_sheet("Nhiem vu", titles, columns, numbers=True)
    return book.close()
