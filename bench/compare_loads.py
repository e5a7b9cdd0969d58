"""What loads give, as data: every fixture, every bad input and the demo, for comparing two versions of the code.

    python bench/compare_loads.py snapshot OUT.json      # record what this code gives
    python bench/compare_loads.py compare BEFORE.json    # record again and list every difference

Each file is loaded alone into an empty warehouse on 15/01/2026 (the demo as a whole on 31/01/2026).
Recorded per file: the ledger lines (sheet, source, status, rows read/loaded/rejected, snapshot date),
the rejected rows (sheet, row), the quality results (each check's outcome and counts), and for the demo the status and value of every
target at four dates. (A rejected row may carry several reasons, one per rule it breaks; which rows are rejected is what must not change.)
Only the command line and the warehouse's tables are used, so that any version of the code can be recorded.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import tempfile
import tomllib
from datetime import date
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 1, 15)
CORPUS = ROOT / "tests" / "bad_inputs"
FIXTURES = ROOT / "tests" / "fixtures"
AS_OF = ["2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31"]
SKIP_SUFFIXES = {".py", ".toml"}


def _files() -> list[tuple[Path, str | None]]:
    """Every fixture and corpus file, with the source it is loaded as (None: recognised by its header)."""
    load_as = {f["name"]: f.get("load_as") for f in tomllib.loads((CORPUS / "expected.toml").read_text("utf-8"))["file"]}
    files = [(p, None) for p in sorted(FIXTURES.iterdir()) if p.is_file() and p.suffix not in SKIP_SUFFIXES]
    return files + [(p, load_as.get(p.name)) for p in sorted(CORPUS.iterdir()) if p.is_file() and p.suffix not in SKIP_SUFFIXES]


def _tables(wh: Path) -> dict:
    """Ledger lines, rejected rows and quality results of a warehouse, in a stable order."""
    if not wh.exists():
        return {"ledger": [], "rejects": [], "quality": []}
    con = duckdb.connect(str(wh), read_only=True)
    try:
        ledger = con.sql("SELECT file_name, sheet, source, status, rows_read, rows_loaded, rows_rejected, "
                         "strftime(snapshot_date, '%Y-%m-%d') FROM load_ledger ORDER BY file_id").fetchall()
        rejects = con.sql('SELECT DISTINCT sheet, "row" FROM rejects WHERE "row" IS NOT NULL ORDER BY ALL').fetchall()
        quality = con.sql('SELECT sheet, expectation, "column", severity, success, unexpected_count, element_count, raised '
                          "FROM quality_results ORDER BY ALL").fetchall()
    finally:
        con.close()
    return {"ledger": [list(r) for r in ledger], "rejects": [list(r) for r in rejects], "quality": [list(r) for r in quality]}


def _load(paths: list[Path], wh: Path, source: str | None, today: date) -> None:
    """Load through the real loader, quietly."""
    from pipelines.load import load

    with contextlib.redirect_stderr(io.StringIO()):
        load(paths, wh, source=source, today=today)


def _statuses(wh: Path) -> dict[str, list]:
    """(id, status, value) of every target at each as-of date, through `status --json`."""
    from pipelines.cli import main

    out = {}
    for to in AS_OF:
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            main(["--warehouse", str(wh), "status", "--to", to, "--json"])
        out[to] = [[e["id"], e["status"], None if e["value"] is None else round(e["value"], 6)] for e in json.loads(buffer.getvalue())]
    return out


def snapshot() -> dict:
    """What this version of the code gives on every file and on the demo."""
    from pipelines.demo import write_demo

    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        for i, (path, source) in enumerate(_files()):
            wh = Path(tmp) / f"wh{i}.duckdb"
            _load([path], wh, source, TODAY)
            result[f"{path.parent.name}/{path.name}"] = _tables(wh)
        demo, wh = Path(tmp) / "demo", Path(tmp) / "demo.duckdb"
        write_demo(demo)
        _load([demo], wh, None, date(2026, 1, 31))
        result["demo"] = _tables(wh) | {"statuses": _statuses(wh)}
    return result


def differences(before: dict, after: dict) -> list[str]:
    """Every place where two snapshots differ, in words."""
    out = []
    for name in sorted(set(before) | set(after)):
        b, a = before.get(name), after.get(name)
        if b is None or a is None:
            out.append(f"{name}: only {'after' if b is None else 'before'}")
            continue
        for part in sorted(set(b) | set(a)):
            if b.get(part) != a.get(part):
                out.append(f"{name} {part}:\n  before {_short(b.get(part))}\n  after  {_short(a.get(part))}")
    return out


def _short(value) -> str:
    """A value, cut for reading."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) < 600 else text[:600] + " …"


def main() -> int:
    """Record, or record and compare."""
    if len(sys.argv) != 3 or sys.argv[1] not in ("snapshot", "compare"):
        print(__doc__)
        return 2
    now = snapshot()
    if sys.argv[1] == "snapshot":
        Path(sys.argv[2]).write_text(json.dumps(now, ensure_ascii=False, indent=1), encoding="utf-8")
        return 0
    found = differences(json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")), now)
    print("\n".join(found) or "No differences.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
