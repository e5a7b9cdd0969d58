-- current_rows: after a load, mark the newest version of each thing a source describes
-- (raw_<source>._current), resolving only the things the load touched: rows not yet resolved
-- (_current IS NULL) and the current rows of the same things. A thing is the commune it belongs to
-- now and the source's key (within the snapshot for snapshot sources); the newest version is the
-- latest by the source's order column (else the file's snapshot date), then the later-loaded file,
-- then the later row. Filled in from the source catalogue (warehouse/db.py): {table}, {thing}, {newest}.
CREATE OR REPLACE TEMP TABLE touched AS
SELECT rowid AS rid, {thing} AS thing, {newest} AS newest
FROM {table}
WHERE _current IS NOT FALSE
  AND {thing} IN (SELECT {thing} FROM {table} WHERE _current IS NULL);

UPDATE {table} SET _current = rowid IN (SELECT arg_max(rid, newest) FROM touched GROUP BY thing)
WHERE rowid IN (SELECT rid FROM touched);

DROP TABLE touched;
