"""Build tiny export files, load them through the real loader, and evaluate the plan.

Tests state their data as a few rows (dicts keyed by canonical column names, values written the
way a clerk's export writes them: dates `dd/mm/yyyy`, yes/no `Có`/`Không`), then read the
hand-computed numerator, denominator and status back from `evaluate`.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import polars as pl

from pipelines.load import load
from warehouse.db import connect_readonly
from warehouse.evaluate import MET, MISSED, NO_DATA, NOTHING_AROSE, Evaluation, evaluate, records
from warehouse.plan import load_plan

__all__ = ["MET", "MISSED", "NO_DATA", "NOTHING_AROSE", "FROM", "TODAY", "write_source", "load_files", "results",
           "evaluate_one", "against", "check", "hs", "pk", "tt", "D"]

FROM = date(2025, 1, 1)
TODAY = date(2026, 1, 31)  # the day the files are "loaded": no event date may be later
KTD = "KTD"


def D(text: str) -> date:
    """A date written dd/mm/yyyy, as in the plan."""
    return datetime.strptime(text, "%d/%m/%Y").date()


def _cell(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "Có"
    if value is False:
        return "Không"
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def write_source(tmp_path: Path, name: str, rows: list[dict], snapshot: date | str, how: str = "title") -> Path:
    """A UTF-8 CSV `<name>.csv` whose header is the canonical column names of `rows`.

    The file's snapshot date is stated by a title row `Tính đến ngày dd/mm/yyyy` (how="title") or
    by a date column on every row (how="column": `ngay_du_lieu`, `ngay_bao_cao` for giai_ngan).
    """
    snapshot = D(snapshot) if isinstance(snapshot, str) else snapshot
    if how == "column":
        column = "ngay_bao_cao" if name.startswith("giai_ngan") else "ngay_du_lieu"
        rows = [r | {column: snapshot} for r in rows]
    header: list[str] = []
    for r in rows:
        header += [k for k in r if k not in header]
    path = tmp_path / f"{name}.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        if how == "title":
            w.writerow([f"Tính đến ngày {snapshot:%d/%m/%Y}"])
        w.writerow(header)
        for r in rows:
            w.writerow([_cell(r.get(k)) for k in header])
    return path


def load_files(tmp_path: Path, files: list[Path], clean: bool = True) -> Path:
    """Load the files with the real loader into tmp_path/wh.duckdb; by default every row must go in."""
    wh = tmp_path / "wh.duckdb"
    report = load(files, wh, today=TODAY)
    if clean:
        bad = [(o.path.name, o.status, o.message, o.rows_rejected)
               for o in report.outcomes if o.status != "loaded" or o.rows_rejected]
        assert not bad, f"test data did not load cleanly: {bad}"
    return wh


def results(wh: Path, to: date | str, tu: date = FROM) -> dict[str, Evaluation]:
    """Every target of the 2025 plan for the commune, by id."""
    to = D(to) if isinstance(to, str) else to
    con = connect_readonly(wh)
    try:
        return {e.target.id: e for e in evaluate(con, load_plan(), tu, to, KTD)}
    finally:
        con.close()


def evaluate_one(tmp_path: Path, files: list[Path], target_id: str, to: date | str, tu: date = FROM) -> Evaluation:
    """Load the files, then evaluate one target."""
    return results(load_files(tmp_path, files), to, tu)[target_id]


def against(wh: Path, target_id: str, to: date | str, tu: date = FROM) -> set[str]:
    """The items (their `ma`) that count against a measured target."""
    to = D(to) if isinstance(to, str) else to
    con = connect_readonly(wh)
    try:
        frame: pl.DataFrame = records(con, load_plan().target(target_id), tu, to, KTD)
    finally:
        con.close()
    return set(frame["ma"].to_list())


def check(e: Evaluation, tu_so: float | None, mau_so: float | None, status: str) -> None:
    """Numerator, denominator, status, and the value that follows from them."""
    got = (e.tu_so, e.mau_so, e.status)
    want = (tu_so, mau_so, status)
    assert got == want, f"{e.target.id}: got {got} (reason {e.reason!r}), want {want}"
    if mau_so:
        assert abs(e.value - 100.0 * tu_so / mau_so) < 1e-9, f"{e.target.id}: value {e.value}"


# Row factories: each states its defaults, so a test only writes what matters to it.

def hs(ma: str, **kw) -> dict:
    """A dossier. Default: Hộ tịch, submitted in person (kenh 1), received 03/03/2025, promised
    10/03/2025, finished 07/03/2025 and returned (status 10): finished on time; every yes/no No."""
    return {
        "ma_ho_so": ma, "ma_tthc": "1.000001", "linh_vuc": "Hộ tịch", "kenh": "1",
        "ngay_tiep_nhan": "03/03/2025 08:00", "ngay_hen_tra": "10/03/2025 17:00",
        "ngay_ket_thuc": "07/03/2025 10:00", "trang_thai": "10",
    } | kw


def pk(ma: str, **kw) -> dict:
    """A petition. Default: received 02/06/2025, due 12/06/2025, Đang xử lý, about no dossier."""
    return {"ma_pakn": ma, "ngay_tiep_nhan": "02/06/2025", "han_xu_ly": "12/06/2025",
            "trang_thai": "Đang xử lý"} | kw


def tt(ma: str, muc_do: int, **kw) -> dict:
    """A procedure of the catalogue at level `muc_do`, in force (no validity dates), every yes/no No."""
    return {"ma_tthc": ma, "ten_tthc": f"Thủ tục {ma}", "muc_do": str(muc_do)} | kw


GOOD_DOSSIERS = Path(__file__).parent / "fixtures" / "ho_so_dong_bo.csv"


def published_dossiers(folder: Path) -> Path:
    """A warehouse holding good dossiers (loaded by the command line, as an operator would); tests use copies."""
    from pipelines.cli import main

    wh = folder / "wh.duckdb"
    assert main(["load", str(GOOD_DOSSIERS), "--quiet", "--warehouse", str(wh)]) == 0
    return wh


def copy_warehouse(warehouse: Path, folder: Path) -> Path:
    """A copy of a warehouse and its app store (accounts, check-ins) in folder, for a test that writes."""
    import shutil
    import sqlite3

    from warehouse.app.store import store_path

    copy = folder / "warehouse.duckdb"
    shutil.copyfile(warehouse, copy)
    with sqlite3.connect(store_path(warehouse)) as src, sqlite3.connect(store_path(copy)) as dst:
        src.backup(dst)
    return copy


CITY = [("KTD", "Khúc Thừa Dụ", "H26.01", ""), ("XA2", "Đông Thái", "H26.02", "XA2-CU; XA2-CU2"), ("XA3", "An Lư", "H26.03", "")]


def write_city_registry(path: Path) -> Path:
    """A city's registry of three communes (CSV: Mã xã, Tên xã, Mã hành chính, Xã trước sáp nhập)."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([("Mã xã", "Tên xã", "Mã hành chính", "Xã trước sáp nhập"), *CITY])
    return path


def load_city(tmp_path: Path) -> Path:
    """Dossiers and petitions of the three communes (XA2's partly under its predecessor's code): KTD has a late
    dossier, XA2 and XA3 none. Needs the city registry in force ($CCHC_COMMUNES)."""
    dossiers = [hs("K1", ma_xa="KTD"), hs("K2", ma_xa="KTD", ngay_ket_thuc="12/03/2025 09:00"),
                hs("D1", ma_xa="XA2"), hs("D2", ma_xa="XA2-CU"), hs("A1", ma_xa="XA3")]
    petitions = [pk(f"P{x}", ma_xa=x, linh_vuc="Môi trường") for x in ("KTD", "XA2", "XA3")]
    return load_files(tmp_path, [write_source(tmp_path, "ho_so", dossiers, "05/07/2025"),
                                 write_source(tmp_path, "pakn", petitions, "30/06/2025")])
