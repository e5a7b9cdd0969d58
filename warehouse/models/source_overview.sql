-- source_overview: for each source of the catalogue, whether it can be trusted at $den_ngay for
-- commune $ma_xa (mart_source_health), and the last file loaded or attempted: its snapshot date,
-- rows read, loaded and rejected, and how many of its quality checks failed. The Dữ liệu page shows this.
WITH tep_cuoi AS (
    SELECT *
    FROM load_ledger
    WHERE source IS NOT NULL AND status <> 'withdrawn'
        AND ma_xa_tep IN (SELECT ma_xa_tep FROM communes WHERE ma_xa = $ma_xa UNION SELECT $ma_xa)
    QUALIFY row_number() OVER (PARTITION BY source ORDER BY file_id DESC) = 1
),
kiem_tra AS (
    SELECT file_id,
        count(*) FILTER (WHERE success = FALSE AND severity = 'critical') AS loi_bat_buoc,
        count(*) FILTER (WHERE success = FALSE AND severity = 'warning') AS canh_bao,
        list(message || CASE WHEN unexpected_count > 0 THEN ' (' || unexpected_count || ' dòng)' ELSE '' END)
            FILTER (WHERE success = FALSE) AS kiem_tra_khong_dat
    FROM quality_results
    WHERE engine IS DISTINCT FROM 'gx'
    GROUP BY file_id
)
SELECT h.source, h.label AS nguon, h.freshness AS han_moi, h.van_de, h.tep_cuoi_bi_loai, h.ngay_danh_gia,
       t.file_name, t.sheet, t.status, t.message, t.snapshot_date, t.snapshot_basis,
       t.rows_read, t.rows_loaded, t.rows_rejected, t.loaded_at,
       coalesce(k.loi_bat_buoc, 0) AS loi_bat_buoc, coalesce(k.canh_bao, 0) AS canh_bao, k.kiem_tra_khong_dat,
       (SELECT count(*) FROM load_ledger AS l WHERE l.source = h.source AND l.status = 'loaded') AS so_tep_da_nap
FROM mart_source_health($den_ngay, $ma_xa) AS h
JOIN sources AS s USING (source)
LEFT JOIN tep_cuoi AS t USING (source)
LEFT JOIN kiem_tra AS k USING (file_id)
WHERE h.ma_xa = $ma_xa
ORDER BY s.thu_tu;
