-- unrecognised_files: files refused whole before their source was known (unreadable, matching no source), newest
-- first, titled for people.
SELECT file_name AS "Tệp", sheet AS "Trang", message AS "Lý do từ chối", loaded_at AS "Nạp lúc"
FROM load_ledger
WHERE source IS NULL AND status = 'rejected'
ORDER BY file_id DESC
