"""The marts are built in an order derived from the model files: each after the models whose macros, views or
tables it uses; names in comments do not count, and models that use each other are refused."""

import pytest

from warehouse.db import MODELS
from warehouse.publish import build_order


def write(folder, name, text):
    (folder / f"{name}.sql").write_text(text)
    return folder / f"{name}.sql"


def test_a_model_comes_after_what_it_uses(tmp_path):
    b = write(tmp_path, "a_uses_b", "CREATE OR REPLACE VIEW a AS FROM b_view;")
    c = write(tmp_path, "b", "-- uses a (only a comment)\nCREATE OR REPLACE MACRO b_view() AS TABLE FROM c_table;")
    d = write(tmp_path, "c", "CREATE OR REPLACE TABLE c_table AS SELECT 1;")
    assert build_order([b, c, d]) == [d, c, b]


def test_models_that_use_each_other_are_refused(tmp_path):
    a = write(tmp_path, "a", "CREATE VIEW a AS FROM b;")
    b = write(tmp_path, "b", "CREATE VIEW b AS FROM a;")
    with pytest.raises(ValueError, match="use each other"):
        build_order([a, b])


def test_the_marts_macros_come_first_and_health_after_the_files_it_reads():
    order = [m.stem for m in build_order(sorted((MODELS / "marts").glob("*.sql")))]
    assert order[0] == "macros"
    assert order.index("mart_source_files") < order.index("mart_source_health")
    assert order.index("mart_thu_tuc") < order.index("mart_ho_so")
