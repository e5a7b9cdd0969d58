-- rejected_rows: the latest rejected rows, newest file first, at most $n.
SELECT l.file_name, r.sheet, r."row", r."column", r.value, r.reason, l.loaded_at
FROM rejects AS r JOIN load_ledger AS l USING (file_id)
ORDER BY r.file_id DESC, r."row"
LIMIT $n
