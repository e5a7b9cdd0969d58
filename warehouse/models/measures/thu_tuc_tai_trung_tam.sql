-- thu_tuc_tai_trung_tam: procedures in force, not exempt under khoản 3 Điều 14, handled at the centre, over those in force and not exempt.
SELECT ma_xa, ma_tthc AS ma, ten_tthc, linh_vuc, muc_do, _snapshot AS ngay_so_lieu,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *,
        CASE WHEN NOT coalesce(thuc_hien_tai_trung_tam, FALSE) THEN 'Chưa thực hiện tại Trung tâm' END AS ly_do
    FROM mart_thu_tuc($den_ngay, $ma_xa)
    WHERE con_hieu_luc AND NOT coalesce(mien_khoan3_dieu14, FALSE)
);
