"""Organisation and staff: the new commune's units at two dates, and the staff register (headcount, appointments,
training)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipelines.demo.common import UBND, dmy
from pipelines.demo.tables import table
from pipelines.demo.workbook import Workbook, footer

# code | name | type | quota | headcount at 01/07 | headcount at 15/12 | decision on functions
ORGANISATION = table("organisation")
# day | people paid from the state budget in public service units | note
HEADCOUNT = table("headcount")
# official | position | date
APPOINTMENTS = table("appointments")
# course | name | organiser | start | officials summoned
COURSES = table("courses")


def write_organisation(folder: Path) -> list[Path]:
    """Organisation snapshots: the new commune's structure at 01/07/2025 and at 15/12/2025."""
    files = []
    n = len(ORGANISATION)
    for day, col in ((date(2025, 7, 1), 4), (date(2025, 12, 15), 5)):
        book = Workbook(folder / f"to_chuc_bo_may_{day:%Y-%m-%d}.xlsx")
        titles = [UBND, "DANH SÁCH CƠ QUAN, ĐƠN VỊ THUỘC UBND XÃ", f"Tính đến ngày {day:%d/%m/%Y}", ""]
        columns = [
            ("STT", None, list(range(1, n + 1)), "int"),
            ("Mã đơn vị", None, [u[0] for u in ORGANISATION], "text"),
            ("Tên đơn vị", None, [u[1] for u in ORGANISATION], "text"),
            ("Loại đơn vị", None, [u[2] for u in ORGANISATION], "text"),
            ("Sắp xếp đúng quy định", None, ["Có"] * n, "text"),
            ("Biên chế được giao", None, [int(u[3]) for u in ORGANISATION], "int"),
            ("Biên chế hiện có", None, [int(u[col]) for u in ORGANISATION], "int"),
            ("Số quyết định chức năng", None, [u[6] for u in ORGANISATION], "text"),
            ("Ngày quyết định chức năng", None, [date(2025, 7, 1)] * n, "date"),
        ]
        book.titled_sheet("To chuc", titles, columns, footer(day, (2, 6)))
        files.append(book.close())
    return files


def _training() -> dict[str, list]:
    """One row per (course, official summoned); two officials missed the commune's own course."""
    rows = []
    for code, name, organiser, start, size in COURSES:  # a loop over six courses
        for i in range(int(size)):
            went = "Không" if "xã" in organiser and i >= int(size) - 2 else "Có"
            rows.append((code, name, organiser, dmy(start), f"CB{400 + (i * 7 + len(rows)) % 220:04d}", went))
    return dict(zip(["lop", "ten", "dv", "start", "cb", "went"], map(list, zip(*rows))))


def write_staff(path: Path) -> Path:
    """The staff register: headcount series since 2021, appointments and training attendance of 2025."""
    book = Workbook(path)
    day = "Tính đến ngày 15/12/2025"
    book.titled_sheet("bien_che_su_nghiep", [UBND, "SỐ NGƯỜI LÀM VIỆC HƯỞNG LƯƠNG NSNN TRONG ĐƠN VỊ SỰ NGHIỆP", day, ""], [
        ("Ngày", None, [h[0] for h in HEADCOUNT], "text"),
        ("Số người hưởng lương NSNN", None, [int(h[1]) for h in HEADCOUNT], "int"),
        ("Ghi chú", None, [h[2] or None for h in HEADCOUNT], "text"),
    ])
    book.titled_sheet("bo_nhiem", [UBND, "DANH SÁCH BỔ NHIỆM CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC NĂM 2025", day, ""], [
        ("STT", None, list(range(1, len(APPOINTMENTS) + 1)), "int"),
        ("Mã cán bộ", None, [a[0] for a in APPOINTMENTS], "text"),
        ("Chức vụ", None, [a[1] for a in APPOINTMENTS], "text"),
        ("Ngày bổ nhiệm", None, [dmy(a[2]) for a in APPOINTMENTS], "date"),
        ("Đúng quy trình, tiêu chuẩn", None, ["Có"] * len(APPOINTMENTS), "text"),
    ], numbers=True)
    t = _training()
    book.titled_sheet("dao_tao", [UBND, "THEO DÕI CÁN BỘ, CÔNG CHỨC THAM GIA ĐÀO TẠO, BỒI DƯỠNG NĂM 2025", day, ""], [
        ("Mã lớp", None, t["lop"], "text"),
        ("Tên lớp", None, t["ten"], "text"),
        ("Đơn vị tổ chức", None, t["dv"], "text"),
        ("Ngày khai giảng", None, t["start"], "date"),
        ("Mã cán bộ", None, t["cb"], "text"),
        ("Đã tham gia", None, t["went"], "text"),
    ])
    return book.close()
