"""One file per source is recognised by its header and loads whole, and every row carries its commune."""

import pytest
from reading import read, read_one

from warehouse.sources import sources

FILES = [
    ("ho_so_dong_bo.csv", "ho_so", 5),
    ("ho_so_dong_bo.jsonl", "ho_so", 4),
    ("so_theo_doi_ho_so.xlsx", "ho_so", 6),
    ("so_giay.xlsx", "ho_so", 3),
    ("thu_tuc.xlsx", "thu_tuc", 4),
    ("pakn_cp1258.csv", "pakn", 4),
    ("giai_ngan_trieu_dong.xlsx", "giai_ngan", 4),
    ("van_ban_den_unicode.txt", "van_ban_den", 4),
    ("ho_so_cong_viec_bom.csv", "ho_so_cong_viec", 4),
    ("nhiem_vu.xlsx", "nhiem_vu", 3),
    ("bao_cao_dinh_ky.csv", "bao_cao_dinh_ky", 4),
    ("to_chuc.xlsx", "to_chuc", 4),
    ("xac_nhan.csv", "xac_nhan", 3),
    ("diem_766_thang_09_2025.csv", "diem_766", 2),
]


@pytest.mark.parametrize("name, source, loaded", FILES)
def test_file_is_recognised_and_loaded(name, source, loaded):
    r = read_one(name)
    assert (r.source.name, r.error, r.rows_loaded) == (source, None, loaded)


def test_every_source_has_a_fixture():
    covered = {s for _, s, _ in FILES} | {r.source.name for r in read("nhan_su.xlsx") if r.source}
    assert covered == set(sources())


def test_commune_from_the_file_or_the_default():
    rows = read_one("ho_so_dong_bo.csv").rows
    assert rows["ma_xa_tep"].to_list() == ["KTD-01", "KTD", "KTD-02", "KTD", "KTD"]


def test_commune_can_be_named():
    assert set(read_one("so_giay.xlsx", commune="XYZ").rows["ma_xa_tep"]) == {"XYZ"}


def test_handling_unit_is_not_the_commune():
    rows = read_one("ho_so_dong_bo.csv").rows
    assert rows["don_vi"][0] == "Bộ phận một cửa" and rows["ma_xa_tep"][0] == "KTD-01"


def test_attestation_of_an_unknown_target_is_rejected():
    r = read_one("xac_nhan.csv")
    bad = r.rejects.row(0, named=True)
    assert (bad["row"], bad["column"], bad["value"]) == (5, "ma_chi_tieu", "XYZ-99")
    assert r.rows["ket_qua"].to_list() == ["Đã hoàn thành", "12", "Chưa hoàn thành"]
