"""An upload batch as the Tải dữ liệu page runs it (dashboard.uploading.upload: the upload ledger, the command line's
load in its own process): every file gets its row whatever it is, alone or beside others, and the table the page
shows says why and which targets a loaded file feeds."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from dashboard import data, uploading
from warehouse.app import store, uploads
from warehouse.app.store import store_path
from warehouse.plan import load_plan

pytestmark = pytest.mark.slow  # each test uploads into a copy of the demo warehouse

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def batch(demo_copy, monkeypatch):
    """Upload (name, content) pairs as the clerk `dulieu` into a copy of the demo; (outcomes, the page's table)."""
    monkeypatch.setenv("CCHC_WAREHOUSE", str(demo_copy))

    def run(*files: tuple[str, bytes], limit_mb: int = 100) -> tuple[list[dict], pl.DataFrame]:
        outcomes = uploading.upload(store_path(demo_copy), "dulieu", list(files), demo_copy, limit_mb, lambda done, total: None)
        rejects = data.rejects_of(tuple(o["file_id"] for o in outcomes if o["file_id"] is not None))
        return outcomes, uploading.outcome_table(outcomes, rejects, load_plan())

    return run


def fixture(name: str) -> tuple[str, bytes]:
    return name, (FIXTURES / name).read_bytes()


def test_a_clean_file_alone_is_loaded_and_names_the_targets_it_feeds(batch, demo_copy):
    outcomes, table = batch(fixture("pakn_cp1258.csv"))
    assert [o["status"] for o in outcomes] == ["loaded"]
    row = table.row(0, named=True)
    assert (row["Tệp"], row["Kết quả"], row["Nạp"], row["Lý do"]) == ("pakn_cp1258.csv", "Đã nạp", 4, "")
    assert row["Chỉ tiêu liên quan"] == ", ".join(load_plan().fed_by("pakn")) and "TTHC-11" in row["Chỉ tiêu liên quan"]
    assert [u["ket_qua"] for u in uploads.uploads(store_path(demo_copy))] == ["Đã nạp"]


@pytest.mark.parametrize("name, content, words", [
    ("rong.csv", b"", "Tệp rỗng"),
    ("bao_cao.pdf", b"%PDF-1.4 not an export", "không được hỗ trợ"),
])
def test_an_empty_or_unsupported_file_alone_gets_its_row_and_why(batch, demo_copy, name, content, words):
    outcomes, table = batch((name, content))
    row = table.row(0, named=True)
    assert (len(table), row["Tệp"], row["Kết quả"], row["Chỉ tiêu liên quan"]) == (1, name, "Từ chối", "")
    assert words in row["Lý do"]
    assert [a["ket_qua"] for a in store.audit_trail(store_path(demo_copy))][:1] == ["tu_choi"]


def test_a_file_already_loaded_says_so(batch):
    batch(fixture("pakn_cp1258.csv"))
    outcomes, table = batch(("lan_hai.csv", (FIXTURES / "pakn_cp1258.csv").read_bytes()))  # the same bytes, another name
    assert table.select("Tệp", "Kết quả").rows() == [("lan_hai.csv", "Bỏ qua")]
    assert "Đã nạp trước đó" in table["Lý do"][0]


def test_rows_rejected_are_explained_and_counted_for_this_batch_only(batch):
    batch(fixture("ho_so_gia_tri.csv"))
    outcomes, table = batch(fixture("pakn_cp1258.csv"), ("gia_tri_2.csv", (FIXTURES / "ho_so_gia_tri.csv").read_bytes() + b"\n"))
    row = table.filter(pl.col("Tệp") == "gia_tri_2.csv").row(0, named=True)
    assert (row["Kết quả"], row["Loại"]) == ("Đã nạp", 2)
    assert "Dòng bị loại:" in row["Lý do"], row
    ids = tuple(o["file_id"] for o in outcomes if o["file_id"] is not None)
    assert data.rejects_of(ids).filter(pl.col("Dòng").is_not_null()).height == 2  # not the first upload's two as well


def test_a_file_over_the_limit_is_refused_unread_beside_a_good_one(batch, demo_copy):
    outcomes, table = batch(("lon.csv", b"x" * (1024 * 1024 + 1)), fixture("pakn_cp1258.csv"), limit_mb=1)
    assert table.select("Tệp", "Kết quả").rows() == [("lon.csv", "Từ chối"), ("pakn_cp1258.csv", "Đã nạp")]
    assert "quá giới hạn 1 MB" in table["Lý do"][0] and "1,0 MB" in table["Lý do"][0]


def test_a_rejected_file_beside_a_clean_one(batch):
    outcomes, table = batch(fixture("khong_ro_nguon.csv"), fixture("ho_so_qua_nhieu_loi.csv"), fixture("pakn_cp1258.csv"))
    assert table.select("Tệp", "Kết quả").rows() == [
        ("khong_ro_nguon.csv", "Từ chối"), ("ho_so_qua_nhieu_loi.csv", "Từ chối"), ("pakn_cp1258.csv", "Đã nạp")]
    assert "cả tệp bị từ chối" in table["Lý do"][1]
    assert table["Chỉ tiêu liên quan"][:2].to_list() == ["", ""]


def test_a_load_that_fails_says_so_for_every_file(batch, demo_copy, monkeypatch):
    monkeypatch.setattr(uploading, "run_load", lambda paths, warehouse, on_step, ledger_ids: ([], "Lỗi: kho dữ liệu bị khoá."))
    outcomes, table = batch(fixture("pakn_cp1258.csv"), fixture("xac_nhan.csv"))
    assert table.select("Tệp", "Kết quả").rows() == [("pakn_cp1258.csv", "Lỗi"), ("xac_nhan.csv", "Lỗi")]
    assert all("kho dữ liệu bị khoá" in why for why in table["Lý do"])
    assert [u["ket_qua"] for u in uploads.uploads(store_path(demo_copy))] == ["Lỗi (Không nạp được: Lỗi: kho dữ liệu bị khoá.)"] * 2
