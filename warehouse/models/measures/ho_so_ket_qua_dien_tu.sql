-- ho_so_ket_qua_dien_tu: finished dossiers with an electronic result over finished dossiers.
SELECT ma_xa, ma_ho_so AS ma, ten_tthc, linh_vuc, ngay_nhan, ngay_hen, ngay_xong, trang_thai, don_vi, can_bo_xu_ly,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *,
        CASE WHEN NOT coalesce(ket_qua_dien_tu, FALSE) THEN 'Chưa cấp kết quả điện tử' END AS ly_do
    FROM mart_ho_so($tu_ngay, $den_ngay, $ma_xa)
    WHERE da_xong
);
