-- The warehouse's own tables. Raw source tables are declared by warehouse/sources.toml and
-- created from it (warehouse/db.py); everything else is here. Columns added after a first release
-- are added by ALTER at the end, so that an older warehouse is brought up to date.

CREATE TABLE IF NOT EXISTS load_ledger (
    file_id        INTEGER PRIMARY KEY,  -- also the load order: later files win ties
    path           VARCHAR NOT NULL,
    file_name      VARCHAR NOT NULL,
    sheet          VARCHAR,
    sha256         VARCHAR NOT NULL,
    source         VARCHAR,
    ma_xa_tep      VARCHAR,              -- the commune code the file's rows carry (else the load's commune)
    snapshot_date  DATE,
    snapshot_basis VARCHAR,
    rows_read      INTEGER NOT NULL,
    rows_loaded    INTEGER NOT NULL,
    rows_rejected  INTEGER NOT NULL,
    status         VARCHAR NOT NULL,     -- 'loaded', 'rejected' or 'withdrawn' (loaded, then taken out)
    message        VARCHAR,
    warnings       VARCHAR,
    loaded_at      TIMESTAMP NOT NULL,
    CHECK (rows_read = rows_loaded + rows_rejected)
);

-- file_rows: how many rows each loaded file gave each commune (as it is now); kept by loads.
CREATE TABLE IF NOT EXISTS file_rows (
    file_id INTEGER NOT NULL,
    ma_xa   VARCHAR,
    so_dong BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS rejects (
    file_id  INTEGER NOT NULL,
    path     VARCHAR NOT NULL,
    sheet    VARCHAR,
    "row"    INTEGER,                    -- the row number the clerk sees; NULL for the whole file
    "column" VARCHAR,
    value    VARCHAR,
    reason   VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS communes (
    ma_xa_tep      VARCHAR PRIMARY KEY,  -- a code as the exports carry it
    ma_xa          VARCHAR NOT NULL,     -- the commune it belongs to now
    ten_xa         VARCHAR NOT NULL
);

-- sources: the source catalogue's kinds and freshness limits, for the models that judge freshness.
CREATE TABLE IF NOT EXISTS sources (
    source    VARCHAR PRIMARY KEY,
    thu_tu    INTEGER NOT NULL,          -- its place in the catalogue
    label     VARCHAR NOT NULL,
    kind      VARCHAR NOT NULL,          -- 'event' or 'snapshot'
    nhom      VARCHAR NOT NULL,          -- freshness group
    freshness INTEGER NOT NULL           -- days; 0: never stale
);

CREATE TABLE IF NOT EXISTS quality_results (
    file_id          INTEGER NOT NULL,
    path             VARCHAR NOT NULL,
    sheet            VARCHAR,
    suite            VARCHAR NOT NULL,   -- the source whose suite ran
    expectation      VARCHAR NOT NULL,
    "column"         VARCHAR,
    severity         VARCHAR NOT NULL,   -- 'critical' or 'warning'
    message          VARCHAR NOT NULL,
    success          BOOLEAN,            -- NULL: skipped (its reference value not known yet)
    unexpected_count INTEGER NOT NULL,
    element_count    INTEGER NOT NULL,
    sample_values    VARCHAR[],
    raised           BOOLEAN NOT NULL,   -- the check itself failed to run
    exception        VARCHAR,
    checked_at       TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS warehouse_info (
    key   VARCHAR PRIMARY KEY,               -- 'models': the fingerprint of the models it was built with
    value VARCHAR NOT NULL
);

ALTER TABLE load_ledger ADD COLUMN IF NOT EXISTS size BIGINT;          -- the file's size and modification time
ALTER TABLE load_ledger ADD COLUMN IF NOT EXISTS mtime_ns BIGINT;      -- when loaded: an unchanged file is not read again
ALTER TABLE quality_results ADD COLUMN IF NOT EXISTS engine VARCHAR;   -- 'gate' (the load's own) or 'gx' (Great Expectations)
ALTER TABLE load_ledger ADD COLUMN IF NOT EXISTS withdrawn_at TIMESTAMP;  -- status 'withdrawn': its rows were taken out
ALTER TABLE load_ledger ADD COLUMN IF NOT EXISTS withdrawn_by VARCHAR;    -- then, by this account (or terminal:USER)
ALTER TABLE load_ledger ADD COLUMN IF NOT EXISTS nap_boi VARCHAR;         -- loaded by: the account that uploaded it, or terminal:USER
