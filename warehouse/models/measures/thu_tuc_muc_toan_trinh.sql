-- thu_tuc_muc_toan_trinh: eligible procedures whose level is toàn trình, over eligible procedures.
SELECT ma_xa, ma_tthc AS ma, ten_tthc, linh_vuc, muc_do, _snapshot AS ngay_anh,
    (muc_do = 4)::INT AS tu_so, 1 AS mau_so,
    CASE WHEN NOT (muc_do = 4) THEN 'Chưa cung cấp toàn trình' END AS ly_do
FROM mart_thu_tuc($den_ngay, $ma_xa)
WHERE con_hieu_luc AND coalesce(du_dieu_kien_toan_trinh, FALSE);
