-- ho_so_nop_truc_tuyen: dossiers received online (kenh 2) over dossiers.
SELECT ma_xa, ma_ho_so AS ma, ten_tthc, linh_vuc, ngay_nhan, ngay_hen, ngay_xong, trang_thai, don_vi, can_bo_xu_ly,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *,
        CASE
            WHEN kenh <> 2 THEN 'Không nộp trực tuyến'
            WHEN kenh IS NULL THEN 'Không xác định được kênh nộp: hồ sơ không ghi kênh nộp'
        END AS ly_do
    FROM mart_ho_so($tu_ngay, $den_ngay, $ma_xa)
);
