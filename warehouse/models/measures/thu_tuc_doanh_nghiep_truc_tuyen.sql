-- thu_tuc_doanh_nghiep_truc_tuyen: business-related procedures offered online (một phần or toàn trình), over business-related ones.
SELECT ma_xa, ma_tthc AS ma, ten_tthc, linh_vuc, muc_do, _snapshot AS ngay_anh,
    (muc_do IN (3, 4))::INT AS tu_so, 1 AS mau_so,
    CASE WHEN NOT (muc_do IN (3, 4)) THEN 'Chưa cung cấp trực tuyến' END AS ly_do
FROM mart_thu_tuc($den_ngay, $ma_xa)
WHERE con_hieu_luc AND coalesce(lien_quan_doanh_nghiep, FALSE);
