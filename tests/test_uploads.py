"""The upload ledger: a file is kept as it came under its SHA-256, noted with who and when, and its outcome
is written and audited."""

from __future__ import annotations

import hashlib

from warehouse.app import store
from warehouse.app.uploads import keep, settle, uploads


def test_an_upload_is_kept_under_its_hash_and_traced(tmp_path):
    app = tmp_path / "app.sqlite"
    content = "MaHoSo,NgayTiepNhan\nH-1,01/06/2025\n".encode()
    first, path = keep(app, "dulieu", "../../etc/ho so?.csv", content)
    digest = hashlib.sha256(content).hexdigest()
    assert path == (tmp_path / "tai_len" / digest / "ho so_.csv").resolve() and path.read_bytes() == content
    second, again = keep(app, "dulieu", "ho so?.csv", content)  # the same bytes again: one kept copy, two uploads
    assert again == path and second != first
    settle(app, "dulieu", [first, second], {first: "Đã nạp", second: "Bỏ qua (đã nạp trước đó)"})
    assert [(u["ten_tep"], u["sha256"], u["ket_qua"]) for u in uploads(app)] == [
        ("ho so?.csv", digest, "Bỏ qua (đã nạp trước đó)"), ("../../etc/ho so?.csv", digest, "Đã nạp")]
    assert [(a["hanh_dong"], a["ket_qua"]) for a in store.audit_trail(app)] == [("tai_len", "thanh_cong")] * 2
