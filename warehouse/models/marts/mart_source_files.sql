-- mart_source_files: which files hold rows of which commune, with their snapshot dates; the basis
-- for freshness and for "Ngày số liệu".
CREATE OR REPLACE VIEW mart_source_files AS
SELECT l.source, l.file_id, l.snapshot_date, l.loaded_at, f.ma_xa, f.so_dong
FROM load_ledger AS l
JOIN file_rows AS f USING (file_id);
