-- giam_bien_che_su_nghiep: reduction of state-paid public-service headcount since the 2021 baseline (the latest
-- row dated in 2021) to the latest row on or before den_ngay: (baseline − now) / baseline. One row per commune, in
-- people; its reason states the two headcounts (the roadmap's threshold is the target's, not the row's). A latest
-- row without a number counts as no reduction and says so; a baseline without one leaves nothing to measure.
WITH moc AS (
    SELECT ma_xa, arg_max_null(so_luong, ngay) AS goc, max(ngay) AS ngay_goc
    FROM stg_bien_che_su_nghiep
    WHERE year(ngay) = 2021 AND ($ma_xa IS NULL OR ma_xa = $ma_xa)
    GROUP BY ma_xa
),
hien_tai AS (
    SELECT ma_xa, arg_max_null(so_luong, ngay) AS hien_co, max(ngay) AS ngay_hien_co
    FROM stg_bien_che_su_nghiep
    WHERE ngay <= $den_ngay AND ($ma_xa IS NULL OR ma_xa = $ma_xa)
    GROUP BY ma_xa
),
so_lieu AS (
    SELECT moc.ma_xa, 'BCSN' AS ma, moc.ngay_goc, moc.goc, hien_tai.ngay_hien_co, hien_tai.hien_co,
        CASE WHEN moc.goc IS NULL OR hien_tai.hien_co IS NULL THEN 0 ELSE moc.goc - hien_tai.hien_co END AS tu_so,
        coalesce(moc.goc, 0) AS mau_so
    FROM moc JOIN hien_tai USING (ma_xa)
)
SELECT *,
    CASE WHEN tu_so < mau_so THEN
        CASE WHEN hien_co IS NULL
             THEN 'Không xác định được biên chế hiện có: dòng ngày ' || strftime(ngay_hien_co, '%d/%m/%Y') || ' không ghi số lượng'
             ELSE 'Biên chế ngày ' || strftime(ngay_hien_co, '%d/%m/%Y') || ': ' || hien_co || ' người; mốc năm 2021 ('
                  || strftime(ngay_goc, '%d/%m/%Y') || '): ' || goc || ' người' END
    END AS ly_do
FROM so_lieu;
