"""The forecast on the screens that show a status: the overview's row carries it, a green target at risk is marked
and listed among those needing attention (its status unchanged), and the target's page says it as an estimate or
why there is none."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

pytestmark = pytest.mark.slow  # runs the app on the demo warehouse

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


def run(demo_warehouse, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("CCHC_WAREHOUSE", str(demo_warehouse))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in ({"tu": "2025-01-01", "den": "2025-09-30"} | params).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def test_the_overview_rows_carry_the_forecast_and_a_green_target_at_risk_needs_attention(demo_warehouse, monkeypatch):
    at = run(demo_warehouse, monkeypatch)
    page = unescape("\n".join(m.value for m in at.markdown))
    attention = page[page.index("Cần chú ý"):page.index("Đã đạt, theo lĩnh vực")]
    assert 'data-target="TCBM-03"' in attention and "Có nguy cơ không đạt" in attention  # met, at risk: listed
    row = attention[attention.index('data-target="TCBM-03"'):]
    assert "Đạt" in row[:400] and 'class="cchc-forecast nguy-co"' in row  # its status stays Đạt; the mark is amber
    assert "Dự báo đến 31/12/2025: 51,6% – cần 79,2% hồ sơ từ nay" in attention  # CQS-10, red


def test_the_target_page_says_the_forecast_as_an_estimate(demo_warehouse, monkeypatch):
    at = run(demo_warehouse, monkeypatch, chi_tieu="CQS-10")
    said = [unescape(w.value) for w in at.warning]
    assert any(s.startswith("Dự báo đến 31/12/2025: 51,6%") and "ước tính" in s for s in said), said
    at = run(demo_warehouse, monkeypatch, chi_tieu="TTHC-04")
    assert any("Không có dự báo: đã đến hạn đánh giá 20/07/2025" in unescape(c.value) for c in at.caption)


def test_the_picture_has_an_at_risk_group_after_the_red_ones(demo_warehouse):
    from datetime import date

    from warehouse.db import connect_readonly
    from warehouse.evaluate import evaluate
    from warehouse.forecast import add_forecasts
    from warehouse.picture import AT_RISK, overview_png, picture_lines
    from warehouse.plan import load_plan

    plan = load_plan()
    with connect_readonly(demo_warehouse) as con:
        evaluations = evaluate(con, plan, date(2025, 1, 1), date(2025, 9, 30), "KTD")
        add_forecasts(con, plan, evaluations, "KTD")
    lines = picture_lines(evaluations, plan)["dong"].to_list()
    group = lines.index(f"▲ {AT_RISK} (1)")
    assert lines[group + 1].startswith("TCBM-03 · 7,5%") and lines[group + 2].startswith("Dự báo đến 31/12/2025: 7,5%")
    assert all(not line.startswith("✔") for line in lines[:group]) and any(line.startswith("✖") for line in lines[:group])
    assert overview_png(evaluations, plan).startswith(b"\x89PNG")


def test_the_weekly_digest_page_draws_with_forecasts(demo_warehouse, monkeypatch):
    at = run(demo_warehouse, monkeypatch).switch_page("dashboard/pages/ban_tin.py").run()
    assert not at.exception and "Bản tin CCHC xã Khúc Thừa Dụ" in at.code[0].value


def test_the_overview_says_the_766_points_at_stake(demo_warehouse, monkeypatch):
    at = run(demo_warehouse, monkeypatch, den="2025-12-31")
    [stake] = [unescape(m.value) for m in at.markdown if "cchc-stake" in m.value]
    assert "Hạng 5/12: cần thêm 0,26 điểm để lên hạng 4/12" in stake
    assert "nhóm còn thiếu nhiều nhất: Công khai, minh bạch (thiếu 2,22/18 điểm) – chỉ tiêu TTHC-08." in stake
