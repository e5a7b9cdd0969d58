"""Running a load for the upload page: the command line's `load --json` in its own process, so the dashboard
keeps answering (the load builds a copy and swaps it in) and a load's memory never weighs on the app."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_load(paths: list[Path], warehouse: Path, on_step: Callable[[int, int], None]) -> tuple[list[dict], str | None]:
    """Load the files; (the outcome of every file and sheet, the command's error message or None)."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:  # a file, not a pipe: it never fills up and blocks
        proc = subprocess.Popen([sys.executable, "-m", "pipelines", "--warehouse", str(warehouse.resolve()), "load", "--json",
                                 *map(str, paths)], cwd=ROOT, stdout=out, stderr=subprocess.PIPE, text=True)
        errors = []
        for line in proc.stderr:
            parts = line.split()
            if len(parts) == 3 and parts[0] == "buoc":
                on_step(int(parts[1]), int(parts[2]))
            elif line.strip():
                errors.append(line.strip())
        proc.wait()
        if proc.returncode not in (0, 1):
            return [], " ".join(errors) or f"Lệnh nạp dừng với mã {proc.returncode}."
        out.seek(0)
        return json.loads(out.read()), None
