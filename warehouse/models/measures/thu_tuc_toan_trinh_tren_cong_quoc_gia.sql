-- thu_tuc_toan_trinh_tren_cong_quoc_gia: eligible-for-full-online procedures offered on the national portal, over eligible ones.
SELECT ma_xa, ma_tthc AS ma, ten_tthc, linh_vuc, muc_do, _snapshot AS ngay_so_lieu,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *,
        CASE WHEN NOT coalesce(cung_cap_tren_dvcqg, FALSE) THEN 'Chưa cung cấp trên Cổng DVCQG' END AS ly_do
    FROM mart_thu_tuc($den_ngay, $ma_xa)
    WHERE con_hieu_luc AND coalesce(du_dieu_kien_toan_trinh, FALSE)
);
