"""The corpus of bad inputs (tests/bad_inputs/): every file gets the outcome and message stated in expected.toml,
every row read is loaded or rejected, and a rejected file changes no fact, staging or mart table."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import textwrap
import tomllib
from datetime import date
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from pipelines.load import load, read_file
from warehouse.db import connect_readonly

pytestmark = pytest.mark.slow  # seconds each: run by .ci/run, not by the fast developer run

CORPUS = Path(__file__).parent / "bad_inputs"
FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2026, 1, 15)
EXPECTED = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))["file"]
BY_NAME = {f["name"]: f for f in EXPECTED}
GOOD = [FIXTURES / "ho_so_dong_bo.csv", FIXTURES / "giai_ngan_trieu_dong.xlsx", FIXTURES / "van_ban_den_unicode.txt"]
BOOKKEEPING = {"load_ledger", "rejects", "quality_results", "communes"}  # the only tables a rejected file may change


def corpus_files() -> list[str]:
    """Names of the committed corpus files."""
    return sorted(p.name for p in CORPUS.iterdir() if p.is_file() and p.suffix not in (".py", ".toml"))


@pytest.fixture(scope="module")
def good_warehouse(tmp_path_factory) -> Path:
    """A warehouse holding good dossiers, a disbursement report and incoming documents, built once."""
    wh = tmp_path_factory.mktemp("good") / "wh.duckdb"
    report = load(GOOD, wh, today=TODAY)
    assert all(o.status == "loaded" for o in report.outcomes), report.outcomes
    return wh


@pytest.fixture
def warehouse(good_warehouse, tmp_path) -> Path:
    """A private copy of the good warehouse."""
    return Path(shutil.copyfile(good_warehouse, tmp_path / "wh.duckdb"))


def fingerprints(wh: Path) -> dict[str, tuple[int, int | None]]:
    """Row count and content hash of every fact, staging and mart table."""
    with connect_readonly(wh) as con:
        tables = [r[0] for r in con.sql("SELECT table_name FROM information_schema.tables").fetchall()]
        return {t: con.sql(f'SELECT count(*), sum(hash(t)) FROM "{t}" AS t').fetchall()[0] for t in tables if t not in BOOKKEEPING}


def reasons(wh: Path, path: Path, sheet: str | None) -> list[str]:
    """Reasons recorded in the rejects table for one sheet of one file."""
    with connect_readonly(wh) as con:
        return [r[0] for r in con.sql(
            "SELECT reason FROM rejects WHERE path = $path AND sheet IS NOT DISTINCT FROM $sheet",
            params={"path": str(path), "sheet": sheet}).fetchall()]


def ledger(wh: Path, path: Path) -> list[tuple]:
    """Ledger lines of one file: sheet, status, rows read, loaded, rejected."""
    with connect_readonly(wh) as con:
        return con.sql("SELECT sheet, status, rows_read, rows_loaded, rows_rejected FROM load_ledger WHERE path = $path ORDER BY file_id",
                       params={"path": str(path)}).fetchall()


def test_the_corpus_is_complete():
    names = corpus_files()
    assert len(names) >= 30
    assert sorted(BY_NAME) == names, "every corpus file needs an entry in expected.toml, and every entry a file"
    assert len(BY_NAME) == len(EXPECTED), "a file is listed twice in expected.toml"


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_bad_input(name, warehouse):
    spec, path = BY_NAME[name], CORPUS / name
    before = fingerprints(warehouse)
    outcomes = load([path], warehouse, source=spec.get("load_as"), today=TODAY).outcomes
    after = fingerprints(warehouse)

    assert len(outcomes) == len(spec["sheet"]), [(o.sheet, o.status, o.message) for o in outcomes]
    for o, want in zip(outcomes, spec["sheet"]):
        where = f"{name} [{o.sheet}]"
        assert o.status == want["status"], f"{where}: {o.status} ({o.message})"
        assert o.rows_read == o.rows_loaded + o.rows_rejected, where
        if "sheet" in want:
            assert o.sheet == want["sheet"], where
        if "source" in want:
            assert o.source == want["source"], where
        if "rows" in want:
            assert [o.rows_read, o.rows_loaded, o.rows_rejected] == want["rows"], where
        if o.status == "rejected":
            assert o.rows_loaded == 0 and o.message, where
            assert want["message"] in o.message, f"{where}: {o.message}"
        else:
            assert o.message is None, where
        if "reject" in want:
            assert any(want["reject"] in r for r in reasons(warehouse, path, o.sheet)), f"{where}: {reasons(warehouse, path, o.sheet)}"
        if "warning" in want:
            assert any(want["warning"] in w for w in o.warnings), f"{where}: {o.warnings}"

    assert ledger(warehouse, path) == [(o.sheet, o.status, o.rows_read, o.rows_loaded, o.rows_rejected) for o in outcomes]
    loaded: dict[str, int] = {}
    for o in outcomes:
        if o.status == "loaded":
            loaded[f"raw_{o.source}"] = loaded.get(f"raw_{o.source}", 0) + o.rows_loaded
    for table, (count, _) in after.items():
        if table.startswith("raw_"):
            assert count - before[table][0] == loaded.get(table, 0), f"{name}: {table}"
    if not loaded:
        assert after == before, f"{name} was rejected but changed {[t for t in after if after[t] != before.get(t)]}"


def test_rejected_file_is_recorded_in_the_rejects_table(warehouse):
    path = CORPUS / "qua_nhieu_dong_loi.csv"
    load([path], warehouse, today=TODAY)
    found = reasons(warehouse, path, None)
    assert sum("5/150 dòng lỗi" in r for r in found) == 1  # the whole file
    assert sum("ngày không hợp lệ" in r for r in found) == 5  # and each bad row


def raw(wh: Path, sql: str) -> pl.DataFrame:
    """A query on the published warehouse."""
    with connect_readonly(wh) as con:
        return con.sql(sql).pl()


def test_duplicate_keys_the_later_row_wins(warehouse):
    load([CORPUS / "trung_ma.csv"], warehouse, today=TODAY)
    rows = raw(warehouse, "SELECT ma_ho_so, kenh, trang_thai FROM stg_ho_so WHERE ma_ho_so LIKE 'BX-%' ORDER BY 1")
    assert rows.rows() == [("BX-0000", 1, 4), ("BX-0001", 1, 5), ("BX-0002", 2, 4), ("BX-0003", 1, 4)]


def test_formula_like_text_is_stored_verbatim_and_never_evaluated(warehouse):
    load([CORPUS / "cong_thuc.csv"], warehouse, today=TODAY)
    rows = raw(warehouse, "SELECT ma_ho_so, ten_tthc, don_vi, can_bo_xu_ly FROM raw_ho_so WHERE _row BETWEEN 3 AND 5 "
                          "AND _file_id = (SELECT max(file_id) FROM load_ledger) ORDER BY _row")
    assert rows.rows() == [
        ("BX-0000", "=SUM(A1:A9)", "@Bộ phận một cửa", "-Trần Thị Bình"),
        ("BX-0001", '=HYPERLINK("http://vi-du.invalid","Bấm")', "+Phòng Kinh tế", "=1+1"),
        ("=BX-0002", "-5", "@SUM(1)", "+"),
    ]
    everything = raw(warehouse, "SELECT * FROM raw_ho_so").cast(pl.String)
    assert not any(everything[c].str.contains("912345678", literal=True).any() for c in everything.columns)  # phone dropped


def test_formula_cells_in_a_workbook_give_excels_value_and_an_error_cell_is_named(warehouse):
    load([CORPUS / "cong_thuc.xlsx"], warehouse, today=TODAY)
    rows = raw(warehouse, "SELECT ten_tthc, phi_le_phi FROM raw_ho_so WHERE ma_ho_so LIKE 'BX-%' ORDER BY _row")
    assert rows.rows() == [("=SUM(H4:H5)", 3000.0), ("KHAI SINH", 6000.0)]
    assert reasons(warehouse, CORPUS / "cong_thuc.xlsx", "Sổ") == ["ô lỗi Excel #DIV/0!: sửa công thức trong Excel rồi xuất lại"]


def test_merged_cells_give_their_value_to_every_row(warehouse):
    load([CORPUS / "o_gop.xlsx"], warehouse, today=TODAY)
    rows = raw(warehouse, "SELECT _row, linh_vuc, don_vi FROM raw_ho_so WHERE ma_ho_so LIKE 'BX-%' ORDER BY _row")
    assert rows["linh_vuc"].to_list() == ["Chứng thực"] * 3 + ["Hộ tịch"] * 3
    assert rows["don_vi"].to_list() == ["Bộ phận một cửa"] * 4 + ["Phòng Kinh tế"] * 2


def test_merged_cells_in_a_sheet_starting_at_column_c(tmp_path):
    path = tmp_path / "lech_cot.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Sổ")
    ws.write_row(0, 2, ["Ngày xuất: 10/01/2026"])
    ws.write_row(1, 2, ["Mã hồ sơ", "Mã TTHC", "Lĩnh vực", "Kênh nộp", "Ngày tiếp nhận", "Ngày hẹn trả", "Trạng thái"])
    for i in range(4):
        ws.write_row(2 + i, 2, [f"C-{i}", "1.004227", "Hộ tịch", "1", "01/12/2025", "31/12/2025", "4"])
    ws.merge_range(3, 4, 5, 4, "Đất đai")  # Lĩnh vực (column E) of sheet rows 4-6
    wb.close()
    [r] = read_file(path, today=TODAY)
    assert (r.error, r.rows_loaded) == (None, 4)
    assert r.rows["linh_vuc"].to_list() == ["Hộ tịch", "Đất đai", "Đất đai", "Đất đai"]


def test_mixed_encoding_does_not_garble_the_other_rows(warehouse):
    load([CORPUS / "tron_bang_ma.csv"], warehouse, today=TODAY)
    fields = raw(warehouse, "SELECT DISTINCT linh_vuc FROM raw_ho_so WHERE ma_ho_so LIKE 'BX-%'")["linh_vuc"].to_list()
    assert fields == ["Hộ tịch"]


def test_a_quoted_cell_over_several_lines_is_not_taken_for_an_open_quote(tmp_path):
    path = tmp_path / "nhieu_dong.csv"
    note = '"Hồ sơ gồm: đơn, CCCD, giấy khai sinh\nBổ sung: ảnh, bản sao, ""biên nhận"""'
    path.write_text("Mã hồ sơ,Mã TTHC,Lĩnh vực,Kênh nộp,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái,Ghi chú\n"
                    + "".join(f"M-{i},1.004227,Hộ tịch,1,01/12/2025,31/12/2025,4,{note}\n" for i in range(3)), encoding="utf-8")
    [r] = read_file(path, today=TODAY)
    assert (r.error, r.rows_loaded) == (None, 3)
    assert r.rows["_row"].to_list() == [2, 3, 4]  # records, as Excel shows them


def test_a_long_cell_near_the_header_loads_as_it_does_further_down(tmp_path, warehouse):
    path = tmp_path / "o_dai.csv"
    path.write_text("Mã hồ sơ,Mã TTHC,Lĩnh vực,Kênh nộp,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái,Ghi chú\n"
                    f"A-1,1.004227,Hộ tịch,1,01/12/2025,31/12/2025,4,{'x' * 140_000}\n", encoding="utf-8")
    [o] = load([path], warehouse, today=TODAY).outcomes
    assert (o.status, o.rows_read, o.rows_loaded) == ("loaded", 1, 1)


def test_the_generator_writes_the_committed_corpus(tmp_path):
    spec = importlib.util.spec_from_file_location("make_bad_inputs", CORPUS / "make_bad_inputs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.HERE = tmp_path
    module.main()
    written = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    committed = {name: (CORPUS / name).read_bytes() for name in corpus_files()}
    assert sorted(written) == sorted(committed)
    changed = [name for name in written if written[name] != committed[name]]
    assert not changed, f"run tests/bad_inputs/make_bad_inputs.py and commit: {changed}"
    assert not [n for n, data in committed.items() if len(data) > 20_000], "corpus files stay small"


# ---------------------------------------------------------------------------------------------
# A city-sized export: 100 MB of dossiers in the sync layout, generated here, never committed

BIG = textwrap.dedent("""
    import json, sys, time
    from datetime import date
    from pathlib import Path
    sys.path.insert(0, sys.argv[3])
    from pipelines.load import load
    start = time.perf_counter()
    [o] = load([Path(sys.argv[1])], Path(sys.argv[2]), today=date(2026, 1, 15)).outcomes
    print(json.dumps({"status": o.status, "read": o.rows_read, "loaded": o.rows_loaded, "rejected": o.rows_rejected,
                      "message": o.message, "warnings": o.warnings, "seconds": time.perf_counter() - start,
                      "peak_mb": next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")) / 1024}))
""")


def city_export(path: Path, target_bytes: int = 100 * 1024 * 1024) -> int:
    """Write a sync-layout CSV of about target_bytes, with 3 month-first dates and a duplicated key; its row count."""
    n = target_bytes // 205
    i = pl.int_range(0, n, eager=True)
    frame = pl.DataFrame({
        "MaHoSo": "H26.01-" + i.cast(pl.String).str.pad_start(9, "0"),
        "MaTTHC": "1.00" + (4227 + i % 50).cast(pl.String),
        "TenTTHC": "Đăng ký khai sinh",
        "TenLinhVuc": "Hộ tịch",
        "KenhThucHien": i % 3 + 1,
        "NgayTiepNhan": "2025" + (i % 12 + 1).cast(pl.String).str.pad_start(2, "0") + "05083000",
        "NgayHenTra": "2025" + (i % 12 + 1).cast(pl.String).str.pad_start(2, "0") + "09170000",
        "NgayKetThucXuLy": "2025" + (i % 12 + 1).cast(pl.String).str.pad_start(2, "0") + "08100000",
        "TrangThaiHoSo": 10,
        "DonViXuLy": "Bộ phận một cửa",
        "ChuHoSo": "Nguyễn Văn An",
        "SoDienThoai": "0912345678",
        "DiaChiChuHoSo": "Số 5 ngõ 12, thôn Đông, xã Khúc Thừa Dụ",
    })
    bad = pl.Series([7, n // 2, n - 2])
    frame = frame.with_columns(pl.when(pl.int_range(0, n).is_in(bad.implode())).then(pl.lit("12/25/2025"))
                               .otherwise("NgayTiepNhan").alias("NgayTiepNhan"))
    frame = frame.with_columns(pl.when(pl.int_range(0, n) == n - 1).then(pl.lit("H26.01-000000001")).otherwise("MaHoSo").alias("MaHoSo"))
    frame.write_csv(path)
    return n


@pytest.mark.slow
def test_a_100_mb_city_export_loads_whole_in_bounded_memory(tmp_path, good_warehouse):
    """Every row accounted for, in bounded memory; how long it takes is the benchmark's (bench/benchmark.py)."""
    path = tmp_path / "ho_so_thanh_pho.csv"
    n = city_export(path)
    assert path.stat().st_size > 100_000_000
    wh = Path(shutil.copyfile(good_warehouse, tmp_path / "wh.duckdb"))
    run = subprocess.run([sys.executable, "-c", BIG, str(path), str(wh), str(Path(__file__).parents[1])],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    got = __import__("json").loads(run.stdout.strip().splitlines()[-1])
    assert (got["status"], got["read"], got["loaded"], got["rejected"]) == ("loaded", n, n - 3, 3), got
    assert any("Mã hồ sơ trùng" in w for w in got["warnings"]), got["warnings"]
    assert got["peak_mb"] < 4096, got  # the load's own peak (VmHWM: ru_maxrss would count pytest's); a server has far less
