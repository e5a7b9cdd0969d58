-- stg_thu_tuc: one row per procedure within each snapshot.
-- Rows keep their file (_file_id, _row) and the file's snapshot date (_snapshot); ma_xa is the
-- commune the row belongs to now (predecessor communes mapped by the communes table).
CREATE OR REPLACE TABLE stg_thu_tuc AS
SELECT r.* REPLACE (coalesce(c.ma_xa_hien_tai, r.ma_xa) AS ma_xa)
FROM raw_thu_tuc AS r
LEFT JOIN communes AS c ON c.ma_xa = r.ma_xa
QUALIFY row_number() OVER (
    PARTITION BY coalesce(c.ma_xa_hien_tai, r.ma_xa), r._snapshot, r.ma_tthc
    ORDER BY r._snapshot DESC, r._file_id DESC, r._row DESC
) = 1;
