"""Every table the pages draw, as every page draws it for an account that may open them all: each cell is text
people read (numbers 7.212 and 99,5, dates dd/mm/yyyy), and an empty cell is blank, never 'None'."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from test_app_pages import APP, ok, page
from test_app_roles import signed_in

pytestmark = pytest.mark.slow

PAGES = ["tong_quan", "thanh_pho", "phong_ban", "chi_tieu", "du_lieu", "xuat_bao_cao", "ban_tin", "nhat_ky", "quan_tri"]
ENGLISH_NUMBER = r"^-?\d+\.\d{1,2}$"
WITH_GRIDS = {"thanh_pho", "du_lieu", "nhat_ky", "quan_tri", "chi_tieu"}  # so that the test cannot pass on no table


@pytest.fixture
def app(demo_copy, monkeypatch) -> AppTest:
    monkeypatch.setenv("CCHC_WAREHOUSE", str(demo_copy))
    return signed_in(AppTest.from_file(APP, default_timeout=60), "quantri")


@pytest.mark.parametrize("name", PAGES)
def test_every_grid_cell_is_text_and_no_cell_says_none(app, name):
    at = page(ok(app.run()), name)
    assert name not in WITH_GRIDS or len(at.dataframe) + len(at.table) > 0
    for grid in [*at.dataframe, *at.table]:
        frame = grid.value
        assert all(str(t) in ("object", "str", "string") for t in frame.dtypes), (name, frame.dtypes.to_dict())
        cells = frame.astype(str).stack()
        assert not cells.isin(["None", "nan", "NaN", "NaT", "null", "True", "False"]).any(), (name, frame.head())
        assert not cells.str.fullmatch(ENGLISH_NUMBER).any(), (name, cells[cells.str.fullmatch(ENGLISH_NUMBER)].head())
