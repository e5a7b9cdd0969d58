-- ho_so_thanh_toan_truc_tuyen: dossiers with a fee paid online (national portal or city gateway) over dossiers with a fee.
SELECT ma_xa, ma_ho_so AS ma, ten_tthc, linh_vuc, ngay_nhan, ngay_hen, ngay_xong, trang_thai, don_vi, can_bo_xu_ly,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *,
        CASE WHEN coalesce(thanh_toan_truc_tuyen, 0) NOT IN (1, 2) THEN 'Chưa thanh toán trực tuyến' END AS ly_do
    FROM mart_ho_so($tu_ngay, $den_ngay, $ma_xa)
    WHERE phi_le_phi > 0
);
