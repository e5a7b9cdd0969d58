"""The demo's accounts, one per role."""

from __future__ import annotations

from pathlib import Path

from warehouse.app.accounts import add_user, operator, users

# One account per role, for trying the dashboard (the README lists them); only ever made beside the demo.
DEMO_PASSWORD = "demo-cchc-2025"
DEMO_ACCOUNTS = [
    ("lanhdao", ["lanh_dao"], None, "Chủ tịch UBND xã (mẫu)"),
    ("truongphong.vhxh", ["truong_phong"], "VHXH", "Trưởng phòng Văn hóa - Xã hội (mẫu)"),
    ("dulieu", ["du_lieu"], None, "Cán bộ dữ liệu (mẫu)"),
    ("quantri", ["quan_tri"], None, "Quản trị (mẫu)"),
]


def add_demo_accounts(app_store: Path) -> None:
    """The demo's accounts, those not there yet."""
    known = {u["ten_dang_nhap"] for u in users(app_store)}
    for name, roles, department, full_name in DEMO_ACCOUNTS:
        if name not in known:
            add_user(app_store, operator("demo"), name, roles, DEMO_PASSWORD, department, full_name)
