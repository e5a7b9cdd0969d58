-- stg_ho_so: one row per dossier: the newest version (latest ngay_cap_nhat, a row without it loses; then the later-loaded file, then the later row).
-- Rows keep their file (_file_id, _row) and the file's snapshot date (_snapshot); ma_xa is the
-- commune the row belongs to now (predecessor communes mapped by the communes table).
CREATE OR REPLACE TABLE stg_ho_so AS
SELECT r.* REPLACE (coalesce(c.ma_xa_hien_tai, r.ma_xa) AS ma_xa)
FROM raw_ho_so AS r
LEFT JOIN communes AS c ON c.ma_xa = r.ma_xa
QUALIFY row_number() OVER (
    PARTITION BY coalesce(c.ma_xa_hien_tai, r.ma_xa), ma_ho_so
    ORDER BY r.ngay_cap_nhat DESC NULLS LAST, r._file_id DESC, r._row DESC
) = 1;
