-- don_vi_co_quyet_dinh_chuc_nang: units with a decision on functions, tasks and structure (its number), over units.
SELECT ma_xa, ma_don_vi AS ma, ten_don_vi, loai_don_vi, so_qd_chuc_nang, ngay_qd_chuc_nang, _snapshot AS ngay_so_lieu,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *,
        CASE WHEN so_qd_chuc_nang IS NULL THEN 'Chưa có Quyết định quy định chức năng, nhiệm vụ' END AS ly_do
    FROM mart_to_chuc($den_ngay, $ma_xa)
);
