-- ho_so_xu_ly_dien_tu: dossiers processed on the electronic workflow over dossiers.
SELECT ma_xa, ma_ho_so AS ma, ten_tthc, linh_vuc, ngay_nhan, ngay_hen, ngay_xong, trang_thai, don_vi, can_bo_xu_ly,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *,
        CASE WHEN NOT coalesce(xu_ly_truc_tuyen, FALSE) THEN 'Không xử lý trên môi trường điện tử' END AS ly_do
    FROM mart_ho_so($tu_ngay, $den_ngay, $ma_xa)
);
