-- mart_to_chuc(den_ngay, xa): the units of each commune's latest organisation snapshot on or
-- before den_ngay that are specialised bodies or administrative organisations (an empty type
-- counts).
CREATE OR REPLACE MACRO mart_to_chuc(den_ngay, xa) AS TABLE
WITH anh AS (
    SELECT ma_xa, max(_snapshot) AS ngay_anh
    FROM stg_to_chuc
    WHERE _snapshot <= den_ngay AND (xa IS NULL OR ma_xa = xa)
    GROUP BY ma_xa
)
SELECT t.*
FROM stg_to_chuc AS t
JOIN anh ON anh.ma_xa = t.ma_xa AND anh.ngay_anh = t._snapshot
WHERE t.loai_don_vi IS NULL
   OR chuan_hoa(t.loai_don_vi) LIKE '%co quan chuyen mon%'
   OR chuan_hoa(t.loai_don_vi) LIKE '%to chuc hanh chinh%';
