"""No event date may be later than the load day; deadlines may. Intake dates before 2020 are errors."""

from datetime import date, datetime

import polars as pl
from reading import CORPUS, HO_SO_HEADER, dossier, read_one


def test_event_after_the_load_day_is_rejected():
    r = read_one("ho_so_gia_tri.csv")
    bad = r.rejects.filter(pl.col("row") == 9).row(0, named=True)
    assert (bad["column"], bad["value"], bad["reason"]) == ("ngay_tiep_nhan", "20/01/2026", "Ngày tiếp nhận sau ngày nạp tệp (15/01/2026)")


def test_the_load_day_is_the_one_given_not_the_clock():
    r = read_one("ho_so_gia_tri.csv", today=date(2026, 1, 25))
    assert "D-07" in r.rows["ma_ho_so"].to_list()


def test_later_the_same_day_is_not_after_the_load_day(write_csv):
    r = read_one(write_csv([HO_SO_HEADER, dossier(1, intake="15/01/2026 23:59", **{"Ngày hẹn trả": "20/01/2026"})]))
    assert r.rows["ngay_tiep_nhan"][0] == datetime(2026, 1, 15, 23, 59)


def test_deadlines_after_the_load_day_are_fine():
    rows = read_one("ho_so_gia_tri.csv").rows
    assert rows.filter(pl.col("ma_ho_so") == "D-09")["ngay_hen_tra"][0] == datetime(2026, 1, 20)
    assert read_one("nhiem_vu.xlsx").rows["han_hoan_thanh"].to_list() == [date(2025, 9, 30), None, date(2026, 2, 28)]
    assert read_one("bao_cao_dinh_ky.csv").rows["han_gui"][3] == date(2026, 1, 20)


def test_every_event_column_is_checked(write_csv):
    header = [*HO_SO_HEADER, "Ngày trả kết quả"]
    r = read_one(write_csv([header, dossier(1) + ["16/01/2026"], dossier(2) + ["02/12/2025"]]))
    assert r.rejects.row(0, named=True)["column"] == "ngay_tra"
    assert r.rows["ma_ho_so"].to_list() == ["T-0002"]


def test_empty_deadline_is_not_missing():
    r = read_one("nhiem_vu.xlsx")  # NV-2025-044 has no deadline
    assert r.rows_rejected == 0


def test_intake_before_2020_is_rejected():
    bad = read_one("ho_so_gia_tri.csv").rejects.filter(pl.col("row") == 10).row(0, named=True)
    assert bad["column"] == "ngay_tiep_nhan"
    assert bad["reason"] == "Ngày tiếp nhận trước ngày 01/01/2020"


def test_old_document_dates_are_fine():
    assert read_one("thu_tuc.xlsx").rows["hieu_luc_tu"][0] == date(2016, 1, 1)


def test_an_update_date_to_come_rejects_its_rows_not_the_file():
    r = read_one(CORPUS / "ngay_cap_nhat_tuong_lai.csv")
    assert (r.error, r.rows_read, r.rows_rejected) == (None, 200, 2)
    assert set(r.rejects["column"]) == {"ngay_cap_nhat"} and set(r.rejects["row"]) == {52, 152}
    assert r.snapshot == date(2026, 1, 10)  # the rows to come do not date the file
