-- bo_nhiem_dung_quy_trinh: appointments in the period made by the due procedure, over appointments in the period.
SELECT ma_xa, ma_can_bo AS ma, chuc_vu, ngay_bo_nhiem,
    coalesce(dung_quy_trinh, FALSE)::INT AS tu_so, 1 AS mau_so,
    CASE WHEN NOT coalesce(dung_quy_trinh, FALSE) THEN 'Bổ nhiệm chưa đúng quy trình' END AS ly_do
FROM stg_bo_nhiem
WHERE ngay_bo_nhiem BETWEEN $tu_ngay AND $den_ngay AND ($ma_xa IS NULL OR ma_xa = $ma_xa);
