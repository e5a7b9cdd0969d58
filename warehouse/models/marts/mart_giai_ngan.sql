-- mart_giai_ngan(den_ngay, xa): the projects of each commune's latest disbursement report on or
-- before den_ngay.
CREATE OR REPLACE MACRO mart_giai_ngan(den_ngay, xa) AS TABLE
WITH bao_cao AS (
    SELECT ma_xa, max(_snapshot) AS ngay_bao_cao_dung
    FROM stg_giai_ngan
    WHERE _snapshot <= den_ngay AND (xa IS NULL OR ma_xa = xa)
    GROUP BY ma_xa
)
SELECT g.*
FROM stg_giai_ngan AS g
JOIN bao_cao ON bao_cao.ma_xa = g.ma_xa AND bao_cao.ngay_bao_cao_dung = g._snapshot;
