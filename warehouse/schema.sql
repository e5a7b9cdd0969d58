-- The warehouse's own tables. Raw source tables are declared by pipelines/sources.toml and
-- created from it (warehouse/db.py); everything else is here.

CREATE TABLE IF NOT EXISTS load_ledger (
    file_id        INTEGER PRIMARY KEY,  -- also the load order: later files win ties
    path           VARCHAR NOT NULL,
    file_name      VARCHAR NOT NULL,
    sheet          VARCHAR,
    sha256         VARCHAR NOT NULL,
    source         VARCHAR,
    ma_xa          VARCHAR,
    snapshot_date  DATE,
    snapshot_basis VARCHAR,
    rows_read      INTEGER NOT NULL,
    rows_loaded    INTEGER NOT NULL,
    rows_rejected  INTEGER NOT NULL,
    status         VARCHAR NOT NULL,     -- 'loaded' or 'rejected'
    message        VARCHAR,
    warnings       VARCHAR,
    loaded_at      TIMESTAMP NOT NULL,
    CHECK (rows_read = rows_loaded + rows_rejected)
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
    ma_xa          VARCHAR PRIMARY KEY,  -- a code as the exports carry it
    ma_xa_hien_tai VARCHAR NOT NULL,     -- the commune it belongs to now
    ten_xa         VARCHAR NOT NULL
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
