-- ho_so_tren_he_thong: dossiers on the city system or a ministry system, over all dossiers (paper-book ones included).
SELECT ma_xa, ma_ho_so AS ma, ten_tthc, linh_vuc, ngay_nhan, ngay_hen, ngay_xong, trang_thai, don_vi, can_bo_xu_ly,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *,
        CASE WHEN NOT tren_he_thong THEN 'Chỉ ghi sổ giấy, không có trên hệ thống' END AS ly_do
    FROM mart_ho_so($tu_ngay, $den_ngay, $ma_xa)
);
