"""An attestation register is attributed to whoever loaded it: the account that uploaded it, or the operator at the
server's terminal. The ledger keeps it (nap_boi), the attestation carries it, and the target's page names the person,
beside the name the register itself writes (which anyone can type)."""

from __future__ import annotations

import getpass
from datetime import date
from html import unescape
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from pipelines.cli import main
from warehouse.app import store
from warehouse.app.uploads import keep
from warehouse.db import connect_readonly
from warehouse.evaluate import evaluate
from warehouse.plan import load_plan

pytestmark = pytest.mark.slow  # loads into a copy of the demo warehouse

REGISTER = ("Mã chỉ tiêu,Kết quả,Ngày xác nhận,Văn bản minh chứng,Ghi chú,Người xác nhận\n"
            "CDDH-01,Đã hoàn thành,31/12/2025,120/BC-UBND,,Phó Chủ tịch UBND xã\n").encode()
APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


def register(folder: Path) -> Path:
    path = folder / "xac_nhan.csv"
    path.write_bytes(REGISTER)
    return path


def loaded_by(warehouse: Path) -> str | None:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("SELECT nap_boi FROM load_ledger WHERE file_name = 'xac_nhan.csv'").fetchone()[0]


def cddh_01(warehouse: Path) -> dict:
    with connect_readonly(warehouse) as con:
        (e,) = [e for e in evaluate(con, load_plan(), date(2025, 1, 1), date(2025, 12, 31), "KTD") if e.target.id == "CDDH-01"]
    return e.evidence


def test_a_register_uploaded_by_a_leader_names_the_leader(demo_copy, capsys, monkeypatch):
    app = store.store_path(demo_copy)
    ledger_id, path = keep(app, "lanhdao", "xac_nhan.csv", REGISTER)
    main(["--warehouse", str(demo_copy), "load", "--json", "--uploads", str(ledger_id), str(path)])
    capsys.readouterr()
    assert loaded_by(demo_copy) == "lanhdao"
    evidence = cddh_01(demo_copy)
    assert (evidence["nguoi_xac_nhan"], evidence["nap_boi"]) == ("Phó Chủ tịch UBND xã", "lanhdao")

    monkeypatch.setenv("CCHC_WAREHOUSE", str(demo_copy))
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["chi_tieu"] = "CDDH-01"
    at.query_params["den"] = "2025-12-31"
    at.run()
    shown = unescape("\n".join(m.value for m in at.markdown))
    assert "Theo sổ xác nhận do" in shown and "(lanhdao) tải lên." in shown, shown[-2000:]


def test_a_register_loaded_at_the_terminal_names_the_operator(demo_copy, capsys, tmp_path):
    assert main(["--warehouse", str(demo_copy), "load", "--quiet", str(register(tmp_path))]) == 0
    capsys.readouterr()
    assert loaded_by(demo_copy) == f"terminal:{getpass.getuser()}"
    assert cddh_01(demo_copy)["nap_boi"] == f"terminal:{getpass.getuser()}"


def test_a_check_in_is_not_said_to_be_loaded(demo_copy):
    with connect_readonly(demo_copy) as con:
        attested = [e for e in evaluate(con, load_plan(), date(2025, 1, 1), date(2025, 12, 31), "KTD") if e.evidence]
    assert attested and all("nap_boi" in e.evidence for e in attested)
