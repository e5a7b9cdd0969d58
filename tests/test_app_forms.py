"""Forms keep what was typed: a check-in or a new account with one wrong field says, at that field, what to do,
and every other field keeps its value; a recorded one starts the form afresh. Quản trị shows the new state at once,
keeps the chosen account, and asks before disabling one."""

from __future__ import annotations

import pytest
from test_app_pages import ok, page
from test_app_roles import app, chi_tieu, signed_in, texts  # noqa: F401 - the fixture

pytestmark = pytest.mark.slow


def fields(at) -> dict:
    """The form's text fields and dates by label."""
    return {w.label: w for w in [*at.text_input, *at.text_area, *at.date_input]}


def submit(at):
    return ok([b for b in at.button if b.label == "Ghi cập nhật"][0].click().run())


def test_a_check_in_with_no_result_asks_for_it_and_keeps_the_rest(app):  # noqa: F811
    signed_in(app, "truongphong.vhxh")
    at = chi_tieu(ok(app.run()), "CVU-04")
    fields(at)["Số văn bản minh chứng"].input("15/TTr-UBND")
    fields(at)["Ghi chú"].input("Đã trình Sở Nội vụ")
    submit(at)
    assert "Hãy chọn kết quả" in texts(at) and "Đã ghi" not in texts(at)
    assert (fields(at)["Số văn bản minh chứng"].value, fields(at)["Ghi chú"].value) == ("15/TTr-UBND", "Đã trình Sở Nội vụ")
    at.radio[0].set_value("Đã hoàn thành")  # done: no corrective plan asked, though the target is red
    submit(at)
    assert "Đã ghi cập nhật chỉ tiêu CVU-04" in texts(at) and "Hãy chọn kết quả" not in texts(at)
    assert [t.value for t in at.toast] == ["Đã ghi cập nhật chỉ tiêu CVU-04."]  # at once, at the page's head
    assert (fields(at)["Số văn bản minh chứng"].value, fields(at)["Ghi chú"].value, at.radio[0].value) == ("", "", None)


def test_a_red_target_asks_for_its_corrective_plan_field_by_field_and_keeps_the_rest(app):  # noqa: F811
    from datetime import date

    signed_in(app, "truongphong.vhxh")
    at = chi_tieu(ok(app.run()), "CQS-10")  # red on the demo
    assert "Kế hoạch khắc phục" in texts(at) and "bắt buộc: chỉ tiêu chưa đạt" in texts(at)
    fields(at)["Ghi chú"].input("Đang rà soát")
    fields(at)["Giải pháp *"].input("Hướng dẫn người dân thanh toán trực tuyến tại bộ phận một cửa")
    submit(at)
    assert "Hãy ghi nguyên nhân chưa đạt." in texts(at) and "Đã ghi" not in texts(at)
    assert fields(at)["Giải pháp *"].value.startswith("Hướng dẫn") and fields(at)["Ghi chú"].value == "Đang rà soát"
    fields(at)["Nguyên nhân *"].input("Người dân quen nộp tiền mặt")
    fields(at)["Người thực hiện *"].input("Lê Văn An")
    submit(at)
    assert "Hãy chọn hạn hoàn thành." in texts(at)
    fields(at)["Hạn hoàn thành *"].set_value(date(2026, 12, 31))
    submit(at)
    assert "Đã ghi cập nhật chỉ tiêu CQS-10" in texts(at)
    assert ("Khắc phục (đang thực hiện): Hướng dẫn người dân thanh toán trực tuyến tại bộ phận một cửa – Lê Văn An, hạn 31/12/2026"
            in texts(at))


def test_a_met_target_takes_a_plan_only_when_one_is_given(app):  # noqa: F811
    signed_in(app, "truongphong.vhxh")
    at = chi_tieu(ok(app.run()), "CQS-04")
    assert "(nếu có)" in texts(at) and "bắt buộc" not in texts(at)
    assert "Nguyên nhân" in fields(at) and "Hạn hoàn thành" in fields(at)


def admin_page(app):  # noqa: F811
    signed_in(app, "quantri")
    return page(ok(app.run()), "quan_tri")


def accounts_shown(at) -> dict[str, tuple]:
    frame = at.dataframe[0].value
    return {r["Tài khoản"]: (r["Vai trò"], r["Phòng ban"], r["Trạng thái"]) for _, r in frame.iterrows()}


def test_a_new_account_with_one_wrong_field_keeps_the_rest_then_shows_at_once(app):  # noqa: F811
    at = admin_page(app)
    fields = {w.label: w for w in at.text_input}
    fields["Tên đăng nhập mới"].input("ke.toan")
    fields["Họ tên"].input("Nguyễn Văn Kế")
    fields["Mật khẩu ban đầu"].input("mat-khau-dai-du")
    at.multiselect[0].select("truong_phong")
    ok([b for b in at.button if b.label == "Tạo tài khoản"][0].click().run())
    assert "Hãy chọn phòng ban cho trưởng phòng" in texts(at)
    fields = {w.label: w for w in at.text_input}
    assert (fields["Tên đăng nhập mới"].value, fields["Họ tên"].value, at.multiselect[0].value) == (
        "ke.toan", "Nguyễn Văn Kế", ["truong_phong"])
    at.selectbox[0].select("KT")
    ok([b for b in at.button if b.label == "Tạo tài khoản"][0].click().run())
    assert "Đã tạo tài khoản ke.toan" in texts(at)
    assert accounts_shown(at)["ke.toan"] == ("Trưởng phòng, ban", "Phòng Kinh tế", "Hoạt động")  # at once, in words
    assert {w.label: w.value for w in at.text_input}["Tên đăng nhập mới"] == ""


def test_disabling_asks_first_and_the_chosen_account_stays_chosen(app):  # noqa: F811
    at = admin_page(app)
    picker = [s for s in at.selectbox if s.label == "Tài khoản"][0]
    picker.select("lanhdao")
    ok([b for b in at.button if b.label == "Vô hiệu hoá…"][0].click().run())
    assert "sẽ không đăng nhập được nữa" in texts(at)  # asked, nothing done yet
    assert accounts_shown(at)["lanhdao"][2] == "Hoạt động"
    assert [s for s in at.selectbox if s.label == "Tài khoản"][0].value == "lanhdao"


def test_the_audit_can_be_narrowed_to_days(app):  # noqa: F811
    from datetime import date, timedelta

    signed_in(app, "lanhdao")
    at = page(ok(app.run()), "nhat_ky")
    every = len(at.dataframe[0].value)
    picker = [d for d in at.date_input if d.label == "Từ ngày – đến ngày"][0]
    ok(picker.set_value((date(2020, 1, 1), date(2020, 1, 2))).run())
    assert every > 0 and len(at.dataframe[0].value) == 0
    ok([d for d in at.date_input if d.label == "Từ ngày – đến ngày"][0].set_value((date.today() - timedelta(days=1), date.today())).run())
    assert len(at.dataframe[0].value) == every  # the demo's accounts were made today


def test_the_audit_shows_every_line_however_many(app):  # noqa: F811
    import os
    import sqlite3
    from pathlib import Path

    from warehouse.app.store import store_path

    app_store = store_path(Path(os.environ["CCHC_WAREHOUSE"]))
    with sqlite3.connect(app_store) as con:
        before = con.execute("SELECT count(*) FROM nhat_ky").fetchone()[0]
        con.executemany("INSERT INTO nhat_ky (luc, nguoi, hanh_dong, doi_tuong, ket_qua) VALUES (?, NULL, 'dang_nhap_sai', ?, 'tu_choi')",
                        [("2025-12-01T09:00:00", f"ai.do.{n}") for n in range(6000)])
    signed_in(app, "lanhdao")
    at = page(ok(app.run()), "nhat_ky")
    assert len(at.dataframe[0].value) == before + 6000  # the oldest lines too
