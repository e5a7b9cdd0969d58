-- bao_cao_gui_qua_he_thong: periodic reports due in the period that were sent through the city reporting system by
-- their deadline (a report due on den_ngay and not yet sent is still on time), over reports due
-- in the period. A report sent without its channel is not known to have gone through the system.
SELECT ma_xa, ma_bao_cao AS ma, ten_bao_cao, ky_bao_cao, han_gui, ngay_gui, kenh_gui,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *,
        coalesce(
            ly_do_tre(ngay_gui, han_gui, $den_ngay),
            CASE WHEN ngay_gui IS NULL OR ngay_gui > $den_ngay THEN NULL
                 WHEN kenh_gui <> 'Hệ thống báo cáo' THEN 'Không gửi qua Hệ thống báo cáo'
                 WHEN kenh_gui IS NULL THEN 'Không xác định được kênh gửi: báo cáo không ghi kênh gửi' END
        ) AS ly_do
    FROM stg_bao_cao_dinh_ky
    WHERE han_gui BETWEEN $tu_ngay AND $den_ngay AND ($ma_xa IS NULL OR ma_xa = $ma_xa)
);
