"""Withdrawing a file loaded by mistake (targets.md, Quality): its rows leave every figure in one atomic publish, an
older version it had replaced counts again, the ledger and the audit keep both events, and the same file can be
loaded again. `python -m pipelines withdraw FILE_ID` does the same from the terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from helpers import MET, MISSED, TODAY, check, hs, load_files, results, write_source

from pipelines.load import load
from warehouse.app import store
from warehouse.app.accounts import User
from warehouse.app.store import store_path
from warehouse.withdrawal import WithdrawalError, withdraw

ROOT = Path(__file__).resolve().parents[1]
TO = "30/06/2025"
CLERK = User("dulieu", frozenset({"du_lieu"}), communes=frozenset({"KTD"}))


def two_versions(tmp_path: Path) -> tuple[Path, int]:
    """A dossier export, then a later one by mistake that puts dossier A on paper only; (warehouse, the second file's id)."""
    first = write_source(tmp_path, "ho_so_1", [hs("A"), hs("B")], "24/06/2025")
    wh = load_files(tmp_path, [first])
    wrong = write_source(tmp_path, "ho_so_2", [hs("A", he_thong="Sổ giấy", ngay_cap_nhat="28/06/2025 09:00")],
                         "28/06/2025")
    report = load([wrong], wh, today=TODAY)
    return wh, report.outcomes[0].file_id


def ledger(wh: Path) -> list[tuple]:
    with duckdb.connect(str(wh), read_only=True) as con:
        return con.sql("SELECT file_name, status, withdrawn_by FROM load_ledger ORDER BY file_id").fetchall()


def test_a_withdrawn_file_leaves_every_figure_and_the_version_it_replaced_counts_again(tmp_path):
    wh, wrong = two_versions(tmp_path)
    check(results(wh, TO)["TTHC-07"], 1, 2, MISSED)  # the wrong file's A is on paper only
    done = withdraw(wh, wrong, CLERK)
    assert (done.file_name, done.rows, done.sources) == ("ho_so_2.csv", 1, ["ho_so"])
    after = results(wh, TO)
    check(after["TTHC-07"], 2, 2, MET)  # A as the first file has it: on the system
    assert after["TTHC-07"].ngay_so_lieu.isoformat() == "2025-06-24"  # the withdrawn file's date is gone too
    assert ledger(wh) == [("ho_so_1.csv", "loaded", None), ("ho_so_2.csv", "withdrawn", "dulieu")]
    line = store.audit_trail(store_path(wh))[0]
    assert (line["nguoi"], line["hanh_dong"], line["doi_tuong"], line["ket_qua"]) == ("dulieu", "rut_tep", "ho_so_2.csv", "thanh_cong")


def test_a_withdrawn_file_can_be_loaded_again(tmp_path):
    wh, wrong = two_versions(tmp_path)
    withdraw(wh, wrong, CLERK)
    again = load([tmp_path / "ho_so_2.csv"], wh, today=TODAY)
    assert [o.status for o in again.outcomes] == ["loaded"]
    check(results(wh, TO)["TTHC-07"], 1, 2, MISSED)


def test_what_cannot_be_withdrawn_is_refused_in_words_and_changes_nothing(tmp_path):
    wh, wrong = two_versions(tmp_path)
    before = wh.stat().st_mtime_ns
    with pytest.raises(WithdrawalError, match="Không có tệp mã 99"):
        withdraw(wh, 99, CLERK)
    with pytest.raises(WithdrawalError, match="Chỉ cán bộ dữ liệu hoặc quản trị"):
        withdraw(wh, wrong, User("truongphong.vhxh", frozenset({"truong_phong"}), "VHXH"))
    assert wh.stat().st_mtime_ns == before and ledger(wh)[1][1] == "loaded"
    assert [(a["nguoi"], a["ket_qua"]) for a in store.audit_trail(store_path(wh))[:2]] == [
        ("truongphong.vhxh", "tu_choi"), ("dulieu", "tu_choi")]


def cli(wh: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines", "--warehouse", str(wh), *args], cwd=ROOT, capture_output=True,
                          text=True, env=os.environ | {"PYTHONIOENCODING": "utf-8"}, timeout=120)


def test_the_command_line_withdraws_once_and_says_what_it_did(tmp_path):
    wh, wrong = two_versions(tmp_path)
    done = cli(wh, "withdraw", str(wrong), "--json")
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout)
    assert (said["file"], said["rows"], said["sources"]) == ("ho_so_2.csv", 1, ["ho_so"]) and "TTHC-07" in said["targets"]
    again = cli(wh, "withdraw", str(wrong))
    assert again.returncode == 2 and "Không có tệp mã" in again.stderr and "Traceback" not in again.stderr
    assert store.audit_trail(store_path(wh))[1]["nguoi"].startswith("terminal:")
