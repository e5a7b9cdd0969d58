"""Encodings: UTF-8 with or without BOM, UTF-16 (Excel "Unicode text"), Windows-1258; garbage is an error."""

import random
import unicodedata

import pytest
from reading import CORPUS, FIXTURES, read_one

from pipelines.files import guess_separator, open_grids
from pipelines.grid import FileError


def test_windows_1258_fixture_is_really_windows_1258():
    data = (FIXTURES / "pakn_cp1258.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert b"\xde" in data or b"\xd2" in data or b"\xf2" in data  # combining tilde, hook or dot below


def test_windows_1258_decodes_to_nfc_vietnamese():
    r = read_one("pakn_cp1258.csv")
    assert r.source.name == "pakn"
    assert r.rows["linh_vuc"].to_list() == ["Đất đai", "Xây dựng", "Hộ tịch", "Môi trường"]
    assert all(unicodedata.is_normalized("NFC", v) for v in r.rows["linh_vuc"])


def test_windows_1258_labels_are_recognised():
    rows = read_one("pakn_cp1258.csv").rows
    assert rows["trang_thai"].to_list() == ["Đã xử lý", "Đã xử lý", "Đang xử lý", "Từ chối"]


def test_utf16_tab_separated_text():
    r = read_one("van_ban_den_unicode.txt")
    assert r.error is None
    assert r.rows["so_ky_hieu"].to_list() == ["123/UBND-KSTT", "45/2025/QĐ-UBND", "2001/BTP-HTQTCT", "567/KH-UBND"]


def test_utf16_quoted_field_with_quotes():
    rows = read_one("van_ban_den_unicode.txt").rows
    assert rows["trich_yeu"][0] == 'V/v triển khai "Ngày pháp luật" năm 2025'


def test_utf8_bom_semicolon_csv():
    r = read_one("ho_so_cong_viec_bom.csv")
    assert r.error is None
    assert r.rows["ma_hscv"][0] == "HSCV-2025-001"  # the BOM is not part of the first title or value
    assert r.rows["tieu_de"][1] == "Hồ sơ quy hoạch, kế hoạch sử dụng đất"  # a comma inside a field
    assert r.rows["tieu_de"][2] == "Hồ sơ thi đua, khen thưởng; tổng kết năm"  # a quoted semicolon


def test_utf8_without_bom():
    assert read_one("ho_so_dong_bo.csv").rows["linh_vuc"][0] == "Hộ tịch"


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_separator_is_guessed(sep):
    text = sep.join(["Mã PAKN", "Ngày tiếp nhận", "Hạn xử lý, ghi chú"]) + "\n" + sep.join(["PA-1", "01/12/2025", "x"]) + "\n"
    if sep == ",":
        text = text.replace("Hạn xử lý, ghi chú", '"Hạn xử lý, ghi chú"')
    assert guess_separator(text) == sep


def test_binary_file_is_an_error_not_data(tmp_path):
    rng = random.Random(7)
    path = tmp_path / "rac.csv"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(4000)))
    r = read_one(path)
    assert r.rows is None
    assert "không đọc được" in r.error


def test_binary_bytes_are_refused_by_the_decoder(tmp_path):
    path = tmp_path / "rac.txt"
    path.write_bytes(bytes(range(32)) * 50)
    with pytest.raises(FileError):
        open_grids(path, tmp_path)


def test_decomposed_letters_are_read_composed():
    r = read_one(CORPUS / "chu_to_hop.csv")
    assert r.rows["linh_vuc"].to_list() == ["Đất đai", "Hộ tịch", "Đất đai"]
    assert all(unicodedata.is_normalized("NFC", v) for v in r.rows["linh_vuc"])
