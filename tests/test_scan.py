"""The byte scan of a text file beside DuckDB's reader: its lines, the empty ones and whether cells are clean,
also when a line end or an empty line falls across the boundary of the chunks it reads."""

import pytest

from pipelines import files
from pipelines.files import Grid, Scan


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
    monkeypatch.setattr(files, "CHUNK_BYTES", chunk)
    found = scan(tmp_path, data)
    assert (found.lines, found.blanks) == (lines, blanks)


@pytest.mark.parametrize(("data", "separator", "clean"), [
    ("Hồ sơ,Đất đai\n".encode(), ",", True),
    ("Hồ sơ,Đất\u00a0đai\n".encode(), ",", False),  # a no-break space
    ("Ho\u0302 so\u031b\n".encode(), ",", False),  # decomposed letters (NFD)
    (b"a\tb\n", ",", False),
    (b"a\tb\n", "\t", True),
])
@pytest.mark.parametrize("chunk", [2, 3, 1 << 23])
def test_clean_cells(tmp_path, monkeypatch, chunk, data, separator, clean):
    monkeypatch.setattr(files, "CHUNK_BYTES", chunk)
    assert scan(tmp_path, data, separator).clean is clean
