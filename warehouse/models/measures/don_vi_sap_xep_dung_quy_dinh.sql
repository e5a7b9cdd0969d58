-- don_vi_sap_xep_dung_quy_dinh: units arranged per regulation with a recorded quota and headcount within it, over units.
SELECT ma_xa, ma_don_vi AS ma, ten_don_vi, loai_don_vi, sap_xep_dung_quy_dinh, bien_che_giao, bien_che_hien_co, _snapshot AS ngay_so_lieu,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *,
        CASE
            WHEN NOT coalesce(sap_xep_dung_quy_dinh, FALSE) THEN 'Chưa sắp xếp đúng quy định'
            WHEN bien_che_giao IS NULL OR bien_che_hien_co IS NULL THEN 'Thiếu số biên chế giao hoặc hiện có'
            WHEN bien_che_hien_co > bien_che_giao THEN 'Vượt biên chế được giao'
        END AS ly_do
    FROM mart_to_chuc($den_ngay, $ma_xa)
);
