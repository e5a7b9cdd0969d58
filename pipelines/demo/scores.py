"""The national portal's 766 scores, as the city passes them down each month."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pipelines.demo.tables import table
from pipelines.demo.workbook import Workbook

# unit id | name | administrative code | share of each group's maximum in January | monthly change of those shares
SCORE_UNITS = table("score_units")
SCORE_MAX = {"TDGQ": 20, "MDHL": 18, "MDSH": 22, "TTTT": 10, "CLGQ": 12, "CKMB": 18}
SCORE_TITLE = "KẾT QUẢ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP TRONG THỰC HIỆN TTHC, DVC (QĐ 766/QĐ-TTg)"


def _monthly_scores(rng: np.random.Generator) -> np.ndarray:
    """Scores (month × unit × group), each group's share of its maximum drifting month by month with some noise,
    rounded as the portal publishes them."""
    start = np.array([float(u[3]) for u in SCORE_UNITS])
    drift = np.array([float(u[4]) for u in SCORE_UNITS])
    months = np.arange(12)[:, None, None]
    noise = rng.normal(0, 0.025, (12, len(SCORE_UNITS), len(SCORE_MAX)))
    share = np.clip(start[None, :, None] + drift[None, :, None] * months + noise, 0.4, 1.0)
    return np.round(share * np.array(list(SCORE_MAX.values()))[None, None, :], 2)


def _score_sheet(book: Workbook, name: str, month: str, scores: np.ndarray) -> None:
    """One sheet of the table: a unit per row, scores as text with a dot, the total the sum of the groups."""
    totals = scores.sum(axis=1)
    order = np.argsort(-totals, kind="stable")
    book.titled_sheet(name, [SCORE_TITLE, month, ""], [
        ("ROW_STT", None, list(range(1, len(order) + 1)), "int"),
        ("ID_COQUAN", None, [SCORE_UNITS[i][0] for i in order], "text"),
        ("TEN_COQUAN", None, [SCORE_UNITS[i][1] for i in order], "text"),
        ("MA_COQUAN", None, [SCORE_UNITS[i][2] or None for i in order], "text"),
        ("LOAI_COQUAN", None, [3] * len(order), "int"),
        *((code, None, [f"{scores[i, g]:.2f}" for i in order], "text") for g, code in enumerate(SCORE_MAX)),
        ("TONG_SCORE", None, [f"{totals[i]:.2f}" for i in order], "text"),
    ])


def write_scores(folder: Path, rng: np.random.Generator) -> list[Path]:
    """A workbook a month: the month's commune scores and the year's to date (the mean of the months so far)."""
    scores, files = _monthly_scores(rng), []
    for m in range(12):
        book = Workbook(folder / f"diem_766_T{m + 1:02d}_2025.xlsx")
        _score_sheet(book, "Xã, phường", f"Tháng {m + 1:02d}/2025", scores[m])
        _score_sheet(book, "Điểm năm", f"Năm 2025, lũy kế đến tháng {m + 1:02d}/2025", np.round(scores[: m + 1].mean(axis=0), 2))
        files.append(book.close())
    return files
