"""The upload ledger: every file a clerk uploads is kept as it came, under its SHA-256, so that a load can be
traced to its bytes and repeated. It is recorded before anything is loaded (its ledger line and an audit line),
and its outcome is written by the load itself (`python -m pipelines load --uploads IDS`), whatever becomes of the
page that asked for it; a load that died before saying is marked so at the next start."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from warehouse.app import store
from warehouse.display import LOAD_WORDS

MAX_NAME = 200  # bytes of a kept file's name (file systems allow 255)
UNSAFE = re.compile(r"[^\w.\- ()]+")
# an outcome's first words → the audit's; else loi
AUDITED = {LOAD_WORDS["loaded"]: "thanh_cong", LOAD_WORDS["skipped"]: "thanh_cong", LOAD_WORDS["rejected"]: "tu_choi"}


def keep(path: Path, user: str, name: str, content: bytes) -> tuple[int, Path]:
    """Keep an uploaded file beside the store (tai_len/<sha256>/<name>) and note it; (its ledger id, its path). The
    name is kept composed (NFC: accents as one character each) and noted as given."""
    name = unicodedata.normalize("NFC", name)
    digest = hashlib.sha256(content).hexdigest()
    kept = (path.parent / "tai_len" / digest / _safe_name(name)).resolve()
    kept.parent.mkdir(parents=True, exist_ok=True)
    if not kept.exists():  # written under a name of its own, then moved: two uploads of the same bytes at once both succeed
        with tempfile.NamedTemporaryFile(dir=kept.parent, suffix=".part", delete=False) as partial:
            partial.write(content)
        os.replace(partial.name, kept)
    with store.connect(path) as con:
        ledger_id = con.execute("INSERT INTO tep_tai_len (luc, nguoi, ten_tep, sha256, kich_thuoc, duong_dan) VALUES (?, ?, ?, ?, ?, ?)",
                                (store.now(), user, name, digest, len(content), str(kept))).lastrowid
        store.record(con, user, "tai_len", name, "bat_dau", f"nhận tệp {len(content)} byte, chờ nạp · sha256 {digest[:12]}")
    return ledger_id, kept


def refuse_too_large(path: Path, user: str, name: str, limit_mb: int) -> None:
    """Note, in the audit, an upload refused unread for being over the size limit."""
    store.audit(path, user, "tai_len", name, "tu_choi", f"quá giới hạn {limit_mb} MB")


def _safe_name(name: str) -> str:
    """A file name safe on any file system: no folders or odd characters, at most MAX_NAME bytes (its extension kept)."""
    safe = UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip(" .") or "tep"
    stem, suffix = (Path(safe).stem, Path(safe).suffix) if len(Path(safe).suffix) <= 10 else (safe, "")
    while len((stem + suffix).encode()) > MAX_NAME:
        stem = stem[:-1]
    return stem + suffix


def begin(path: Path, ledger_ids: list[int]) -> dict[str, int]:
    """The load of these uploads starts in this process: noted, so that a load that dies is known for one; the
    ledger ids by kept file path."""
    with store.connect(path) as con:
        con.executemany("UPDATE tep_tai_len SET ma_tien_trinh = ? WHERE id = ?", [(os.getpid(), i) for i in ledger_ids])
        rows = con.execute(f"SELECT id, duong_dan FROM tep_tai_len WHERE id IN ({', '.join('?' * len(ledger_ids))})",
                           ledger_ids).fetchall()
    return {duong_dan: ledger_id for ledger_id, duong_dan in rows}


def uploaded_by(path: Path, ledger_ids: list[int]) -> str | None:
    """Who uploaded these files (one person uploads a batch)."""
    rows = store.read(path, f"SELECT DISTINCT nguoi FROM tep_tai_len WHERE id IN ({', '.join('?' * len(ledger_ids))})", ledger_ids)
    return rows[0]["nguoi"] if len(rows) == 1 else None


def settle(path: Path, results: dict[int, str]) -> None:
    """Write each upload's outcome (the first one written stands) and an audit line for it, in the uploader's name."""
    with store.connect(path) as con:
        for ledger_id, result in results.items():
            row = con.execute("SELECT nguoi, ten_tep, sha256 FROM tep_tai_len WHERE id = ? AND ket_qua IS NULL", (ledger_id,)).fetchone()
            if row is None:
                continue
            con.execute("UPDATE tep_tai_len SET ket_qua = ? WHERE id = ?", (result, ledger_id))
            outcome = next((v for k, v in AUDITED.items() if result.startswith(k)), "loi")
            store.record(con, row["nguoi"], "tai_len", row["ten_tep"], outcome, f"{result} · sha256 {row['sha256'][:12]}")


def outcome_words(outcomes: list[dict]) -> str:
    """An upload's outcome in the ledger's words, from the load's outcomes of its file (one, or one per sheet)."""
    if not outcomes:
        return "Lỗi (lệnh nạp không trả lời về tệp này)"
    words = {LOAD_WORDS.get(o["status"], "Lỗi") + (f" ({o['message']})" if o["status"] != "loaded" and o["message"] else "")
             for o in outcomes}
    return "; ".join(sorted(words))


STOPPED = "Dừng giữa chừng: lệnh nạp đã dừng trước khi báo kết quả (máy chủ tắt hoặc tiến trình bị dừng); xem trang Dữ liệu."


def mark_stopped(path: Path) -> int:
    """Uploads whose load died before saying (its process gone, or never started): marked so; how many."""
    waiting = store.read(path, "SELECT id, ma_tien_trinh FROM tep_tai_len WHERE ket_qua IS NULL")
    dead = [r["id"] for r in waiting if not _alive(r["ma_tien_trinh"])]
    if dead:
        settle(path, dict.fromkeys(dead, STOPPED))
    return len(dead)


def _alive(pid: int | None) -> bool:
    """True when a process of this id runs."""
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, as somebody else
        pass
    return True


def uploads(path: Path, limit: int = 500) -> list[dict]:
    """The uploads, newest first."""
    return store.read(path, "SELECT luc, nguoi, ten_tep, sha256, kich_thuoc, duong_dan, ket_qua FROM tep_tai_len "
                            "ORDER BY id DESC LIMIT ?", (limit,))
