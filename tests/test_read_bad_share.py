"""The whole sheet is rejected when more than 2% of its rows, and more than 3 rows, are bad."""

import pytest
from reading import HO_SO_HEADER, dossier, read_one


def test_four_bad_rows_out_of_ten_reject_the_file():
    r = read_one("ho_so_qua_nhieu_loi.csv")
    assert "4/10" in r.error
    assert r.rows is None
    assert (r.rows_read, r.rows_loaded, r.rows_rejected) == (10, 0, 10)


def test_a_rejected_file_still_says_which_rows_were_bad():
    r = read_one("ho_so_qua_nhieu_loi.csv")
    assert r.rejects["row"].to_list() == [3, 5, 7, 9]
    assert set(r.rejects["column"]) == {"ngay_tiep_nhan"}


@pytest.mark.parametrize(
    "total, bad, rejected",
    [
        (10, 3, False),  # 3 rows: not more than 3
        (10, 4, True),
        (150, 4, True),  # 4 > 3 and 4 > 3.0
        (200, 4, False),  # 4 is not more than 2% of 200
        (200, 5, True),
        (3, 3, False),  # every row bad, but only 3
    ],
)
def test_threshold(write_csv, total, bad, rejected):
    rows = [dossier(i, intake="12/25/2025" if i < bad else "01/12/2025") for i in range(total)]
    r = read_one(write_csv([["Ngày xuất: 10/01/2026"], HO_SO_HEADER, *rows]))
    assert (r.error is not None) is rejected
    assert r.rows_rejected == (total if rejected else bad)
    assert r.rows_loaded == (0 if rejected else total - bad)
