-- ho_so_cong_viec_tren_mang: non-secret work files opened in the period and processed on the network, over
-- non-secret work files opened in the period (an empty secrecy level means Thường).
SELECT ma_xa, ma_hscv AS ma, tieu_de, don_vi, ngay_mo, trang_thai,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *,
        CASE WHEN NOT coalesce(xu_ly_tren_mang, FALSE) THEN 'Không xử lý trên môi trường mạng' END AS ly_do
    FROM stg_ho_so_cong_viec
    WHERE coalesce(do_mat, 'Thường') = 'Thường'
      AND ngay_mo BETWEEN $tu_ngay AND $den_ngay AND ($ma_xa IS NULL OR ma_xa = $ma_xa)
);
