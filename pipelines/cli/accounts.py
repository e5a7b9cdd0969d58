"""Commands on the app's own store: users, checkins."""

from __future__ import annotations

import getpass
from datetime import date

from pipelines.cli.common import EXIT_OK, communes_of, password_from_stdin
from pipelines.cli.output import json_text, table
from warehouse.app.accounts import (
    EVERY_COMMUNE,
    TITLES,
    add_user,
    operator,
    set_contact,
    set_disabled,
    set_following,
    set_password,
    users,
)
from warehouse.app.checkins import TITLES as CHECKIN_TITLES
from warehouse.app.checkins import checkins
from warehouse.app.store import store_path
from warehouse.display import vn_date
from warehouse.plan import load_plan


def cmd_users(args, parser) -> int:
    """Add, list, disable an account or set its password; acts as the operator at the terminal (audited as such)."""
    app, actor = store_path(args.warehouse), operator(f"terminal:{getpass.getuser()}")
    if args.action == "add":
        if args.department and args.department not in load_plan().departments:
            parser.error(f"mã phòng ban không có: {args.department} (có: {', '.join(load_plan().departments)})")
        if unknown := sorted(set(args.communes or []) - communes_of(args.warehouse) - {EVERY_COMMUNE}):
            parser.error(f"mã xã không có: {', '.join(unknown)} (có: {', '.join(sorted(communes_of(args.warehouse)))}, hoặc * cho mọi xã)")
        add_user(app, actor, args.name, args.role, password_from_stdin(), args.department, args.full_name, args.communes,
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
        set_password(app, actor, args.name, password_from_stdin())
        print(f"Đã đặt mật khẩu mới cho {args.name}.")
    elif args.action == "disable":
        set_disabled(app, actor, args.name)
        print(f"Đã vô hiệu hoá tài khoản {args.name}.")
    else:
        rows = [[u["ten_dang_nhap"], u["vai_tro"], u["phong_ban"] or "", u["ho_ten"] or "", u["chuc_danh"] or "",
                 u["email"] or "", u["theo_doi"] or "", u["xa"] or "",
                 "vô hiệu" if u["da_khoa"] else f"khoá đến {u['khoa_den']}" if u["khoa_den"] else "hoạt động"] for u in users(app)]
        print(table([TITLES[c] for c in ("ten_dang_nhap", "vai_tro", "phong_ban", "ho_ten", "chuc_danh", "email", "theo_doi", "xa",
                                          "trang_thai")], rows))
    return EXIT_OK


def cmd_checkins(args, parser) -> int:
    """List the check-ins recorded in the dashboard."""
    rows = checkins(store_path(args.warehouse), args.target.upper() if args.target else None)
    if args.json:
        print(json_text(rows))
        return EXIT_OK
    columns = ("ma_chi_tieu", "ma_xa", "ket_qua", "ngay_xac_nhan", "so_van_ban_minh_chung", "ghi_chu", "nguoi_ghi", "ghi_luc")
    print(table([CHECKIN_TITLES[c] for c in columns],
                [[r["ma_chi_tieu"], r["ma_xa"], r["ket_qua"] or "", vn_date(date.fromisoformat(r["ngay_xac_nhan"])),
                  r["so_van_ban_minh_chung"] or "", r["ghi_chu"] or "", r["nguoi_ghi"], r["ghi_luc"][:16].replace("T", " ")]
                 for r in rows]))
    return EXIT_OK

