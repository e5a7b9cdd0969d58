-- mart_source_files: which files hold rows of which commune, with their snapshot dates; the basis
-- for freshness and for "Ngày số liệu".
CREATE OR REPLACE TABLE mart_source_files AS
SELECT l.source, l.file_id, l.snapshot_date, coalesce(c.ma_xa_hien_tai, f.ma_xa) AS ma_xa, f.so_dong
FROM load_ledger AS l
JOIN (
    SELECT _file_id AS file_id, ma_xa, count(*) AS so_dong FROM raw_ho_so GROUP BY ALL
    UNION ALL SELECT _file_id, ma_xa, count(*) FROM raw_thu_tuc GROUP BY ALL
    UNION ALL SELECT _file_id, ma_xa, count(*) FROM raw_pakn GROUP BY ALL
    UNION ALL SELECT _file_id, ma_xa, count(*) FROM raw_giai_ngan GROUP BY ALL
    UNION ALL SELECT _file_id, ma_xa, count(*) FROM raw_van_ban_den GROUP BY ALL
    UNION ALL SELECT _file_id, ma_xa, count(*) FROM raw_ho_so_cong_viec GROUP BY ALL
    UNION ALL SELECT _file_id, ma_xa, count(*) FROM raw_nhiem_vu GROUP BY ALL
    UNION ALL SELECT _file_id, ma_xa, count(*) FROM raw_bao_cao_dinh_ky GROUP BY ALL
    UNION ALL SELECT _file_id, ma_xa, count(*) FROM raw_to_chuc GROUP BY ALL
    UNION ALL SELECT _file_id, ma_xa, count(*) FROM raw_bien_che_su_nghiep GROUP BY ALL
    UNION ALL SELECT _file_id, ma_xa, count(*) FROM raw_bo_nhiem GROUP BY ALL
    UNION ALL SELECT _file_id, ma_xa, count(*) FROM raw_dao_tao GROUP BY ALL
    UNION ALL SELECT _file_id, ma_xa, count(*) FROM raw_xac_nhan GROUP BY ALL
) AS f ON f.file_id = l.file_id
LEFT JOIN communes AS c ON c.ma_xa = f.ma_xa;
