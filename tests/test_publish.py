"""Publishing is atomic: readers keep answering during a load, and a failed load changes nothing."""

import hashlib
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest

import warehouse.publish
from pipelines.load import load
from warehouse.db import connect_readonly

pytestmark = pytest.mark.slow  # seconds each: run by .ci/run, not by the fast developer run

TODAY = date(2026, 1, 31)
HEADER = "ma_ho_so,ma_tthc,linh_vuc,kenh,ngay_tiep_nhan,ngay_hen_tra,trang_thai,ngay_du_lieu\n"


def dossiers(path: Path, first: int, count: int) -> Path:
    """A sync-style CSV of `count` dossiers numbered from `first`."""
    lines = [f"HS{i:06d},1.000001,Hộ tịch,2,02/01/2025,05/01/2025,10,31/12/2025\n" for i in range(first, first + count)]
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def digest(path: Path) -> str:
    """SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count(wh: Path) -> int:
    """Dossiers in the published warehouse."""
    with connect_readonly(wh) as con:
        return con.sql("SELECT count(*) FROM stg_ho_so").fetchall()[0][0]


READER = textwrap.dedent("""
    import sys, time, duckdb
    wh, out, stop = sys.argv[1], sys.argv[2], sys.argv[3]
    import os
    with open(out, "w") as f:
        while not os.path.exists(stop):
            try:
                con = duckdb.connect(wh, read_only=True)
                n = con.sql("SELECT count(*) FROM stg_ho_so").fetchall()[0][0]
                con.close()
                f.write(f"{n}\\n")
            except Exception as exc:
                f.write(f"ERROR {type(exc).__name__}: {exc}\\n")
            f.flush()
            time.sleep(0.005)
""")


def seen_within(out: Path, condition, seconds: float = 30) -> bool:
    """Whether the reader's lines meet the condition within the time (read as they are written)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if out.exists() and condition(out.read_text().split()):
            return True
        time.sleep(0.02)
    return False


def test_reader_in_another_process_keeps_answering_during_a_load(tmp_path):
    wh = tmp_path / "wh.duckdb"
    load([dossiers(tmp_path / "a.csv", 0, 100)], wh, today=TODAY)
    script, out, stop = tmp_path / "reader.py", tmp_path / "seen.txt", tmp_path / "stop"
    script.write_text(READER)
    reader = subprocess.Popen([sys.executable, str(script), str(wh), str(out), str(stop)])
    try:
        assert seen_within(out, lambda lines: lines.count("100") >= 10), "the reader never answered before the load"
        load([dossiers(tmp_path / "b.csv", 100, 50_000)], wh, today=TODAY)
        assert seen_within(out, lambda lines: lines.count("50100") >= 10), "the reader never saw the load published"
    finally:
        stop.touch()
        reader.wait(timeout=30)
    seen = out.read_text().split()
    assert not [s for s in seen if s.startswith("ERROR")], seen[:5]
    counts = [int(s) for s in seen]
    assert len(counts) > 20, "the reader did not run alongside the load"
    assert counts[0] == 100 and counts[-1] == 50_100
    assert set(counts) == {100, 50_100}, "a reader saw a half-built warehouse"


def test_failed_load_leaves_the_published_warehouse_as_it_was(tmp_path, monkeypatch):
    wh = tmp_path / "wh.duckdb"
    load([dossiers(tmp_path / "a.csv", 0, 10)], wh, today=TODAY)
    before = digest(wh)

    def broken(con, changed=None):
        raise RuntimeError("disk full")

    monkeypatch.setattr(warehouse.publish, "build_models", broken)
    with pytest.raises(RuntimeError):
        load([dossiers(tmp_path / "b.csv", 10, 10)], wh, today=TODAY)
    assert digest(wh) == before
    assert sorted(p.name for p in tmp_path.iterdir() if "building" in p.name) == []
    assert count(wh) == 10


def test_loading_the_same_file_again_changes_nothing(tmp_path):
    wh = tmp_path / "wh.duckdb"
    a = dossiers(tmp_path / "a.csv", 0, 10)
    load([a], wh, today=TODAY)
    before = digest(wh)
    report = load([a], wh, today=TODAY)
    assert [o.status for o in report.outcomes] == ["skipped"]
    assert digest(wh) == before


def test_a_rejected_file_changes_no_fact(tmp_path):
    wh = tmp_path / "wh.duckdb"
    load([dossiers(tmp_path / "a.csv", 0, 10)], wh, today=TODAY)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "".join(f"X{i},1.000001,Hộ tịch,9,02/01/2025,05/01/2025,10,31/12/2025\n" for i in range(10)))
    report = load([bad], wh, today=TODAY)
    assert [o.status for o in report.outcomes] == ["rejected"]
    assert count(wh) == 10
    with connect_readonly(wh) as con:
        ledger = con.sql("SELECT status, rows_read, rows_loaded, rows_rejected FROM load_ledger ORDER BY file_id").fetchall()
        rejects = con.sql("SELECT count(*) FROM rejects WHERE path LIKE '%bad.csv'").fetchall()[0][0]
    assert ledger == [("loaded", 10, 10, 0), ("rejected", 10, 0, 10)]
    assert rejects == 11  # one per bad cell, and one for the whole file
