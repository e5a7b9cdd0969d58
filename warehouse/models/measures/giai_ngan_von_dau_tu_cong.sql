-- giai_ngan_von_dau_tu_cong: Σ cumulative disbursement over Σ this year's capital plan, from the latest report on
-- or before den_ngay; one row per project, in đồng. A project counts against the target while its disbursement is
-- below its plan (a project disbursed past its plan, as the quality gate allows, still adds its whole disbursement);
-- a missing disbursement counts as none and says so; a project without a plan adds nothing to either sum.
SELECT ma_xa, ma_du_an AS ma, ten_du_an, nguon_von, chu_dau_tu, ke_hoach_von_nam, luy_ke_giai_ngan, _snapshot AS ngay_bao_cao,
    tu_so, mau_so,
    CASE WHEN tu_so < mau_so THEN
        CASE WHEN luy_ke_giai_ngan IS NULL THEN 'Không xác định được lũy kế giải ngân: báo cáo không ghi lũy kế giải ngân của dự án'
             ELSE 'Chưa giải ngân hết kế hoạch vốn' END
    END AS ly_do
FROM (
    SELECT *,
        CASE WHEN ke_hoach_von_nam IS NULL THEN 0 ELSE coalesce(luy_ke_giai_ngan, 0) END AS tu_so,
        coalesce(ke_hoach_von_nam, 0) AS mau_so
    FROM mart_giai_ngan($den_ngay, $ma_xa)
);
