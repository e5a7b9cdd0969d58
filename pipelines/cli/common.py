"""What the commands share: exit codes, argument types, the plan, period and warehouse a command works on, and the figures judged there."""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl

from pipelines.cli.output import terminal_safe
from warehouse.app.accounts import AccountError, leads
from warehouse.app.checkins import history
from warehouse.app.store import StoreError, store_path
from warehouse.city import city_evaluations, communes_in
from warehouse.communes import commune_map
from warehouse.db import OutdatedWarehouse, check_path, connect_readonly
from warehouse.display import vn_date
from warehouse.evaluate import default_as_of
from warehouse.forecast import judged
from warehouse.plan import Plan, load_plan, plan_path
from warehouse.publish import upgrade

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


# commands that read through opened, which upgrades when needed
READING = ("status", "export", "city", "diem-766", "records", "actions", "digest")


def parse_date(text: str) -> date:
    """A date written YYYY-MM-DD or dd/mm/yyyy."""
    return parsed(text, ("%Y-%m-%d", "%d/%m/%Y"), f"ngày không hợp lệ: '{text}' (dùng YYYY-MM-DD hoặc dd/mm/yyyy)")


def parse_month(text: str) -> date:
    """A month written YYYY-MM (or mm/yyyy), as its first day."""
    return parsed(text, ("%Y-%m", "%m/%Y"), f"tháng không hợp lệ: '{text}' (dùng YYYY-MM, ví dụ 2025-10)")


def parsed(text: str, formats: tuple[str, ...], problem: str) -> date:
    """The date the first of the formats reads in the text; else the usage error `problem`."""
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(problem)


def ids(text: str) -> list[int]:
    """Ledger ids, comma-separated."""
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"danh sách mã không hợp lệ: {text}") from None


def communes_of(warehouse: Path) -> set[str]:
    """The commune codes known: the registry's, and those the warehouse holds rows of."""
    known = {code for code, _, _ in commune_map()}
    if warehouse.exists():
        with connect_readonly(warehouse) as con:
            known |= set(communes_in(con))
    return known


def plan_of(args) -> Plan:
    """The plan in force for this command, as warehouse.plan.plan_path decides (--plan, $CCHC_PLAN, --to's year, the default)."""
    day = getattr(args, "den_ngay", None)
    return load_plan(plan_path(day.year if day else None, getattr(args, "plan", None)))


def period_of(args, parser) -> tuple[date, date]:
    """The period asked for: from the plan's start (or --from) to --to (or the default as-of)."""
    plan = plan_of(args)
    den = args.den_ngay or default_as_of(plan)
    tu = args.tu_ngay or plan.start
    if tu > den:
        parser.error(f"--from ({vn_date(tu)}) sau --to ({vn_date(den)})")
    return tu, den


@contextmanager
def opened(args, parser):
    """A read-only connection to the warehouse asked for, brought up to date first if need be; a usage error when
    there is none yet, or the path cannot be one."""
    check_path(args.warehouse)
    if not args.warehouse.exists():
        parser.exit(EXIT_USAGE, f"Chưa có kho dữ liệu {args.warehouse}: chạy 'python -m pipelines demo' "
                                f"hoặc 'python -m pipelines load THU_MUC'.\n")
    try:
        con = connect_readonly(args.warehouse)
    except OutdatedWarehouse:  # checked here rather than by main: the warehouse is opened once
        upgraded(args.warehouse)
        con = connect_readonly(args.warehouse)
    with con:
        yield con


def upgraded(warehouse: Path) -> None:
    """Bring the warehouse up to this version's models, saying so when it had to."""
    if upgrade(warehouse):
        print(f"Đã cập nhật kho dữ liệu {warehouse} theo phiên bản mới.", file=sys.stderr)


def evaluations_of(args, parser, every_commune: bool = False, history: bool = False):
    """Evaluate the plan for the period and commune asked for (or, by commune code, for every commune); `history`:
    with the monthly status history too (since when red: the corrective plans' escalation)."""
    tu, den = period_of(args, parser)
    with opened(args, parser) as con:
        return judged_in(con, args, tu, den, every_commune, history)


def checkins_or_none(args) -> pl.DataFrame | None:
    """The check-ins of the app's store; when it cannot be read, none, said on standard error."""
    try:
        return history(store_path(args.warehouse))
    except StoreError as exc:
        print(f"Chú ý: {terminal_safe(exc)}: {exc.fix}. Kết quả dưới đây chưa tính các cập nhật ghi trên bảng điều hành.",
              file=sys.stderr)
        return None


def leads_of(args, communes: list[str]) -> dict:
    """The persons behind the departments (accounts.leads); none when the app's store cannot be read."""
    try:
        return leads(store_path(args.warehouse), communes)
    except StoreError:
        return {}


def judged_in(con: duckdb.DuckDBPyConnection, args, tu: date, den: date, every_commune: bool = False,
              history: bool = False):
    """The plan judged on an open warehouse, with its check-ins and forecasts: for the commune asked for (with its
    monthly status history when asked), or by commune code for every commune."""
    checkins = checkins_or_none(args)
    if every_commune:
        return city_evaluations(con, plan_of(args), tu, den, checkins=checkins)
    return judged(con, plan_of(args), tu, den, args.commune, checkins, with_series=history)


def password_from_stdin() -> str:
    """The password on standard input (its first line), never echoed or logged."""
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise AccountError("Không có mật khẩu trên đầu vào chuẩn (dùng: echo 'MẬT KHẨU' | python -m pipelines users ...).")
    return password

