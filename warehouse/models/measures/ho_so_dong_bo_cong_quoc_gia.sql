-- ho_so_dong_bo_cong_quoc_gia: synced dossiers over dossiers on a system.
SELECT ma_xa, ma_ho_so AS ma, ten_tthc, linh_vuc, ngay_nhan, ngay_hen, ngay_xong, trang_thai, don_vi, can_bo_xu_ly,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *,
        CASE WHEN NOT coalesce(da_dong_bo, FALSE) THEN 'Chưa đồng bộ lên Cổng DVCQG' END AS ly_do
    FROM mart_ho_so($tu_ngay, $den_ngay, $ma_xa)
    WHERE tren_he_thong
);
