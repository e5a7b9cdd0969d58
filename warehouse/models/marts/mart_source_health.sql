-- mart_source_health(den_ngay, xa): for each commune and source, the newest file's snapshot date,
-- the latest snapshot on or before den_ngay, whether the source's last file was rejected after its
-- last loaded one, how many rows the last loaded file lost and its quality warnings. Freshness is
-- judged from this.
CREATE OR REPLACE MACRO mart_source_health(den_ngay, xa) AS TABLE
WITH tep AS (
    SELECT source, ma_xa,
        max(snapshot_date) AS moi_nhat,
        max(snapshot_date) FILTER (WHERE snapshot_date <= den_ngay) AS anh_den_ngay,
        max(file_id) AS tep_nap_cuoi
    FROM mart_source_files
    WHERE xa IS NULL OR ma_xa = xa
    GROUP BY ALL
),
bi_loai AS (
    SELECT l.source, coalesce(c.ma_xa_hien_tai, l.ma_xa) AS ma_xa,
        max(l.file_id) AS tep_loai_cuoi,
        arg_max(l.file_name, l.file_id) AS ten_tep_loai,
        arg_max(l.message, l.file_id) AS ly_do_loai
    FROM load_ledger AS l
    LEFT JOIN communes AS c ON c.ma_xa = l.ma_xa
    WHERE l.status = 'rejected' AND l.source IS NOT NULL
    GROUP BY ALL
)
SELECT
    coalesce(tep.source, bi_loai.source) AS source,
    coalesce(tep.ma_xa, bi_loai.ma_xa) AS ma_xa,
    tep.moi_nhat,
    tep.anh_den_ngay,
    coalesce(bi_loai.tep_loai_cuoi > coalesce(tep.tep_nap_cuoi, 0), FALSE) AS tep_cuoi_bi_loai,
    bi_loai.ten_tep_loai,
    bi_loai.ly_do_loai,
    cuoi.file_name AS ten_tep_cuoi,
    cuoi.rows_rejected AS so_dong_loai_tep_cuoi,
    cuoi.warnings AS canh_bao_tep_cuoi
FROM tep
FULL JOIN bi_loai ON bi_loai.source = tep.source AND bi_loai.ma_xa = tep.ma_xa
LEFT JOIN load_ledger AS cuoi ON cuoi.file_id = tep.tep_nap_cuoi
WHERE xa IS NULL OR coalesce(tep.ma_xa, bi_loai.ma_xa) = xa;
