"""A file of an unknown layout is rejected with a message naming the closest source and its missing columns."""

from reading import read_one


def test_message_names_the_closest_source_and_missing_columns():
    r = read_one("khong_ro_nguon.csv")
    assert r.source is None and r.rows is None
    assert "ho_so" in r.error
    for title in ("'Kênh nộp'", "'Ngày hẹn trả'", "'Trạng thái'"):
        assert title in r.error
    assert "'Mã hồ sơ'" not in r.error  # present columns are not listed as missing


def test_named_source_lists_its_own_missing_columns():
    r = read_one("khong_ro_nguon.csv", source="pakn")
    assert "pakn" in r.error
    assert "'Mã PAKN'" in r.error and "'Hạn xử lý'" in r.error


def test_file_with_no_header_at_all(write_csv):
    r = read_one(write_csv([["Danh sách"], ["Ghi chú", "Số liệu"], ["a", "1"]]))
    assert r.source is None
    assert "Không tìm thấy dòng tiêu đề cột" in r.error


def test_unsupported_file_type(tmp_path):
    path = tmp_path / "bao_cao.pdf"
    path.write_bytes(b"%PDF-1.4")
    r = read_one(path)
    assert "'.pdf' không được hỗ trợ" in r.error


def test_damaged_workbook(tmp_path):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    assert "Không mở được tệp Excel" in read_one(path).error
