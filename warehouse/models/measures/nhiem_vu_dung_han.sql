-- nhiem_vu_dung_han: tasks assigned by the city in the period that were completed on or before their
-- deadline, or are still open and not yet due, over all tasks assigned in the period.
SELECT ma_xa, ma_nhiem_vu AS ma, noi_dung, co_quan_giao, don_vi_chu_tri, ngay_giao, han_hoan_thanh, ngay_hoan_thanh,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *, ly_do_tre(ngay_hoan_thanh, han_hoan_thanh, $den_ngay) AS ly_do
    FROM stg_nhiem_vu
    WHERE ngay_giao BETWEEN $tu_ngay AND $den_ngay AND ($ma_xa IS NULL OR ma_xa = $ma_xa)
);
