-- quality_report: the checks run on loaded files by one engine ($engine: 'gate', the load's own, or
-- 'gx', Great Expectations re-validating stored sheets), newest file first; only those that did not
-- pass unless $tat_ca.
SELECT l.file_name, q.sheet, q.suite, q.expectation, q."column", q.severity, q.success, q.raised,
       q.unexpected_count, q.element_count, q.sample_values, q.message, q.exception, l.status AS file_status,
       q.checked_at, coalesce(q.engine, 'gate') AS engine
FROM quality_results AS q
JOIN load_ledger AS l USING (file_id)
WHERE coalesce(q.engine, 'gate') = $engine AND ($tat_ca OR q.success IS DISTINCT FROM TRUE)
ORDER BY q.file_id DESC, q.severity, q.expectation;
