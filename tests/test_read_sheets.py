"""A workbook may hold several sheets; each is recognised on its own, and one matching nothing is reported."""

from reading import read


def by_sheet():
    """The staff register's results, by sheet name."""
    return {r.sheet: r for r in read("nhan_su.xlsx")}


def test_each_sheet_is_recognised_on_its_own():
    sources = {name: r.source.name if r.source else None for name, r in by_sheet().items()}
    assert sources == {"Biên chế sự nghiệp": "bien_che_su_nghiep", "Bổ nhiệm": "bo_nhiem", "Đào tạo": "dao_tao", "Hướng dẫn": None}


def test_sheet_matching_nothing_is_an_error_result_not_dropped():
    r = by_sheet()["Hướng dẫn"]
    assert r.error and r.rows is None


def test_the_other_sheets_load_despite_the_bad_one():
    results = by_sheet()
    assert [results[s].rows_loaded for s in ("Biên chế sự nghiệp", "Bổ nhiệm", "Đào tạo")] == [5, 3, 3]
    assert all(results[s].error is None for s in ("Biên chế sự nghiệp", "Bổ nhiệm", "Đào tạo"))


def test_empty_sheet_gives_no_result():
    assert "Sheet5" not in by_sheet()


def test_headcount_baseline_rows():
    rows = by_sheet()["Biên chế sự nghiệp"].rows
    assert rows["so_luong"].to_list() == [53, 52, 48, 45, 44]
