-- typing: how the text of a cell becomes a typed value, for every file the pipelines read. These are
-- TEMP macros of the connection that reads (pipelines/typing.py composes them per column from the
-- source catalogue). Parsing does types only: a cell that cannot be typed gives NULL and the reader
-- names it; whether a typed value is allowed (required, in its code set, in range) is the quality
-- gate's question (pipelines/quality.py).

-- cell(t): the text of a cell: trimmed (spaces, tabs, line ends, no-break spaces), empty as NULL,
-- in Unicode NFC (a decomposed "Đất đai" from another system equals the composed one). Most cells
-- need none of it, and one pattern tells which do.
CREATE OR REPLACE TEMP MACRO cell(t) AS
    CASE
        WHEN regexp_matches(t, '^[\s\x{a0}]|[\s\x{a0}]$|[\x{0300}-\x{036f}]')
            THEN nullif(nfc_normalize(regexp_replace(t, '^[\s\x{a0}]+|[\s\x{a0}]+$', '', 'g')), '')
        ELSE nullif(t, '')
    END;

-- spaced(t): cell(t) for a file known to hold no tabs, no-break spaces or decomposed letters, where
-- trimming spaces is all a cell may need. Only a cell with a space at either end is trimmed (trim
-- copies every string it is given, which costs three times the test).
CREATE OR REPLACE TEMP MACRO spaced(t) AS
    nullif(CASE WHEN prefix(t, ' ') OR suffix(t, ' ') THEN trim(t) ELSE t END, '');

-- fold(t): lower case without diacritics, punctuation folded to single spaces: how words are compared
-- (the twin of warehouse.text.fold, held to it by tests/test_typing_macros.py).
CREATE OR REPLACE TEMP MACRO fold(t) AS
    trim(regexp_replace(lower(strip_accents(replace(replace(t, 'đ', 'd'), 'Đ', 'D'))), '[^0-9a-z%]+', ' ', 'g'));

-- real_date(d): a date read with a year of 1900 or later; NULL otherwise (DuckDB reads "25" for %Y as year 25).
-- d (often a parse) is evaluated once: the later of d and the last instant of 1899, unless that is the instant.
CREATE OR REPLACE TEMP MACRO real_date(d) AS
    nullif(greatest(d, TIMESTAMP '1899-12-31 23:59:59.999999'), TIMESTAMP '1899-12-31 23:59:59.999999');

-- parse_datetime(t, formats): a date or date-time in the first of the formats that reads it (day
-- first, always; pipelines/typing.py lists them); a two-digit year is 20yy (dd/mm/yy).
CREATE OR REPLACE TEMP MACRO parse_datetime(t, formats) AS
    real_date(try_strptime(regexp_replace(t, '^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2})(\s|$)', '\1/\2/20\3\4'), formats));

-- parse_bool(t): yes/no words; an empty cell is No; other words give NULL.
CREATE OR REPLACE TEMP MACRO parse_bool(t) AS
    CASE
        WHEN t IS NULL THEN FALSE
        WHEN t = '1' THEN TRUE
        WHEN t = '0' THEN FALSE
        WHEN fold(t) IN ('1', 'co', 'x', 'true', 'da', 'yes', 'y') THEN TRUE
        WHEN fold(t) IN ('0', 'khong', 'false', 'chua', 'no', 'n') THEN FALSE
    END;

-- parse_number(t): a number written the Vietnamese way (1.234.567,5) or plainly (1234.5), with
-- spaces, "đ" and "VND" ignored; NULL when it is no number or too large to be one.
CREATE OR REPLACE TEMP MACRO number_text(s) AS
    CASE
        WHEN regexp_full_match(s, '-?\d{1,3}(\.\d{3})+(,\d+)?|-?\d+,\d+') THEN TRY_CAST(replace(replace(s, '.', ''), ',', '.') AS DOUBLE)
        WHEN regexp_full_match(s, '-?\d+(\.\d+)?') THEN TRY_CAST(s AS DOUBLE)
    END;
-- (A value used several times is bound once, as a lambda's argument: the expression stays small to plan.)
CREATE OR REPLACE TEMP MACRO parse_number(t) AS
    CASE
        WHEN regexp_full_match(t, '\d{1,15}') THEN t::DOUBLE
        ELSE list_transform([regexp_replace(t, '[\s\x{a0}đ]|VND|vnđ', '', 'g')],
                            lambda s: list_transform([number_text(s)], lambda x: CASE WHEN isfinite(x) THEN x END)[1])[1]
    END;

-- parse_score(t): a score, its decimal mark a dot or a comma (19.81, 19,81: never a thousands separator).
CREATE OR REPLACE TEMP MACRO parse_score(t) AS
    list_transform([TRY_CAST(replace(t, ',', '.') AS DOUBLE)], lambda x: CASE WHEN isfinite(x) THEN x END)[1];

-- whole(n): a number that is a whole number, as BIGINT; NULL otherwise.
CREATE OR REPLACE TEMP MACRO whole(n) AS CASE WHEN n = round(n) THEN TRY_CAST(n AS BIGINT) END;

-- note(r): what the reader noted of a row (raw_<source>._read, JSON) as a struct.
CREATE OR REPLACE TEMP MACRO note(r) AS from_json(r, '{"blank": "BOOLEAN", "sparse": "BOOLEAN", "wordy": "BOOLEAN",
    "keyless": "BOOLEAN", "line": "VARCHAR", "problems": [{"column": "VARCHAR", "value": "VARCHAR", "reason": "VARCHAR"}]}');
