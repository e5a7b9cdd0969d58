-- stg_xac_nhan: every attestation; the latest one on or before `to` counts (a later row wins a tie).
CREATE OR REPLACE TABLE stg_xac_nhan AS
SELECT r.* REPLACE (coalesce(c.ma_xa_hien_tai, r.ma_xa) AS ma_xa, upper(trim(r.ma_chi_tieu)) AS ma_chi_tieu)
FROM raw_xac_nhan AS r
LEFT JOIN communes AS c ON c.ma_xa = r.ma_xa;
