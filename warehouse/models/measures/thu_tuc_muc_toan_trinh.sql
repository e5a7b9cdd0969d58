-- thu_tuc_muc_toan_trinh: eligible procedures whose level is toàn trình, over eligible procedures.
SELECT ma_xa, ma_tthc AS ma, ten_tthc, linh_vuc, muc_do, _snapshot AS ngay_so_lieu,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *,
        CASE
            WHEN muc_do <> 4 THEN 'Chưa cung cấp toàn trình'
            WHEN muc_do IS NULL THEN 'Không xác định được mức độ DVC: danh mục không ghi mức độ của thủ tục'
        END AS ly_do
    FROM mart_thu_tuc($den_ngay, $ma_xa)
    WHERE con_hieu_luc AND coalesce(du_dieu_kien_toan_trinh, FALSE)
);
