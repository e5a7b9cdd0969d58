"""What goes wrong around a command, said in Vietnamese with what to do: exit 2 for what the user must fix,
130 for Ctrl-C, and the published warehouse as it was. Also the edges a tester found: an unknown commune, the
same file named twice, a named pipe, copies a killed load left behind."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import GOOD_DOSSIERS, published_dossiers

import pipelines.extract
import pipelines.load
import warehouse.publish
from pipelines.cli import main
from warehouse.communes import communes

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
GOOD = GOOD_DOSSIERS


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """A warehouse holding good dossiers; tests use copies."""
    return published_dossiers(tmp_path_factory.mktemp("cli_errors"))


@pytest.fixture
def copy(published, tmp_path) -> Path:
    """A private copy of the published warehouse."""
    return Path(shutil.copyfile(published, tmp_path / "wh.duckdb"))


def run(capsys, *args: str) -> tuple[int, str]:
    """A command's exit code and what it wrote to stderr."""
    capsys.readouterr()
    code = main(list(args))
    return code, capsys.readouterr().err


@pytest.mark.parametrize("where, says", [
    (lambda tmp: tmp, "là một thư mục"),
    (lambda tmp: _text(tmp / "ghi_chu.duckdb"), "không phải kho dữ liệu DuckDB"),
    (lambda tmp: _text(tmp / "tep") / "kho.duckdb", "nằm dưới một tệp"),
])
def test_a_warehouse_path_that_cannot_be_one_is_refused_in_words(capsys, tmp_path, where, says):
    for command in (["status"], ["load", str(GOOD), "--quiet"], ["export", "--to", "31/12/2025", "--out", str(tmp_path / "x.csv")]):
        code, err = run(capsys, *command, "--warehouse", str(where(tmp_path)))
        assert code == 2 and says in err and "Traceback" not in err, (command, err)


def _text(path: Path) -> Path:
    """A small text file at path."""
    path.write_text("không phải kho dữ liệu\n", encoding="utf-8")
    return path


def test_a_truncated_warehouse_is_refused_in_words(capsys, published, tmp_path):
    cut = tmp_path / "cut.duckdb"
    cut.write_bytes(published.read_bytes()[:6000])
    code, err = run(capsys, "status", "--warehouse", str(cut))
    assert code == 2 and "tệp hỏng hoặc bị cắt cụt" in err


@pytest.mark.parametrize("problem, says", [
    (errno.EROFS, "không có quyền ghi"),
    (errno.EACCES, "không có quyền ghi"),
    (errno.ENOSPC, "hết chỗ trống trên đĩa"),
])
def test_a_file_system_that_refuses_leaves_the_warehouse_and_says_what_to_do(capsys, copy, monkeypatch, problem, says):
    before = copy.read_bytes()

    def refuse(*args, **kwargs):
        raise OSError(problem, os.strerror(problem), str(copy))

    monkeypatch.setattr(warehouse.publish, "refresh_current", refuse)  # while publishing, after the rows are in the copy
    code, err = run(capsys, "load", str(FIXTURES / "pakn_cp1258.csv"), "--quiet", "--warehouse", str(copy))
    assert code == 2 and says in err and "kho dữ liệu" in err
    assert copy.read_bytes() == before
    assert not list(copy.parent.glob(".*building*"))


# A command run in a process of its own, where a function of the load is replaced by one that presses Ctrl-C (a real
# SIGINT to that process, never to the test runner) while its connection runs a statement only an interrupt ends soon.
CTRL_C = """
import os, signal, sys, threading
import pipelines.extract, warehouse.publish
from pipelines.cli import main

def press_ctrl_c_during_a_long_statement(con, *args, **kwargs):
    threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT)).start()
    con.execute("SELECT count(*) FROM range(200000000000) AS t(i) WHERE i % 7 = 3").fetchall()

module, name = sys.argv[1].rsplit(".", 1)
setattr(sys.modules[module], name, press_ctrl_c_during_a_long_statement)
sys.exit(main(sys.argv[2:]))
"""


def load_pressing_ctrl_c_in(function: str, warehouse: Path) -> subprocess.CompletedProcess:
    """`load` of a small file, Ctrl-C pressed while `function` runs; an uninterrupted statement would take minutes."""
    return subprocess.run([sys.executable, "-c", CTRL_C, function, "load", str(FIXTURES / "pakn_cp1258.csv"), "--quiet",
                           "--warehouse", str(warehouse)], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_ctrl_c_while_files_are_read_stops_the_readers_exits_130_and_changes_nothing(copy):
    before = copy.read_bytes()
    done = load_pressing_ctrl_c_in("pipelines.extract.land_grid", copy)  # in a reader's thread
    assert done.returncode == 130 and "Ctrl-C" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert copy.read_bytes() == before and not list(copy.parent.glob(".*building*"))


def test_ctrl_c_during_a_statement_of_the_main_thread_exits_130_and_changes_nothing(copy):
    """DuckDB stops there with an error of its own, once its worker threads are interrupted too."""
    before = copy.read_bytes()
    done = load_pressing_ctrl_c_in("warehouse.publish.refresh_current", copy)  # while publishing
    assert done.returncode == 130 and "Ctrl-C" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert copy.read_bytes() == before and not list(copy.parent.glob(".*building*"))


def test_an_unknown_commune_is_refused(capsys, copy):
    code, err = run(capsys, "--commune", "KHONG-CO", "status", "--warehouse", str(copy))
    assert code == 2 and "không có xã mã 'KHONG-CO'" in err and "KTD" in err


def test_the_same_file_named_twice_is_loaded_once(capsys, tmp_path):
    wh = tmp_path / "wh.duckdb"
    report = pipelines.load.load([GOOD, GOOD.parent / ".." / "fixtures" / GOOD.name], wh)
    assert [o.status for o in report.outcomes] == ["loaded"]


def test_a_named_pipe_is_refused_not_waited_for(tmp_path):
    pipe = tmp_path / "ong.csv"
    os.mkfifo(pipe)
    (outcome,) = pipelines.load.load([pipe], tmp_path / "wh.duckdb").outcomes
    assert outcome.status == "rejected" and "Không phải tệp thường" in outcome.message


def test_copies_a_killed_load_left_are_cleaned_by_the_next_load(copy):
    dead = 2 ** 22 + 12345  # beyond the kernel's largest process id: no such process
    leftovers = [copy.with_name(f".{copy.name}.{dead}.building"), copy.with_name(f".{copy.name}.{dead}.building.wal")]
    for leftover in leftovers:
        leftover.write_bytes(b"x" * 1000)
    alive = copy.with_name(f".{copy.name}.{os.getpid()}.building.keep")  # a running process's copy stays
    alive.write_bytes(b"x")
    pipelines.load.load([FIXTURES / "pakn_cp1258.csv"], copy)
    assert not any(p.exists() for p in leftovers) and alive.exists()


@pytest.mark.slow
def test_ctrl_c_in_the_first_second_of_a_command_exits_130_without_a_traceback(published):
    outcomes = []
    for delay in (0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8):  # while the modules load, then while the command runs
        proc = subprocess.Popen([sys.executable, "-m", "pipelines", "--warehouse", str(published), "status"], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        err = proc.communicate(timeout=60)[1]
        # killed by SIGINT itself (-2): the signal came before the interpreter had set its handler (a busy machine, the
        # first tenth of a second); a shell reports it as 130 too, and nothing was printed or changed
        code = 130 if proc.returncode == -signal.SIGINT and not err else proc.returncode
        outcomes.append((delay, code, "Traceback" in err, err[-200:]))
    wrong = [o for o in outcomes if o[1] not in (0, 130) or o[2]]
    assert not wrong, wrong
    assert sum(o[1] == 130 for o in outcomes) >= 4, outcomes  # most were stopped, not finished


def test_a_commune_registry_of_any_kind_is_read_or_refused_in_words(published, tmp_path, monkeypatch, capsys):
    toml = tmp_path / "xa.toml"
    toml.write_text('default = "KTD"\n[communes.KTD]\nname = "Khúc Thừa Dụ"\npredecessors = ["KTD-01"]\n', encoding="utf-8")
    for path, says in ((toml, None), (tmp_path / "xa.json", "định dạng '.json' không đọc được"),
                       (tmp_path / "khong_co.csv", "Không tìm thấy danh sách xã")):
        if path.suffix == ".json":
            path.write_text("{}", encoding="utf-8")
        monkeypatch.setenv("CCHC_COMMUNES", str(path))
        communes.cache_clear()
        code = main(["--warehouse", str(published), "status"])
        err = capsys.readouterr().err
        assert (code == 0) if says is None else (code == 2 and says in err and "Traceback" not in err), (path, code, err)
    communes.cache_clear()


def test_a_reader_that_stops_reading_is_no_error(published):
    """`python -m pipelines status | head -1`: the output's reader is gone before the command writes; the command
    stops quietly, exit 0, instead of blaming the warehouse's folder for a broken pipe."""
    read, write = os.pipe()
    os.close(read)  # the reader left before anything was written
    try:
        done = subprocess.run([sys.executable, "-m", "pipelines", "--warehouse", str(published), "status"], cwd=ROOT,
                              stdout=write, stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write)
    assert done.returncode == 0 and done.stderr == "", done.stderr
