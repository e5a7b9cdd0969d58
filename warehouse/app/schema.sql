-- The app's own store (SQLite, WAL): accounts, check-ins, the audit trail and the upload ledger.
-- Small transactional writes live here, beside the single-writer DuckDB warehouse that loads republish.
-- Check-ins and the audit are append-only: triggers refuse any UPDATE or DELETE.

CREATE TABLE IF NOT EXISTS tai_khoan (
    ten_dang_nhap TEXT PRIMARY KEY,
    mat_khau_bam TEXT NOT NULL,            -- argon2id hash, never the password
    vai_tro TEXT NOT NULL,                  -- comma-separated roles: lanh_dao, truong_phong, du_lieu, quan_tri
    phong_ban TEXT,                         -- the department of a truong_phong
    ho_ten TEXT,
    da_khoa INTEGER NOT NULL DEFAULT 0,     -- disabled by an administrator
    so_lan_sai INTEGER NOT NULL DEFAULT 0,  -- failed sign-ins in a row
    khoa_den TEXT,                          -- locked until (ISO time) after too many failures
    tao_luc TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS cap_nhat (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ma_xa TEXT NOT NULL,
    ma_chi_tieu TEXT NOT NULL,
    ket_qua TEXT,                           -- attested targets: 'Đã hoàn thành', 'Chưa hoàn thành' or a count; NULL for a note
    ngay_xac_nhan TEXT NOT NULL,            -- ISO date the result or note holds from
    so_van_ban_minh_chung TEXT,
    ghi_chu TEXT,
    nguoi_ghi TEXT NOT NULL,
    ghi_luc TEXT NOT NULL                   -- ISO time recorded
);
CREATE INDEX IF NOT EXISTS cap_nhat_chi_tieu ON cap_nhat (ma_xa, ma_chi_tieu);
CREATE TRIGGER IF NOT EXISTS cap_nhat_khong_sua BEFORE UPDATE ON cap_nhat
BEGIN SELECT RAISE(ABORT, 'cap_nhat is append-only: a correction is a new check-in'); END;
CREATE TRIGGER IF NOT EXISTS cap_nhat_khong_xoa BEFORE DELETE ON cap_nhat
BEGIN SELECT RAISE(ABORT, 'cap_nhat is append-only: a correction is a new check-in'); END;
-- INSERT OR REPLACE deletes the row it replaces without firing a DELETE trigger: refuse an insert that names an id taken
CREATE TRIGGER IF NOT EXISTS cap_nhat_khong_thay BEFORE INSERT ON cap_nhat WHEN EXISTS (SELECT 1 FROM cap_nhat WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'cap_nhat is append-only: a correction is a new check-in'); END;

CREATE TABLE IF NOT EXISTS nhat_ky (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    luc TEXT NOT NULL,
    nguoi TEXT,                             -- NULL: someone not signed in
    hanh_dong TEXT NOT NULL,                -- dang_nhap, dang_nhap_sai, khoa, cap_nhat, tai_len, tai_khoan
    doi_tuong TEXT,
    ket_qua TEXT NOT NULL,                  -- thanh_cong, tu_choi, loi; bat_dau (an upload received, its load to come)
    chi_tiet TEXT
);
CREATE TRIGGER IF NOT EXISTS nhat_ky_khong_sua BEFORE UPDATE ON nhat_ky
BEGIN SELECT RAISE(ABORT, 'nhat_ky is append-only'); END;
CREATE TRIGGER IF NOT EXISTS nhat_ky_khong_xoa BEFORE DELETE ON nhat_ky
BEGIN SELECT RAISE(ABORT, 'nhat_ky is append-only'); END;
CREATE TRIGGER IF NOT EXISTS nhat_ky_khong_thay BEFORE INSERT ON nhat_ky WHEN EXISTS (SELECT 1 FROM nhat_ky WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'nhat_ky is append-only'); END;

CREATE TABLE IF NOT EXISTS tep_tai_len (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    luc TEXT NOT NULL,
    nguoi TEXT NOT NULL,
    ten_tep TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    kich_thuoc INTEGER NOT NULL,
    duong_dan TEXT NOT NULL,                -- the kept original, so a load can be traced and repeated
    ket_qua TEXT
);

CREATE TABLE IF NOT EXISTS ban_tin_da_gui (  -- each digest or alert delivered: never the same one twice to one person
    nguoi_nhan TEXT NOT NULL,               -- the account's login
    loai TEXT NOT NULL,                     -- tuan (the weekly digest), canh_bao (a day's change alert)
    ky TEXT NOT NULL,                       -- the week (2025-W40) or the day (2025-09-30)
    ma_xa TEXT NOT NULL,
    kenh TEXT NOT NULL,                     -- email, webhook
    gui_luc TEXT NOT NULL,
    PRIMARY KEY (nguoi_nhan, loai, ky, ma_xa, kenh)
);

CREATE TABLE IF NOT EXISTS dang_nhap_sai (  -- failed sign-ins by unknown names, counted per address and hour (not one audit line each)
    nguon TEXT NOT NULL,                    -- the browser's address
    gio TEXT NOT NULL,                      -- the hour, ISO (2025-12-01T09)
    so_lan INTEGER NOT NULL,
    PRIMARY KEY (nguon, gio)
);

CREATE TABLE IF NOT EXISTS phien (          -- signed-in sessions (the browser keeps the token in a cookie)
    ma_bam TEXT PRIMARY KEY,                -- SHA-256 of the session token: the token itself is never stored
    ten_dang_nhap TEXT NOT NULL,
    tao_luc TEXT NOT NULL,
    dung_luc TEXT NOT NULL                  -- last used: the session ends after a while unused
);
