"""Commands that report: status, records, export, city, diem-766, quality, upgrade."""

from __future__ import annotations

import sys
from datetime import date

import polars as pl

from pipelines.cli.common import EXIT_OK, EXIT_USAGE, evaluations_of, judged_in, leads_of, opened, period_of, plan_of
from pipelines.cli.output import evaluation_json, json_text, note_of, table
from warehouse.city import city_summary
from warehouse.communes import commune_name
from warehouse.db import connect_readonly, model_sql, run_model
from warehouse.display import for_people, threshold_text, value_text, vn_date, vn_number, write_records
from warehouse.evaluate import STATUSES, records
from warehouse.forecast import as_json as forecast_json
from warehouse.forecast import forecast_text
from warehouse.publish import upgrade
from warehouse.scores import GROUPS, LEVEL_WORDS, LEVELS, city_scores, latest_month, month_levels, scores, with_gaps
from warehouse.submission import write_submission

DIEM_766_KEYS = ["ma_don_vi", "ten_don_vi", "ma_co_quan", "cap", "thang", "ky", *GROUPS, "tong_diem", "hang", "diem_con_thieu",
                 "cach_hang_tren"]


def cmd_status(args, parser) -> int:
    """Print every target's status (or only a department's)."""
    plan = plan_of(args)
    if args.department and args.department not in plan.departments:
        parser.error(f"mã phòng ban không có: {args.department} (có: {', '.join(plan.departments)})")
    evaluations = evaluations_of(args, parser)
    if args.department:
        evaluations = [e for e in evaluations if args.department in (e.target.owner, *e.target.coordinators)]
    if args.json:
        print(json_text([evaluation_json(e) | forecast_json(e) for e in evaluations], default=str))
        return EXIT_OK
    rows = [[e.target.id, e.status, value_text(e.target, e.value), threshold_text(e.target, e.threshold),
             e.target.owner, vn_date(e.ngay_so_lieu), forecast_text(e, with_horizon=False), note_of(e)] for e in evaluations]
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
    tu, den = period_of(args, parser)
    with opened(args, parser) as con:
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
        evaluations = [e for rows in evaluations_of(args, parser, every_commune=True).values() for e in rows]
    else:
        evaluations = evaluations_of(args, parser, history=True)
    write_submission(args.out, plan_of(args), evaluations, with_commune=args.all_communes,
                     leads=leads_of(args, sorted({e.ma_xa for e in evaluations})))
    print(f"Đã ghi {args.out}")
    return EXIT_OK


def cmd_city(args, parser) -> int:
    """Print every commune's counts of each status and its rank by targets met."""
    tu, den = period_of(args, parser)
    with opened(args, parser) as con:
        summary = city_summary(judged_in(con, args, tu, den, every_commune=True), city_scores(con))
    if args.json:
        print(json_text(summary.drop("hang").to_dicts()))
        return EXIT_OK
    print(table(["Hạng", "Mã xã", "Tên xã", "Đạt", "Chưa đạt", "Chưa có dữ liệu", "Nguy cơ", "Điểm 766", "Hạng 766"],
                [[str(r["hang"]), r["ma_xa"], r["ten"], str(r["dat"]), str(r["chua_dat"]), str(r["chua_co_du_lieu"]), str(r["nguy_co"]),
                  vn_number(r["tong_diem_766"], 2) if r["tong_diem_766"] is not None else "–",
                  str(r["hang_766"] or "–")] for r in summary.iter_rows(named=True)]))
    return EXIT_OK


def _period_words(ky: str, thang: str) -> str:
    """'tháng 10/2025', or 'năm 2025 (đến 10/2025)' for year-to-date scores, from 'thang'/'nam' and YYYY-MM."""
    year, month = thang.split("-")
    return f"năm {year} (đến {month}/{year})" if ky == "nam" else f"tháng {month}/{year}"


def cmd_diem_766(args, parser) -> int:
    """Print the portal's 766 scores of a month (the latest loaded by default): every unit's six groups, total and rank."""
    with opened(args, parser) as con:
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


def cmd_quality(args, parser) -> int:
    """Print the quality checks of the loaded files (failed ones, or all); with --engine gx, re-validate first."""
    if not args.warehouse.exists():
        parser.exit(EXIT_USAGE, f"Chưa có kho dữ liệu {args.warehouse}.\n")
    if args.engine == "gx":
        from pipelines.revalidate import revalidate

        print(f"Great Expectations đã kiểm tra lại {revalidate(args.warehouse)} trang đã nạp.", file=sys.stderr)
    with connect_readonly(args.warehouse) as con:
        frame = run_model(con, model_sql("quality_report"),
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


def cmd_upgrade(args, parser) -> int:
    """Bring the warehouse up to this version's models."""
    if not args.warehouse.exists():
        parser.exit(EXIT_USAGE, f"Chưa có kho dữ liệu {args.warehouse}.\n")
    print(f"Đã cập nhật kho dữ liệu {args.warehouse}." if upgrade(args.warehouse) else f"Kho dữ liệu {args.warehouse} đã là bản mới.")
    return EXIT_OK

