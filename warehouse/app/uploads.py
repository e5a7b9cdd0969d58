"""The upload ledger: every file a clerk uploads is kept as it came, under its SHA-256, so that a load can be
traced to its bytes and repeated."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from warehouse.app import store

UNSAFE = re.compile(r"[^\w.\- ()]+")


def keep(path: Path, user: str, name: str, content: bytes) -> tuple[int, Path]:
    """Keep an uploaded file beside the store (tai_len/<sha256>/<name>) and note it; (its ledger id, its path)."""
    digest = hashlib.sha256(content).hexdigest()
    safe = UNSAFE.sub("_", Path(name).name).strip(" .") or "tep"
    kept = (path.parent / "tai_len" / digest / safe).resolve()
    kept.parent.mkdir(parents=True, exist_ok=True)
    if not kept.exists():
        partial = kept.with_name(kept.name + ".part")
        partial.write_bytes(content)
        partial.replace(kept)
    with store.connect(path) as con:
        ledger_id = con.execute("INSERT INTO tep_tai_len (luc, nguoi, ten_tep, sha256, kich_thuoc, duong_dan) VALUES (?, ?, ?, ?, ?, ?)",
                                (store.now(), user, name, digest, len(content), str(kept))).lastrowid
    return ledger_id, kept


def settle(path: Path, user: str, ledger_ids: list[int], outcomes: dict[int, str]) -> None:
    """Write each upload's outcome, and one audit line per file."""
    with store.connect(path) as con:
        for ledger_id in ledger_ids:
            result = outcomes.get(ledger_id, "lỗi")
            con.execute("UPDATE tep_tai_len SET ket_qua = ? WHERE id = ?", (result, ledger_id))
            name, digest = con.execute("SELECT ten_tep, sha256 FROM tep_tai_len WHERE id = ?", (ledger_id,)).fetchone()
            store.record(con, user, "tai_len", name, "thanh_cong" if result.startswith(("Đã nạp", "Bỏ qua")) else "tu_choi",
                         f"{result} · sha256 {digest[:12]}")


def uploads(path: Path, limit: int = 500) -> list[dict]:
    """The uploads, newest first."""
    return store.read(path, "SELECT luc, nguoi, ten_tep, sha256, kich_thuoc, duong_dan, ket_qua FROM tep_tai_len "
                            "ORDER BY id DESC LIMIT ?", (limit,))
