-- stg_dao_tao: one row per (course, official).
-- Rows keep their file (_file_id, _row) and the file's snapshot date (_snapshot); ma_xa is the
-- commune the row belongs to now (predecessor communes mapped by the communes table).
CREATE OR REPLACE TABLE stg_dao_tao AS
SELECT r.* REPLACE (coalesce(c.ma_xa_hien_tai, r.ma_xa) AS ma_xa)
FROM raw_dao_tao AS r
LEFT JOIN communes AS c ON c.ma_xa = r.ma_xa
QUALIFY row_number() OVER (
    PARTITION BY coalesce(c.ma_xa_hien_tai, r.ma_xa), r.ma_lop, r.ma_can_bo
    ORDER BY r._snapshot DESC, r._file_id DESC, r._row DESC
) = 1;
