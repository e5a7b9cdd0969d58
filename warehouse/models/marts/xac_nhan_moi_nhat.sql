-- xac_nhan_moi_nhat(den_ngay, xa): for each commune and target, the latest attestation on or
-- before den_ngay (on the same day, the later row). Target ids are matched in upper case.
CREATE OR REPLACE MACRO xac_nhan_moi_nhat(den_ngay, xa) AS TABLE
SELECT * REPLACE (upper(trim(ma_chi_tieu)) AS ma_chi_tieu)
FROM stg_xac_nhan
WHERE ngay_xac_nhan <= den_ngay AND (xa IS NULL OR ma_xa = xa)
QUALIFY row_number() OVER (PARTITION BY ma_xa, upper(trim(ma_chi_tieu)) ORDER BY ngay_xac_nhan DESC, _file_id DESC, _row DESC) = 1;
