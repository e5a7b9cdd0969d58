-- staging(source): what a source describes, one row per thing: the newest version of it (the rows
-- marked _current by templates/current_rows.sql.tmpl), with ma_xa the commune the row belongs to now (predecessor
-- communes mapped; the code the file carried, ma_xa_tep, stays in raw). Each source's view stg_<source> is this macro over its raw table.
CREATE OR REPLACE MACRO staging(source) AS TABLE
SELECT * EXCLUDE (_current, ma_xa_tep, ma_xa), ma_xa
FROM query_table('raw_' || source)
WHERE _current;
