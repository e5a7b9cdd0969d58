"""E-office: the incoming-document register (mid-year and year end) and the work-file export that stops in October."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.demo.common import (
    DEPARTMENTS,
    MERGER,
    PREDECESSORS,
    UBND,
    YEAR_END,
    busday,
    kept,
    vals,
    working_days,
    yes,
)
from pipelines.demo.tables import mapping, table
from pipelines.demo.workbook import Workbook

# issuer | level | symbol suffix | weight
AUTHORS = table("authors")
DOC_TYPES = ["Công văn", "Kế hoạch", "Quyết định", "Thông báo", "Giấy mời", "Báo cáo", "Hướng dẫn"]
DOC_TOPICS = mapping("documents")["topics"]
# Central legal normative documents: symbol | type | title | day received (the issuer follows from the symbol)
CENTRAL_LAWS = table("central_laws")
ISSUERS = {"QH15": "Quốc hội", "CP": "Chính phủ", "BNV": "Bộ Nội vụ", "BTP": "Bộ Tư pháp", "BTC": "Bộ Tài chính"}


def _documents(rng: np.random.Generator) -> pl.DataFrame:
    """The year's incoming documents in order of arrival, central legal documents among them."""
    days = working_days("2025-01-02", "2026-01-01")
    n = int(rng.integers(1750, 1900))
    day = days[rng.integers(0, len(days), n)]
    weights = np.array([float(a[3]) for a in AUTHORS])
    author = np.array(AUTHORS)[rng.choice(len(AUTHORS), n, p=weights / weights.sum())]
    kind = np.array(DOC_TYPES)[rng.choice(len(DOC_TYPES), n, p=[0.45, 0.12, 0.1, 0.1, 0.12, 0.06, 0.05])]
    topic = np.array(DOC_TOPICS)[rng.integers(0, len(DOC_TOPICS), n)]
    has_deadline = rng.random(n) < 0.4
    allowed = rng.integers(3, 20, n)
    due = busday(day, allowed)
    finish = busday(day, np.minimum(rng.integers(1, 15, n), allowed))
    finish = np.where(rng.random(n) < 0.04, busday(due, rng.integers(1, 6, n)), finish)  # a few handled late
    finish = np.where(~has_deadline & (rng.random(n) < 0.25), np.datetime64("NaT"), finish)  # for information
    secret = np.where(rng.random(n) < 0.015, "Mật", "Thường")
    frame = pl.DataFrame({
        "ngay_den": day, "tac_gia": author[:, 0], "cap_ban_hanh": author[:, 1],
        "so_ky_hieu": pl.Series(rng.integers(12, 4800, n)).cast(pl.String) + "/" + pl.Series(author[:, 2]),
        "ngay_van_ban": day - rng.integers(0, 5, n).astype("timedelta64[D]"),
        "loai_van_ban": kind, "trich_yeu": pl.Series(kind) + " về việc " + pl.Series(topic),
        "la_vbqppl": np.zeros(n, bool), "han_xu_ly": np.where(has_deadline, due, np.datetime64("NaT")),
        "ngay_hoan_thanh": np.where(finish > np.datetime64("2025-12-31"), np.datetime64("NaT"), finish),
        "don_vi_xu_ly_chinh": np.array(DEPARTMENTS)[rng.integers(0, len(DEPARTMENTS), n)],
        "do_mat": kept("do_mat", secret, (secret == "Mật") | (rng.random(n) < 0.5)),
    })
    laws = _central_laws(rng).select(frame.columns)
    return pl.concat([frame, laws], how="vertical_relaxed").sort("ngay_den", "so_ky_hieu").with_columns(
        so_den=pl.int_range(1, pl.len() + 1).cast(pl.String)
    )


def _central_laws(rng: np.random.Generator) -> pl.DataFrame:
    """Central legal normative documents, each deployed (plan or guidance issued) by its deadline."""
    n = len(CENTRAL_LAWS)
    day = np.array([x[3] for x in CENTRAL_LAWS], dtype="datetime64[D]")
    return pl.DataFrame({
        "ngay_den": day,
        "tac_gia": [ISSUERS[x[0].split("/")[-1].split("-")[-1]] for x in CENTRAL_LAWS],
        "cap_ban_hanh": ["Trung ương"] * n,
        "so_ky_hieu": [x[0] for x in CENTRAL_LAWS],
        "ngay_van_ban": day - rng.integers(10, 40, n).astype("timedelta64[D]"),
        "loai_van_ban": [x[1] for x in CENTRAL_LAWS],
        "trich_yeu": [x[2] for x in CENTRAL_LAWS],
        "la_vbqppl": np.ones(n, bool),
        "han_xu_ly": busday(day, 15),
        "ngay_hoan_thanh": busday(day, rng.integers(4, 14, n)),
        "don_vi_xu_ly_chinh": ["Văn phòng HĐND và UBND xã"] * n,
        "do_mat": ["Thường"] * n,
    })


def write_documents(folder: Path, rng: np.random.Generator) -> list[Path]:
    """The incoming-document register exported at mid-year and at year end."""
    docs = _documents(rng)
    files = []
    for day in (date(2025, 6, 30), YEAR_END):
        rows = docs.filter(pl.col("ngay_den") <= day).with_columns(
            ngay_hoan_thanh=pl.when(pl.col("ngay_hoan_thanh") <= day).then(pl.col("ngay_hoan_thanh"))
        )
        book = Workbook(folder / f"so_van_ban_den_{day:%Y-%m-%d}.xlsx")
        titles = [UBND, "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", f"Từ ngày 01/01/2025 đến ngày {day:%d/%m/%Y}",
                  f"Ngày xuất: {day:%d/%m/%Y}", ""]
        columns = [
            ("Số đến", None, vals(rows["so_den"]), "text"),
            ("Ngày đến", None, vals(rows["ngay_den"]), "date"),
            ("Tác giả", None, vals(rows["tac_gia"]), "text"),
            ("Số, ký hiệu", None, vals(rows["so_ky_hieu"]), "text"),
            ("Ngày văn bản", None, vals(rows["ngay_van_ban"]), "date"),
            ("Loại văn bản", None, vals(rows["loai_van_ban"]), "text"),
            ("Trích yếu nội dung", None, vals(rows["trich_yeu"]), "text"),
            ("Văn bản QPPL", None, yes(rows["la_vbqppl"]), "text"),
            ("Cấp ban hành", None, vals(rows["cap_ban_hanh"]), "text"),
            ("Đơn vị xử lý chính", None, vals(rows["don_vi_xu_ly_chinh"]), "text"),
            ("Hạn xử lý", None, vals(rows["han_xu_ly"]), "date"),
            ("Ngày hoàn thành", None, vals(rows["ngay_hoan_thanh"]), "date"),
            ("Độ mật", None, vals(rows["do_mat"]), "text"),
        ]
        book.titled_sheet("So van ban den", titles, columns, numbers=True)
        files.append(book.close())
    return files


def write_work_files(path: Path, rng: np.random.Generator) -> Path:
    """E-office work files up to 15/10/2025 as Excel "Unicode text" (UTF-16, tabs): the stale source."""
    days = working_days("2025-01-02", "2025-10-16")
    n = int(rng.integers(2200, 2500))
    day = np.sort(days[rng.integers(0, len(days), n)])
    month = day.astype("datetime64[M]").astype(np.int64) % 12
    online = rng.random(n) < 0.735 + 0.005 * month  # rising from ~73% to ~78%
    secret = np.select([rng.random(n) < 0.025, rng.random(n) < 0.004], ["Mật", "Tối mật"], "")
    secret = np.where((secret == "") & (rng.random(n) < 0.5), "Thường", secret)  # often left empty
    unit = np.where(day < MERGER, np.array([x[2] for x in PREDECESSORS])[rng.integers(0, 3, n)],
                    np.array(DEPARTMENTS)[rng.integers(0, len(DEPARTMENTS), n)])
    closed = (day < np.datetime64("2025-09-15")) & (rng.random(n) < 0.85)
    table = pl.DataFrame({
        "Mã hồ sơ công việc": "HSCV.2025." + pl.Series(np.arange(1, n + 1)).cast(pl.String).str.zfill(5),
        "Tiêu đề": "Hồ sơ " + pl.Series(np.array(DOC_TOPICS)[rng.integers(0, len(DOC_TOPICS), n)]),
        "Đơn vị": unit,
        "Ngày mở hồ sơ": pl.Series(day).dt.strftime("%d/%m/%Y"),
        "Xử lý trên môi trường mạng": np.where(online, "Có", "Không"),
        "Độ mật": secret,
        "Trạng thái": np.where(closed, "Đã kết thúc", "Đang xử lý"),
    })
    titles = ["HỆ THỐNG QUẢN LÝ VĂN BẢN VÀ ĐIỀU HÀNH", "DANH SÁCH HỒ SƠ CÔNG VIỆC", "Ngày xuất: 15/10/2025"]
    head = "".join(t + "\t" * (table.width - 1) + "\r\n" for t in titles)
    body = table.write_csv(separator="\t", line_terminator="\r\n", quote_style="never")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((head + body).encode("utf-16"))
    return path
