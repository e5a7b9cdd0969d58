-- stg_bao_cao_dinh_ky: one row per report due.
-- Rows keep their file (_file_id, _row) and the file's snapshot date (_snapshot); ma_xa is the
-- commune the row belongs to now (predecessor communes mapped by the communes table).
CREATE OR REPLACE TABLE stg_bao_cao_dinh_ky AS
SELECT r.* REPLACE (coalesce(c.ma_xa_hien_tai, r.ma_xa) AS ma_xa)
FROM raw_bao_cao_dinh_ky AS r
LEFT JOIN communes AS c ON c.ma_xa = r.ma_xa
QUALIFY row_number() OVER (
    PARTITION BY coalesce(c.ma_xa_hien_tai, r.ma_xa), r.ma_bao_cao
    ORDER BY r._snapshot DESC, r._file_id DESC, r._row DESC
) = 1;
