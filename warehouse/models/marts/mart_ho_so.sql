-- mart_ho_so(tu_ngay, den_ngay, xa): the counted dossiers of the period (intake date in it,
-- status not 1 Mới đăng ký nor 3 Không được tiếp nhận), each with what the targets ask of it,
-- as things stood at the end of den_ngay (dates compared by calendar day).
CREATE OR REPLACE MACRO mart_ho_so(tu_ngay, den_ngay, xa) AS TABLE
WITH ho_so AS (
    SELECT
        h.*,
        h.ngay_tiep_nhan::DATE AS ngay_nhan,
        h.ngay_hen_tra::DATE AS ngay_hen,
        h.ngay_ket_thuc::DATE AS ngay_xong,
        -- finished: status 9/10 with an end date on or before den_ngay (no end date: still open)
        coalesce(h.trang_thai IN (9, 10) AND h.ngay_ket_thuc::DATE <= den_ngay, FALSE) AS da_xong,
        h.trang_thai IN (7, 8) AS rut_hoac_dung,
        h.he_thong IS DISTINCT FROM 'Sổ giấy' AS tren_he_thong
    FROM stg_ho_so AS h
    WHERE h.trang_thai NOT IN (1, 3)
      AND h.ngay_tiep_nhan::DATE BETWEEN tu_ngay AND den_ngay
      AND (xa IS NULL OR h.ma_xa = xa)
),
pakn AS (
    SELECT DISTINCT ma_xa, ma_ho_so
    FROM stg_pakn
    WHERE ma_ho_so IS NOT NULL AND ngay_tiep_nhan::DATE <= den_ngay AND (xa IS NULL OR ma_xa = xa)
),
danh_gia_766 AS (
    SELECT
        ho_so.*,
        NOT rut_hoac_dung AND (
            (da_xong AND ngay_xong > ngay_hen)
            OR (NOT da_xong AND ngay_hen < den_ngay)
            OR coalesce(so_lan_bo_sung, 0) > 1
        ) AS qua_han,
        pakn.ma_ho_so IS NOT NULL AS co_pakn,
        coalesce(ho_so.muc_do, tt.muc_do) AS muc_do_ap_dung,
        tt.ma_tthc IS NOT NULL AS trong_danh_muc,
        fold(ho_so.linh_vuc) AS linh_vuc_chuan
    FROM ho_so
    LEFT JOIN pakn ON pakn.ma_xa = ho_so.ma_xa AND pakn.ma_ho_so = ho_so.ma_ho_so
    LEFT JOIN mart_thu_tuc(den_ngay, xa) AS tt ON tt.ma_xa = ho_so.ma_xa AND tt.ma_tthc = ho_so.ma_tthc
)
-- ly_do_766: why a dossier counts against satisfaction (Quyết định 766): overdue, rated Không hài
-- lòng, or named by a petition; NULL when it counts for it. A dossier with no due date that nothing
-- else counts against cannot be told overdue or not (qua_han NULL): it counts against, and says so.
SELECT *,
    coalesce(
        nullif(concat_ws('; ',
            CASE WHEN qua_han THEN 'Quá hạn' END,
            CASE WHEN danh_gia = 'Không hài lòng' THEN 'Không hài lòng' END,
            CASE WHEN co_pakn THEN 'Có phản ánh, kiến nghị' END), ''),
        CASE WHEN qua_han IS NULL THEN 'Không xác định được quá hạn: hồ sơ không có ngày hẹn trả' END) AS ly_do_766
FROM danh_gia_766;
