"""Text that comes from a file or a person is shown as text: never a live link, image or tag on a page, never a
formula in a table's downloaded CSV."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import ui
from pipelines.load import load
from warehouse.display import defused

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "bad_inputs"
APP = str(ROOT / "streamlit_app.py")
HOSTILE = ["[Xem văn bản](https://vi-du.invalid/vb.exe)", "![logo](https://vi-du.invalid/pixel.png)",
           "<img src=x onerror=alert(1)>", "**đậm**", "<a href='https://vi-du.invalid'>bấm</a>", "`mã`", "# Tiêu đề"]


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_text_keeps_no_markup(text):
    inert = re.sub(r"&#?\w+;", "", ui.plain(text))  # what is left once the character references are taken out
    assert not any(sign in inert for sign in "[]()!<>*`#"), inert  # every sign Markdown or HTML acts on is a reference


def test_plain_text_reads_as_written_once_rendered():
    from html import unescape

    for text in HOSTILE:
        assert unescape(ui.plain(text)).replace("\u2060", "") == text  # an invisible word joiner where an autolink would start


def test_tables_shown_are_defused_as_their_download_writes_them():
    frame = pl.DataFrame({"a": ["=HYPERLINK(\"x\")", "+cmd|' /C calc'!A0", "@SUM(1)", "-5", "bình thường"], "n": [1, 2, 3, 4, 5]})
    shown = defused(frame)
    assert shown["a"].to_list() == ["'=HYPERLINK(\"x\")", "'+cmd|' /C calc'!A0", "'@SUM(1)", "'-5", "bình thường"]
    assert shown["n"].to_list() == [1, 2, 3, 4, 5]


def test_every_table_a_page_shows_is_defused():
    shown = 0
    for page in [*(ROOT / "dashboard" / "pages").glob("*.py"), ROOT / "dashboard" / "checkin_form.py"]:
        for node in ast.walk(ast.parse(page.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and ast.unparse(node.func) in ("st.dataframe", "st.table"):
                shown += 1
                assert ast.unparse(node.args[0]).startswith(("ui.grid(", "ui.coloured_states(ui.grid(")), (
                    f"{page.name}: {ast.unparse(node.args[0])[:80]}")
    assert shown >= 10


def test_the_grid_defuses_text_but_not_the_numbers_it_writes():
    shown = ui.grid(pl.DataFrame({"a": ["=1+1", "-5"], "n": [-3.25, 7212.0]}))
    assert shown.rows() == [("'=1+1", "-3,25"), ("'-5", "7.212,00")]


def rendered(warehouse: Path, monkeypatch) -> tuple[str, str]:
    """The Chỉ tiêu page of CDDH-01: the Markdown Streamlit renders, and the text a person reads."""
    from html import unescape

    monkeypatch.setenv("CCHC_WAREHOUSE", str(warehouse))
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["chi_tieu"] = "CDDH-01"
    at.run()
    source = "\n".join(m.value for m in [*at.markdown, *at.warning, *at.info, *at.caption])
    return source, unescape(source).replace("\u2060", "")  # the word joiner that stops autolinks is invisible


@pytest.mark.slow
def test_an_attestation_and_a_file_name_full_of_markup_show_as_text(demo_warehouse, tmp_path, monkeypatch):
    wh = Path(shutil.copyfile(demo_warehouse, tmp_path / "wh.duckdb"))
    load([CORPUS / "xac_nhan_markdown.csv"], wh)
    source, shown = rendered(wh, monkeypatch)
    assert "](" not in source and "<img" not in source and "**Nguyễn" not in source
    assert "[Xem văn bản](https://vi-du.invalid/vb.exe)" in shown and "<img src=x onerror=alert(1)>" in shown
    hostile_name = tmp_path / "[bấm](https:vi-du.invalid) ![x](https:vi-du.invalid).csv"
    hostile_name.write_text("Ngày xuất: 30/12/2025\nMã chỉ tiêu,Kết quả,Ngày xác nhận,Người xác nhận\n"
                            + "".join(f"XYZ-{i},Đã hoàn thành,29/12/2025,A\n" for i in range(4)), encoding="utf-8")
    (rejected,) = load([hostile_name], wh).outcomes  # a rejected file, whose name the page repeats in the reason
    assert rejected.status == "rejected"
    source, shown = rendered(wh, monkeypatch)
    assert "](" not in source and "[bấm](https:vi-du.invalid) ![x](https:vi-du.invalid).csv" in shown
