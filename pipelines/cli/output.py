"""What the command line prints: tables, JSON, load reports; every text from a file or a person made terminal-safe."""

from __future__ import annotations

import json
import re

from pipelines.load import LoadReport
from warehouse.display import LOAD_WORDS, vn_date


def note_of(e) -> str:
    """Reason and warnings, short."""
    return " ".join(x for x in [e.reason, *e.warnings] if x)


# status --json speaks the glossary's names, as the other commands' JSON does; the English keys of earlier versions
# follow them as aliases for this version only (README, "Command line").
RENAMED = {"id": "ma_chi_tieu", "commune": "ma_xa", "status": "trang_thai", "numerator": "tu_so", "denominator": "mau_so",
           "from": "tu_ngay", "to": "den_ngay", "data_date": "ngay_so_lieu", "reason": "ly_do"}


def evaluation_json(e) -> dict:
    """One evaluation as plain data: the glossary's names, then the old names of those renamed."""
    said = _evaluation_json(e)
    return {RENAMED.get(k, k): v for k, v in said.items()} | {old: said[old] for old in RENAMED}


def _evaluation_json(e) -> dict:
    t = e.target
    return {
        "id": t.id, "area": t.area_name, "text": t.text, "kind": t.kind, "unit": t.unit, "owner": t.owner,
        "status": e.status, "value": e.value, "numerator": e.tu_so, "denominator": e.mau_so,
        "threshold": e.threshold, "reason": e.reason, "warnings": e.warnings,
        "from": e.tu_ngay.isoformat(), "to": e.den_ngay.isoformat(), "judged_at": e.judged_at.isoformat(),
        "data_date": e.ngay_so_lieu.isoformat() if e.ngay_so_lieu else None, "current_value": e.current_value,
        "commune": e.ma_xa, "note": e.note["ghi_chu"] if e.note else None,
    }


def outcome_json(o) -> dict:
    """One file's (or sheet's) outcome as plain data."""
    return {"path": str(o.path), "file": o.path.name, "file_id": o.file_id, "sheet": o.sheet, "source": o.source, "status": o.status,
            "snapshot": o.snapshot, "rows_read": o.rows_read, "rows_loaded": o.rows_loaded, "rows_rejected": o.rows_rejected,
            "checks_run": o.checks_run, "checks_failed": o.checks_failed, "message": o.message, "warnings": o.warnings}


def print_load_report(report: LoadReport) -> None:
    """A summary table: one line per file and sheet."""
    rows = [[str(o.file_id) if o.status == "loaded" else "", o.path.name, o.sheet or "", o.source or "", vn_date(o.snapshot),
             str(o.rows_read), str(o.rows_loaded),
             str(o.rows_rejected), f"{o.checks_run - o.checks_failed}/{o.checks_run} đạt" if o.checks_run else "",
             LOAD_WORDS[o.status].upper() if o.status == "rejected" else LOAD_WORDS[o.status],  # a refusal stands out
             " ".join(x for x in [o.message, *o.warnings] if x)] for o in report.outcomes]
    print(table(["Mã", "Tệp", "Trang", "Nguồn", "Ngày số liệu", "Đọc", "Nạp", "Loại", "Kiểm tra", "Kết quả", "Ghi chú"], rows))
    read = sum(o.rows_read for o in report.outcomes)
    loaded = sum(o.rows_loaded for o in report.outcomes)
    print(f"Tổng: {len(report.outcomes)} tệp/trang, đọc {read} dòng, nạp {loaded}, loại {read - loaded}.")


def table(header: list[str], rows: list[list[str]]) -> str:
    """A plain-text table with aligned columns, one line per row, every cell terminal-safe."""
    header, rows = [terminal_safe(c) for c in header], [[terminal_safe(c) for c in r] for r in rows]
    widths = [max(len(x) for x in col) for col in zip(header, *rows)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


# What a terminal acts on rather than shows, beyond the C0 controls: DEL, the C1 controls (U+009B is CSI), the line
# and paragraph separators, and the bidi controls that reorder what follows (U+202A-202E, U+2066-2069, and the marks).
_ACTING = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"


UNSAFE = re.compile(f"[\x00-\x1f{_ACTING}]")


UNSAFE_IN_JSON = re.compile(f"[{_ACTING}]")  # json.dumps escapes the C0 controls itself


ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def terminal_safe(text) -> str:
    """Text from a file or a person, as a terminal should print it: every control character (C0, DEL, C1), line or
    paragraph separator and bidi control written as an escape (\\x1b, \\n, \\u202e), so that it can neither drive
    the operator's terminal nor break a line and fake a row. Every printer of such text goes through here."""
    return UNSAFE.sub(lambda m: ESCAPES.get(m[0]) or (f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}"),
                      str(text))


def json_text(value, **options) -> str:
    """Machine-readable output: JSON (UTF-8 as is, indented), whose strings escape what a terminal would act on."""
    return UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m[0]):04x}", json.dumps(value, ensure_ascii=False, indent=1, **options))

