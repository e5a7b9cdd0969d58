-- staging(source): what a source describes, one row per thing: the newest version of it (the rows
-- marked _current by current_rows.sql), with ma_xa the commune the row belongs to now (predecessor
-- communes mapped). Each source's view stg_<source> is this macro over its raw table.
CREATE OR REPLACE MACRO staging(source) AS TABLE
SELECT * EXCLUDE (_current, _xa, ma_xa), _xa AS ma_xa
FROM query_table('raw_' || source)
WHERE _current;
