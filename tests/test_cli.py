"""The command line as a clerk runs it: load, status, export, exit codes. In-process (pipelines.cli.main), with one
run through `python -m pipelines` itself."""

import csv
import json
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import duckdb
import openpyxl
import pytest

from pipelines.cli import main
from warehouse.db import models_fingerprint

ROOT = Path(__file__).resolve().parents[1]
DOSSIERS = (
    "ma_ho_so,ma_tthc,linh_vuc,kenh,ngay_tiep_nhan,ngay_hen_tra,ngay_ket_thuc,trang_thai,da_dong_bo,ngay_du_lieu\n"
    "HS1,1.000001,Hộ tịch,2,02/01/2025,05/01/2025,04/01/2025,10,1,31/12/2025\n"
    "HS2,1.000001,Hộ tịch,1,03/01/2025,06/01/2025,05/01/2025,10,0,31/12/2025\n"
)


class Ran:
    """What a command gave: its exit code and what it printed."""

    def __init__(self, returncode: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def run(capsys, monkeypatch):
    """`python -m pipelines ARGS --warehouse WH`, in this process."""
    monkeypatch.chdir(ROOT)

    def command(*args: str, wh: Path) -> Ran:
        capsys.readouterr()
        try:
            code = main([*args, "--warehouse", str(wh)])
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code
        out = capsys.readouterr()
        return Ran(code, out.out, out.err)

    return command


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Two dossiers in a folder, to load."""
    folder = tmp_path_factory.mktemp("cli") / "in"
    folder.mkdir()
    (folder / "ho_so.csv").write_text(DOSSIERS, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def loaded(folder) -> Path:
    """A warehouse holding the two dossiers, loaded once for the module; treat it as read-only."""
    wh = folder.parent / "wh.duckdb"
    assert main(["load", str(folder), "--quiet", "--warehouse", str(wh)]) == 0
    return wh


def test_load_prints_a_summary_per_file(run, loaded, folder):
    again = run("load", str(folder), wh=loaded)
    assert again.returncode == 0
    assert "ho_so.csv" in again.stdout and "Bỏ qua" in again.stdout


def test_load_exits_1_when_a_row_is_rejected(run, tmp_path):
    bad = tmp_path / "ho_so.csv"
    bad.write_text(DOSSIERS + "HS3,1.000001,Hộ tịch,2,12/25/2025,06/01/2025,,4,0,31/12/2025\n", encoding="utf-8")
    result = run("load", str(bad), "--quiet", wh=tmp_path / "wh.duckdb")
    assert result.returncode == 1
    assert "Đọc  Nạp  Loại" in result.stdout and "3    2    1" in result.stdout


def test_status_lists_all_40_targets(run, loaded):
    result = run("status", "--to", "31/12/2025", wh=loaded)
    assert result.returncode == 0, result.stderr
    ids = [line.split()[0] for line in result.stdout.splitlines()[3:43]]
    assert len(ids) == 40 and ids[0] == "CDDH-01" and ids[-1] == "CQS-10"


def test_status_json_for_a_department(run, loaded):
    result = run("status", "--to", "2025-12-31", "--department", "TTPVHCC", "--json", wh=loaded)
    rows = json.loads(result.stdout)
    assert {r["ma_chi_tieu"] for r in rows} >= {"TTHC-08", "CQS-08"}
    tthc08 = next(r for r in rows if r["ma_chi_tieu"] == "TTHC-08")
    assert (tthc08["tu_so"], tthc08["mau_so"], tthc08["trang_thai"]) == (1, 2, "Chưa đạt")


def test_status_json_speaks_the_glossary_and_keeps_the_old_keys_for_this_version(run, loaded):
    """The keys other commands share (ma_xa, ma_chi_tieu, trang_thai, den_ngay…) are named as they name them; each
    old English key stays beside its new name, with the same value."""
    row = json.loads(run("status", "--to", "2025-12-31", "--json", wh=loaded).stdout)[0]
    renamed = {"id": "ma_chi_tieu", "commune": "ma_xa", "status": "trang_thai", "numerator": "tu_so", "denominator": "mau_so",
               "from": "tu_ngay", "to": "den_ngay", "data_date": "ngay_so_lieu", "reason": "ly_do"}
    assert all(row[old] == row[new] for old, new in renamed.items())
    keys = list(row)
    assert all(keys.index(new) < keys.index(old) for old, new in renamed.items())  # the new names first
    city = json.loads(run("city", "--to", "2025-12-31", "--json", wh=loaded).stdout)[0]
    actions = run("actions", "--to", "2025-12-31", "--json", wh=loaded).stdout
    assert "ma_xa" in city and row["ma_xa"] == city["ma_xa"]
    assert all(k in row for k in ("ma_chi_tieu", "ma_xa", "den_ngay")) and '"ma_chi_tieu"' in actions


def test_export_csv_is_the_city_submission(run, loaded, tmp_path):
    out = tmp_path / "bao_cao.csv"
    assert run("export", "--to", "31/12/2025", "--out", str(out), wh=loaded).returncode == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert ",".join(rows[0]) == ("Mã chỉ tiêu,Lĩnh vực,Nội dung,Chỉ tiêu,Kết quả,Tử số,Mẫu số,Đánh giá,"
                                 "Đơn vị chủ trì,Từ ngày,Đến ngày,Ngày số liệu")
    by_id = {r[0]: r for r in rows[1:]}
    assert len(by_id) == 40
    assert by_id["CQS-08"][3:8] == ["≥ 60%", "50", "1", "2", "Chưa đạt"]
    assert by_id["CQS-08"][9:] == ["01/01/2025", "31/12/2025", "31/12/2025"]


def test_export_xlsx_carries_the_contracts_cells_for_people(run, loaded, tmp_path):
    run("export", "--to", "31/12/2025", "--out", str(tmp_path / "a.csv"), wh=loaded)
    run("export", "--to", "31/12/2025", "--out", str(tmp_path / "a.xlsx"), wh=loaded)
    csv_rows = list(csv.reader((tmp_path / "a.csv").read_text(encoding="utf-8-sig").splitlines()))
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    xlsx_rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    # the contract's twelve, then for people
    assert xlsx_rows[0] == [*csv_rows[0], "Ghi chú", "Dự báo", "Cần đạt", "Người chủ trì", "Kế hoạch khắc phục"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:Q{len(xlsx_rows)}"
    cqs08 = next(r for r in xlsx_rows if r[0] == "CQS-08")
    assert cqs08[4:7] == [50, 1, 2] and all(isinstance(v, (int, float)) for v in cqs08[4:7])
    assert cqs08[9] == datetime(2025, 1, 1) and sheet.cell(2, 10).number_format == "dd/mm/yyyy"
    row = next(r for r in range(2, len(xlsx_rows) + 1) if sheet.cell(r, 1).value == "CQS-08")
    assert sheet.cell(row, 5).number_format == '0.00" %"'  # a number, read with its unit

    def as_csv(value, done: bool) -> str:
        """An XLSX cell as the contract writes it."""
        if value is None:
            return ""
        if isinstance(value, datetime):
            return f"{value:%d/%m/%Y}"
        if done:
            return {"Hoàn thành": "1", "Chưa hoàn thành": "0"}[value]
        return f"{value:g}" if isinstance(value, float) else str(value)

    for x_row, c_row in zip(xlsx_rows[1:], csv_rows[1:]):
        done = c_row[3] == "Hoàn thành"
        assert [as_csv(v, done and i == 4) for i, v in enumerate(x_row[:12])] == c_row


@pytest.mark.parametrize("args", [
    ["status", "--to", "2025-13-01"],
    ["status", "--from", "31/12/2025", "--to", "01/01/2025"],
    ["export", "--to", "31/12/2025", "--out", "x.pdf"],
    ["status", "--department", "XYZ"],
    ["frobnicate"],
])
def test_usage_errors_exit_2_with_a_message(run, loaded, args):
    result = run(*args, wh=loaded)
    assert result.returncode == 2
    assert "error" in result.stderr or "Lỗi" in result.stderr


def test_status_without_a_warehouse_says_what_to_do(run, tmp_path):
    result = run("status", wh=tmp_path / "none.duckdb")
    assert result.returncode == 2 and "python -m pipelines demo" in result.stderr


@pytest.mark.slow
def test_python_dash_m_pipelines_runs_the_same_command_line(loaded):
    done = subprocess.run([sys.executable, "-m", "pipelines", "status", "--to", "31/12/2025", "--json", "--warehouse", str(loaded)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 40


@pytest.mark.parametrize("command", [["status"], ["city", "--json"], ["diem-766"]])
def test_a_warehouse_of_an_older_version_is_brought_up_to_date_by_a_read(run, loaded, tmp_path, command):
    old = tmp_path / "cu.duckdb"
    shutil.copyfile(loaded, old)
    with duckdb.connect(str(old)) as con:
        con.execute("UPDATE warehouse_info SET value = 'cu' WHERE key = 'models'")
    ran = run(*command, wh=old)
    assert "Đã cập nhật kho dữ liệu" in ran.stderr and ran.returncode in (0, 2)  # diem-766: no scores loaded yet
    with duckdb.connect(str(old), read_only=True) as con:
        assert con.sql("SELECT value FROM warehouse_info WHERE key = 'models'").fetchall()[0][0] == models_fingerprint()
