-- giai_ngan_von_dau_tu_cong: Σ cumulative disbursement over Σ this year's capital plan, from the latest report on
-- or before den_ngay; one row per project.
SELECT ma_xa, ma_du_an AS ma, ten_du_an, nguon_von, chu_dau_tu, ke_hoach_von_nam, luy_ke_giai_ngan, _snapshot AS ngay_bao_cao,
    coalesce(luy_ke_giai_ngan, 0) AS tu_so, coalesce(ke_hoach_von_nam, 0) AS mau_so,
    CASE WHEN coalesce(luy_ke_giai_ngan, 0) < coalesce(ke_hoach_von_nam, 0) THEN 'Chưa giải ngân hết kế hoạch vốn' END AS ly_do
FROM mart_giai_ngan($den_ngay, $ma_xa);
