-- xac_nhan_moi_nhat(den_ngay, xa): for each commune and target, the latest attestation on or
-- before den_ngay (on the same day, the later row).
CREATE OR REPLACE MACRO xac_nhan_moi_nhat(den_ngay, xa) AS TABLE
SELECT *
FROM stg_xac_nhan
WHERE ngay_xac_nhan <= den_ngay AND (xa IS NULL OR ma_xa = xa)
QUALIFY row_number() OVER (PARTITION BY ma_xa, ma_chi_tieu ORDER BY ngay_xac_nhan DESC, _file_id DESC, _row DESC) = 1;
