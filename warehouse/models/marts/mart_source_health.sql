-- mart_source_health(den_ngay, xa): for each commune and source, whether it can be trusted at
-- den_ngay, and why not: `van_de` is 'missing' (no data on or before den_ngay), 'stale' (older
-- than the source's freshness limit) or NULL. The date judged is the latest snapshot on or before
-- den_ngay for snapshot sources, the newest file's for event sources (corrections count). A
-- rejected file changes no figure: `tep_cuoi_bi_loai` says that the source's last file was rejected
-- after its last loaded one (with its name, reason and date, and the date of the last loaded one),
-- for a warning. Also: how many rows the last loaded file lost and its quality warnings.
-- Freshness is judged here and nowhere else.
CREATE OR REPLACE MACRO mart_source_health(den_ngay, xa) AS TABLE
WITH tep AS (
    SELECT source, ma_xa,
        max(snapshot_date) AS moi_nhat,
        max(snapshot_date) FILTER (WHERE snapshot_date <= den_ngay) AS anh_den_ngay,
        max(file_id) AS tep_nap_cuoi,
        arg_max(loaded_at, file_id) AS ngay_nap_cuoi
    FROM mart_source_files
    WHERE xa IS NULL OR ma_xa = xa
    GROUP BY ALL
),
bi_loai AS (
    SELECT l.source, coalesce(c.ma_xa, l.ma_xa_tep) AS ma_xa,
        max(l.file_id) AS tep_loai_cuoi,
        arg_max(l.file_name, l.file_id) AS ten_tep_loai,
        arg_max(l.message, l.file_id) AS ly_do_loai,
        arg_max(l.loaded_at, l.file_id) AS ngay_loai
    FROM load_ledger AS l
    LEFT JOIN communes AS c ON c.ma_xa_tep = l.ma_xa_tep
    WHERE l.status = 'rejected' AND l.source IS NOT NULL
    GROUP BY ALL
),
nguon AS (
    SELECT coalesce(tep.source, bi_loai.source) AS source, coalesce(tep.ma_xa, bi_loai.ma_xa) AS ma_xa,
        tep.moi_nhat, tep.anh_den_ngay, tep.tep_nap_cuoi, tep.ngay_nap_cuoi,
        bi_loai.ten_tep_loai, bi_loai.ly_do_loai, bi_loai.ngay_loai,
        coalesce(bi_loai.tep_loai_cuoi > coalesce(tep.tep_nap_cuoi, 0), FALSE) AS tep_cuoi_bi_loai
    FROM tep
    FULL JOIN bi_loai ON bi_loai.source = tep.source AND bi_loai.ma_xa = tep.ma_xa
    WHERE xa IS NULL OR coalesce(tep.ma_xa, bi_loai.ma_xa) = xa
),
xa_co AS (
    SELECT DISTINCT ma_xa FROM nguon
    UNION SELECT xa WHERE xa IS NOT NULL
),
danh_gia AS (
    SELECT s.source, s.label, s.kind, s.freshness, x.ma_xa, n.moi_nhat, n.anh_den_ngay, n.tep_nap_cuoi, n.ngay_nap_cuoi,
        n.ten_tep_loai, n.ly_do_loai, n.ngay_loai, coalesce(n.tep_cuoi_bi_loai, FALSE) AS tep_cuoi_bi_loai,
        CASE WHEN s.kind = 'snapshot' THEN n.anh_den_ngay ELSE n.moi_nhat END AS ngay_danh_gia
    FROM sources AS s
    CROSS JOIN xa_co AS x
    LEFT JOIN nguon AS n ON n.source = s.source AND n.ma_xa = x.ma_xa
)
SELECT d.*,
    CASE
        WHEN d.ngay_danh_gia IS NULL THEN 'missing'
        WHEN d.freshness > 0 AND den_ngay - d.ngay_danh_gia > d.freshness THEN 'stale'
    END AS van_de,
    cuoi.file_name AS ten_tep_cuoi,
    cuoi.rows_rejected AS so_dong_loai_tep_cuoi,
    cuoi.warnings AS canh_bao_tep_cuoi
FROM danh_gia AS d
LEFT JOIN load_ledger AS cuoi ON cuoi.file_id = d.tep_nap_cuoi;
