"""The coordinator's register of attested targets."""

from __future__ import annotations

from pathlib import Path

from pipelines.demo.common import UBND, YEAR_END, dmy
from pipelines.demo.tables import table
from pipelines.demo.workbook import Workbook, footer

# target | result | date | evidence | note | who
ATTESTATIONS = table("attestations")


def write_attestations(path: Path) -> Path:
    """The coordinator's attestation register for the attested targets."""
    a = ATTESTATIONS
    book = Workbook(path)
    signature = footer(YEAR_END, (1, 5), left="Người lập", right="Chủ tịch UBND xã",
                       names=("Phan Thị Ngọc", "Nguyễn Văn Hùng"))
    book.titled_sheet("Xac nhan", [UBND, "SỔ THEO DÕI XÁC NHẬN KẾT QUẢ THỰC HIỆN CHỈ TIÊU KẾ HOẠCH CCHC NĂM 2025", ""], [
        ("STT", None, list(range(1, len(a) + 1)), "int"),
        ("Mã chỉ tiêu", None, [x[0] for x in a], "text"),
        ("Kết quả", None, [x[1] for x in a], "text"),
        ("Ngày xác nhận", None, [dmy(x[2]) for x in a], "date"),
        ("Số văn bản minh chứng", None, [x[3] or None for x in a], "text"),
        ("Ghi chú", None, [x[4] for x in a], "text"),
        ("Người xác nhận", None, [x[5] for x in a], "text"),
    ], signature)
    return book.close()
