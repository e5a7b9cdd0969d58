"""Disbursement reports: project rows under group headings; `Cộng` and `Tổng cộng` are not projects, and the
totals row must agree with the projects."""

from datetime import date

from reading import grid_cells, read_one

MILLION = 1_000_000
HEADER = ["STT", "Mã dự án", "Tên dự án", "Kế hoạch vốn năm", "Lũy kế giải ngân"]


def report(rows: list[list[object]]) -> dict:
    """Cells of a small report in triệu đồng with the given body rows."""
    return grid_cells([["Tính đến ngày 30/11/2025"], ["Đơn vị tính: triệu đồng"], HEADER, *rows])


def test_only_project_rows_are_read():
    r = read_one("giai_ngan_trieu_dong.xlsx")
    assert r.error is None
    assert r.rows["ma_du_an"].to_list() == ["DA-2025-01", "DA-2025-02", "DA-2024-07", "DA-2025-03"]
    assert (r.rows_read, r.rows_rejected) == (4, 0)


def test_report_date_and_unit():
    r = read_one("giai_ngan_trieu_dong.xlsx")
    assert r.snapshot == date(2025, 12, 31)
    assert r.rows["ke_hoach_von_nam"].sum() == 12_500 * MILLION


def test_totals_row_disagreeing_with_projects_rejects_the_sheet():
    r = read_one("giai_ngan_tong_sai.xlsx")
    assert r.rows is None
    assert "Tổng cộng" in r.error and "Lũy kế giải ngân" in r.error
    assert "Kế hoạch vốn năm" not in r.error  # that column agrees
    assert (r.rows_read, r.rows_loaded, r.rows_rejected) == (4, 0, 4)


def test_totals_row_at_the_bottom(write_xlsx):
    rows = [[1, "DA-1", "Dự án 1", 100, 40], [2, "DA-2", "Dự án 2", 50, 10], [None, None, "Tổng cộng", 150, 50]]
    assert read_one(write_xlsx({"GN": report(rows)})).error is None


def test_totals_within_rounding_are_accepted(write_xlsx):
    rows = [[1, "DA-1", "Dự án 1", 100.4, 40], [2, "DA-2", "Dự án 2", 50.4, 10], ["", "", "Tổng cộng", 151, 50]]
    assert read_one(write_xlsx({"GN": report(rows)})).error is None  # 150.8 vs 151: within 0.5%


def test_wrong_bottom_totals_row(write_xlsx):
    rows = [[1, "DA-1", "Dự án 1", 100, 40], [2, "DA-2", "Dự án 2", 50, 10], [None, None, "TỔNG CỘNG", 200, 50]]
    assert "Kế hoạch vốn năm" in read_one(write_xlsx({"GN": report(rows)})).error


def test_report_without_totals_row(write_xlsx):
    rows = [["I", None, "Vốn ngân sách xã", 150, 50], [1, "DA-1", "Dự án 1", 100, 40], [2, "DA-2", "Dự án 2", 50, 10]]
    r = read_one(write_xlsx({"GN": report(rows)}))
    assert r.error is None and r.rows_read == 2


def test_project_row_with_a_bad_amount_is_rejected_alone(write_xlsx):
    rows = [[1, "DA-1", "Dự án 1", 100, 40], [2, "DA-2", "Dự án 2", "năm mươi", 10], [3, "DA-3", "Dự án 3", 20, 5]]
    r = read_one(write_xlsx({"GN": report(rows)}))
    assert (r.rows_loaded, r.rows_rejected) == (2, 1)
    assert r.rejects.row(0, named=True)["row"] == 5
