"""From red to action: the corrective plans and escalations (actions) and the news delivered (digest)."""

from __future__ import annotations

import getpass
import sys

from pipelines.cli.common import EXIT_OK, EXIT_REJECTED, checkins_or_none, opened, plan_of
from pipelines.cli.output import json_text, table, terminal_safe
from warehouse.actions import CODES, ESCALATED
from warehouse.actions import as_json as action_json
from warehouse.app.store import store_path
from warehouse.communes import commune_name
from warehouse.db import is_demo
from warehouse.delivery import ALERT, WEEKLY, Settings, messages, send
from warehouse.digest import last_week, week_digest, week_end
from warehouse.display import vn_date
from warehouse.evaluate import default_as_of
from warehouse.forecast import judged

STATE_WORDS = {code: word for word, code in CODES.items()}


ESCALATED_CODES = {CODES[w] for w in ESCALATED}


def cmd_actions(args, parser) -> int:
    """The corrective plans and escalations at --to (default: the as-of date), the year to date, for the commune asked for."""
    plan = plan_of(args)
    den = args.den_ngay or default_as_of(plan)
    with opened(args, parser) as con:
        evaluations = judged(con, plan, plan.start, den, args.commune, checkins_or_none(args))
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
    with opened(args, parser) as con:
        digest = week_digest(con, plan, den, args.commune, checkins_or_none(args), days)
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

