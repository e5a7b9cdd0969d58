"""One commune identity: the registry in force, resolved, fingerprints the warehouse, so a city's changed list is
taken up at the next start or upgrade (a new predecessor's rows re-mapped, nothing lost); a registry that cannot
be right (a code twice, a predecessor under two communes) is refused naming the file and the row, exit 2."""

from __future__ import annotations

import csv

import pytest
from helpers import CITY, load_city

from pipelines.cli import main
from warehouse import communes as registry
from warehouse import db
from warehouse.city import communes_in

pytestmark = pytest.mark.slow  # loads a warehouse


def write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([("Mã xã", "Tên xã", "Mã hành chính", "Xã trước sáp nhập"), *rows])
    return path


def take_up(monkeypatch, path) -> None:
    """The registry named and read afresh, as by a new process."""
    monkeypatch.setenv(registry.REGISTRY_ENV, str(path))
    registry.communes.cache_clear()
    db.models_fingerprint.cache_clear()


@pytest.fixture(autouse=True)
def fresh_caches():
    yield
    registry.communes.cache_clear()
    db.models_fingerprint.cache_clear()


def test_a_predecessor_added_to_the_registry_is_taken_up_at_the_next_upgrade(tmp_path, monkeypatch):
    before = [(code, name, national, "XA2-CU2" if code == "XA2" else old) for code, name, national, old in CITY]  # no XA2-CU yet
    take_up(monkeypatch, write(tmp_path / "xa_cu.csv", before))
    warehouse = load_city(tmp_path)
    with db.connect_readonly(warehouse) as con:
        assert "XA2-CU" in communes_in(con)  # unknown: counted as a commune of its own
        rows = con.execute("SELECT sum(so_dong) FROM file_rows").fetchone()
    take_up(monkeypatch, write(tmp_path / "xa_moi.csv", CITY))
    assert db.upgrade(warehouse) is True and db.upgrade(warehouse) is False  # taken up once
    with db.connect_readonly(warehouse) as con:
        assert communes_in(con) == ["KTD", "XA2", "XA3"]
        assert con.execute("SELECT sum(so_dong) FROM file_rows").fetchone() == rows  # nothing lost
        assert con.execute("SELECT count(*) FROM stg_ho_so WHERE ma_xa = 'XA2'").fetchone()[0] == 2  # its rows re-mapped


@pytest.mark.parametrize("rows, said", [
    (CITY + [("XA3", "An Lư 2", "H26.09", "")], "dòng 5: mã xã XA3 đã có ở dòng 4"),
    ([*CITY[:2], ("XA3", "An Lư", "H26.03", "XA2-CU")], "dòng 4: xã trước sáp nhập XA2-CU thuộc cả XA2 và XA3"),
])
def test_a_registry_that_cannot_be_right_is_refused_naming_the_row(tmp_path, monkeypatch, capsys, rows, said):
    take_up(monkeypatch, write(tmp_path / "xa.csv", rows))
    assert main(["--warehouse", str(tmp_path / "wh.duckdb"), "status"]) == 2
    err = capsys.readouterr().err
    assert "xa.csv" in err and said in err and "Traceback" not in err
