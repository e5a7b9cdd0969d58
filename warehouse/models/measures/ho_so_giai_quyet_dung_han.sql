-- ho_so_giai_quyet_dung_han: finished dossiers finished on or before their due date, over finished dossiers
-- (what the 766 index's Tiến độ giải quyết scores); without a due date, whether it was on time is not known.
SELECT ma_xa, ma_ho_so AS ma, ten_tthc, linh_vuc, ngay_nhan, ngay_hen, ngay_xong, trang_thai, don_vi, can_bo_xu_ly,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *,
        CASE
            WHEN ngay_xong > ngay_hen THEN 'Giải quyết quá hạn'
            WHEN ngay_hen IS NULL THEN 'Không xác định được quá hạn: hồ sơ không có ngày hẹn trả'
        END AS ly_do
    FROM mart_ho_so($tu_ngay, $den_ngay, $ma_xa)
    WHERE da_xong
);
