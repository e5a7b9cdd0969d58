"""An empty file and a file with only its header are rejected with a clear message."""

from reading import grid_cells, read_one


def test_empty_file():
    r = read_one("rong.csv")
    assert r.error == "Tệp rỗng: không có dữ liệu."
    assert (r.rows_read, r.rows_loaded, r.rows_rejected) == (0, 0, 0)


def test_whitespace_only_file(tmp_path):
    path = tmp_path / "trang.csv"
    path.write_bytes(b" \r\n\r\n\t\n")
    assert read_one(path).error == "Tệp rỗng: không có dữ liệu."


def test_header_only_csv():
    r = read_one("chi_tieu_de.csv")
    assert r.source.name == "ho_so"
    assert r.error == "Chỉ có dòng tiêu đề, không có dòng dữ liệu nào."
    assert r.rows is None


def test_header_only_workbook():
    r = read_one("chi_tieu_de.xlsx")
    assert (r.sheet, r.source.name) == ("Sổ theo dõi", "ho_so")
    assert "không có dòng dữ liệu" in r.error


def test_workbook_of_empty_sheets(write_xlsx):
    r = read_one(write_xlsx({"Sheet1": {}, "Sheet2": {}}))
    assert r.sheet is None
    assert "chỉ có trang trống" in r.error


def test_header_and_footer_but_no_data(write_xlsx):
    rows = [["Mã PAKN", "Ngày tiếp nhận", "Hạn xử lý"], [], ["Người lập biểu"]]
    assert "không có dòng dữ liệu" in read_one(write_xlsx({"PAKN": grid_cells(rows)})).error
