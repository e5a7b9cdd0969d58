-- file_rejects: the rejected rows (or whole sheets) of the ledger lines $ids, in file and row order, titled for people.
SELECT r.file_id, l.file_name AS "Tệp", r.sheet AS "Trang", r."row" AS "Dòng", r."column" AS "Cột",
    r.value AS "Giá trị", r.reason AS "Lý do"
FROM rejects AS r JOIN load_ledger AS l USING (file_id)
WHERE list_contains($ids::INTEGER[], r.file_id)
ORDER BY r.file_id, r."row"
