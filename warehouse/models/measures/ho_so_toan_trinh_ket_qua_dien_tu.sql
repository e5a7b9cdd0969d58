-- ho_so_toan_trinh_ket_qua_dien_tu: dossiers submitted online for a toàn trình service and, when finished, given an electronic result, over dossiers.
-- The service level is the dossier's own, else the catalogue's. A dossier that fails on what is known fails with
-- that reason; one left undecided by a missing channel or level counts against the target and names what is missing.
SELECT ma_xa, ma_ho_so AS ma, ten_tthc, linh_vuc, ngay_nhan, ngay_hen, ngay_xong, trang_thai, don_vi, can_bo_xu_ly,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *,
        CASE
            WHEN kenh <> 2 OR muc_do_ap_dung <> 4 OR (da_xong AND NOT coalesce(ket_qua_dien_tu, FALSE))
                THEN 'Không xử lý hoàn toàn trực tuyến'
            WHEN kenh IS NULL THEN 'Không xác định được kênh nộp: hồ sơ không ghi kênh nộp'
            WHEN muc_do_ap_dung IS NULL AND trong_danh_muc
                THEN 'Không xác định được mức độ DVC: danh mục không ghi mức độ của thủ tục ' || ma_tthc
            WHEN muc_do_ap_dung IS NULL
                THEN 'Không xác định được mức độ DVC: thủ tục ' || coalesce(ma_tthc, '(không có mã)') || ' không có trong danh mục'
        END AS ly_do
    FROM mart_ho_so($tu_ngay, $den_ngay, $ma_xa)
);
