"""Disbursement of the public investment plan: monthly reports in triệu đồng, with headings, subtotals and totals."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import numpy as np

from pipelines.demo.common import UBND, YEAR_END, month_end
from pipelines.demo.tables import table
from pipelines.demo.workbook import Workbook, footer

# code | name | capital group | khởi công mới (1) | plan (triệu đồng) | share disbursed at 31/12 | first month listed
PROJECTS = table("projects")
GROUPS = {"I": ("I. Vốn ngân sách xã", "Ngân sách xã"),
          "II": ("II. Vốn ngân sách thành phố hỗ trợ có mục tiêu", "Ngân sách thành phố hỗ trợ")}
CURVE = np.array([0.03, 0.06, 0.11, 0.17, 0.24, 0.33, 0.40, 0.48, 0.57, 0.66, 0.77, 1.0])
STALLED = "7991207"  # the sports ground: site clearance


def _disbursed(rng: np.random.Generator) -> np.ndarray:
    """Cumulative disbursement (triệu đồng) per project (rows) and month (columns), never decreasing."""
    plan = np.array([float(p[4]) for p in PROJECTS])
    share = np.array([float(p[5]) for p in PROJECTS])
    first = np.array([int(p[6]) for p in PROJECTS])
    curve = CURVE * rng.uniform(0.85, 1.15, (len(PROJECTS), 12))
    curve = np.maximum.accumulate(np.where(np.arange(12) < first[:, None] - 1, 0.0, curve), axis=1)
    curve = np.minimum(curve / curve[:, -1:], 1.0)
    return np.round(curve * (share * plan)[:, None], 3)


def _disbursement_rows(done: np.ndarray, month: int) -> list[list]:
    """The report's rows: group headings, sub-groups with their projects and `Cộng`, then `Tổng cộng`."""
    rows, total_plan, total_done = [], 0.0, 0.0
    for g, (heading, source) in GROUPS.items():
        rows.append([None, None, heading] + [None] * 6)
        for s, (new, label) in enumerate([("0", "Dự án chuyển tiếp"), ("1", "Dự án khởi công mới")], start=1):
            members = [i for i, p in enumerate(PROJECTS) if p[2] == g and p[3] == new and int(p[6]) <= month]
            if not members:
                continue
            rows.append([str(s), None, label] + [None] * 6)
            for k, i in enumerate(members, start=1):
                code, name, plan = PROJECTS[i][0], PROJECTS[i][1], float(PROJECTS[i][4])
                note = "Vướng giải phóng mặt bằng" if code == STALLED and month >= 6 else None
                ratio = round(100 * done[i] / plan, 1)
                rows.append([f"{s}.{k}", code, name, "UBND xã Khúc Thừa Dụ", source, plan, float(done[i]), ratio, note])
            plan_sum = sum(float(PROJECTS[i][4]) for i in members)
            done_sum = float(sum(done[i] for i in members))
            rows.append([None, None, "Cộng", None, None, round(plan_sum, 3), round(done_sum, 3), None, None])
            total_plan, total_done = total_plan + plan_sum, total_done + done_sum
    ratio = round(100 * total_done / total_plan, 1)
    rows.append([None, None, "Tổng cộng", None, None, round(total_plan, 3), round(total_done, 3), ratio, None])
    return rows


def write_disbursement(folder: Path, rng: np.random.Generator) -> list[Path]:
    """Monthly disbursement reports Jan–Dec in triệu đồng: headings, subtotals and a totals row."""
    amounts = _disbursed(rng)
    heads = [("STT", "text"), ("Mã dự án", "text"), ("Tên dự án", "text"), ("Chủ đầu tư", "text"),
             ("Nguồn vốn", "text"), ("Kế hoạch vốn năm 2025", "money"), ("Lũy kế giải ngân từ đầu năm", "money"),
             ("Tỷ lệ giải ngân (%)", "money"), ("Ghi chú", "text")]
    files = []
    for m in range(1, 13):
        day = month_end(m).date()
        rows = _disbursement_rows(amounts[:, m - 1], m)
        book = Workbook(folder / f"giai_ngan_2025-{m:02d}.xlsx")
        titles = [UBND, "BÁO CÁO TÌNH HÌNH THỰC HIỆN VÀ GIẢI NGÂN KẾ HOẠCH VỐN ĐẦU TƯ CÔNG NĂM 2025",
                  f"Tính đến ngày {day:%d/%m/%Y}", "Đơn vị tính: triệu đồng", ""]
        columns = [(t, None, [r[i] for r in rows], kind) for i, (t, kind) in enumerate(heads)]
        signed = min(day + timedelta(days=3), YEAR_END)
        signature = footer(signed, (3, 7), right="Chủ tịch UBND xã", names=("Ngô Thị Mai", "Nguyễn Văn Hùng"))
        book.titled_sheet("Giai ngan", titles, columns, signature, numbers=True)
        files.append(book.close())
    return files
