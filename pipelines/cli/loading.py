"""Commands that change the warehouse: load, demo, withdraw."""

from __future__ import annotations

import getpass
import sys
from contextlib import contextmanager

from pipelines.cli.common import EXIT_OK, EXIT_REJECTED, plan_of
from pipelines.cli.output import json_text, outcome_json, print_load_report, terminal_safe
from pipelines.load import load
from warehouse.app import uploads
from warehouse.app.accounts import User, active_user, operator
from warehouse.app.checkins import refused_uploads
from warehouse.app.store import store_path
from warehouse.db import WarehouseError
from warehouse.display import vn_number
from warehouse.withdrawal import withdraw


def cmd_load(args, parser) -> int:
    """Load files and print a summary per file."""
    if args.json:
        step = lambda done, total: print(f"buoc {done} {total}", file=sys.stderr, flush=True)
        with _settling(args) as settle:
            uploader = _uploader(args)
            report = load(args.paths, args.warehouse, source=args.source, commune=args.commune, on_step=step, month=args.month,
                          refused=refused_uploads(uploader) if args.uploads else {}, plan=plan_of(args),
                          by=uploader.name if uploader else None)
            settle(report)
        print(json_text([outcome_json(o) for o in report.outcomes], default=str))
        return EXIT_OK if report.clean else EXIT_REJECTED
    report = load(args.paths, args.warehouse, source=args.source, commune=args.commune, progress=not args.quiet,
                  month=args.month, plan=plan_of(args), by=f"terminal:{getpass.getuser()}")
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


def cmd_demo(args, parser) -> int:
    """Write the demo files and load them."""
    from pipelines.demo import build_demo

    report = build_demo(args.out, args.warehouse, progress=True)
    print(f"Đã ghi {len(report.outcomes)} tệp mẫu vào {args.out} và nạp vào {args.warehouse} (đánh dấu là dữ liệu mẫu).")
    print_load_report(report)
    return EXIT_OK if report.clean else EXIT_REJECTED


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

