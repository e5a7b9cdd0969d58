-- commune_files: the files loaded for the sources $sources with rows of commune $xa (or, refused, loaded for it),
-- newest first.
SELECT file_name, sheet, source, snapshot_date, rows_read, rows_loaded, rows_rejected, status, loaded_at
FROM load_ledger AS l
WHERE list_contains($sources, source)
  AND (file_id IN (SELECT f.file_id FROM file_rows AS f WHERE f.ma_xa = $xa)
       OR (status <> 'loaded'
           AND coalesce((SELECT c.ma_xa FROM communes AS c WHERE c.ma_xa_tep = l.ma_xa_tep), l.ma_xa_tep) = $xa))
ORDER BY file_id DESC
