"""The city view: several communes in one warehouse judged on the same plan, counted and ranked (`city`), every
commune's rows in one submission file (`export --all-communes`), and a city's own commune registry (CSV/XLSX)."""

from __future__ import annotations

import csv
import json

import pytest
import xlsxwriter
from helpers import D, load_city, write_city_registry

from pipelines.cli import main
from warehouse import communes as registry
from warehouse.city import area_counts, city_evaluations, city_summary, statuses
from warehouse.db import connect_readonly
from warehouse.plan import load_plan

pytestmark = pytest.mark.slow  # loads a warehouse: run by .ci/run

PLAN = load_plan()
TO = "30/06/2025"
@pytest.fixture
def city_registry(tmp_path, monkeypatch):
    """A city's registry as a CSV file, named by $CCHC_COMMUNES."""
    path = write_city_registry(tmp_path / "xa.csv")
    monkeypatch.setenv(registry.REGISTRY_ENV, str(path))
    registry.communes.cache_clear()
    yield path
    registry.communes.cache_clear()


@pytest.fixture
def warehouse(tmp_path, city_registry):
    """Three communes' dossiers and petitions (helpers.load_city)."""
    return load_city(tmp_path)


def test_the_registry_comes_from_a_city_file(city_registry):
    listed = registry.communes()
    assert listed["default"] == "KTD" and list(listed["communes"]) == ["KTD", "XA2", "XA3"]
    assert listed["communes"]["XA2"] == {"name": "Đông Thái", "ma_hanh_chinh": "H26.02", "predecessors": ["XA2-CU", "XA2-CU2"]}
    assert ("XA2-CU", "XA2", "Đông Thái") in registry.commune_map()


def test_the_registry_reads_a_workbook_and_refuses_one_without_names(tmp_path):
    path = tmp_path / "xa.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for r, row in enumerate([("Mã xã", "Tên xã", "Mã ĐVHC"), ("XA9", "Tiên Lãng", "H26.09")]):
        sheet.write_row(r, 0, row)
    book.close()
    assert registry.read_registry(path) == {"XA9": {"name": "Tiên Lãng", "ma_hanh_chinh": "H26.09", "predecessors": []}}
    bad = tmp_path / "bad.csv"
    bad.write_text("Mã xã,Ghi chú\nXA9,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="thiếu cột: ten xa"):
        registry.read_registry(bad)


def test_every_commune_is_judged_and_ranked_by_targets_met(warehouse):
    with connect_readonly(warehouse) as con:
        by_commune = city_evaluations(con, PLAN, D("01/01/2025"), D(TO))
    assert sorted(by_commune) == ["KTD", "XA2", "XA3"] and all(len(v) == len(PLAN.targets) for v in by_commune.values())
    assert {x: {e.target.id: e.status for e in v}["TTHC-02"] for x, v in by_commune.items()} == {
        "KTD": "Chưa đạt", "XA2": "Đạt", "XA3": "Đạt"}  # KTD's late dossier; XA2's predecessor's counts as XA2's
    summary = city_summary(by_commune)
    assert summary["ma_xa"].to_list()[-1] == "KTD" and summary["ten"].to_list()[0] == "Đông Thái"
    assert summary.filter(ma_xa="XA2")["hang"].item() == summary.filter(ma_xa="XA3")["hang"].item() == 1  # tied
    assert summary.filter(ma_xa="KTD")["hang"].item() == 3
    areas = area_counts(statuses(by_commune), PLAN)
    assert areas.filter(ma_xa="KTD").select("dat", "chua_dat", "chua_co_du_lieu").sum().row(0) == tuple(
        summary.filter(ma_xa="KTD").select("dat", "chua_dat", "chua_co_du_lieu").row(0))
    assert areas.filter(ma_xa="KTD")["linh_vuc_cchc"].to_list() == list(PLAN.areas)


def test_city_command_prints_json_with_the_spec_keys(warehouse, capsys):
    assert main(["city", "--to", "2025-06-30", "--json", "--warehouse", str(warehouse)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [set(r) for r in rows] == [{"ma_xa", "ten", "dat", "chua_dat", "chua_co_du_lieu", "nguy_co", "tong_diem_766", "hang_766"}] * 3
    assert {r["ma_xa"]: r["dat"] + r["chua_dat"] + r["chua_co_du_lieu"] for r in rows} == {"KTD": 40, "XA2": 40, "XA3": 40}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_all_communes_puts_every_commune_s_rows_in_one_file(warehouse, tmp_path, capsys, suffix):
    out = tmp_path / f"city{suffix}"
    assert main(["export", "--all-communes", "--to", "2025-06-30", "--out", str(out), "--warehouse", str(warehouse)]) == 0
    if suffix == ".csv":
        rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    else:
        import openpyxl

        rows = [["" if c is None else c for c in r] for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True)]
    assert rows[0][:2] == ["Mã xã", "Mã chỉ tiêu"] and len(rows) == 1 + 3 * len(PLAN.targets)
    assert {r[0] for r in rows[1:]} == {"KTD", "XA2", "XA3"}
    single = tmp_path / f"ktd{suffix}"
    assert main(["export", "--to", "2025-06-30", "--out", str(single), "--warehouse", str(warehouse)]) == 0
    if suffix == ".csv":  # one commune's file keeps the contract's twelve columns
        assert single.read_text(encoding="utf-8-sig").splitlines()[0].startswith("Mã chỉ tiêu,")
