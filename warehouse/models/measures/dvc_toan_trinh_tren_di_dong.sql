-- dvc_toan_trinh_tren_di_dong: toàn trình services usable on mobile, over toàn trình services.
SELECT ma_xa, ma_tthc AS ma, ten_tthc, linh_vuc, muc_do, _snapshot AS ngay_so_lieu,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *,
        CASE WHEN NOT coalesce(ho_tro_di_dong, FALSE) THEN 'Chưa hỗ trợ thiết bị di động' END AS ly_do
    FROM mart_thu_tuc($den_ngay, $ma_xa)
    WHERE con_hieu_luc AND muc_do = 4
);
