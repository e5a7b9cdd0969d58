-- xac_nhan_lich_su(den_ngay, xa): every attestation of the register files on or before den_ngay, with
-- when it was recorded (its file's load time), who loaded the file (nap_boi: the account that uploaded
-- it, or terminal:USER) and its order among those (file, then row). The latest one
-- per target is chosen in warehouse/evaluate.py, once the dashboard's check-ins are merged in.
-- Target ids are matched in upper case.
CREATE OR REPLACE MACRO xac_nhan_lich_su(den_ngay, xa) AS TABLE
SELECT x.ma_xa, upper(trim(x.ma_chi_tieu)) AS ma_chi_tieu, x.ket_qua, x.ngay_xac_nhan, x.so_van_ban_minh_chung,
       x.nguoi_xac_nhan, x.ghi_chu, l.loaded_at AS ghi_luc, l.nap_boi, x._file_id * 4294967296 + x._row AS thu_tu
FROM stg_xac_nhan AS x
JOIN (SELECT DISTINCT file_id, loaded_at, nap_boi FROM load_ledger) AS l ON l.file_id = x._file_id
WHERE x.ngay_xac_nhan <= den_ngay AND (xa IS NULL OR x.ma_xa = xa);
