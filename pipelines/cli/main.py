"""The command line's entry: the parser of every command, Ctrl-C that stops cleanly, and the errors said in words."""

from __future__ import annotations

import argparse
import errno
import os
import signal
import socket
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipelines import STOPPED
from pipelines.cli.accounts import cmd_checkins, cmd_users
from pipelines.cli.actions import cmd_actions, cmd_digest
from pipelines.cli.common import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, READING, communes_of, ids, parse_date, parse_month, upgraded
from pipelines.cli.loading import cmd_demo, cmd_load, cmd_withdraw
from pipelines.cli.output import terminal_safe
from pipelines.cli.reports import cmd_city, cmd_diem_766, cmd_export, cmd_quality, cmd_records, cmd_status, cmd_upgrade
from warehouse.app.accounts import ROLES, AccountError
from warehouse.app.store import StoreError, store_path
from warehouse.app.store import upgrade as store_upgrade
from warehouse.communes import RegistryError, default_commune
from warehouse.db import WarehouseError, interrupt_all, warehouse_path
from warehouse.delivery import DeliveryError
from warehouse.scores import LEVELS
from warehouse.sources import sources
from warehouse.withdrawal import WithdrawalError

CTRL_C_GRACE = 0.5  # seconds the signal handler has to run before the watcher stops DuckDB's statements


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command (COMMANDS)."""
    parser = argparse.ArgumentParser(prog="python -m pipelines",
                                     description="Load the commune's exports and report the CCHC 2025 targets.")
    _add_common(parser, None)
    common = argparse.ArgumentParser(add_help=False)
    _add_common(common, argparse.SUPPRESS)  # so that a subcommand's flag never hides the global one
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("load", parents=[common], help="load export files or folders")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--source", choices=sorted(sources()), help="read every file as this source")
    p.add_argument("--month", "--period", dest="month", type=parse_month, metavar="YYYY-MM",  # --period: this version only
                   help="the month of score tables that state none in their title rows or file name (--period: the old name)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true",
                   help="the outcome of every file and sheet as JSON; progress as 'buoc DONE TOTAL' lines on standard error")
    p.add_argument("--uploads", type=ids, metavar="ID,ID", default=[],
                   help="the upload ledger's lines of these files (the dashboard's uploads): their outcome is written there")

    p = commands.add_parser("records", parents=[common],
                            help="the items behind a measured target: those counting against it (every one with --all)")
    p.add_argument("target", metavar="ID", help="a measured target's id, e.g. TTHC-07")
    p.add_argument("--from", dest="tu_ngay", type=parse_date, metavar="D")
    p.add_argument("--to", dest="den_ngay", type=parse_date, metavar="D")
    p.add_argument("--all", action="store_true", help="every item the target counts, not only those against it")
    p.add_argument("--json", action="store_true", help="machine-readable output: ma_xa, ma, ly_do, then the item's columns")
    p.add_argument("--out", type=Path, metavar="FILE", help="write a .csv or .xlsx file as the target page's download")

    p = commands.add_parser("status", parents=[common], help="status of every target for a period")
    p.add_argument("--from", dest="tu_ngay", type=parse_date, metavar="D")
    p.add_argument("--to", dest="den_ngay", type=parse_date, metavar="D")
    p.add_argument("--department", metavar="CODE", help="only the targets this department owns or coordinates")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = commands.add_parser("export", parents=[common], help="write the city submission file (.csv or .xlsx)")
    p.add_argument("--from", dest="tu_ngay", type=parse_date, metavar="D")
    p.add_argument("--to", dest="den_ngay", type=parse_date, metavar="D", required=True)
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.add_argument("--all-communes", action="store_true", help="every commune's rows in one file, with Mã xã first")

    p = commands.add_parser("diem-766", parents=[common], help="the national portal's 766 scores: groups, total, computed rank")
    p.add_argument("--month", type=parse_month, metavar="YYYY-MM", help="the month (default: the latest loaded)")
    p.add_argument("--level", choices=sorted(LEVELS), help="only provinces (tinh), departments (so) or communes (xa)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = commands.add_parser("city", parents=[common], help="every commune: targets met, not met, without data; ranked")
    p.add_argument("--from", dest="tu_ngay", type=parse_date, metavar="D")
    p.add_argument("--to", dest="den_ngay", type=parse_date, metavar="D")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = commands.add_parser("quality", parents=[common], help="data-quality results of the files loaded")
    p.add_argument("--all", action="store_true", help="every check, not only those that failed")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--engine", choices=["gate", "gx"], default="gate",
                   help="gx: first re-validate the stored sheets with Great Expectations itself and store its results")

    commands.add_parser("upgrade", parents=[common], help="bring the warehouse up to this version's models")

    p = commands.add_parser("demo", parents=[common], help="write the demo export files and load them")
    p.add_argument("--out", type=Path, default=Path("data") / "demo", metavar="DIR")

    p = commands.add_parser("users", parents=[common], help="manage the dashboard's accounts")
    actions = p.add_subparsers(dest="action", required=True)
    a = actions.add_parser("add", help="create an account (the password is read from standard input)")
    a.add_argument("name", metavar="USER")
    a.add_argument("--role", action="append", required=True, choices=sorted(ROLES), help="a role (repeat for several)")
    a.add_argument("--department", metavar="CODE", help="the department of a truong_phong")
    a.add_argument("--full-name", metavar="TEXT")
    a.add_argument("--email", metavar="ADDR", help="the address the weekly digest goes to")
    a.add_argument("--title", metavar="TEXT", help="shown with the department a truong_phong leads, e.g. 'Trưởng phòng'")
    a.add_argument("--phone", metavar="TEXT")
    a.add_argument("--commune", dest="communes", action="append", metavar="CODE",
                   help="a commune the account acts for (repeat for several; '*' for every commune, the city's staff; "
                        "default: the configured commune)")
    a.add_argument("--password-stdin", action="store_true", required=True, help="read the password from standard input")
    actions.add_parser("list", help="every account, its roles and state")
    a = actions.add_parser("disable", help="stop an account from signing in (its history stays)")
    a.add_argument("name", metavar="USER")
    a = actions.add_parser("passwd", help="set an account's password (read from standard input) and lift a lock")
    a.add_argument("name", metavar="USER")
    a.add_argument("--password-stdin", action="store_true", required=True, help="read the password from standard input")

    a = actions.add_parser("email", help="set the e-mail address the digest goes to (empty: none)")
    a.add_argument("name", metavar="USER")
    a.add_argument("address", metavar="ADDR")
    a = actions.add_parser("contact", help="set the title and phone shown with the department an account leads")
    a.add_argument("name", metavar="USER")
    a.add_argument("--title", metavar="TEXT", help="e.g. 'Trưởng phòng' (empty: none)")
    a.add_argument("--phone", metavar="TEXT", help="(empty: none)")
    a = actions.add_parser("follow", help="the targets an account follows beyond its role's (none given: none)")
    a.add_argument("name", metavar="USER")
    a.add_argument("targets", nargs="*", metavar="ID")

    p = commands.add_parser("actions", parents=[common], help="corrective plans and escalations (plans overdue, red "
                                                              "targets without a plan) at a date")
    p.add_argument("--to", dest="den_ngay", type=parse_date, metavar="D")
    p.add_argument("--overdue", action="store_true", help="only what is escalated: plans overdue, targets without a plan")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = commands.add_parser("digest", parents=[common], help="the week's digest (or the day's alert) for each recipient, "
                                                             "by e-mail and to the webhook; shown, not sent, without --send")
    p.add_argument("--week", metavar="YYYY-Www", help="the ISO week (default: the last complete one; once the plan's year "
                                                       "is over, the week of its last day)")
    p.add_argument("--alert", action="store_true", help="the change alert of one day instead (--to, default today): targets "
                                                         "turned red, plans gone overdue; sent at most once a day")
    p.add_argument("--to", dest="den_ngay", type=parse_date, metavar="D", help="the alert's day")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--dry-run", action="store_true", help="show what would be sent (the default)")
    how.add_argument("--send", action="store_true", help="send what was not sent before")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = commands.add_parser("withdraw", parents=[common], help="take a file loaded by mistake out of every figure")
    p.add_argument("file_id", type=int, metavar="FILE_ID", help="the file's id (load's 'Mã' column, or the Dữ liệu page)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = commands.add_parser("checkins", parents=[common], help="the check-ins recorded in the dashboard, newest first")
    p.add_argument("--target", metavar="ID", help="only this target's")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    return parser


def _add_common(parser: argparse.ArgumentParser, default) -> None:
    """--warehouse and --commune, accepted before or after the command."""
    parser.add_argument("--warehouse", metavar="PATH", default=default,
                        help="warehouse file (default: $CCHC_WAREHOUSE or data/warehouse.duckdb)")
    parser.add_argument("--commune", metavar="CODE", default=default,
                        help="commune code (default: the registry's, warehouse/communes.toml or $CCHC_COMMUNES)")
    parser.add_argument("--plan", metavar="FILE", type=Path, default=default,
                        help="the plan's catalogue (default: $CCHC_PLAN, else the plan of the period's year, else 2025's)")


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.warehouse = warehouse_path(args.warehouse)
    named_commune = args.commune
    try:
        args.commune = args.commune or default_commune()
        with _ctrl_c_stops():
            return _run(args, parser, named_commune)
    except KeyboardInterrupt:
        return _interrupted()
    except (FileNotFoundError, WarehouseError, AccountError, WithdrawalError, RegistryError, DeliveryError) as exc:
        print(f"Lỗi: {terminal_safe(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as exc:  # the commands that need the app's store (users, checkins, withdraw)
        print(f"Lỗi: {terminal_safe(exc)}: {exc.fix}.", file=sys.stderr)
        return EXIT_USAGE
    except duckdb.InterruptException:  # only Ctrl-C interrupts a statement, even when DuckDB says so before Python does
        return _interrupted()
    except duckdb.Error as exc:
        print(f"Lỗi: không mở được kho dữ liệu '{args.warehouse}' (tệp hỏng hoặc bị cắt cụt?): hãy khôi phục bản sao lưu "
              f"hoặc nạp lại vào một kho mới. ({type(exc).__name__})", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # whoever read the output stopped reading (`| head`): nothing went wrong here
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # the exit's own flush has nowhere to fail
        return EXIT_OK
    except OSError as exc:
        print(f"Lỗi: {terminal_safe(_os_problem(exc, args.warehouse))}", file=sys.stderr)
        return EXIT_USAGE


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser, named_commune: str | None) -> int:
    """The command, once its commune is known and its warehouse up to date."""
    if args.command in ("users", "checkins"):  # the app's own store: no warehouse needed
        store_upgrade(store_path(args.warehouse))
        return COMMANDS[args.command](args, parser)
    if named_commune and args.command != "load" and named_commune not in communes_of(args.warehouse):
        raise WarehouseError(f"không có xã mã '{named_commune}' (có: {', '.join(sorted(communes_of(args.warehouse)))}).")
    if args.command not in ("upgrade", *READING):
        upgraded(args.warehouse)
    return COMMANDS[args.command](args, parser)


def _interrupted() -> int:
    """Say that Ctrl-C stopped the command and changed nothing."""
    print(STOPPED, file=sys.stderr)
    return EXIT_INTERRUPTED


@contextmanager
def _ctrl_c_stops():
    """Within: Ctrl-C raises KeyboardInterrupt, also during a DuckDB statement.

    Python runs a signal handler only when the main thread runs Python code. DuckDB runs it during a statement,
    then waits for its worker threads to finish their tasks, which (DuckDB 2.0.1) can take the whole statement.
    So a watcher thread, woken by the signal itself, interrupts the warehouse's statements too; if the handler
    has not run soon, the watcher's interruption is what stops the command.
    """
    if threading.current_thread() is not threading.main_thread():  # only the main thread receives signals
        yield
        return
    pressed, handled, watcher_stopped = threading.Event(), threading.Semaphore(0), threading.Event()

    def stop(signum, frame) -> None:
        pressed.set()
        handled.release()
        if watcher_stopped.is_set():  # DuckDB's error is already on its way up: let cleanup run before it
            watcher_stopped.clear()
            return
        raise KeyboardInterrupt

    def watch(wakeup: socket.socket) -> None:
        with wakeup:
            while signum := wakeup.recv(1):
                if signum[0] != signal.SIGINT:
                    continue
                if not handled.acquire(timeout=CTRL_C_GRACE):
                    pressed.set()
                    watcher_stopped.set()
                interrupt_all()  # also when the handler ran: DuckDB then waits for its threads, which only this stops

    ours, theirs = socket.socketpair()
    theirs.setblocking(False)
    previous_handler = signal.signal(signal.SIGINT, stop)
    previous_fd = signal.set_wakeup_fd(theirs.fileno(), warn_on_full_buffer=False)
    threading.Thread(target=watch, args=(ours,), daemon=True).start()
    try:
        yield
    except Exception:
        if pressed.is_set():  # the error DuckDB ended a stopped statement with
            raise KeyboardInterrupt from None
        raise
    finally:
        signal.set_wakeup_fd(previous_fd)
        signal.signal(signal.SIGINT, previous_handler)
        theirs.close()


def _os_problem(exc: OSError, warehouse: Path) -> str:
    """What the system refused, in words that say what to do; the published warehouse is untouched either way."""
    where = f"'{exc.filename}'" if exc.filename else f"thư mục của '{warehouse}'"
    if exc.errno == errno.ENOSPC:
        problem = f"hết chỗ trống trên đĩa khi ghi {where}: hãy giải phóng chỗ rồi chạy lại"
    elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        problem = f"không có quyền ghi vào {where} (ổ chỉ đọc hoặc thiếu quyền): hãy chọn nơi ghi được (--warehouse, --out)"
    elif exc.errno in (errno.ENOTDIR, errno.EISDIR):
        problem = f"{where} không phải thư mục hay tệp như cần: hãy kiểm tra lại đường dẫn"
    else:
        problem = f"hệ thống từ chối thao tác trên {where} ({exc.strerror}): hãy kiểm tra đường dẫn và quyền ghi"
    return problem + "; kho dữ liệu giữ nguyên như trước."


COMMANDS = {"load": cmd_load, "status": cmd_status, "export": cmd_export, "city": cmd_city, "diem-766": cmd_diem_766,
            "quality": cmd_quality, "demo": cmd_demo, "upgrade": cmd_upgrade, "users": cmd_users, "records": cmd_records,
            "checkins": cmd_checkins, "withdraw": cmd_withdraw, "actions": cmd_actions, "digest": cmd_digest}

