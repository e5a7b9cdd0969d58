-- ho_so_hai_long_766_dat_dai_xay_dung_dau_tu: ho_so_hai_long_766 restricted to the fields Đất đai, Xây dựng, Đầu tư.
SELECT ma_xa, ma_ho_so AS ma, ten_tthc, linh_vuc, ngay_nhan, ngay_hen, ngay_xong, trang_thai, don_vi, can_bo_xu_ly, danh_gia, qua_han, co_pakn,
    (ly_do_766 IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do_766 AS ly_do
FROM mart_ho_so($tu_ngay, $den_ngay, $ma_xa)
WHERE linh_vuc_chuan LIKE '%dat dai%' OR linh_vuc_chuan LIKE '%xay dung%' OR linh_vuc_chuan LIKE '%dau tu%';
