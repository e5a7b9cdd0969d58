"""The file's date: title rows, else a `ngay_du_lieu` column, else the latest update, else the latest event."""

from datetime import date

from reading import HO_SO_HEADER, dossier, read, read_one


def test_from_title_rows():
    r = read_one("so_theo_doi_ho_so.xlsx")
    assert r.snapshot == date(2026, 1, 10)
    assert r.snapshot_basis.startswith("dòng tiêu đề")


def test_from_ngay_du_lieu_column():
    for name, expected in [("ho_so_cong_viec_bom.csv", date(2025, 12, 31)), ("thu_tuc.xlsx", date(2025, 11, 30))]:
        r = read_one(name)
        assert (r.snapshot, r.snapshot_basis) == (expected, "cột ngay_du_lieu")


def test_from_latest_update():
    r = read_one("ho_so_dong_bo.csv")  # latest NgayCapNhat 20260110163000; latest intake 08/01/2026
    assert r.snapshot == date(2026, 1, 10)
    assert "ngay_cap_nhat" in r.snapshot_basis


def test_from_latest_event_in_any_event_column():
    r = read_one("pakn_cp1258.csv")  # latest intake 05/01/2026, latest processing 12/01/2026
    assert r.snapshot == date(2026, 1, 12)
    assert "ngay_xu_ly" in r.snapshot_basis


def test_from_latest_event_of_a_staff_sheet():
    bien_che = next(r for r in read("nhan_su.xlsx") if r.source and r.source.name == "bien_che_su_nghiep")
    assert bien_che.snapshot == date(2025, 12, 31)


def test_title_beats_column(write_csv):
    rows = [["Ngày xuất: 10/01/2026"], [*HO_SO_HEADER, "Ngày dữ liệu"], dossier(1) + ["31/12/2025"]]
    assert read_one(write_csv(rows)).snapshot == date(2026, 1, 10)


def test_column_beats_update_and_events(write_csv):
    rows = [[*HO_SO_HEADER, "Ngày cập nhật", "Ngày dữ liệu"], dossier(1, intake="05/01/2026") + ["06/01/2026", "02/01/2026"]]
    assert read_one(write_csv(rows)).snapshot == date(2026, 1, 2)


def test_update_beats_events(write_csv):
    rows = [[*HO_SO_HEADER, "Ngày cập nhật"], dossier(1, intake="05/01/2026") + ["03/01/2026"]]
    assert read_one(write_csv(rows)).snapshot == date(2026, 1, 3)


def test_rejected_rows_do_not_date_the_file():
    assert read_one("ho_so_gia_tri.csv").snapshot == date(2026, 1, 7)  # not 20/01/2026 of the rejected D-07


def test_snapshot_after_the_load_day_rejects_the_file(write_csv):
    r = read_one(write_csv([["Ngày xuất: 20/01/2026"], HO_SO_HEADER, dossier(1)]))
    assert r.rows is None
    assert "20/01/2026" in r.error


def test_snapshot_on_the_load_day_is_fine(write_csv):
    assert read_one(write_csv([["Ngày xuất: 15/01/2026"], HO_SO_HEADER, dossier(1)])).error is None


def test_a_file_without_any_date_is_rejected(write_csv):
    rows = [["Mã đơn vị", "Tên đơn vị"], ["VP", "Văn phòng"]]
    r = read_one(write_csv(rows))
    assert r.source.name == "to_chuc"
    assert "Không xác định được ngày số liệu" in r.error
