"""Command line: python -m pipelines {load,status,export,city,diem-766,quality,demo,upgrade,users,checkins,withdraw}
[--warehouse PATH]."""

from __future__ import annotations

import argparse
import errno
import getpass
import json
import re
import signal
import socket
import sys
import threading
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl

from pipelines import STOPPED
from pipelines.load import LoadReport, load
from warehouse.app import uploads
from warehouse.actions import CODES, ESCALATED
from warehouse.actions import as_json as action_json
from warehouse.app.accounts import (EVERY_COMMUNE, ROLES, AccountError, User, active_user, add_user, leads, operator, set_contact,
                                    set_disabled, set_following, set_password, users)
from warehouse.app.checkins import checkins, history, refused_uploads
from warehouse.app.store import StoreError, store_path
from warehouse.app.store import upgrade as store_upgrade
from warehouse.city import city_evaluations, city_summary, communes_in
from warehouse.communes import RegistryError, commune_map, commune_name, default_commune
from warehouse.db import (MODELS, OutdatedWarehouse, WarehouseError, check_path, connect_readonly, interrupt_all, is_demo, run_model,
                          upgrade, warehouse_path)
from warehouse.display import for_people, threshold_text, value_text, vn_date, vn_number, write_records
from warehouse.evaluate import STATUSES, default_as_of, evaluate, records
from warehouse.delivery import ALERT, WEEKLY, DeliveryError, Settings, messages, send
from warehouse.digest import last_week, week_digest, week_end
from warehouse.forecast import add_forecasts, ends_to_count, forecast_text, judged
from warehouse.forecast import as_json as forecast_json
from warehouse.plan import Plan, load_plan, plan_path
from warehouse.scores import GROUPS, LEVELS, city_scores, latest_month, month_levels, scores, with_gaps
from warehouse.sources import sources
from warehouse.submission import write_submission
from warehouse.withdrawal import WithdrawalError, withdraw

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
CTRL_C_GRACE = 0.5  # seconds the signal handler has to run before the watcher stops DuckDB's statements
READING = ("status", "export", "city", "diem-766", "records", "actions", "digest")  # commands that read through _warehouse, which upgrades when needed


def parse_date(text: str) -> date:
    """A date written YYYY-MM-DD or dd/mm/yyyy."""
    return _parsed(text, ("%Y-%m-%d", "%d/%m/%Y"), f"ngày không hợp lệ: '{text}' (dùng YYYY-MM-DD hoặc dd/mm/yyyy)")


def parse_month(text: str) -> date:
    """A month written YYYY-MM (or mm/yyyy), as its first day."""
    return _parsed(text, ("%Y-%m", "%m/%Y"), f"tháng không hợp lệ: '{text}' (dùng YYYY-MM, ví dụ 2025-10)")


def _parsed(text: str, formats: tuple[str, ...], problem: str) -> date:
    """The date the first of the formats reads in the text; else the usage error `problem`."""
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(problem)


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
    p.add_argument("--period", type=parse_month, metavar="YYYY-MM",
                   help="the month of score tables that state none in their title rows or file name")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true",
                   help="the outcome of every file and sheet as JSON; progress as 'buoc DONE TOTAL' lines on standard error")
    p.add_argument("--uploads", type=_ids, metavar="ID,ID", default=[],
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
    parser.add_argument("--commune", metavar="CODE", default=default, help="commune code (default: the registry's, warehouse/communes.toml or $CCHC_COMMUNES)")
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
        _upgraded(args.warehouse)
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


def communes_of(warehouse: Path) -> set[str]:
    """The commune codes known: the registry's, and those the warehouse holds rows of."""
    known = {code for code, _, _ in commune_map()}
    if warehouse.exists():
        with connect_readonly(warehouse) as con:
            known |= set(communes_in(con))
    return known


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


def cmd_load(args, parser) -> int:
    """Load files and print a summary per file."""
    if args.json:
        step = lambda done, total: print(f"buoc {done} {total}", file=sys.stderr, flush=True)  # noqa: E731
        with _settling(args) as settle:
            uploader = _uploader(args)
            report = load(args.paths, args.warehouse, source=args.source, commune=args.commune, on_step=step, period=args.period,
                          refused=refused_uploads(uploader) if args.uploads else {}, plan=plan_of(args),
                          by=uploader.name if uploader else None)
            settle(report)
        print(json_text([outcome_json(o) for o in report.outcomes], default=str))
        return EXIT_OK if report.clean else EXIT_REJECTED
    report = load(args.paths, args.warehouse, source=args.source, commune=args.commune, progress=not args.quiet,
                  period=args.period, plan=plan_of(args), by=f"terminal:{getpass.getuser()}")
    print_load_report(report)
    return EXIT_OK if report.clean else EXIT_REJECTED


@contextmanager
def _settling(args):
    """Within: a load of the dashboard's uploads (--uploads), which writes their outcome in the upload ledger itself, a
    failed load's included (the page that asked may be gone). Yields the function to call with the load's report."""
    if not args.uploads:
        yield lambda report: None
        return
    app = store_path(args.warehouse)
    ledger = uploads.begin(app, args.uploads)

    def settle(report) -> None:
        by_path: dict[int, list[dict]] = {}
        for o in report.outcomes:
            by_path.setdefault(ledger.get(str(o.path)), []).append(outcome_json(o))
        uploads.settle(app, {i: uploads.outcome_words(by_path.get(i, [])) for i in args.uploads})

    try:
        yield settle
    except BaseException as exc:
        uploads.settle(app, dict.fromkeys(args.uploads, f"Lỗi (không nạp được: {exc})" if str(exc) else "Lỗi (lệnh nạp bị dừng)"))
        raise


def _uploader(args) -> User | None:
    """The active account that uploaded the files of --uploads (None: none, or one no longer active)."""
    if not args.uploads:
        return None
    app = store_path(args.warehouse)
    name = uploads.uploaded_by(app, args.uploads)
    return active_user(app, name) if name else None


def _ids(text: str) -> list[int]:
    """Ledger ids, comma-separated."""
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"danh sách mã không hợp lệ: {text}") from None


def cmd_demo(args, parser) -> int:
    """Write the demo files and load them."""
    from pipelines.demo import build_demo

    report = build_demo(args.out, args.warehouse, progress=True)
    print(f"Đã ghi {len(report.outcomes)} tệp mẫu vào {args.out} và nạp vào {args.warehouse} (đánh dấu là dữ liệu mẫu).")
    print_load_report(report)
    return EXIT_OK if report.clean else EXIT_REJECTED


def plan_of(args) -> Plan:
    """The plan in force for this command, as warehouse.plan.plan_path decides (--plan, $CCHC_PLAN, --to's year, the default)."""
    day = getattr(args, "den_ngay", None)
    return load_plan(plan_path(day.year if day else None, getattr(args, "plan", None)))


def _period(args, parser) -> tuple[date, date]:
    """The period asked for: from the plan's start (or --from) to --to (or the default as-of)."""
    plan = plan_of(args)
    den = args.den_ngay or default_as_of(plan)
    tu = args.tu_ngay or plan.start
    if tu > den:
        parser.error(f"--from ({vn_date(tu)}) sau --to ({vn_date(den)})")
    return tu, den


@contextmanager
def _warehouse(args, parser):
    """A read-only connection to the warehouse asked for, brought up to date first if need be; a usage error when
    there is none yet, or the path cannot be one."""
    check_path(args.warehouse)
    if not args.warehouse.exists():
        parser.exit(EXIT_USAGE, f"Chưa có kho dữ liệu {args.warehouse}: chạy 'python -m pipelines demo' "
                                f"hoặc 'python -m pipelines load THU_MUC'.\n")
    try:
        con = connect_readonly(args.warehouse)
    except OutdatedWarehouse:  # checked here rather than by main: the warehouse is opened once
        _upgraded(args.warehouse)
        con = connect_readonly(args.warehouse)
    with con:
        yield con


def _upgraded(warehouse: Path) -> None:
    """Bring the warehouse up to this version's models, saying so when it had to."""
    if upgrade(warehouse):
        print(f"Đã cập nhật kho dữ liệu {warehouse} theo phiên bản mới.", file=sys.stderr)


def _evaluations(args, parser, every_commune: bool = False, history: bool = False):
    """Evaluate the plan for the period and commune asked for (or, by commune code, for every commune); `history`:
    with the monthly status history too (since when red: the corrective plans' escalation)."""
    tu, den = _period(args, parser)
    with _warehouse(args, parser) as con:
        if history and not every_commune:
            return judged(con, plan_of(args), tu, den, args.commune, _checkins_or_none(args))
        return _judged(con, args, tu, den, every_commune)


def _checkins_or_none(args) -> pl.DataFrame | None:
    """The check-ins of the app's store; when it cannot be read, none, said on standard error."""
    try:
        return history(store_path(args.warehouse))
    except StoreError as exc:
        print(f"Chú ý: {terminal_safe(exc)}: {exc.fix}. Kết quả dưới đây chưa tính các cập nhật ghi trên bảng điều hành.",
              file=sys.stderr)
        return None


def _leads(args, communes: list[str]) -> dict:
    """The persons behind the departments (accounts.leads); none when the app's store cannot be read."""
    try:
        return leads(store_path(args.warehouse), communes)
    except StoreError:
        return {}


def _judged(con: duckdb.DuckDBPyConnection, args, tu: date, den: date, every_commune: bool = False):
    """The plan judged on an open warehouse, with its check-ins: for the commune asked for, or by commune code
    for every commune."""
    checkins = _checkins_or_none(args)
    if every_commune:
        return city_evaluations(con, plan_of(args), tu, den, checkins=checkins)
    plan = plan_of(args)
    evaluations = evaluate(con, plan, tu, den, args.commune, checkins=checkins, counts_at=ends_to_count(plan, tu, den))
    add_forecasts(con, plan, evaluations, args.commune)
    return evaluations


def cmd_status(args, parser) -> int:
    """Print every target's status (or only a department's)."""
    plan = plan_of(args)
    if args.department and args.department not in plan.departments:
        parser.error(f"mã phòng ban không có: {args.department} (có: {', '.join(plan.departments)})")
    evaluations = _evaluations(args, parser)
    if args.department:
        evaluations = [e for e in evaluations if args.department in (e.target.owner, *e.target.coordinators)]
    if args.json:
        print(json_text([_as_json(e) | forecast_json(e) for e in evaluations], default=str))
        return EXIT_OK
    rows = [[e.target.id, e.status, value_text(e.target, e.value), threshold_text(e.target, e.threshold),
             e.target.owner, vn_date(e.ngay_so_lieu), forecast_text(e, with_horizon=False), _note(e)] for e in evaluations]
    print(f"{plan.name} – xã {commune_name(args.commune)} – từ {vn_date(evaluations[0].tu_ngay)} đến {vn_date(evaluations[0].den_ngay)}")
    horizons = sorted({e.forecast.horizon for e in evaluations if e.forecast})
    print(table(["Mã", "Đánh giá", "Kết quả", "Chỉ tiêu", "Chủ trì", "Ngày số liệu", "Dự báo", "Ghi chú"], rows))
    if horizons:
        print(f"Dự báo (ước tính theo nhịp 3 tháng gần nhất) đến {', '.join(vn_date(h) for h in horizons)}.")
    counts = {s: sum(e.status == s for e in evaluations) for s in STATUSES}
    print(" · ".join(f"{s}: {n}" for s, n in counts.items()))
    return EXIT_OK


def cmd_records(args, parser) -> int:
    """The items behind a measured target for the period and commune, the reason first, as its page lists them."""
    plan = plan_of(args)
    if args.target not in {t.id for t in plan.targets}:
        parser.error(f"không có chỉ tiêu mã {args.target} trong {plan.name}")
    target = plan.target(args.target)
    if target.kind != "measured":
        parser.error(f"chỉ tiêu {target.id} được xác nhận (không tính từ dữ liệu): xem cập nhật bằng 'checkins --target {target.id}'")
    if args.out and args.out.suffix.lower() not in (".csv", ".xlsx"):
        parser.error("--out phải là tệp .csv hoặc .xlsx")
    tu, den = _period(args, parser)
    with _warehouse(args, parser) as con:
        items = records(con, target, tu, den, args.commune, against_only=not args.all)
    if args.json:
        first = ["ma_xa", "ma", "ly_do"]
        print(json_text(items.select(*first, pl.exclude(first)).to_dicts(), default=str))
    elif args.out:
        write_records(args.out, for_people(items))
        print(f"Đã ghi {vn_number(len(items))} mục vào {args.out}")
    else:
        shown = for_people(items).with_columns(pl.col(pl.Date).dt.strftime("%d/%m/%Y"))
        print(f"{target.id} · {target.text} – xã {commune_name(args.commune)} – {vn_number(len(items))} mục"
              + ("" if args.all else " chưa đạt"))
        print(table(shown.columns, [["" if v is None else str(v) for v in row] for row in shown.rows()]))
    return EXIT_OK


def cmd_export(args, parser) -> int:
    """Write the city submission file (of one commune, or of every commune with its code first)."""
    if args.out.suffix.lower() not in (".csv", ".xlsx"):
        parser.error("--out phải là tệp .csv hoặc .xlsx")
    if args.all_communes:
        evaluations = [e for rows in _evaluations(args, parser, every_commune=True).values() for e in rows]
    else:
        evaluations = _evaluations(args, parser, history=True)
    write_submission(args.out, plan_of(args), evaluations, with_commune=args.all_communes,
                     leads=_leads(args, sorted({e.ma_xa for e in evaluations})))
    print(f"Đã ghi {args.out}")
    return EXIT_OK


def cmd_city(args, parser) -> int:
    """Print every commune's counts of each status and its rank by targets met."""
    tu, den = _period(args, parser)
    with _warehouse(args, parser) as con:
        summary = city_summary(_judged(con, args, tu, den, every_commune=True), city_scores(con))
    if args.json:
        print(json_text(summary.drop("hang").to_dicts()))
        return EXIT_OK
    print(table(["Hạng", "Mã xã", "Tên xã", "Đạt", "Chưa đạt", "Chưa có dữ liệu", "Nguy cơ", "Điểm 766", "Hạng 766"],
                [[str(r["hang"]), r["ma_xa"], r["ten"], str(r["dat"]), str(r["chua_dat"]), str(r["chua_co_du_lieu"]), str(r["nguy_co"]),
                  vn_number(r["tong_diem_766"], 2) if r["tong_diem_766"] is not None else "–",
                  str(r["hang_766"] or "–")] for r in summary.iter_rows(named=True)]))
    return EXIT_OK


DIEM_766_KEYS = ["ma_don_vi", "ten_don_vi", "ma_co_quan", "cap", "thang", "ky", *GROUPS, "tong_diem", "hang", "diem_con_thieu",
                 "cach_hang_tren"]


LEVEL_WORDS = {1: "tỉnh", 2: "sở", 3: "xã"}


def _period_words(ky: str, thang: str) -> str:
    """'tháng 10/2025', or 'năm 2025 (đến 10/2025)' for year-to-date scores, from 'thang'/'nam' and YYYY-MM."""
    year, month = thang.split("-")
    return f"năm {year} (đến {month}/{year})" if ky == "nam" else f"tháng {month}/{year}"


def cmd_diem_766(args, parser) -> int:
    """Print the portal's 766 scores of a month (the latest loaded by default): every unit's six groups, total and rank."""
    with _warehouse(args, parser) as con:
        month = args.month or latest_month(con)
        frame = scores(con, month, LEVELS.get(args.level)) if month else pl.DataFrame()
        held = month_levels(con, month) if month and frame.is_empty() else []
    if frame.is_empty():
        parser.exit(EXIT_USAGE, _no_scores(month, args.level, held))
    rows = with_gaps(frame).with_columns(thang=pl.col("thang").dt.strftime("%Y-%m")).select(DIEM_766_KEYS).to_dicts()
    if args.json:
        print(json_text(rows))
        return EXIT_OK
    print(table(["Hạng", "Mã đơn vị", "Tên đơn vị", "Cấp", "Kỳ", "TDGQ", "MDHL", "MDSH", "TTTT", "CLGQ", "CKMB", "Tổng"],
                [[str(r["hang"]), r["ma_don_vi"], r["ten_don_vi"], LEVEL_WORDS[r["cap"]], _period_words(r["ky"], r["thang"]),
                  *(vn_number(r[g], 2) for g in (*GROUPS, "tong_diem"))] for r in rows]))
    return EXIT_OK


def _no_scores(month: date | None, level: str | None, held: list[int]) -> str:
    """Why diem-766 lists nothing: no scores at all, the month not loaded, or the month loaded without the level asked
    for (`held`: the levels it has), and what to do."""
    if not held:
        return (f"Chưa có điểm 766 {'tháng ' + f'{month:%m/%Y}' if month else 'nào'} trong kho: "
                f"nạp bảng điểm bằng 'python -m pipelines load TỆP'.\n")
    codes = {cap: code for code, cap in LEVELS.items()}
    return (f"Điểm 766 tháng {month:%m/%Y} đã nạp nhưng chỉ có đơn vị cấp {' và '.join(LEVEL_WORDS[c] for c in held)}, "
            f"không có cấp {LEVEL_WORDS[LEVELS[level]]}: xem bằng {' hoặc '.join(f'--level {codes[c]}' for c in held)}, "
            f"hoặc nạp bảng điểm cấp {LEVEL_WORDS[LEVELS[level]]} của tháng này.\n")


def cmd_upgrade(args, parser) -> int:
    """Bring the warehouse up to this version's models."""
    if not args.warehouse.exists():
        parser.exit(EXIT_USAGE, f"Chưa có kho dữ liệu {args.warehouse}.\n")
    print(f"Đã cập nhật kho dữ liệu {args.warehouse}." if upgrade(args.warehouse) else f"Kho dữ liệu {args.warehouse} đã là bản mới.")
    return EXIT_OK


def cmd_quality(args, parser) -> int:
    """Print the quality checks of the loaded files (failed ones, or all); with --engine gx, re-validate first."""
    if not args.warehouse.exists():
        parser.exit(EXIT_USAGE, f"Chưa có kho dữ liệu {args.warehouse}.\n")
    if args.engine == "gx":
        from pipelines.revalidate import revalidate

        print(f"Great Expectations đã kiểm tra lại {revalidate(args.warehouse)} trang đã nạp.", file=sys.stderr)
    with connect_readonly(args.warehouse) as con:
        frame = run_model(con, (MODELS / "quality_report.sql").read_text(encoding="utf-8"),
                          {"tat_ca": args.all, "engine": args.engine}).pl()
    if args.json:
        print(json_text(frame.to_dicts(), default=str))
        return EXIT_OK
    rows = [[r["file_name"], r["sheet"] or "", r["expectation"].removeprefix("expect_"), r["column"] or "",
             "bắt buộc" if r["severity"] == "critical" else "cảnh báo",
             "bỏ qua" if r["success"] is None else "đạt" if r["success"] else "LỖI KIỂM TRA" if r["raised"] else "KHÔNG ĐẠT",
             str(r["unexpected_count"]), ", ".join(r["sample_values"] or []), r["message"]] for r in frame.iter_rows(named=True)]
    print(table(["Tệp", "Trang", "Kiểm tra", "Cột", "Mức", "Kết quả", "Số dòng", "Ví dụ", "Thông báo"], rows))
    return EXIT_OK


def _note(e) -> str:
    """Reason and warnings, short."""
    return " ".join(x for x in [e.reason, *e.warnings] if x)


def _as_json(e) -> dict:
    """One evaluation as plain data."""
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
    rows = [[str(o.file_id) if o.status == "loaded" else "", o.path.name, o.sheet or "", o.source or "", vn_date(o.snapshot), str(o.rows_read), str(o.rows_loaded),
             str(o.rows_rejected), f"{o.checks_run - o.checks_failed}/{o.checks_run} đạt" if o.checks_run else "",
             {"loaded": "Đã nạp", "rejected": "TỪ CHỐI", "skipped": "Bỏ qua"}[o.status],
             " ".join(x for x in [o.message, *o.warnings] if x)] for o in report.outcomes]
    print(table(["Mã", "Tệp", "Trang", "Nguồn", "Ngày số liệu", "Đọc", "Nạp", "Loại", "Kiểm tra", "Kết quả", "Ghi chú"], rows))
    read = sum(o.rows_read for o in report.outcomes)
    loaded = sum(o.rows_loaded for o in report.outcomes)
    print(f"Tổng: {len(report.outcomes)} tệp/trang, đọc {read} dòng, nạp {loaded}, loại {read - loaded}.")


def table(header: list[str], rows: list[list[str]]) -> str:
    """A plain-text table with aligned columns, one line per row, every cell terminal-safe."""
    header, rows = [terminal_safe(c) for c in header], [[terminal_safe(c) for c in r] for r in rows]
    widths = [max(len(x) for x in col) for col in zip(header, *rows)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
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


def cmd_users(args, parser) -> int:
    """Add, list, disable an account or set its password; acts as the operator at the terminal (audited as such)."""
    app, actor = store_path(args.warehouse), operator(f"terminal:{getpass.getuser()}")
    if args.action == "add":
        if args.department and args.department not in load_plan().departments:
            parser.error(f"mã phòng ban không có: {args.department} (có: {', '.join(load_plan().departments)})")
        if unknown := sorted(set(args.communes or []) - communes_of(args.warehouse) - {EVERY_COMMUNE}):
            parser.error(f"mã xã không có: {', '.join(unknown)} (có: {', '.join(sorted(communes_of(args.warehouse)))}, hoặc * cho mọi xã)")
        add_user(app, actor, args.name, args.role, _password(), args.department, args.full_name, args.communes,
                 args.email, args.title, args.phone)
        print(f"Đã tạo tài khoản {args.name}.")
    elif args.action == "email":
        set_contact(app, actor, args.name, email=args.address)
        print(f"Đã đặt thư điện tử của {args.name}: {args.address.strip() or 'không có'}.")
    elif args.action == "contact":
        set_contact(app, actor, args.name, **{k: v for k, v in (("chuc_danh", args.title), ("dien_thoai", args.phone))
                                              if v is not None})
        print(f"Đã cập nhật chức danh, điện thoại của {args.name}.")
    elif args.action == "follow":
        set_following(app, actor, args.name, [t.upper() for t in args.targets], {t.id for t in load_plan().targets})
        print(f"{args.name} theo dõi thêm: {', '.join(sorted({t.upper() for t in args.targets})) or 'không chỉ tiêu nào'}.")
    elif args.action == "passwd":
        set_password(app, actor, args.name, _password())
        print(f"Đã đặt mật khẩu mới cho {args.name}.")
    elif args.action == "disable":
        set_disabled(app, actor, args.name)
        print(f"Đã vô hiệu hoá tài khoản {args.name}.")
    else:
        rows = [[u["ten_dang_nhap"], u["vai_tro"], u["phong_ban"] or "", u["ho_ten"] or "", u["chuc_danh"] or "",
                 u["email"] or "", u["theo_doi"] or "", u["xa"] or "",
                 "vô hiệu" if u["da_khoa"] else f"khoá đến {u['khoa_den']}" if u["khoa_den"] else "hoạt động"] for u in users(app)]
        print(table(["Tài khoản", "Vai trò", "Phòng ban", "Họ tên", "Chức danh", "Thư điện tử", "Theo dõi thêm", "Xã",
                     "Trạng thái"], rows))
    return EXIT_OK


def _password() -> str:
    """The password on standard input (its first line), never echoed or logged."""
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise AccountError("Không có mật khẩu trên đầu vào chuẩn (dùng: echo 'MẬT KHẨU' | python -m pipelines users ...).")
    return password


def cmd_withdraw(args, parser) -> int:
    """Withdraw a loaded file, as the operator at the terminal (audited as such)."""
    if not args.warehouse.exists():
        raise WarehouseError(f"chưa có kho dữ liệu {args.warehouse}.")
    done = withdraw(args.warehouse, args.file_id, operator(f"terminal:{getpass.getuser()}"))
    targets = plan_of(args).fed_by(*done.sources)
    if args.json:
        print(json_text({"file_id": done.file_id, "file": done.file_name, "rows": done.rows, "sources": done.sources,
                         "targets": targets}))
        return EXIT_OK
    print(f"Đã rút tệp {terminal_safe(done.file_name)} (mã {done.file_id}): {vn_number(done.rows)} dòng không còn được tính; "
          f"các chỉ tiêu được tính lại: {', '.join(targets) or 'không có'}.")
    return EXIT_OK


def cmd_checkins(args, parser) -> int:
    """List the check-ins recorded in the dashboard."""
    rows = checkins(store_path(args.warehouse), args.target.upper() if args.target else None)
    if args.json:
        print(json_text(rows))
        return EXIT_OK
    print(table(["Chỉ tiêu", "Xã", "Kết quả", "Ngày", "Văn bản", "Ghi chú", "Người ghi", "Ghi lúc"],
                [[r["ma_chi_tieu"], r["ma_xa"], r["ket_qua"] or "", vn_date(date.fromisoformat(r["ngay_xac_nhan"])),
                  r["so_van_ban_minh_chung"] or "", r["ghi_chu"] or "", r["nguoi_ghi"], r["ghi_luc"][:16].replace("T", " ")]
                 for r in rows]))
    return EXIT_OK


STATE_WORDS = {code: word for word, code in CODES.items()}
ESCALATED_CODES = {CODES[w] for w in ESCALATED}


def cmd_actions(args, parser) -> int:
    """The corrective plans and escalations at --to (default: the as-of date), the year to date, for the commune asked for."""
    plan = plan_of(args)
    den = args.den_ngay or default_as_of(plan)
    with _warehouse(args, parser) as con:
        evaluations = judged(con, plan, plan.start, den, args.commune, _checkins_or_none(args))
    rows = [r for r in map(action_json, evaluations) if r and (not args.overdue or r["trang_thai"] in ESCALATED_CODES)]
    if args.json:
        print(json_text(rows, default=str))
        return EXIT_OK
    print(f"Kế hoạch khắc phục và việc cần chỉ đạo – xã {commune_name(args.commune)} – đến {vn_date(den)}")
    print(table(["Mã", "Đánh giá", "Kế hoạch", "Chưa đạt từ", "Nguyên nhân", "Giải pháp", "Người thực hiện", "Hạn", "Ghi bởi"],
                [[r["ma_chi_tieu"], r["trang_thai_chi_tieu"], STATE_WORDS[r["trang_thai"]], vn_date(r["chua_dat_tu"]),
                  r["nguyen_nhan"] or "", r["giai_phap"] or "", r["nguoi_thuc_hien"] or "",
                  vn_date(r["han"]), r["ghi_boi"] or ""] for r in rows]))
    return EXIT_OK


def cmd_digest(args, parser) -> int:
    """Build the week's digest (or the day's alert) for every recipient; show it, or send what was not sent before."""
    plan = plan_of(args)
    if args.alert:
        den, kind, days = args.den_ngay or default_as_of(plan), ALERT, 1
        period, title = den.isoformat(), "Cảnh báo CCHC"
    else:
        try:
            period = args.week or last_week(plan)
            den = week_end(period, plan)
        except ValueError as exc:
            parser.error(str(exc))
        kind, days, title = WEEKLY, 7, f"Bản tin CCHC tuần {period[-2:]}/{period[:4]}"
    settings = Settings.from_env()
    app = store_path(args.warehouse)
    with _warehouse(args, parser) as con:
        digest = week_digest(con, plan, den, args.commune, _checkins_or_none(args), days)
        demo = is_demo(con)
    todo = messages(app, plan, [digest], kind, period, title, webhook=bool(settings.webhook))
    failures = send(app, plan, todo, settings, f"terminal:{getpass.getuser()}", demo) if args.send else []
    if args.json:
        print(json_text([m.summary() for m in todo], default=str))
    else:
        for m in todo:
            print(f"== {m.summary()['nguoi_nhan']} – {m.title}" + (" (đã gửi trước đây: không gửi lại)" if m.sent_before else ""))
            print("\n".join(terminal_safe(line) for line in m.text.splitlines()))
        if not todo:
            print("Không có người nhận: hãy đặt thư điện tử cho tài khoản (users email TÀI_KHOẢN ĐỊA_CHỈ)"
                  + (" – hoặc không có gì đổi trong ngày." if args.alert else "."))
    for failure in failures:
        print(f"Lỗi: không gửi được {terminal_safe(failure)}", file=sys.stderr)
    if args.send:
        sent = sum(not m.sent_before for m in todo) - len(failures)
        print(f"Đã gửi {sent}, bỏ qua {sum(m.sent_before for m in todo)} (đã gửi trước), lỗi {len(failures)}.", file=sys.stderr)
    return EXIT_REJECTED if failures else EXIT_OK


COMMANDS = {"load": cmd_load, "status": cmd_status, "export": cmd_export, "city": cmd_city, "diem-766": cmd_diem_766, "quality": cmd_quality, "demo": cmd_demo,
            "upgrade": cmd_upgrade, "users": cmd_users, "records": cmd_records, "checkins": cmd_checkins, "withdraw": cmd_withdraw,
            "actions": cmd_actions, "digest": cmd_digest}
