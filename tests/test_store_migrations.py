"""The app store's recorded migrations: a new store and one made by the first release end with the same tables and
columns, each records how many migrations it has had (PRAGMA user_version), and opening it again changes nothing."""

from __future__ import annotations

import sqlite3

from warehouse.app import store

FIRST_RELEASE = """
CREATE TABLE tai_khoan (ten_dang_nhap TEXT PRIMARY KEY, mat_khau_bam TEXT NOT NULL, vai_tro TEXT NOT NULL, phong_ban TEXT,
    ho_ten TEXT, da_khoa INTEGER NOT NULL DEFAULT 0, so_lan_sai INTEGER NOT NULL DEFAULT 0, khoa_den TEXT, tao_luc TEXT NOT NULL);
CREATE TABLE cap_nhat (id INTEGER PRIMARY KEY AUTOINCREMENT, ma_xa TEXT NOT NULL, ma_chi_tieu TEXT NOT NULL, ket_qua TEXT,
    ngay_xac_nhan TEXT NOT NULL, so_van_ban_minh_chung TEXT, ghi_chu TEXT, nguoi_ghi TEXT NOT NULL, ghi_luc TEXT NOT NULL);
CREATE TABLE tep_tai_len (id INTEGER PRIMARY KEY AUTOINCREMENT, luc TEXT NOT NULL, nguoi TEXT NOT NULL, ten_tep TEXT NOT NULL,
    sha256 TEXT NOT NULL, kich_thuoc INTEGER NOT NULL, duong_dan TEXT NOT NULL, ket_qua TEXT);
INSERT INTO tai_khoan VALUES ('tp.vhxh', 'x', 'truong_phong', 'VHXH', NULL, 0, 0, NULL, '2025-01-01T00:00:00');
"""


def shape(path) -> dict[str, list[str]]:
    with sqlite3.connect(path) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {t: sorted(r[1] for r in con.execute(f"PRAGMA table_info({t})")) for t in sorted(tables)}


def version(path) -> int:
    with sqlite3.connect(path) as con:
        return con.execute("PRAGMA user_version").fetchone()[0]


def test_a_new_store_and_a_first_release_store_end_alike_and_record_their_migrations(tmp_path):
    new, old = tmp_path / "new.sqlite", tmp_path / "old.sqlite"
    with sqlite3.connect(old) as con:
        con.executescript(FIRST_RELEASE)
    for path in (new, old):
        store.upgrade(path) if path.exists() else store.audit(path, None, "thu", None, "thanh_cong")
    assert shape(new) == shape(old) and "han" in shape(new)["cap_nhat"] and "ngay_du_kien" not in shape(old)["cap_nhat"]
    assert version(new) == version(old) == len(store.MIGRATIONS)
    assert store.read(old, "SELECT xa FROM tai_khoan") == [{"xa": "KTD"}]  # an older account acts for the configured commune
    before = shape(old)
    store.upgrade(old)
    assert shape(old) == before and version(old) == len(store.MIGRATIONS)
