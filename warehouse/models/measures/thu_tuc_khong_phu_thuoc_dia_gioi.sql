-- thu_tuc_khong_phu_thuoc_dia_gioi: boundary-free procedures over procedures in force.
SELECT ma_xa, ma_tthc AS ma, ten_tthc, linh_vuc, muc_do, _snapshot AS ngay_so_lieu,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *,
        CASE WHEN NOT coalesce(khong_phu_thuoc_dia_gioi, FALSE) THEN 'Còn phụ thuộc địa giới hành chính' END AS ly_do
    FROM mart_thu_tuc($den_ngay, $ma_xa)
    WHERE con_hieu_luc
);
