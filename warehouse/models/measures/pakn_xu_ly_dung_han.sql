-- pakn_xu_ly_dung_han: petitions received in the period, handled by their deadline (a refusal counts as
-- handled on its handling date) or still open and not yet due, over petitions received.
SELECT ma_xa, ma_pakn AS ma, linh_vuc, ma_ho_so, trang_thai, ngay_nhan, han, ngay_xong,
    (ly_do IS NULL)::INT AS tu_so, 1 AS mau_so, ly_do
FROM (
    SELECT *, ly_do_tre(ngay_xong, han, $den_ngay) AS ly_do
    FROM (
        SELECT *,
            ngay_tiep_nhan::DATE AS ngay_nhan,
            han_xu_ly::DATE AS han,
            CASE WHEN trang_thai IS DISTINCT FROM 'Đang xử lý' THEN ngay_xu_ly::DATE END AS ngay_xong
        FROM stg_pakn
        WHERE ngay_tiep_nhan::DATE BETWEEN $tu_ngay AND $den_ngay AND ($ma_xa IS NULL OR ma_xa = $ma_xa)
    )
);
