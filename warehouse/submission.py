"""The city submission file: one row per target, in catalogue order, as CSV (UTF-8 BOM) or XLSX."""

from __future__ import annotations

import csv
import io
from datetime import datetime, time
from pathlib import Path

import xlsxwriter

from warehouse.actions import NO_LEAD, plan_text
from warehouse.display import plain_number, threshold_text, value_text, vn_date
from warehouse.evaluate import NO_DATA, Evaluation
from warehouse.plan import Plan

HEADER = ["Mã chỉ tiêu", "Lĩnh vực", "Nội dung", "Chỉ tiêu", "Kết quả", "Tử số", "Mẫu số", "Đánh giá",
          "Đơn vị chủ trì", "Từ ngày", "Đến ngày", "Ngày số liệu"]
NUMERIC = {"Kết quả", "Tử số", "Mẫu số"}
DATES = {"Từ ngày", "Đến ngày", "Ngày số liệu"}
NOTE = "Ghi chú"  # the XLSX only, after the contract's twelve columns: why, and the owner's latest check-in note
FORECAST = ["Dự báo", "Cần đạt"]  # the XLSX only: the forecast at the horizon (an estimate) and the pace it takes
ACTION = ["Người chủ trì", "Kế hoạch khắc phục"]  # the XLSX only, last: the person behind the owner, the latest plan


COMMUNE = "Mã xã"  # first, in a file of every commune's rows


def submission_rows(plan: Plan, evaluations: list[Evaluation]) -> list[list[str]]:
    """The cells of the submission, as text, in catalogue order."""
    rows = []
    for e in evaluations:
        t = e.target
        known = e.status != NO_DATA
        value = e.value if known and e.mau_so != 0 else None
        if t.kind == "measured":
            numerator, denominator = (plain_number(e.tu_so), plain_number(e.mau_so)) if known else ("", "")
        else:
            numerator = denominator = ""
        rows.append([
            t.id, t.area_name, t.text, threshold_text(t, e.threshold), plain_number(value), numerator, denominator,
            e.status, plan.departments[t.owner], vn_date(e.tu_ngay), vn_date(e.den_ngay), vn_date(e.ngay_so_lieu),
        ])
    return rows


def checkin_note(e: Evaluation) -> str:
    """The latest check-in note, with its date, author and promised date: 'Cập nhật 12/07/2025 (Phan Thị Ngọc): Đã gửi
    đề án; dự kiến hoàn thành 30/07/2025'."""
    if not e.note:
        return ""
    promised = f"; dự kiến hoàn thành {vn_date(e.note['han'])}" if e.note.get("han") else ""
    return f"Cập nhật {vn_date(e.note['ngay_xac_nhan'])} ({e.note['ten_nguoi_ghi']}): {e.note['ghi_chu']}{promised}"


def note_text(e: Evaluation) -> str:
    """The reason of a status, its warnings, and the latest check-in note, in one cell."""
    return " ".join(x for x in [e.reason, *e.warnings, checkin_note(e)] if x)


def submission_csv(plan: Plan, evaluations: list[Evaluation], with_commune: bool = False) -> bytes:
    """The CSV bytes: UTF-8 with BOM, comma-separated, CRLF as Excel expects; with_commune: Mã xã first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    rows = submission_rows(plan, evaluations)
    writer.writerow([COMMUNE, *HEADER] if with_commune else HEADER)
    writer.writerows([[e.ma_xa, *row] for e, row in zip(evaluations, rows)] if with_commune else rows)
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def submission_xlsx(plan: Plan, evaluations: list[Evaluation], with_commune: bool = False, leads: dict | None = None) -> bytes:
    """The XLSX bytes, for people: the contract's cells with numbers as numbers, dates as dates (dd/mm/yyyy), a
    done target's result in words, blanks left blank; then Ghi chú, the forecast, the person behind the owner (leads:
    accounts.leads) and the corrective plan; the header frozen and filtered."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    # a fixed creation time: the same period gives the same bytes, from the command line or the dashboard
    book.set_properties({"created": datetime.combine(evaluations[0].den_ngay, time())})
    sheet = book.add_worksheet("Báo cáo CCHC")
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    percent, count = book.add_format({"num_format": '0.00" %"'}), book.add_format({"num_format": "0"})
    first = 1 if with_commune else 0  # the column of the contract's first cell
    sheet.write_row(0, 0, [COMMUNE] * first + [*HEADER, NOTE, *FORECAST, *ACTION], bold)
    paces = {"flow": book.add_format({"num_format": '0.0" % số còn lại"'}), "stock": book.add_format({"num_format": '0.0" điểm %/tháng"'})}
    for r, (row, e) in enumerate(zip(submission_rows(plan, evaluations), evaluations), start=1):
        if with_commune:
            sheet.write_string(r, 0, e.ma_xa)
        for c, (header, cell) in enumerate(zip(HEADER, row), start=first):
            if cell == "":
                continue
            if header in DATES:
                sheet.write_datetime(r, c, datetime.strptime(cell, "%d/%m/%Y"), day)
            elif header == "Kết quả" and e.target.unit == "done":
                sheet.write_string(r, c, value_text(e.target, e.value))
            elif header == "Kết quả":  # a number with its unit shown: 95.5 reads 95,50 %, a count 2
                sheet.write_number(r, c, float(cell), percent if e.target.unit == "percent" else count)
            elif header in NUMERIC:
                sheet.write_number(r, c, float(cell))
            else:
                sheet.write_string(r, c, cell)
        if note := note_text(e):
            sheet.write_string(r, first + len(HEADER), note)
        if e.forecast:
            sheet.write_number(r, first + len(HEADER) + 1, e.forecast.value, percent)
            sheet.write_number(r, first + len(HEADER) + 2, e.forecast.required, paces[e.forecast.kind])
        sheet.write_string(r, first + len(HEADER) + 3, str((leads or {}).get((e.ma_xa, e.target.owner)) or NO_LEAD))
        if action := plan_text(e):
            sheet.write_string(r, first + len(HEADER) + 4, action)
    sheet.freeze_panes(1, first)
    sheet.autofilter(0, 0, len(evaluations), first + len(HEADER) + len(FORECAST) + len(ACTION))
    sheet.set_column(0, first, 11)
    sheet.set_column(first + 1, first + 2, 45)
    sheet.set_column(first + 3, first + 11, 14)
    sheet.set_column(first + 12, first + 12, 60)
    sheet.set_column(first + 13, first + 14, 16)
    sheet.set_column(first + 15, first + 15, 30)
    sheet.set_column(first + 16, first + 16, 60)
    book.close()
    return out.getvalue()


def write_submission(path: Path, plan: Plan, evaluations: list[Evaluation], with_commune: bool = False,
                     leads: dict | None = None) -> None:
    """Write the submission as .csv or .xlsx, by the file's suffix (with_commune: Mã xã first, for many communes; leads:
    the persons behind the owners, in the XLSX)."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError("Tệp xuất phải có đuôi .csv hoặc .xlsx")
    data = (submission_csv(plan, evaluations, with_commune) if suffix == ".csv"
            else submission_xlsx(plan, evaluations, with_commune, leads))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
