-- diem_766: the 766 scores of the month $thang (every month when NULL), of the level $cap and the period
-- kind $ky (all when NULL), each with its rank; a commune-level unit is given the registry's commune it is
-- (ma_xa; the registry as $xa_codes, $xa_ma_hanh_chinh, $xa_names folded): the one with its administrative
-- code, else the one of its name (without "UBND xã/phường" and the province) when either lacks a code, so
-- that a namesake in another province is not taken for it.
WITH xa AS (
    SELECT unnest($xa_codes) AS ma_xa, unnest($xa_ma_hanh_chinh) AS ma_hanh_chinh, unnest($xa_names) AS ten
),
diem AS (
    SELECT *, regexp_extract(fold(ten_don_vi), '^(?:ubnd )?(?:xa|phuong|dac khu|thi tran) (.+?)(?: (?:tinh|thanh pho|tp) .*)?$', 1) AS ten_xa
    FROM mart_diem_766
    WHERE ($thang IS NULL OR thang = $thang) AND ($cap IS NULL OR cap = $cap) AND ($ky IS NULL OR ky = $ky)
)
SELECT d.* EXCLUDE (ten_xa),
    (SELECT first(x.ma_xa ORDER BY x.ma_hanh_chinh IS NOT DISTINCT FROM d.ma_co_quan DESC)
     FROM xa AS x
     WHERE d.cap = 3 AND (x.ma_hanh_chinh = d.ma_co_quan
                          OR ((x.ma_hanh_chinh IS NULL OR d.ma_co_quan IS NULL) AND x.ten = d.ten_xa))) AS ma_xa
FROM diem AS d
ORDER BY d.thang, d.cap, d.ky = 'nam', d.hang, d.ma_don_vi
