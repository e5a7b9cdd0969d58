"""The demo's accounts, one per role."""

from __future__ import annotations

from pathlib import Path

from warehouse.app.accounts import add_user, operator, users

# One account per role, for trying the dashboard (the README lists them); only ever made beside the demo.
DEMO_PASSWORD = "demo-cchc-2025"
DEMO_ACCOUNTS = [  # login, roles, department, full name, title
    ("lanhdao", ["lanh_dao"], None, "Nguyễn Văn Hùng", "Chủ tịch UBND xã"),
    ("truongphong.vhxh", ["truong_phong"], "VHXH", "Phan Thị Ngọc", "Trưởng phòng"),
    ("dulieu", ["du_lieu"], None, "Lê Thu Hà", "Cán bộ dữ liệu"),
    ("quantri", ["quan_tri"], None, "Trần Minh Đức", "Quản trị hệ thống"),
]


def add_demo_accounts(app_store: Path) -> None:
    """The demo's accounts, those not there yet (no e-mail address: the digest goes to those an administrator gives one)."""
    known = {u["ten_dang_nhap"] for u in users(app_store)}
    for name, roles, department, full_name, title in DEMO_ACCOUNTS:
        if name not in known:
            add_user(app_store, operator("demo"), name, roles, DEMO_PASSWORD, department, full_name, title=title)
