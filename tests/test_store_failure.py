"""The app's store failing is not the app failing (issue 25). With the store damaged (garbage, cut short), where it
cannot be made, read-only or on a full disk: the figures still show, without the check-ins, under one notice; the
sign-in and the writing actions say they cannot be done now; the command line's reading commands still print the
figures (a notice on standard error) and those that need the store say so and exit 2; never a traceback. A busy
store is not a broken one. And a sign-in verifies its password outside the store's write lock, so that check-ins
never wait for argon2.

Read-only and full disks are simulated through SQLite itself (the store opened `mode=ro`, or with `max_page_count`
at its size) and `os.access`, since the tests may run as root, for whom no file is read-only."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from helpers import GOOD_DOSSIERS, published_dossiers

from pipelines.cli import main
from warehouse.app import accounts, sessions, store
from warehouse.app.accounts import AccountError, active_user, add_user, operator
from warehouse.app.checkins import checkins, record_checkin
from warehouse.app.sessions import sign_in
from warehouse.communes import default_commune
from warehouse.plan import load_plan

ROOT = Path(__file__).resolve().parents[1]
GOOD = GOOD_DOSSIERS
PLAN = load_plan()
PASSWORD = "mat-khau-dai-1"
LONG_NOTE = "Việc đang làm: " + "ề" * 1900  # within the 2,000 letters a note may have, but 5.7 KB: more than a page
UNREADABLE = "Không đọc được kho ứng dụng"


def _without_wal(app: Path) -> None:
    for extra in (app.with_name(app.name + "-wal"), app.with_name(app.name + "-shm")):
        extra.unlink(missing_ok=True)


def garbage(app: Path, monkeypatch) -> Path:
    """Bytes that are no database."""
    _without_wal(app)
    app.write_bytes(bytes(range(256)) * 64)
    return app


def truncated(app: Path, monkeypatch) -> Path:
    """The store cut short after its first page (a copy interrupted, a disk failing)."""
    with sqlite3.connect(app) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    kept = app.read_bytes()[:4096]
    _without_wal(app)
    app.write_bytes(kept)
    return app


def under_a_file(app: Path, monkeypatch) -> Path:
    """$CCHC_APP_STORE names a place that cannot be made: a folder that is a file."""
    blocker = app.parent / "khong_phai_thu_muc"
    blocker.write_text("x", encoding="utf-8")
    moved = blocker / "app.sqlite"
    monkeypatch.setenv("CCHC_APP_STORE", str(moved))
    return moved


def read_only(app: Path, monkeypatch) -> Path:
    """The store's file and folder may be read, not written (SQLite opens it read-only, as for a file it may not write)."""
    connect, access = sqlite3.connect, os.access

    def connect_read_only(database, *args, **kwargs):
        if str(database) == str(app):
            kwargs["uri"] = True
            return connect(f"file:{app}?mode=ro", *args, **kwargs)
        return connect(database, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect_read_only)
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: not (mode & os.W_OK and Path(path) in (app, app.parent))
                        and access(path, mode, **kw))
    return app


def full_disk(app: Path, monkeypatch) -> Path:
    """No room left for the store to grow."""
    connect = sqlite3.connect

    def connect_full(database, *args, **kwargs):
        con = connect(database, *args, **kwargs)
        if str(database) == str(app):
            con.execute(f"PRAGMA max_page_count = {con.execute('PRAGMA page_count').fetchone()[0]}")
        return con

    monkeypatch.setattr(sqlite3, "connect", connect_full)
    return app


BREAKS = {"garbage": garbage, "truncated": truncated, "under_a_file": under_a_file, "read_only": read_only, "full_disk": full_disk}
SAYS = {"garbage": "tệp hỏng", "truncated": "tệp hỏng", "under_a_file": "không mở hoặc tạo được", "read_only": "chỉ đọc",
        "full_disk": "hết chỗ trống"}


@pytest.fixture
def app(tmp_path) -> Path:
    """A store with a leader's account and one check-in."""
    path = tmp_path / "wh.app.sqlite"
    add_user(path, operator("kiem.thu"), "lanh.dao", ["lanh_dao"], PASSWORD)
    record_checkin(path, leader(path), PLAN, "CVU-04", default_commune(), date(2025, 6, 1), "Chưa hoàn thành", note="trước sự cố")
    return path


def leader(path: Path):
    return active_user(path, "lanh.dao")


# ---------------------------------------------------------------------------------------------
# The engine: one place says the store cannot be used
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("how", ["garbage", "truncated", "under_a_file", "read_only"])
def test_the_store_says_when_it_cannot_be_used(app, monkeypatch, how):
    person = leader(app)
    broken = BREAKS[how](app, monkeypatch)
    with pytest.raises(store.StoreError, match=SAYS[how]) as caught:
        store.check(broken)
    assert str(broken) in str(caught.value) and caught.value.fix.startswith("hãy ")
    with pytest.raises(store.StoreError, match=SAYS[how]):
        sign_in(broken, "lanh.dao", PASSWORD)
    with pytest.raises(store.StoreError, match=SAYS[how]):
        record_checkin(broken, person, PLAN, "CVU-04", default_commune(), date(2025, 6, 2), "Đã hoàn thành", note=LONG_NOTE)


def test_a_full_disk_refuses_the_check_in_and_keeps_what_was_there(app, monkeypatch):
    person = leader(app)
    full_disk(app, monkeypatch)
    with pytest.raises(store.StoreError, match="Không ghi được kho ứng dụng .*hết chỗ trống"):
        record_checkin(app, person, PLAN, "CVU-04", default_commune(), date(2025, 6, 2), "Đã hoàn thành", note=LONG_NOTE)
    assert [c["ghi_chu"] for c in checkins(app)] == ["trước sự cố"]


@pytest.mark.parametrize("how", ["garbage", "truncated"])
def test_a_damaged_store_cannot_be_read_and_says_so(app, monkeypatch, how):
    BREAKS[how](app, monkeypatch)
    with pytest.raises(store.StoreError, match=f"{UNREADABLE} .*tệp hỏng") as caught:
        checkins(app)
    assert "sao lưu" in caught.value.fix


def test_a_busy_store_is_not_a_broken_one(app, monkeypatch):
    """Another writer holding the store past the busy timeout: SQLite's own error, for the action to be tried again;
    the store is not declared unusable (no notice, no figures without the check-ins)."""
    monkeypatch.setattr(store, "BUSY_MS", 200)
    with store.connect(app):  # holds the write lock
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            record_checkin(app, leader(app), PLAN, "CVU-04", default_commune(), date(2025, 6, 2), "Đã hoàn thành")
        store.check(app)
        assert len(checkins(app)) == 1


class SlowHasher(PasswordHasher):
    """Argon2 as slow as on a server (the verification, a quarter of a second), with the tests' small costs."""

    def verify(self, hash, password):
        time.sleep(0.25)
        return super().verify(hash, password)


def test_check_ins_never_wait_for_sign_ins_hashing(app, monkeypatch):
    """Sixteen people signing in at once, ten checking in: with each verification inside the write transaction the
    check-ins would queue behind four seconds of hashing, past the (shortened) busy timeout."""
    person = leader(app)
    monkeypatch.setattr(accounts, "HASHER", SlowHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(store, "BUSY_MS", 1000)
    failures: list[BaseException] = []

    def signing_in(i: int) -> None:
        try:
            sign_in(app, "lanh.dao" if i % 4 else "khong.co", PASSWORD)
        except AccountError:
            pass  # the unknown name: refused, as it should be
        except Exception as exc:  # collected for the assertion
            failures.append(exc)

    def checking_in(i: int) -> None:
        try:
            record_checkin(app, person, PLAN, "CVU-04", default_commune(), date(2025, 6, 2), "Đã hoàn thành", note=f"người {i}")
        except Exception as exc:  # collected for the assertion
            failures.append(exc)

    threads = [threading.Thread(target=signing_in, args=(i,)) for i in range(16)]
    threads += [threading.Thread(target=checking_in, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures
    assert len(checkins(app)) == 11
    assert sign_in(app, "lanh.dao", PASSWORD).name == "lanh.dao"  # and no lock was counted


def test_a_sign_in_verifies_against_the_password_as_it_is_when_written(app, monkeypatch):
    """The hash read before the transaction changed meanwhile (a reset): the new password is the one that counts."""
    reads = []
    real_read = store.read

    def read_then_reset(path, sql, params=()):
        rows = real_read(path, sql, params)
        if sql == sessions.ACCOUNT and not reads:
            reads.append(sql)
            accounts.set_password(app, operator("kiem.thu"), "lanh.dao", "mat-khau-moi-2")
        return rows

    monkeypatch.setattr(store, "read", read_then_reset)
    with pytest.raises(AccountError):
        sign_in(app, "lanh.dao", PASSWORD)
    monkeypatch.setattr(store, "read", real_read)
    assert sign_in(app, "lanh.dao", "mat-khau-moi-2").name == "lanh.dao"


# ---------------------------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """A warehouse holding good dossiers; tests use copies."""
    return published_dossiers(tmp_path_factory.mktemp("store_failure"))


@pytest.fixture
def warehouse(published, app, monkeypatch) -> Path:
    """A copy of the warehouse beside the store `app` (its store)."""
    wh = app.with_name("wh.duckdb")
    wh.write_bytes(published.read_bytes())
    monkeypatch.delenv("CCHC_APP_STORE", raising=False)
    assert store.store_path(wh) == app
    return wh


def run(capsys, monkeypatch, *args: str, stdin: str = "") -> tuple[int, str, str]:
    """A command in this process: its exit code, standard output and standard error (an exception fails the test)."""
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("how", ["garbage", "truncated"])
def test_status_prints_the_figures_without_the_store_and_says_so(warehouse, app, monkeypatch, capsys, how):
    code, healthy, _ = run(capsys, monkeypatch, "--warehouse", str(warehouse), "status")
    assert code == 0 and "trước sự cố" in healthy
    BREAKS[how](app, monkeypatch)
    code, out, err = run(capsys, monkeypatch, "--warehouse", str(warehouse), "status")
    assert code == 0 and "CVU-04" in out and "Đạt:" in out and "trước sự cố" not in out
    assert err.count(UNREADABLE) == 1 and "chưa tính các cập nhật" in err and "Traceback" not in err
    for command in (["city"], ["export", "--to", "31/12/2025", "--out", str(warehouse.with_name("nop.csv"))]):
        assert run(capsys, monkeypatch, "--warehouse", str(warehouse), *command)[0] == 0, command


@pytest.mark.parametrize("how", ["garbage", "truncated", "under_a_file"])
@pytest.mark.parametrize("command, stdin", [
    (["checkins"], ""), (["checkins", "--json"], ""), (["users", "list"], ""),
    (["users", "add", "moi.tao", "--role", "lanh_dao", "--password-stdin"], "mat-khau-dai-2\n"),
    (["users", "passwd", "lanh.dao", "--password-stdin"], "mat-khau-dai-2\n"), (["users", "disable", "lanh.dao"], ""),
], ids=["checkins", "checkins-json", "users-list", "users-add", "users-passwd", "users-disable"])
def test_commands_that_need_the_store_say_so_and_exit_2(warehouse, app, monkeypatch, capsys, how, command, stdin):
    BREAKS[how](app, monkeypatch)
    code, out, err = run(capsys, monkeypatch, "--warehouse", str(warehouse), *command, stdin=stdin)
    if how == "under_a_file" and command[-1] in ("checkins", "--json", "list"):  # nothing there yet: nothing to list
        assert code == 0 and "Lỗi" not in err
        return
    assert code == 2 and out == "" and err.startswith("Lỗi: Không") and "kho ứng dụng" in err and SAYS[how] in err
    assert "hãy " in err and "Traceback" not in err


def test_a_read_only_store_is_still_listed_but_not_written(warehouse, app, monkeypatch, capsys):
    read_only(app, monkeypatch)
    code, out, _ = run(capsys, monkeypatch, "--warehouse", str(warehouse), "checkins")
    assert code == 0 and "trước sự cố" in out
    assert run(capsys, monkeypatch, "--warehouse", str(warehouse), "users", "list")[0] == 0
    code, _, err = run(capsys, monkeypatch, "--warehouse", str(warehouse), "users", "disable", "lanh.dao")
    assert code == 2 and "chỉ đọc" in err
    assert active_user(app, "lanh.dao") is not None


@pytest.mark.parametrize("how", ["garbage", "read_only"])
def test_a_withdrawal_that_could_not_be_audited_changes_nothing(warehouse, app, monkeypatch, capsys, how):
    before = warehouse.read_bytes()
    BREAKS[how](app, monkeypatch)
    code, _, err = run(capsys, monkeypatch, "--warehouse", str(warehouse), "withdraw", "1")
    assert code == 2 and "kho ứng dụng" in err and SAYS[how] in err
    assert warehouse.read_bytes() == before


def test_a_damaged_store_gives_no_traceback_from_the_real_command(warehouse, app, monkeypatch):
    garbage(app, monkeypatch)
    for command, exit_code in ((["status"], 0), (["checkins"], 2)):
        done = subprocess.run([sys.executable, "-m", "pipelines", "--warehouse", str(warehouse), *command], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == exit_code and "Traceback" not in done.stderr and UNREADABLE in done.stderr, done.stderr


# ---------------------------------------------------------------------------------------------
# The dashboard (Streamlit's AppTest on a copy of the demo)
# ---------------------------------------------------------------------------------------------

NOTICE = "Số liệu vẫn hiển thị"


def _app_test(demo_copy, monkeypatch):
    from streamlit.testing.v1 import AppTest
    from test_app_pages import APP

    monkeypatch.setenv("CCHC_WAREHOUSE", str(demo_copy))
    return AppTest.from_file(APP, default_timeout=60)


def _notices(at) -> list[str]:
    return [w.value for w in at.warning if NOTICE in w.value]


@pytest.mark.slow
@pytest.mark.parametrize("how", ["garbage", "truncated", "read_only"])
def test_viewing_goes_on_with_one_notice(demo_copy, monkeypatch, how):
    from test_app_pages import ok, page, parse

    BREAKS[how](store.store_path(demo_copy), monkeypatch)
    at = ok(_app_test(demo_copy, monkeypatch).run())
    assert len(parse(at).rows) == len(PLAN.targets)
    (notice,) = _notices(at)
    assert SAYS[how] in notice and "hãy báo quản trị viên" in notice
    at.query_params["chi_tieu"] = "CVU-04"
    target = page(at, "chi_tieu")
    assert len(_notices(target)) == 1 and not target.get("form")


@pytest.mark.slow
@pytest.mark.parametrize("how", ["garbage", "read_only"])
def test_the_sign_in_page_says_it_cannot_sign_in_now(demo_copy, monkeypatch, how):
    from test_app_pages import ok, page

    BREAKS[how](store.store_path(demo_copy), monkeypatch)
    at = ok(_app_test(demo_copy, monkeypatch).run())
    for name in ("tai_khoan", "quan_tri"):  # the account page, and a managing page's own sign-in
        page(at, name)
        assert any("Chưa đăng nhập được lúc này" in e.value for e in at.error), name
        assert not at.text_input and len(_notices(at)) == 1, name


@pytest.mark.slow
@pytest.mark.parametrize("how", ["read_only", "full_disk"])
def test_a_check_in_that_cannot_be_saved_says_so_and_keeps_what_was_typed(demo_copy, monkeypatch, how):
    from test_app_pages import ok, page

    app_store = store.store_path(demo_copy)
    at = _app_test(demo_copy, monkeypatch)
    at.session_state["cchc_phien"] = sessions.start_session(app_store, active_user(app_store, "lanhdao"))
    BREAKS[how](app_store, monkeypatch)
    ok(at.run())
    at.query_params["chi_tieu"] = "CVU-04"
    page(at, "chi_tieu")
    at.radio[0].set_value("Đã hoàn thành")
    note = lambda: [w for w in at.text_area if w.label == "Ghi chú"][0]
    note().input(LONG_NOTE)
    ok([b for b in at.button if b.label == "Ghi cập nhật"][0].click().run())
    said = [e.value for e in at.error]
    assert any(v.startswith("Chưa lưu được") and SAYS[how] in v for v in said), said
    assert note().value == LONG_NOTE
    assert checkins(app_store) == []


@pytest.mark.slow
def test_an_account_change_that_cannot_be_saved_says_so(demo_copy, monkeypatch):
    from test_app_pages import ok, page

    app_store = store.store_path(demo_copy)
    at = _app_test(demo_copy, monkeypatch)
    at.session_state["cchc_phien"] = sessions.start_session(app_store, active_user(app_store, "quantri"))
    read_only(app_store, monkeypatch)
    page(ok(at.run()), "quan_tri")
    fields = {w.label: w for w in at.text_input}
    fields["Tên đăng nhập mới"].input("tp.kt")
    fields["Mật khẩu ban đầu"].input("mat-khau-kt-1")
    at.multiselect[0].set_value(["lanh_dao"])
    ok([b for b in at.button if b.label == "Tạo tài khoản"][0].click().run())
    said = [e.value for e in at.error]
    assert any(v.startswith("Chưa lưu được") and "chỉ đọc" in v for v in said), said
    assert active_user(app_store, "tp.kt") is None
