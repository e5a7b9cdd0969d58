-- van_ban_trung_uong_xu_ly: central-level legal normative documents received in the period, handled by their
-- deadline or still open and not yet due, over all such documents. A document is named by its number (số đến),
-- with its year when the period holds two documents of that number (the number is unique within a year).
SELECT ma_xa,
    CASE WHEN count(*) OVER (PARTITION BY ma_xa, so_den) > 1
         THEN so_den || ' (' || year(ngay_den) || ')' ELSE so_den END AS ma,
    so_ky_hieu, trich_yeu, tac_gia, ngay_den, han_xu_ly, ngay_hoan_thanh, don_vi_xu_ly_chinh,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *, ly_do_tre(ngay_hoan_thanh, han_xu_ly, $den_ngay) AS ly_do
    FROM stg_van_ban_den
    WHERE coalesce(la_vbqppl, FALSE) AND fold(cap_ban_hanh) = 'trung uong'
      AND ngay_den BETWEEN $tu_ngay AND $den_ngay AND ($ma_xa IS NULL OR ma_xa = $ma_xa)
);
