-- ho_so_toan_trinh_ket_qua_dien_tu: dossiers submitted online for a toàn trình service and, when finished, given an electronic result, over dossiers.
SELECT ma_xa, ma_ho_so AS ma, ten_tthc, linh_vuc, ngay_nhan, ngay_hen, ngay_xong, trang_thai, don_vi, can_bo_xu_ly,
    (kenh = 2 AND muc_do_ap_dung = 4 AND (NOT da_xong OR coalesce(ket_qua_dien_tu, FALSE)))::INT AS tu_so, 1 AS mau_so,
    CASE WHEN NOT (kenh = 2 AND muc_do_ap_dung = 4 AND (NOT da_xong OR coalesce(ket_qua_dien_tu, FALSE))) THEN 'Không xử lý hoàn toàn trực tuyến' END AS ly_do
FROM mart_ho_so($tu_ngay, $den_ngay, $ma_xa);
