-- mart_thu_tuc(den_ngay, xa): the procedure catalogue as pictured by each commune's latest
-- snapshot on or before den_ngay, with whether each procedure is in force at den_ngay.
CREATE OR REPLACE MACRO mart_thu_tuc(den_ngay, xa) AS TABLE
WITH anh AS (
    SELECT ma_xa, max(_snapshot) AS ngay_anh
    FROM stg_thu_tuc
    WHERE _snapshot <= den_ngay AND (xa IS NULL OR ma_xa = xa)
    GROUP BY ma_xa
)
SELECT
    t.*,
    (t.hieu_luc_tu IS NULL OR t.hieu_luc_tu <= den_ngay)
        AND (t.hieu_luc_den IS NULL OR t.hieu_luc_den > den_ngay) AS con_hieu_luc
FROM stg_thu_tuc AS t
JOIN anh ON anh.ma_xa = t.ma_xa AND anh.ngay_anh = t._snapshot;
