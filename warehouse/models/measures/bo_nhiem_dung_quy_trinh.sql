-- bo_nhiem_dung_quy_trinh: appointments in the period made by the due procedure, over appointments in the period.
-- An appointment is named by the official's code, with its date when the official has several in the period.
SELECT ma_xa,
    CASE WHEN count(*) OVER (PARTITION BY ma_xa, ma_can_bo) > 1
         THEN ma_can_bo || ' (' || strftime(ngay_bo_nhiem, '%d/%m/%Y') || ')' ELSE ma_can_bo END AS ma,
    chuc_vu, ngay_bo_nhiem,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *,
        CASE WHEN NOT coalesce(dung_quy_trinh, FALSE) THEN 'Bổ nhiệm chưa đúng quy trình' END AS ly_do
    FROM stg_bo_nhiem
    WHERE ngay_bo_nhiem BETWEEN $tu_ngay AND $den_ngay AND ($ma_xa IS NULL OR ma_xa = $ma_xa)
);
