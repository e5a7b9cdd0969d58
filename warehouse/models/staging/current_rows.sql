-- current_rows: after a load, mark the newest version of each thing a source describes
-- (raw_<source>._current). Rows a load added are not yet resolved (_current IS NULL); only the
-- things they describe are looked at. A thing is the commune it belongs to now and the source's
-- key (within the snapshot for snapshot sources); the newest version is the latest by the
-- source's order column (else the file's snapshot date), then the later-loaded file, then the
-- later row. Filled in from the source catalogue (warehouse/db.py): {table}, {thing}, {newest}, and
-- the thing's parts as columns k0, k1, … ({keys}, {names}: grouping by them is faster than by {thing}).

-- things that new rows describe more than once, or that a current row describes too
CREATE OR REPLACE TEMP TABLE contested AS
SELECT struct_pack({names}) AS thing
FROM (
    SELECT {keys} FROM {table} WHERE _current IS NULL
    UNION ALL
    SELECT {keys} FROM {table} WHERE _current AND {thing} IN (SELECT {thing} FROM {table} WHERE _current IS NULL)
)
GROUP BY {names}
HAVING count(*) > 1;

-- a new row that nothing contends with is the newest version of its thing
UPDATE {table} SET _current = TRUE
WHERE _current IS NULL AND {thing} NOT IN (SELECT thing FROM contested);

-- among the rows contending for a thing, the newest wins
UPDATE {table} SET _current = rowid IN (
    SELECT arg_max(rowid, {newest}) FROM {table}
    WHERE _current IS NOT FALSE AND {thing} IN (SELECT thing FROM contested)
    GROUP BY {thing})
WHERE _current IS NOT FALSE AND {thing} IN (SELECT thing FROM contested);

DROP TABLE contested;
