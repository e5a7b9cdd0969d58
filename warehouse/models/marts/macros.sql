-- macros: small scalar helpers the marts and target models share.

-- dung_han(ngay_xong, han, den_ngay): "on time" as of den_ngay, for tasks, documents, petitions
-- and reports alike: finished on or before the deadline, or still open at den_ngay with a
-- deadline on or after it. Without a deadline: on time once finished by den_ngay.
CREATE OR REPLACE MACRO dung_han(ngay_xong, han, den_ngay) AS
    CASE
        WHEN ngay_xong IS NOT NULL AND ngay_xong <= den_ngay THEN han IS NULL OR ngay_xong <= han
        ELSE han IS NOT NULL AND han >= den_ngay
    END;

-- fold(t): lower case without diacritics, punctuation folded to single spaces, for matching names (lĩnh vực, cấp,
-- loại…): the same macro as pipelines/sql/typing.sql's and the twin of warehouse.text.fold (tests/test_typing_macros.py).
CREATE OR REPLACE MACRO fold(t) AS
    trim(regexp_replace(lower(strip_accents(replace(replace(t, 'đ', 'd'), 'Đ', 'D'))), '[^0-9a-z%]+', ' ', 'g'));

-- ly_do_tre(ngay_xong, han, den_ngay): why an item is not on time as of den_ngay, else NULL.
CREATE OR REPLACE MACRO ly_do_tre(ngay_xong, han, den_ngay) AS
    CASE
        WHEN dung_han(ngay_xong, han, den_ngay) THEN NULL
        WHEN ngay_xong IS NOT NULL AND ngay_xong <= den_ngay THEN 'Hoàn thành sau hạn'
        WHEN han IS NULL THEN 'Chưa hoàn thành (không có hạn)'
        ELSE 'Quá hạn, chưa hoàn thành'
    END;

-- latest_snapshot(view, den_ngay, xa): the rows of a snapshot source's staging view (by name) that belong to each
-- commune's latest snapshot on or before den_ngay (of commune xa only, unless NULL): the one rule of targets.md's
-- "a ratio uses the latest picture on or before `to`", for every snapshot source.
CREATE OR REPLACE MACRO latest_snapshot(view, den_ngay, xa) AS TABLE
    SELECT * FROM query_table(view)
    WHERE _snapshot <= den_ngay AND (xa IS NULL OR ma_xa = xa)
    QUALIFY _snapshot = max(_snapshot) OVER (PARTITION BY ma_xa);
