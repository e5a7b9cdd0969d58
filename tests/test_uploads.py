"""The upload ledger: a file is kept as it came under its SHA-256, noted with who and when, and its outcome
is written and audited."""

from __future__ import annotations

import hashlib

import pytest

from warehouse.app import store
from warehouse.app.uploads import STOPPED, begin, keep, mark_stopped, settle, uploads


def test_an_upload_is_kept_under_its_hash_and_traced(tmp_path):
    app = tmp_path / "app.sqlite"
    content = "MaHoSo,NgayTiepNhan\nH-1,01/06/2025\n".encode()
    first, path = keep(app, "dulieu", "../../etc/ho so?.csv", content)
    digest = hashlib.sha256(content).hexdigest()
    assert path == (tmp_path / "tai_len" / digest / "ho so_.csv").resolve() and path.read_bytes() == content
    second, again = keep(app, "dulieu", "ho so?.csv", content)  # the same bytes again: one kept copy, two uploads
    assert again == path and second != first
    assert [(a["hanh_dong"], a["ket_qua"]) for a in store.audit_trail(app)] == [("tai_len", "bat_dau")] * 2  # before any load
    settle(app, {first: "Đã nạp", second: "Bỏ qua (đã nạp trước đó)"})
    settle(app, {first: "Từ chối (muộn)"})  # the first outcome written stands
    assert [(u["ten_tep"], u["sha256"], u["ket_qua"]) for u in uploads(app)] == [
        ("ho so?.csv", digest, "Bỏ qua (đã nạp trước đó)"), ("../../etc/ho so?.csv", digest, "Đã nạp")]
    assert [(a["hanh_dong"], a["ket_qua"]) for a in store.audit_trail(app)] == (
        [("tai_len", "thanh_cong")] * 2 + [("tai_len", "bat_dau")] * 2)


def test_an_upload_whose_load_died_is_marked_so_at_the_next_start(tmp_path):
    app = tmp_path / "app.sqlite"
    waiting, _ = keep(app, "dulieu", "a.csv", b"x\n")
    running, _ = keep(app, "dulieu", "b.csv", b"y\n")
    begin(app, [running])  # this process loads it: alive
    assert mark_stopped(app) == 1
    assert {u["ten_tep"]: u["ket_qua"] for u in uploads(app)} == {"a.csv": STOPPED, "b.csv": None}
    assert store.audit_trail(app)[0]["ket_qua"] == "loi" and store.audit_trail(app)[0]["doi_tuong"] == "a.csv"


def test_the_load_itself_writes_its_uploads_outcome(tmp_path, capsys):
    from pathlib import Path

    from pipelines.cli import main

    warehouse = tmp_path / "wh.duckdb"
    app = store.store_path(warehouse)
    fixtures = Path(__file__).parent / "fixtures"
    good, good_path = keep(app, "dulieu", "ho_so.csv", (fixtures / "ho_so_dong_bo.csv").read_bytes())
    bad, bad_path = keep(app, "dulieu", "la.csv", (fixtures / "khong_ro_nguon.csv").read_bytes())
    assert main(["--warehouse", str(warehouse), "load", "--json", "--uploads", f"{good},{bad}", str(good_path), str(bad_path)]) == 1
    capsys.readouterr()
    outcomes = {u["ten_tep"]: u["ket_qua"] for u in uploads(app)}
    assert outcomes["ho_so.csv"].startswith("Đã nạp") and outcomes["la.csv"].startswith("Từ chối"), outcomes
    assert {(a["doi_tuong"], a["nguoi"], a["ket_qua"]) for a in store.audit_trail(app)[:2]} == {
        ("ho_so.csv", "dulieu", "thanh_cong"), ("la.csv", "dulieu", "tu_choi")}  # in the uploader's name


def test_a_load_that_fails_writes_so_for_its_uploads(tmp_path, capsys):
    from pipelines.cli import main

    warehouse = tmp_path / "wh.duckdb"
    app = store.store_path(warehouse)
    ledger_id, path = keep(app, "dulieu", "a.csv", b"x\n")
    path.unlink()  # the kept file is gone: the load cannot read it
    assert main(["--warehouse", str(warehouse), "load", "--json", "--uploads", str(ledger_id), str(path)]) == 2
    capsys.readouterr()
    assert uploads(app)[0]["ket_qua"].startswith("Lỗi (không nạp được: Không tìm thấy tệp")


def test_long_decomposed_and_simultaneous_uploads_are_all_kept(tmp_path):
    import unicodedata
    from concurrent.futures import ThreadPoolExecutor

    app = tmp_path / "app.sqlite"
    long_name = "hồ sơ " * 60 + ".xlsx"  # 400+ bytes in UTF-8
    first, path = keep(app, "dulieu", long_name, b"a")
    assert len(path.name.encode()) <= 200 and path.name.endswith(".xlsx") and path.read_bytes() == b"a"
    decomposed = unicodedata.normalize("NFD", "sổ tiếp nhận.csv")
    _, path = keep(app, "dulieu", decomposed, b"b")
    assert path.name == "sổ tiếp nhận.csv" == unicodedata.normalize("NFC", path.name)  # accents kept, composed
    assert uploads(app)[0]["ten_tep"] == "sổ tiếp nhận.csv"
    assert keep(app, "dulieu", "khong_duoi", b"d")[1].name == "khong_duoi"
    with ThreadPoolExecutor(8) as pool:  # the same file uploaded by eight people at the same moment
        kept = list(pool.map(lambda n: keep(app, f"nguoi{n}", "cung.csv", b"c" * 100_000), range(8)))
    assert len({ledger_id for ledger_id, _ in kept}) == 8 and {p.read_bytes() for _, p in kept} == {b"c" * 100_000}
    assert not list(path.parent.parent.glob("*/*.part"))


@pytest.mark.slow
@pytest.mark.parametrize("who, kept", [("dulieu", False), ("lanhdao", True)])
def test_an_attestation_register_is_taken_only_from_a_leader(demo_copy, capsys, who, kept):
    from pathlib import Path

    from pipelines.cli import main
    from warehouse.app.checkins import REGISTER_REFUSED

    app = store.store_path(demo_copy)
    register = Path(__file__).parent / "fixtures" / "xac_nhan.csv"
    ledger_id, path = keep(app, who, "xac_nhan.csv", register.read_bytes())
    main(["--warehouse", str(demo_copy), "load", "--json", "--uploads", str(ledger_id), str(path)])
    capsys.readouterr()
    outcome = uploads(app)[0]["ket_qua"]
    assert outcome.startswith("Đã nạp") if kept else outcome == f"Từ chối ({REGISTER_REFUSED})", outcome
