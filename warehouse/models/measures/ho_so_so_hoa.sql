-- ho_so_so_hoa: dossiers with digitised components and, when finished, a digitised result, over dossiers.
SELECT ma_xa, ma_ho_so AS ma, ten_tthc, linh_vuc, ngay_nhan, ngay_hen, ngay_xong, trang_thai, don_vi, can_bo_xu_ly,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *,
        CASE WHEN NOT (coalesce(so_hoa_thanh_phan, FALSE) AND (NOT da_xong OR coalesce(so_hoa_ket_qua, FALSE)))
             THEN 'Chưa số hóa hồ sơ hoặc kết quả' END AS ly_do
    FROM mart_ho_so($tu_ngay, $den_ngay, $ma_xa)
);
