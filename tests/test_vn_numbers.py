"""vn_numbers writes a whole column as vn_number writes one value: cut, not rounded, `.` for thousands, `,` decimals."""

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from warehouse.display import vn_number, vn_numbers


@given(st.lists(st.one_of(st.none(), st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)), max_size=30),
       st.integers(min_value=0, max_value=3))
def test_a_column_is_written_as_each_value_would_be(values, places):
    got = written(pl.DataFrame({"x": values}, schema={"x": pl.Float64}), places)
    assert got == [None if v is None else vn_number(v, places) for v in values]


def written(frame: pl.DataFrame, places: int) -> list:
    return frame.select(vn_numbers(pl.col(frame.columns[0]), places)).to_series().to_list()


def test_the_cases_people_see():
    frame = pl.DataFrame({"x": [99.96, 0.29, 7212.0, 94.53, None]})
    assert written(frame, 1) == ["99,9", "0,2", "7.212,0", "94,5", None]
    assert written(frame, 2) == ["99,96", "0,29", "7.212,00", "94,53", None]
    assert written(pl.DataFrame({"n": [7212, 5]}), 0) == ["7.212", "5"]
