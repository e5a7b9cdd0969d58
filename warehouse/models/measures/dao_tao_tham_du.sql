-- dao_tao_tham_du: summoned attendances that took place, over summoned attendances, for city-level
-- courses (organiser: UBND thành phố or its departments) starting in the period.
SELECT ma_xa, ma_lop || ' / ' || ma_can_bo AS ma, ma_lop, ten_lop, don_vi_to_chuc, ngay_bat_dau, ma_can_bo,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *,
        CASE WHEN NOT coalesce(da_tham_gia, FALSE) THEN 'Không tham gia lớp được triệu tập' END AS ly_do
    FROM stg_dao_tao
    WHERE fold(don_vi_to_chuc) LIKE '%thanh pho%'
      AND ngay_bat_dau BETWEEN $tu_ngay AND $den_ngay AND ($ma_xa IS NULL OR ma_xa = $ma_xa)
);
