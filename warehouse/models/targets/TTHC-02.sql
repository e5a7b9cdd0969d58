-- TTHC-02: satisfaction by the 766 formula: dossiers not rated Không hài lòng, not named by a petition and not overdue, over dossiers.
SELECT ma_xa, ma_ho_so AS ma, ten_tthc, linh_vuc, ngay_nhan, ngay_hen, ngay_xong, trang_thai, don_vi, can_bo_xu_ly, danh_gia, qua_han, co_pakn,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *, nullif(concat_ws('; ',
        CASE WHEN qua_han THEN 'Quá hạn' END,
        CASE WHEN danh_gia = 'Không hài lòng' THEN 'Không hài lòng' END,
        CASE WHEN co_pakn THEN 'Có phản ánh, kiến nghị' END), '') AS ly_do
    FROM mart_ho_so($tu_ngay, $den_ngay, $ma_xa)
);
