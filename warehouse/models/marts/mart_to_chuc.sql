-- mart_to_chuc(den_ngay, xa): the units of each commune's latest organisation snapshot on or
-- before den_ngay that are specialised bodies or administrative organisations (an empty type
-- counts).
CREATE OR REPLACE MACRO mart_to_chuc(den_ngay, xa) AS TABLE
SELECT t.*
FROM latest_snapshot('stg_to_chuc', den_ngay, xa) AS t
WHERE t.loai_don_vi IS NULL
   OR fold(t.loai_don_vi) LIKE '%co quan chuyen mon%'
   OR fold(t.loai_don_vi) LIKE '%to chuc hanh chinh%';
