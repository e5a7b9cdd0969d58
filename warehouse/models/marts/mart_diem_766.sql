-- mart_diem_766: the national portal's 766 scores, one row per unit, period kind (ky: 'thang' for the
-- month's scores, 'nam' for the year's to date) and month (thang, its first day); when several loads
-- hold a unit's scores of a month, the newest wins. Each unit is ranked among the units of its level
-- (cap), period kind and month by total, ties sharing a rank (1, 2, 2, 4): never by the publisher's
-- row order. so_don_vi: how many units the rank is among.
CREATE OR REPLACE VIEW mart_diem_766 AS
WITH diem AS (
    SELECT _snapshot AS thang, ky, cap, ma_don_vi, ten_don_vi, ma_co_quan, tdgq, mdhl, mdsh, tttt, clgq, ckmb, tong_diem
    FROM stg_diem_766
    QUALIFY row_number() OVER (PARTITION BY ma_don_vi, ky, _snapshot ORDER BY _file_id DESC, _row DESC) = 1
)
SELECT *,
    rank() OVER (PARTITION BY cap, ky, thang ORDER BY tong_diem DESC) AS hang,
    count(*) OVER (PARTITION BY cap, ky, thang) AS so_don_vi
FROM diem;
