"""The command line prints text from files and people terminal-safe (issue 25): a check-in's note, an account's full
name, a file's name or a cell quoted in a message can neither drive the operator's terminal (ESC sequences, C1
controls) nor break a line and fake a row, nor reorder what follows (bidi controls): every such character shows as an
escape, one record per line. JSON stays JSON, giving back exactly what was stored."""

from __future__ import annotations

import io
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from helpers import GOOD_DOSSIERS, published_dossiers

from pipelines.cli import main, table, terminal_safe
from warehouse.app.accounts import active_user, add_user, operator
from warehouse.app.checkins import NOT_DONE, record_checkin
from warehouse.app.store import store_path
from warehouse.communes import default_commune
from warehouse.plan import load_plan

ROOT = Path(__file__).resolve().parents[1]
GOOD = GOOD_DOSSIERS
PLAN = load_plan()
ACTING = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")  # all but "\n"
# A note that clears the screen, retitles the window, rings, then fakes a row of its own on a new line.
NOTE = "Đã gửi Sở\x1b[2J\x1b]0;pwned\x07\n2025-12-01 by lanhdao  Đã hoàn thành\u202egnp.exe\u202c"
FULL_NAME = "Nguyễn Văn An\x9b31m\r\u2028quantri  quan_tri\u2066\u2069"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """A warehouse holding good dossiers; tests use copies."""
    return published_dossiers(tmp_path_factory.mktemp("safe_output"))


@pytest.fixture
def warehouse(published, tmp_path, monkeypatch) -> Path:
    """A copy of the warehouse, its store holding an account whose full name and a check-in whose note misbehave."""
    monkeypatch.delenv("CCHC_APP_STORE", raising=False)
    wh = tmp_path / "wh.duckdb"
    shutil.copyfile(published, wh)
    app = store_path(wh)
    add_user(app, operator("kiem.thu"), "lanh.dao", ["lanh_dao"], "mat-khau-dai-1", None, FULL_NAME)
    add_user(app, operator("kiem.thu"), "tp.vhxh", ["truong_phong"], "mat-khau-dai-1", "VHXH", "Trần Thị Bình")
    record_checkin(app, active_user(app, "lanh.dao"), PLAN, "CVU-04", default_commune(), date(2025, 6, 1), NOT_DONE,
                   "12/TTr\r\x9b2K", NOTE)
    return wh


def run(capsys, monkeypatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("char, shown", [
    ("\x1b", "\\x1b"), ("\x00", "\\x00"), ("\x07", "\\x07"), ("\x08", "\\x08"), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"),
    ("\x7f", "\\x7f"), ("\x85", "\\x85"), ("\x9b", "\\x9b"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"),
    ("\u202a", "\\u202a"), ("\u202e", "\\u202e"), ("\u2066", "\\u2066"), ("\u2069", "\\u2069"), ("\u200f", "\\u200f"),
])
def test_every_character_a_terminal_acts_on_is_shown_escaped(char, shown):
    assert terminal_safe(f"a{char}b") == f"a{shown}b"
    assert table(["Ghi chú"], [[f"a{char}b"]]).splitlines()[-1] == f"a{shown}b"


def test_ordinary_vietnamese_text_is_left_as_it_is():
    text = "Nguyễn Thị Hồng – Phó Chủ tịch UBND xã · ≥ 95% (Đạt) “trích dẫn” 😀 \\x1b"
    assert terminal_safe(text) == text


def test_a_check_in_note_cannot_drive_the_terminal_or_fake_a_row(warehouse, monkeypatch, capsys):
    code, out, err = run(capsys, monkeypatch, "--warehouse", str(warehouse), "checkins")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 3, out  # header, rule, the one check-in
    assert not ACTING.search(out + err)
    assert "Đã gửi Sở\\x1b[2J\\x1b]0;pwned\\x07\\n2025-12-01 by lanhdao  Đã hoàn thành\\u202egnp.exe\\u202c" in lines[2]
    assert "12/TTr\\r\\x9b2K" in lines[2] and lines[2].startswith("CVU-04")


def test_full_names_cannot_fake_an_account(warehouse, monkeypatch, capsys):
    code, out, _ = run(capsys, monkeypatch, "--warehouse", str(warehouse), "users", "list")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 4, out  # header, rule, two accounts
    assert not ACTING.search(out)
    assert "Nguyễn Văn An\\x9b31m\\r\\u2028quantri  quan_tri\\u2066\\u2069" in lines[2] and lines[2].startswith("lanh.dao")
    assert "Trần Thị Bình" in lines[3]


def test_status_shows_a_note_escaped_on_its_target_s_row(warehouse, monkeypatch, capsys):
    code, out, _ = run(capsys, monkeypatch, "--warehouse", str(warehouse), "status")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 3 + len(PLAN.targets) + 1, out  # title, header, rule, a row per target, counts
    assert not ACTING.search(out)
    (row,) = [line for line in lines if line.startswith("CVU-04")]
    assert "\\x1b[2J" in row and "\\n2025-12-01 by lanhdao" in row


@pytest.mark.parametrize("command", [["checkins", "--json"], ["status", "--json"]])
def test_json_stays_json_and_gives_back_exactly_what_was_stored(warehouse, monkeypatch, capsys, command):
    code, out, _ = run(capsys, monkeypatch, "--warehouse", str(warehouse), *command)
    assert code == 0 and not ACTING.search(out.replace("\n", ""))  # JSON's own line breaks only
    assert "\\u202e" in out and "\\u001b" in out
    rows = json.loads(out)
    if command[0] == "checkins":
        assert "\\u009b" in out
        assert rows[0]["ghi_chu"] == NOTE and rows[0]["so_van_ban_minh_chung"] == "12/TTr\r\x9b2K"
    else:
        assert NOTE in next(r["reason"] for r in rows if r["id"] == "CVU-04")


def test_a_file_s_name_is_shown_escaped_in_the_load_report(published, tmp_path, monkeypatch, capsys):
    named = tmp_path / "ho_so_dong_bo\x1b[31m\nGIẢ MẠO.csv"
    shutil.copyfile(GOOD, named)
    code, out, err = run(capsys, monkeypatch, "load", str(named), "--quiet", "--warehouse", str(tmp_path / "wh.duckdb"))
    assert code in (0, 1) and not ACTING.search(out + err)
    (row,) = [line for line in out.splitlines() if "GIẢ MẠO" in line]
    assert "ho_so_dong_bo\\x1b[31m\\nGIẢ MẠO.csv" in row


def test_an_error_naming_a_file_is_escaped_too(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "khong\x1b[31mco\n.csv"
    code, out, err = run(capsys, monkeypatch, "load", str(missing), "--quiet", "--warehouse", str(tmp_path / "wh.duckdb"))
    assert code in (1, 2) and "\\x1b[31mco\\n.csv" in out + err and not ACTING.search(out + err)
