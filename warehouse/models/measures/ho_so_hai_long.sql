-- ho_so_hai_long: dossiers rated Hài lòng or Rất hài lòng over rated dossiers.
SELECT ma_xa, ma_ho_so AS ma, ten_tthc, linh_vuc, ngay_nhan, ngay_hen, ngay_xong, trang_thai, don_vi, can_bo_xu_ly,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *,
        CASE WHEN danh_gia NOT IN ('Hài lòng', 'Rất hài lòng') THEN 'Đánh giá không hài lòng' END AS ly_do
    FROM mart_ho_so($tu_ngay, $den_ngay, $ma_xa)
    WHERE danh_gia IS NOT NULL
);
