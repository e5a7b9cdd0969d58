-- giam_bien_che_su_nghiep: reduction of state-paid public-service headcount since the 2021 baseline (the latest
-- row dated in 2021) to the latest row on or before den_ngay: (baseline − now) / baseline.
WITH moc AS (
    SELECT ma_xa, arg_max(so_luong, ngay) AS goc, max(ngay) AS ngay_goc
    FROM stg_bien_che_su_nghiep
    WHERE year(ngay) = 2021 AND ($ma_xa IS NULL OR ma_xa = $ma_xa)
    GROUP BY ma_xa
),
hien_tai AS (
    SELECT ma_xa, arg_max(so_luong, ngay) AS hien_co, max(ngay) AS ngay_hien_co
    FROM stg_bien_che_su_nghiep
    WHERE ngay <= $den_ngay AND ($ma_xa IS NULL OR ma_xa = $ma_xa)
    GROUP BY ma_xa
)
SELECT moc.ma_xa, 'BCSN' AS ma, moc.ngay_goc, moc.goc, hien_tai.ngay_hien_co, hien_tai.hien_co,
    moc.goc - hien_tai.hien_co AS tu_so, moc.goc AS mau_so,
    NULL::VARCHAR AS ly_do
FROM moc JOIN hien_tai USING (ma_xa);
