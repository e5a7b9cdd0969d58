"""The Dữ liệu page's words for each source: freshness as judged, never a negative age."""

from datetime import date

import polars as pl

from warehouse.data_health import describe_sources


def overview(**columns) -> pl.DataFrame:
    base = {"van_de": [None], "han_moi": [35], "ngay_danh_gia": [date(2025, 6, 30)], "rows_rejected": [0], "canh_bao": [0],
            "tep_cuoi_bi_loai": [False]}
    return pl.DataFrame(base | {k: [v] for k, v in columns.items()}, schema_overrides={"van_de": pl.String})


def test_a_file_dated_after_the_period_is_zero_days_old_and_fine():
    row = describe_sources(overview(ngay_danh_gia=date(2025, 7, 10)), date(2025, 6, 30)).row(0, named=True)
    assert (row["so_ngay"], row["tinh_trang"], row["muc"]) == (0, "Tốt", "tot")


def test_a_stale_source_says_so_whole_and_marked():
    row = describe_sources(overview(van_de="stale", ngay_danh_gia=date(2025, 5, 1)), date(2025, 6, 30)).row(0, named=True)
    assert (row["so_ngay"], row["tinh_trang"], row["muc"]) == (60, "Cũ (quá 35 ngày)", "loi")


def test_a_source_whose_newest_file_was_rejected_is_a_warning_not_an_error():
    row = describe_sources(overview(tep_cuoi_bi_loai=True), date(2025, 6, 30)).row(0, named=True)
    assert (row["tinh_trang"], row["muc"]) == ("Tệp mới nhất bị từ chối (số liệu theo tệp trước)", "canh_bao")
