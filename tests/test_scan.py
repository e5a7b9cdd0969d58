"""The byte scan of a text file beside DuckDB's reader: its lines, the empty ones and whether cells are clean,
also when a line end, an empty line or a character falls across the boundary of the chunks it reads; a file
it finds unclean is read again in full."""

import pytest
from reading import HO_SO_HEADER, dossier, read_one

from pipelines import grid
from pipelines.grid import Grid, Scan


def scan(tmp_path, data: bytes, separator: str = ",") -> Scan:
    """The scan of these bytes as a file."""
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    return Grid(sheet=None, first_row=1, rows=[], path=path, separator=separator).scan()


@pytest.mark.parametrize("chunk", [2, 3, 1 << 23])
@pytest.mark.parametrize(("data", "lines", "blanks"), [
    (b"", 0, []),
    (b"a\nb", 2, []),
    (b"a\nb\n", 2, []),
    (b"a\n\nb\n", 3, [2]),
    (b"ab\n\ncd\n", 3, [2]),
    (b"a\r\n\r\nb\r\n", 3, [2]),
    (b"x\n\r\ny\n", 3, [2]),
    (b"a\n\n\n\nb\n", 5, [2, 3, 4]),
])
def test_lines_and_empty_lines(tmp_path, monkeypatch, chunk, data, lines, blanks):
    monkeypatch.setattr(grid, "CHUNK_BYTES", chunk)
    found = scan(tmp_path, data)
    assert (found.lines, found.blanks) == (lines, blanks)


@pytest.mark.parametrize(("data", "separator", "clean"), [
    ("Hồ sơ,Đất đai\n".encode(), ",", True),
    ("Hồ sơ,Đất\u00a0đai\n".encode(), ",", False),  # a no-break space
    ("Ho\u0302 so\u031b\n".encode(), ",", False),  # decomposed letters (NFD)
    ("Hồ sơ,Đ\ufffdt đai\n".encode(), ",", False),  # U+FFFD: text some system could not read
    (b"a\tb\n", ",", False),
    (b"a\tb\n", "\t", True),
])
@pytest.mark.parametrize("chunk", [2, 3, 1 << 23])
def test_clean_cells(tmp_path, monkeypatch, chunk, data, separator, clean):
    monkeypatch.setattr(grid, "CHUNK_BYTES", chunk)
    assert scan(tmp_path, data, separator).clean is clean


def test_broken_text_in_a_utf8_file_rejects_its_row(write_csv):
    """A cell holding U+FFFD (an export whose system lost the letters) is named, though the file itself is valid UTF-8."""
    sheet = read_one(write_csv([HO_SO_HEADER, dossier(1), dossier(2, **{"Mã hồ sơ": "T-\ufffd002"}), dossier(3)]))
    assert (sheet.error, sheet.rows_read, sheet.rows_rejected) == (None, 3, 1)
    assert sheet.rejects.select("row", "reason").rows() == [(3, "có ký tự hỏng (�): dòng này sai bảng mã, hãy xuất lại tệp dạng UTF-8")]
