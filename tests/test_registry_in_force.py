"""One commune identity: the registry in force, resolved, fingerprints the warehouse, so a city's changed list is
taken up at the next start or upgrade (a new predecessor's rows re-mapped, nothing lost); a registry that cannot
be right (a code twice, a predecessor under two communes) is refused naming the file and the row, exit 2."""

from __future__ import annotations

import csv

import pytest
from helpers import CITY, load_city

from pipelines.cli import main
from warehouse import communes as registry
from warehouse import db, publish
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
    assert publish.upgrade(warehouse) is True and publish.upgrade(warehouse) is False  # taken up once
    with db.connect_readonly(warehouse) as con:
        assert communes_in(con) == ["KTD", "XA2", "XA3"]
        assert con.execute("SELECT sum(so_dong) FROM file_rows").fetchone() == rows  # nothing lost
        assert con.execute("SELECT count(*) FROM stg_ho_so WHERE ma_xa = 'XA2'").fetchone()[0] == 2  # its rows re-mapped
        assert con.execute("SELECT count(*) FROM raw_ho_so WHERE ma_xa_tep = 'XA2-CU' AND ma_xa = 'XA2'").fetchone()[0] > 0  # own code kept


def test_a_warehouse_with_the_old_commune_names_is_brought_up_to_date(tmp_path):
    """Before, raw tables named the file's code ma_xa and the commune now _xa; the ledger, the file's code ma_xa."""
    import duckdb

    warehouse = load_city(tmp_path)
    with duckdb.connect(str(warehouse)) as con:
        counts = con.execute("SELECT ma_xa, count(*) FROM stg_ho_so GROUP BY ALL ORDER BY ALL").fetchall()
        con.execute("ALTER TABLE raw_ho_so RENAME COLUMN ma_xa TO _xa; ALTER TABLE raw_ho_so RENAME COLUMN ma_xa_tep TO ma_xa; "
                    "ALTER TABLE load_ledger RENAME COLUMN ma_xa_tep TO ma_xa; DROP TABLE communes; "
                    "CREATE TABLE communes (ma_xa VARCHAR PRIMARY KEY, ma_xa_hien_tai VARCHAR NOT NULL, ten_xa VARCHAR NOT NULL); "
                    "UPDATE warehouse_info SET value = 'older' WHERE key = 'models'")
    assert publish.upgrade(warehouse) is True
    with db.connect_readonly(warehouse) as con:
        assert con.execute("SELECT ma_xa, count(*) FROM stg_ho_so GROUP BY ALL ORDER BY ALL").fetchall() == counts
        assert con.execute("SELECT count(*) FROM load_ledger WHERE ma_xa_tep IS NULL AND status = 'loaded'").fetchone()[0] == 0


@pytest.mark.parametrize("rows, said", [
    (CITY + [("XA3", "An Lư 2", "H26.09", "")], "dòng 5: mã xã XA3 đã có ở dòng 4"),
    ([*CITY[:2], ("XA3", "An Lư", "H26.03", "XA2-CU")], "dòng 4: xã trước sáp nhập XA2-CU thuộc cả XA2 và XA3"),
])
def test_a_registry_that_cannot_be_right_is_refused_naming_the_row(tmp_path, monkeypatch, capsys, rows, said):
    take_up(monkeypatch, write(tmp_path / "xa.csv", rows))
    assert main(["--warehouse", str(tmp_path / "wh.duckdb"), "status"]) == 2
    err = capsys.readouterr().err
    assert "xa.csv" in err and said in err and "Traceback" not in err
