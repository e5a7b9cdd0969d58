-- loaded_files: every file whose rows are in the figures now, newest first, all its sheets as one (the
-- ledger lines of one load of one path and content): the id a withdrawal names (its first line's),
-- name, sheets, sources, rows loaded, latest snapshot date and when it was loaded. $file_id NULL: all.
SELECT min(file_id) AS file_id, list(file_id ORDER BY file_id) AS file_ids, any_value(file_name) AS file_name,
    count(*) AS so_trang, list(DISTINCT source ORDER BY source) AS sources, sum(rows_loaded) AS rows_loaded,
    max(snapshot_date) AS snapshot_date, loaded_at
FROM load_ledger
WHERE status = 'loaded'
GROUP BY path, sha256, loaded_at
HAVING $file_id IS NULL OR list_contains(list(file_id), $file_id)
ORDER BY file_id DESC
