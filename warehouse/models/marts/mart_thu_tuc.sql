-- mart_thu_tuc(den_ngay, xa): the procedure catalogue as pictured by each commune's latest
-- snapshot on or before den_ngay, with whether each procedure is in force at den_ngay.
CREATE OR REPLACE MACRO mart_thu_tuc(den_ngay, xa) AS TABLE
SELECT
    t.*,
    (t.hieu_luc_tu IS NULL OR t.hieu_luc_tu <= den_ngay)
        AND (t.hieu_luc_den IS NULL OR t.hieu_luc_den > den_ngay) AS con_hieu_luc
FROM latest_snapshot('stg_thu_tuc', den_ngay, xa) AS t;
