"""The national portal's 766 scores (diem_766): every layout the spec describes, the gate's rules, the computed rank,
the match to the registry's communes, `diem-766` and `city`, and each group beside the plan's own figures."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest
from helpers import CITY, D, load_city, load_files, write_city_registry
from reading import FIXTURES, TODAY, read, read_one, typed

from pipelines.cli import main
from pipelines.load import load
from warehouse import communes as registry
from warehouse.db import connect_readonly
from warehouse.evaluate import evaluate
from warehouse.plan import load_plan
from warehouse.scores import at_stake, beside_plan, commune_history, scores, with_gaps

WORKBOOK, CSV = FIXTURES / "diem_766_T10_2025.xlsx", FIXTURES / "diem_766_thang_09_2025.csv"
OCTOBER, SEPTEMBER = date(2025, 10, 1), date(2025, 9, 1)
HEADER = ["ID_COQUAN", "TEN_COQUAN", "LOAI_COQUAN", "TDGQ", "MDHL", "MDSH", "TTTT", "CLGQ", "CKMB", "TONG_SCORE"]
ROW = ["001.26.10.H26", "UBND xã Khúc Thừa Dụ", "3", "19.81", "17.36", "20.45", "9.02", "11.40", "17.05", "95.09"]


def write_scores(path, rows: list[list[str]], titles: list[str] = ()) -> object:
    """A CSV of commune scores under optional title lines."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([[t] for t in titles] + [HEADER, *rows])
    return path


@pytest.mark.parametrize("text, value", [("19.81", 19.81), ("19.810", 19.81), ("19,81", 19.81), (" 9 ", 9.0), ("abc", None)])
def test_a_score_is_a_decimal_whatever_its_mark(text, value):
    assert typed("diem_766", "tdgq", text) == value


def test_every_sheet_of_a_published_workbook_is_read_dated_by_its_month():
    sheets = {s.sheet: s for s in read(WORKBOOK.name)}
    assert list(sheets) == ["Tỉnh", "Sở ngành", "Xã phường", "Điểm năm"]
    assert all(s.source.name == "diem_766" and s.snapshot == OCTOBER and not s.error for s in sheets.values())
    assert sheets["Tỉnh"].snapshot_basis == "dòng tiêu đề: Tháng 10/2025"
    assert sheets["Tỉnh"].rows["tong_diem"].to_list() == [92.52, 85.81]  # text "92.52", not 9252
    assert sheets["Sở ngành"].rows["stt"].to_list() == [120, 121]


def test_a_bad_score_or_total_rejects_its_row_and_a_unit_twice_is_a_warning():
    communes = next(s for s in read(WORKBOOK.name) if s.sheet == "Xã phường")
    assert (communes.rows_read, communes.rows_loaded) == (7, 5)
    rejects = communes.rejects.to_dicts()
    assert [(r["row"], r["column"]) for r in rejects] == [(9, "tdgq"), (10, "tong_diem")]
    assert "0–20" in rejects[0]["reason"] and "0,02" in rejects[1]["reason"]
    assert any("hai dòng" in w for w in communes.warnings)


def test_the_month_comes_from_the_file_name_else_the_load():
    assert read_one(CSV.name).snapshot == SEPTEMBER
    assert read_one(CSV.name).snapshot_basis == f"tên tệp: {CSV.name}"


def test_a_table_without_its_month_is_dated_by_the_month_given_or_rejected_with_advice(tmp_path):
    plain = write_scores(tmp_path / "bang_diem.csv", [ROW])
    assert read_one(plain, month=OCTOBER).snapshot == OCTOBER
    refused = read_one(plain)
    assert refused.error.startswith("Không xác định được tháng của bảng điểm") and "--month YYYY-MM" in refused.error
    titled = write_scores(tmp_path / "bang_diem_2.csv", [ROW], ["BẢNG ĐIỂM 766", "Kỳ: 08/2025"])
    assert read_one(titled, month=OCTOBER).snapshot == date(2025, 8, 1)  # the file's own month first


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """The October workbook and the September CSV, loaded."""
    folder = tmp_path_factory.mktemp("diem_766")
    report = load([WORKBOOK, CSV], folder / "wh.duckdb", today=TODAY)
    assert sum(o.rows_rejected for o in report.outcomes) == 2
    return folder / "wh.duckdb"


@pytest.mark.slow
def test_rank_is_computed_by_total_ties_sharing_never_taken_from_stt(warehouse):
    with connect_readonly(warehouse) as con:
        month = scores(con, OCTOBER, 3, "thang")
        year = scores(con, OCTOBER, 3, "nam")
    assert month.select("ma_don_vi", "tong_diem", "hang").rows() == [
        ("001.26.10.H26", 95.09, 1), ("001.26.11.H26", 89.5, 2), ("001.26.12.H26", 89.5, 2), ("001.26.13.H26", 75.8, 4)]
    assert with_gaps(month)["cach_hang_tren"].to_list() == [None, 5.59, 5.59, 13.7]  # ties share the unit above
    assert year["tong_diem"].to_list() == [93.0, 90.9]  # the year sheet's scores, kept apart from the month's


@pytest.mark.slow
def test_diem_766_lists_a_month_and_level_with_the_spec_keys(warehouse, capsys):
    assert main(["--warehouse", str(warehouse), "diem-766", "--month", "2025-09", "--level", "xa", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert list(rows[0]) == ["ma_don_vi", "ten_don_vi", "ma_co_quan", "cap", "thang", "ky", "tdgq", "mdhl", "mdsh",
                             "tttt", "clgq", "ckmb", "tong_diem", "hang", "diem_con_thieu", "cach_hang_tren"]
    assert [(r["ma_don_vi"], r["thang"], r["ky"], r["tong_diem"], r["hang"]) for r in rows] == [
        ("001.26.10.H26", "2025-09", "thang", 92.5, 1), ("001.26.11.H26", "2025-09", "thang", 91.85, 2)]
    assert [(r["diem_con_thieu"], r["cach_hang_tren"]) for r in rows] == [(7.5, None), (8.15, 0.65)]
    assert main(["--warehouse", str(warehouse), "diem-766", "--json"]) == 0  # the latest month by default
    latest = json.loads(capsys.readouterr().out)
    assert {r["thang"] for r in latest} == {"2025-10"} and {r["cap"] for r in latest} == {1, 2, 3}


@pytest.mark.slow
def test_diem_766_of_a_month_not_loaded_says_so(warehouse, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--warehouse", str(warehouse), "diem-766", "--month", "2024-01"])
    assert exit_.value.code == 2 and "Chưa có điểm 766 tháng 01/2024" in capsys.readouterr().err


@pytest.fixture
def city(tmp_path, monkeypatch):
    """The three-commune city (helpers.CITY) and Tân Kỳ under a new name but its administrative code, with the
    city's dossiers and the October scores loaded."""
    path = write_city_registry(tmp_path / "xa.csv")
    with open(path, "a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerow(("TK", "Tân Kỳ mới", "H26.11", ""))
    monkeypatch.setenv(registry.REGISTRY_ENV, str(path))
    registry.communes.cache_clear()
    wh = load_city(tmp_path)
    load_files(tmp_path, [WORKBOOK], clean=False)
    yield wh
    registry.communes.cache_clear()


@pytest.mark.slow
def test_units_are_matched_by_code_else_by_name_never_a_namesake_elsewhere(city):
    with connect_readonly(city) as con:
        matched = dict(scores(con, OCTOBER, 3, "thang").select("ma_don_vi", "ma_xa").rows())
    assert matched["001.26.10.H26"] == "KTD"  # no code: by name
    assert matched["001.26.11.H26"] == "TK"  # by code, whatever the name
    assert matched["001.26.13.H26"] is None  # Đông Thái of An Giang (H89.13) is not the city's Đông Thái (H26.02)
    assert CITY[1][:3] == ("XA2", "Đông Thái", "H26.02")


@pytest.mark.slow
def test_city_gives_each_commune_its_latest_766_total_and_rank(city, capsys):
    assert main(["--warehouse", str(city), "city", "--to", "30/06/2025", "--json"]) == 0
    rows = {r["ma_xa"]: r for r in json.loads(capsys.readouterr().out)}
    assert (rows["KTD"]["tong_diem_766"], rows["KTD"]["hang_766"]) == (95.09, 1)
    assert (rows["XA2"]["tong_diem_766"], rows["XA2"]["hang_766"]) == (None, None)


@pytest.mark.slow
def test_each_group_stands_beside_the_plans_own_figures(city):
    plan = load_plan()
    with connect_readonly(city) as con:
        month = commune_history(con, "KTD").row(-1, named=True)
        evaluations = evaluate(con, plan, plan.start, D("30/06/2025"), "KTD")
        rows = beside_plan(con, plan, month, evaluations, plan.start, D("30/06/2025"), "KTD")
    by_group = {}
    for r in rows.iter_rows(named=True):
        by_group.setdefault(r["nhom"], []).append(r)
    satisfaction = by_group["Mức độ hài lòng"]
    assert [r["ma_chi_tieu"] for r in satisfaction] == ["TTHC-02", "CQS-04"]
    assert satisfaction[0]["diem"] == 17.36 and round(satisfaction[0]["ty_le_diem"], 1) == 96.4
    on_time = by_group["Tiến độ giải quyết"][0]
    assert on_time["chi_tieu"] == "Hồ sơ đã giải quyết đúng hạn" and on_time["gia_tri"] == 50.0  # K1 on time, K2 late
    assert [r["ma_chi_tieu"] for r in by_group["Công khai, minh bạch"]] == ["TTHC-08"]


@pytest.mark.slow
def test_the_points_at_stake_of_a_commune(city):
    plan = load_plan()
    with connect_readonly(city) as con:
        tk, ktd = at_stake(con, plan, "TK", OCTOBER), at_stake(con, plan, "KTD", OCTOBER)
        assert at_stake(con, plan, "XA2", OCTOBER) is None  # no score of its own that month
    assert (tk["hang"], tk["so_don_vi"], tk["cach_hang_tren"], tk["hang_tren"], tk["cach_hang_1"]) == (2, 4, 5.59, 1, 5.59)
    assert (ktd["hang"], ktd["cach_hang_tren"], ktd["hang_tren"], ktd["cach_hang_1"]) == (1, None, None, 0.0)
    short = [g["thieu"] for g in tk["nhom"]]
    assert short == sorted(short, reverse=True) and len(short) == 6
    assert round(sum(short), 2) == round(100 - 89.5, 2)  # the six groups' shortfalls add up to the total's
    paired = {g["nhom"]: g["chi_tieu"] for g in tk["nhom"]}
    assert paired["Thanh toán trực tuyến"] == ["CQS-10"] and paired["Tiến độ giải quyết"] == []
