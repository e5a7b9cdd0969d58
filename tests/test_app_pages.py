"""The dashboard under Streamlit's AppTest: every page renders, the overview shows the evaluation, deep links,
a department's records, the period presets, the submission files (the command line's), first start.

All tests but the first-start one read the session's demo warehouse (`demo_warehouse` in conftest.py).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from warehouse.communes import default_commune
from warehouse.db import connect_readonly
from warehouse.display import vn_number
from warehouse.evaluate import MET, MISSED, NO_DATA, STATUSES, attention_first, evaluate, records
from warehouse.periods import presets
from warehouse.plan import load_plan

pytestmark = pytest.mark.slow  # seconds each: run by .ci/run, not by the fast developer run

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")
PAGES = {
    "tong_quan": "Tổng quan", "phong_ban": "Phòng ban", "chi_tieu": "Chỉ tiêu",
    "du_lieu": "Tình trạng dữ liệu", "xuat_bao_cao": "Xuất báo cáo", "ban_tin": "Bản tin tuần",
}
PLAN = load_plan()
DEFAULT_PERIOD = presets(PLAN)["Đến hôm nay"]  # 01/01/2025–31/12/2025 once the plan year is over
QUARTER_1 = presets(PLAN)["Quý I"]


def shown(period: tuple) -> str:
    """The caption under the period control."""
    return f"Kỳ báo cáo từ {period[0]:%d/%m/%Y} đến {period[1]:%d/%m/%Y}"


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

class _Rows(HTMLParser):
    """Every `a.cchc-row` of some HTML: (data-target, status word of its badge), in order; and the counts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, str | None]] = []
        self.counts: list[tuple[int, str]] = []
        self._stack: list[str] = []  # "row", "badge", "icon", "count", "count-n" or "" per open element
        self._badge = ""
        self._number = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "a" and "cchc-row" in classes:
            self.rows.append((a.get("data-target"), None))
            self._stack.append("row")
        elif "cchc-badge" in classes:
            self._badge = ""
            self._stack.append("badge")
        elif a.get("aria-hidden") == "true":
            self._stack.append("icon")
        elif "cchc-count" in classes:
            self._number = ""
            self._stack.append("count")
        elif tag == "b" and self._stack and self._stack[-1] == "count":
            self._stack.append("count-n")
        else:
            self._stack.append("")

    def handle_endtag(self, tag):
        kind = self._stack.pop() if self._stack else ""
        if kind == "badge":
            status = self._badge.strip()
            if "row" in self._stack and self.rows[-1][1] is None:
                self.rows[-1] = (self.rows[-1][0], status)
            elif "count" in self._stack:
                self.counts.append((int(self._number), status))

    def handle_data(self, data):
        if "icon" in self._stack:
            return
        if self._stack and self._stack[-1] == "badge":
            self._badge += data
        elif self._stack and self._stack[-1] == "count-n":
            self._number += data


def parse(at: AppTest) -> _Rows:
    """The target rows and counts in the page's st.markdown HTML."""
    parser = _Rows()
    for m in at.markdown:
        parser.feed(m.value)
    parser.close()
    return parser


def expected(warehouse: Path, period: tuple) -> dict:
    """Target id → Evaluation, straight from the warehouse, for the dashboard's commune."""
    with connect_readonly(warehouse) as con:
        return {e.target.id: e for e in evaluate(con, PLAN, *period, default_commune())}


def title(at: AppTest) -> str:
    """The page's title line ("### Tổng quan\\n…" → "Tổng quan")."""
    heads = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert heads, "no page title"
    return heads[0].splitlines()[0].removeprefix("### ")


def ok(at: AppTest) -> AppTest:
    """Fail with the app's own traceback when the run raised."""
    assert not at.exception, "\n".join(e.value + "\n" + "\n".join(e.stack_trace) for e in at.exception)
    return at


def page(at: AppTest, name: str) -> AppTest:
    """Switch to a page and run."""
    return ok(at.switch_page(f"dashboard/pages/{name}.py").run())


def preset(at: AppTest):
    """The "Kỳ báo cáo" segmented control."""
    found = [w for w in at.get("button_group") if w.proto.label == "Kỳ báo cáo"]
    assert len(found) == 1
    return found[0]


def caption_period(at: AppTest) -> str:
    """The "Kỳ báo cáo từ … đến …" caption."""
    found = [c.value for c in at.caption if c.value.startswith("Kỳ báo cáo ")]
    assert len(found) == 1, [c.value for c in at.caption]
    return found[0]


# ---------------------------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------------------------

@pytest.fixture
def app(demo_warehouse, monkeypatch) -> AppTest:
    """The app on the demo warehouse, not yet run."""
    monkeypatch.setenv("CCHC_WAREHOUSE", str(demo_warehouse))
    return AppTest.from_file(APP, default_timeout=60)


@pytest.fixture
def downloads(monkeypatch):
    """The file behind a download button (`.content`, `.filename`): AppTest's in-memory media store, kept across runs."""
    files: dict = {}

    class Recording(MemoryMediaFileStorage):
        def __init__(self, endpoint: str) -> None:
            super().__init__(endpoint)
            self._files_by_id = files

    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", Recording)

    def file(button):
        url = button.proto.url
        assert url, f"download button {button.label!r} has no file"
        return files[url.rsplit("/", 1)[1].split(".")[0]]

    return file


def cli_export(warehouse: Path, den_ngay, out: Path) -> bytes:
    """What `python -m pipelines export --to D --out FILE` writes."""
    result = subprocess.run(
        [sys.executable, "-m", "pipelines", "export", "--to", den_ngay.isoformat(), "--out", str(out),
         "--warehouse", str(warehouse)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_renders(app, name):
    ok(app.run())
    page(app, name)
    assert title(app) == PAGES[name]
    assert caption_period(app) == shown(DEFAULT_PERIOD)


def test_overview_shows_every_target_with_its_status_and_the_counts(app, demo_warehouse):
    ok(app.run())
    assert title(app) == "Tổng quan"
    want = expected(demo_warehouse, DEFAULT_PERIOD)
    found = parse(app)
    assert {i for i, _ in found.rows} == {t.id for t in PLAN.targets} and len(want) == 40
    for target_id, status in found.rows:
        assert status in STATUSES, (target_id, status)
        assert status == want[target_id].status, target_id
    # Each target once: those not met under "Cần chú ý" first, the met ones folded under their areas.
    assert Counter(i for i, _ in found.rows) == Counter(list(want))
    attention = [i for i, e in want.items() if e.status != MET]
    assert {i for i, _ in found.rows[:len(attention)]} == set(attention)
    counts = Counter(e.status for e in want.values())
    assert found.counts == [(counts[s], s) for s in STATUSES]
    assert all(counts[s] for s in STATUSES), "the demo should show every status"
    assert any(f"Cần chú ý ({counts[MISSED] + counts[NO_DATA]})" in m.value for m in app.markdown)


def test_deep_link_to_a_department(app):
    app.query_params["phong"] = "TTPVHCC"
    ok(app.run())
    assert title(app) == "Phòng ban"
    assert app.selectbox[0].label == "Phòng ban" and app.selectbox[0].value == "TTPVHCC"
    assert app.query_params["phong"] == "TTPVHCC"
    mine = {t.id for t in PLAN.targets if "TTPVHCC" in (t.owner, *t.coordinators)}
    assert {i for i, _ in parse(app).rows} == mine


def test_deep_link_to_a_target(app):
    app.query_params["chi_tieu"] = "CQS-08"
    ok(app.run())
    assert title(app) == "Chỉ tiêu"
    assert app.selectbox[0].label == "Chỉ tiêu" and app.selectbox[0].value == "CQS-08"
    assert any("**CQS-08**" in m.value for m in app.markdown)


def test_deep_link_keeps_the_period(app):
    app.query_params.update({"chi_tieu": "CQS-10", "tu": "2025-01-01", "den": "2025-06-30"})
    ok(app.run())
    assert app.selectbox[0].value == "CQS-10"
    assert preset(app).value == "6 tháng"
    assert caption_period(app) == "Kỳ báo cáo từ 01/01/2025 đến 30/06/2025"


def test_department_with_a_red_target_lists_its_records_and_offers_csv(app, downloads, demo_warehouse):
    app.query_params["phong"] = "VHXH"
    ok(app.run())
    want = expected(demo_warehouse, DEFAULT_PERIOD)
    e = want["CQS-10"]
    assert e.status == MISSED and e.target.owner == "VHXH"
    with connect_readonly(demo_warehouse) as con:
        against = records(con, e.target, *DEFAULT_PERIOD, default_commune())
    assert len(against) > 0

    heading = [h.value for h in app.subheader if h.value.startswith("✖ CQS-10 ")]
    assert len(heading) == 1 and heading[0].endswith(f"· {vn_number(len(against))} mục cần xử lý")  # 6.206
    table = app.dataframe[0].value  # the only red measured target of VHXH: its records right below the rows
    assert len(table) == len(against)
    assert "Mã" in table.columns and "Lý do" in table.columns and "tu_so" not in table.columns
    assert set(table["Mã"]) == set(against["ma"])

    button = app.get("download_button")[0]
    assert button.label == "Tải CSV" and downloads(button).filename == f"CQS-10_{DEFAULT_PERIOD[1]:%Y%m%d}.csv"
    csv_bytes = downloads(button).content
    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    lines = csv_bytes.decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[0] == table.columns[0] and len(lines) == len(against) + 1

    # Filtering narrows the table and the CSV alike.
    first = str(table["Mã"].iloc[0])
    ok(app.text_input(key="loc_CQS-10").input(first).run())
    assert list(app.dataframe[0].value["Mã"]) == [first]
    assert len(downloads(app.get("download_button")[0]).content.decode("utf-8-sig").splitlines()) == 2


def test_every_department_renders(app, demo_warehouse):
    app.query_params["phong"] = next(iter(PLAN.departments))
    ok(app.run())
    want = expected(demo_warehouse, DEFAULT_PERIOD)
    for code in PLAN.departments:
        ok(app.selectbox[0].select(code).run())
        mine = [e for e in want.values() if code in (e.target.owner, *e.target.coordinators)]
        found = parse(app)
        assert [i for i, _ in found.rows] == [e.target.id for e in attention_first(mine)], code  # red first
        assert found.counts == [(sum(e.status == s for e in mine), s) for s in STATUSES], code
        red = [e for e in mine if e.status == MISSED and e.target.kind == "measured"]
        assert len([h for h in app.subheader if h.value.startswith("✖ ")]) == len(red), code
        assert app.query_params["phong"] == code


def test_every_target_page_renders(app, demo_warehouse):
    app.query_params["chi_tieu"] = PLAN.targets[0].id
    ok(app.run())
    want = expected(demo_warehouse, DEFAULT_PERIOD)
    for t in PLAN.targets:
        ok(app.selectbox[0].select(t.id).run())
        assert any(f"**{t.id}**" in m.value and want[t.id].status in m.value for m in app.markdown), t.id
        assert app.query_params["chi_tieu"] == t.id


def test_changing_the_period_preset_changes_the_period_shown(app, demo_warehouse):
    ok(app.run())
    assert preset(app).value == "Đến hôm nay"
    assert caption_period(app) == shown(DEFAULT_PERIOD)
    ok(preset(app).set_value("Quý I").run())
    assert caption_period(app) == shown(QUARTER_1)
    assert app.query_params["tu"] == "2025-01-01" and app.query_params["den"] == "2025-03-31"
    want = expected(demo_warehouse, QUARTER_1)
    found = parse(app)
    assert {i: s for i, s in found.rows} == {i: e.status for i, e in want.items()}
    assert found.counts == [(sum(e.status == s for e in want.values()), s) for s in STATUSES]
    # The rows link to the target pages for the same period.
    assert all("den=2025-03-31" in m.value for m in app.markdown if 'class="cchc-row"' in m.value)
    # Every later change sticks too.
    for name in ["6 tháng", "Quý I", "9 tháng", "Cả năm"]:
        ok(preset(app).set_value(name).run())
        assert caption_period(app) == shown(presets(PLAN)[name]), name
    ok(preset(app).set_value("Quý I").run())
    # The period follows to the other pages (kept in the URL and the widget).
    page(app, "phong_ban")
    assert caption_period(app) == shown(QUARTER_1)


@pytest.mark.parametrize("period_name", ["Đến hôm nay", "Quý I"])
def test_export_page_files_are_the_command_lines(app, downloads, demo_warehouse, tmp_path, period_name):
    ok(app.run())
    if period_name != "Đến hôm nay":
        ok(preset(app).set_value(period_name).run())
    page(app, "xuat_bao_cao")
    tu_ngay, den_ngay = presets(PLAN)[period_name]
    assert tu_ngay == PLAN.start  # the command line's default --from
    name = f"bao_cao_cchc_{tu_ngay:%Y%m%d}_{den_ngay:%Y%m%d}"
    buttons = {b.label: b for b in app.get("download_button")}
    assert downloads(buttons["Tải CSV"]).filename == f"{name}.csv"
    assert downloads(buttons["Tải Excel (.xlsx)"]).filename == f"{name}.xlsx"

    csv_app = downloads(buttons["Tải CSV"]).content
    assert csv_app == cli_export(demo_warehouse, den_ngay, tmp_path / "x.csv")
    assert len(csv_app.decode("utf-8-sig").splitlines()) == 41

    xlsx_app = downloads(buttons["Tải Excel (.xlsx)"]).content
    xlsx_cli = cli_export(demo_warehouse, den_ngay, tmp_path / "x.xlsx")
    cells = lambda data: [list(r) for r in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]
    assert cells(xlsx_app) == cells(xlsx_cli)
    assert len(cells(xlsx_app)) == 41
    # Byte for byte, but for the creation time xlsxwriter stamps into docProps/core.xml.
    app_zip, cli_zip = zipfile.ZipFile(io.BytesIO(xlsx_app)), zipfile.ZipFile(io.BytesIO(xlsx_cli))
    assert app_zip.namelist() == cli_zip.namelist()
    assert [n for n in app_zip.namelist() if app_zip.read(n) != cli_zip.read(n)] in ([], ["docProps/core.xml"])


def test_export_page_offers_the_overview_picture_at_once(app, downloads):
    from PIL import Image

    ok(app.run())
    page(app, "xuat_bao_cao")
    png = [b for b in app.get("download_button") if b.label == "Tải ảnh PNG"]
    content = downloads(png[0]).content
    assert len(png) == 1 and content.startswith(b"\x89PNG\r\n\x1a\n") and len(content) <= 300_000
    assert Image.open(io.BytesIO(content)).width <= 1200  # a phone's width at twice its pixels
    assert len(app.get("image")) == 1


def test_the_picture_puts_red_first_with_owner_and_reason(demo_warehouse):
    from warehouse.picture import picture_lines

    with connect_readonly(demo_warehouse) as con:
        evaluations = evaluate(con, PLAN, *DEFAULT_PERIOD, default_commune())
    lines = picture_lines(evaluations, PLAN)["dong"].to_list()
    red = [e for e in attention_first(evaluations) if e.status == MISSED]
    assert lines[0].startswith(f"✖ {red[0].target.id} · Chưa đạt")
    assert lines[1].startswith(red[0].target.text[:40]) and lines[2].startswith(f"Chủ trì: {PLAN.departments[red[0].target.owner]} – ")
    assert red[0].reason[:40] in lines[3]
    met = next(i for i, line in enumerate(lines) if line.startswith("✔ Đạt ("))
    summed = set(" ".join(lines[met + 1:]).replace(",", " ").split())
    assert summed == {e.target.id for e in evaluations if e.status == MET}


def test_first_start_builds_the_demo_warehouse_where_none_was_named(tmp_path, monkeypatch):
    monkeypatch.delenv("CCHC_WAREHOUSE", raising=False)
    monkeypatch.chdir(tmp_path)  # the demo's files go to ./data/demo, its warehouse to ./data/warehouse.duckdb
    at = ok(AppTest.from_file(APP, default_timeout=120).run())
    assert (tmp_path / "data" / "warehouse.duckdb").exists()
    assert (tmp_path / "data" / "demo").is_dir() and any((tmp_path / "data" / "demo").rglob("*.xlsx"))
    assert [s.label for s in at.status] == ["Đã tạo kho dữ liệu mẫu."]
    assert title(at) == "Tổng quan"
    assert {i for i, _ in parse(at).rows} == {t.id for t in PLAN.targets}
    # The next run finds the warehouse and builds nothing.
    at.run()
    assert not at.status


def test_a_named_warehouse_that_is_missing_is_said_not_replaced_by_the_demo(tmp_path, monkeypatch):
    warehouse = tmp_path / "kho" / "warehouse.duckdb"
    monkeypatch.setenv("CCHC_WAREHOUSE", str(warehouse))
    monkeypatch.chdir(tmp_path)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not warehouse.exists() and not (tmp_path / "data").exists()
    assert any("Không tìm thấy kho dữ liệu" in e.value for e in at.error)


@pytest.mark.parametrize("page", ["tong_quan", "du_lieu"])
def test_demo_data_is_marked_on_every_page(demo_warehouse, monkeypatch, page):
    monkeypatch.setenv("CCHC_WAREHOUSE", str(demo_warehouse))
    at = ok(AppTest.from_file(APP, default_timeout=30).run())
    if page != "tong_quan":
        at.switch_page(f"dashboard/pages/{page}.py").run()
    assert any("Dữ liệu mẫu" in i.value for i in at.info)


PROBE = """
import ast, importlib, sys
from pathlib import Path

root = Path(sys.argv[1])
sys.path.insert(0, str(root))
names = ["dashboard.data", "dashboard.ui", "dashboard.controls", "warehouse.picture",
         "dashboard.charts"]
for script in [root / "streamlit_app.py", *sorted((root / "dashboard" / "pages").glob("*.py"))]:
    for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
for name in names:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError:
        pass  # `from package import function`: not a module
print(len(names), "great_expectations" in sys.modules)
"""


def test_the_dashboard_never_imports_great_expectations():
    result = subprocess.run([sys.executable, "-c", PROBE, str(ROOT)], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    count, imported = result.stdout.split()
    assert int(count) > 10 and imported == "False"


def test_nd09_period_choice_sticks_on_every_change(app):
    ok(app.run())
    ok(preset(app).set_value("Kỳ NĐ 09").run())
    nd09 = [s for s in app.selectbox if s.label.startswith("Kỳ theo Nghị định 09")]
    assert len(nd09) == 1 and nd09[0].value == "Năm (NĐ 09)"
    spans = presets(PLAN)
    for name in ["Quý I (NĐ 09)", "6 tháng (NĐ 09)", "9 tháng (NĐ 09)", "Quý I (NĐ 09)"]:
        ok([s for s in app.selectbox if s.label.startswith("Kỳ theo")][0].select(name).run())
        assert caption_period(app) == shown(spans[name]), name


def test_custom_range_sticks_on_every_change(app):
    from datetime import date

    ok(app.run())
    ok(preset(app).set_value("Tùy chọn").run())
    for start, end in [(date(2025, 1, 1), date(2025, 5, 31)), (date(2025, 3, 1), date(2025, 8, 15)),
                       (date(2024, 12, 15), date(2025, 2, 28))]:
        ok(app.date_input[0].set_value((start, end)).run())
        assert caption_period(app) == f"Kỳ báo cáo từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"


def test_custom_range_shows_both_ends_and_stays_in_the_plan_year(app):
    ok(app.run())
    ok(preset(app).set_value("Kỳ NĐ 09").run())
    ok(preset(app).set_value("Tùy chọn").run())
    picker = app.date_input[0]
    assert picker.value == presets(PLAN)["Năm (NĐ 09)"]  # the start it keeps is shown, not hidden
    assert picker.max == PLAN.deadline and picker.min == presets(PLAN)["Năm (NĐ 09)"][0]


def test_the_period_stays_put_from_page_to_page(app):
    ok(app.run())
    ok(preset(app).set_value("6 tháng").run())
    app.query_params.clear()  # the top navigation's links carry no period
    for name in ["xuat_bao_cao", "phong_ban", "du_lieu", "tong_quan"]:
        page(app, name)
        app.query_params.clear()
        assert caption_period(app) == shown(presets(PLAN)["6 tháng"]), name


def test_cached_evaluations_are_evaluate_s(demo_warehouse, monkeypatch):
    """dashboard.data adds the monthly series and the forecasts to the cached statuses: the same as
    evaluate(with_series=True) and add_forecasts."""
    from dashboard import data
    from warehouse.forecast import add_forecasts

    monkeypatch.setenv("CCHC_WAREHOUSE", str(demo_warehouse))
    for period in (DEFAULT_PERIOD, QUARTER_1):
        with connect_readonly(demo_warehouse) as con:
            want = evaluate(con, PLAN, *period, default_commune(), with_series=True)
            add_forecasts(con, PLAN, want, default_commune())
        assert data.evaluations(*period) == want
        assert sum(len(e.series) for e in want) > 0
        # ... and the statuses alone stay without series in the cache.
        plain = data.evaluations(*period, series=False)
        assert all(e.series == [] for e in plain) and [e.status for e in plain] == [e.status for e in want]


@pytest.mark.parametrize("key, asked, shown_as", [("chi_tieu", "cqs-10", "CQS-10"), ("phong", " kt ", "KT")])
def test_deep_links_in_any_case_open_what_they_name(app, key, asked, shown_as):
    app.query_params[key] = asked
    ok(app.run())
    assert app.query_params[key] in (shown_as, [shown_as]) and app.selectbox[0].value == shown_as


@pytest.mark.parametrize("key, asked", [("chi_tieu", "NOPE"), ("phong", "XYZ")])
def test_a_bad_deep_link_says_so_and_opens_nothing_else(app, key, asked):
    app.query_params[key] = asked
    ok(app.run())
    assert any(f"mã '{asked}'" in w.value and "hãy chọn trong danh sách" in w.value for w in app.warning)
    assert app.selectbox[0].value is None and not parse(app).rows and not app.metric
    assert app.query_params[key] in (asked, [asked])  # the address is left as it was


def test_record_tables_lead_with_the_reason_and_speak_words(demo_warehouse):
    from warehouse.display import for_people

    with connect_readonly(demo_warehouse) as con:
        dossiers = for_people(records(con, PLAN.target("TTHC-07"), *DEFAULT_PERIOD, default_commune()))
        projects = for_people(records(con, PLAN.target("TCCO-01"), *DEFAULT_PERIOD, default_commune(), against_only=False))
    assert dossiers.columns[:2] == ["Mã", "Lý do"] and dossiers["Lý do"].null_count() == 0
    assert set(dossiers["Trạng thái"]) <= {"Đã trả kết quả", "Đang xử lý", "Đã xử lý xong", "Yêu cầu bổ sung", ""}
    money = projects["Kế hoạch vốn năm (đồng)"]
    assert money.dtype == pl.String and all(re.fullmatch(r"\d{1,3}(\.\d{3})*", v) for v in money if v)
    assert not any(v is None for column in dossiers.iter_columns() if column.dtype == pl.String for v in column)


def test_every_red_target_says_why(demo_warehouse):
    with connect_readonly(demo_warehouse) as con:
        red = {e.target.id: e.reason for e in evaluate(con, PLAN, *DEFAULT_PERIOD, default_commune()) if e.status == MISSED}
    assert len(red) >= 5 and all(red.values()), red
    assert "43 mục chưa đạt: Chỉ ghi sổ giấy" in red["TTHC-07"] and "chưa hoàn thành" in red["CVU-04"]
    assert red["TTHC-04"].startswith("Hết hạn 20/07/2025: đánh giá tại hạn. 1 mục chưa đạt")


def test_the_data_page_lists_a_file_refused_before_its_source_was_known(demo_copy, monkeypatch):
    from pipelines.load import load

    load([ROOT / "tests" / "fixtures" / "khong_ro_nguon.csv"], demo_copy)
    monkeypatch.setenv("CCHC_WAREHOUSE", str(demo_copy))
    at = page(ok(AppTest.from_file(APP, default_timeout=60).run()), "du_lieu")
    assert any(m.value.startswith("#### Tệp bị từ chối vì không đọc được") for m in at.markdown)
    assert "khong_ro_nguon.csv" in set(at.dataframe[1].value["Tệp"])
    assert all(v.isdigit() for v in at.dataframe[0].value["Số ngày"] if v)  # never negative


def test_the_trend_draws_each_month_under_its_own_label_and_the_judged_point(demo_warehouse):
    from dashboard.charts import trend, trend_points

    with connect_readonly(demo_warehouse) as con:
        r = {e.target.id: e for e in evaluate(con, PLAN, *DEFAULT_PERIOD, default_commune(), with_series=True)}
    points = trend_points(r["CQS-10"])
    assert points["nhan"][0] == "01/2025" and points["ngay"][0].month == 1  # 31/01 is January's point
    judged = trend_points(r["TTHC-04"])
    assert judged["nhan"][-1] == "20/07/2025 (hạn)" and judged["gia_tri"][-1] == r["TTHC-04"].value
    spec = trend(r["CQS-10"]).to_dict()
    assert spec["layer"][0]["encoding"]["y"]["axis"]["format"] == ".1~f"
    assert any(layer.get("mark", {}).get("type") == "text" for layer in spec["layer"])  # the threshold is labelled


def test_the_weekly_digest_lists_what_changed_and_offers_it_as_files(app, downloads, demo_warehouse):
    """The demo's CVU-03, TCCO-02 and TCCO-03 are attested done on 22–23/12/2025: in the week to 23/12 they
    turned green."""
    from warehouse.digest import changes, week_before

    period = (DEFAULT_PERIOD[0], date(2025, 12, 23))
    with connect_readonly(demo_warehouse) as con:
        now = evaluate(con, PLAN, *period, default_commune())
        before = evaluate(con, PLAN, *week_before(*period), default_commune())
    want = changes(before, now, PLAN)
    assert {"CVU-03", "TCCO-02", "TCCO-03"} <= set(want["Mã chỉ tiêu"])
    app.query_params.update({"tu": period[0].isoformat(), "den": period[1].isoformat()})
    ok(app.run())
    assert any(f"Bản tin tuần: {len(want)} chỉ tiêu đổi trạng thái" in link.proto.label for link in app.get("page_link"))
    page(app, "ban_tin")
    shown = [i for i, _ in parse(app).rows]
    assert shown == want["Mã chỉ tiêu"].to_list()
    assert any("Chuyển sang Đạt" in m.value and 'data-target="TCCO-02"' in m.value for m in app.markdown)
    csv_button, text_button = app.get("download_button")
    table = pl.read_csv(downloads(csv_button).content[3:])
    assert table["Mã chỉ tiêu"].to_list() == shown and table.columns[3:5] == ["Trạng thái trước", "Trạng thái nay"]
    text = downloads(text_button).content.decode("utf-8")
    assert text.startswith("Bản tin CCHC xã Khúc Thừa Dụ") and "TCCO-02" in text and "Chuyển sang Đạt (" in text


@pytest.mark.parametrize("tu, den, said", [("2025-09-30", "2025-01-01", "Kỳ trong liên kết ngược"),
                                           ("2025-13-01", "2025-06-30", "không đọc được")])
def test_a_reversed_or_broken_period_in_a_link_is_said_not_taken(app, tu, den, said):
    app.query_params.update({"tu": tu, "den": den})
    ok(app.run())
    assert any(said in w.value for w in app.warning)
    assert caption_period(app) != f"Kỳ báo cáo từ {tu} đến {den}"


def test_the_picture_draws_every_line_with_nothing_cut_at_its_edges(demo_warehouse):
    from PIL import Image

    from warehouse.picture import BODY, HEAD, PAD, SUBTITLE, TITLE, overview_png, picture_heading, picture_lines

    with connect_readonly(demo_warehouse) as con:
        evaluations = evaluate(con, PLAN, *DEFAULT_PERIOD, default_commune())
    picture = Image.open(io.BytesIO(overview_png(evaluations, PLAN, scale=1, demo=True))).convert("L")
    lines = picture_lines(evaluations, PLAN)
    heading = len(picture_heading(evaluations, PLAN, demo=True))
    assert picture.height == (2 * PAD + TITLE[2] + (heading - 1) * SUBTITLE[2] + BODY[2]
                              + HEAD[2] * lines["dam"].sum() + BODY[2] * (~lines["dam"]).sum())
    ink = lambda box: picture.crop(box).getextrema()[0] < 128  # its darkest pixel
    w, h = picture.size
    assert not any(ink(box) for box in ((0, 0, w, 4), (0, h - 4, w, h), (0, 0, 4, h), (w - 4, 0, w, h)))  # white margins
    assert all(ink((0, y, w, y + BODY[2])) for y in range(h - PAD - 3 * BODY[2], h - PAD, BODY[2]))  # down to the last line


def test_the_picture_of_the_demo_says_so_and_keeps_the_leader_s_note(demo_warehouse):
    from warehouse.picture import picture_heading, picture_lines

    with connect_readonly(demo_warehouse) as con:
        evaluations = evaluate(con, PLAN, *DEFAULT_PERIOD, default_commune())
    red = next(e for e in attention_first(evaluations) if e.status == MISSED)
    red.note = {"ghi_chu": "Chủ tịch chỉ đạo: rà soát từng hồ sơ quá hạn, báo cáo trước ngày 15 hằng tháng " * 2,
                "ten_nguoi_ghi": "Chủ tịch UBND xã", "ngay_xac_nhan": DEFAULT_PERIOD[1], "han": None}
    text = " ".join(picture_lines(evaluations, PLAN)["dong"].to_list())
    assert "Chủ tịch chỉ đạo: rà soát từng hồ sơ quá hạn" in text  # after the reason, not cut away
    assert any("DỮ LIỆU MẪU" in line for line in picture_heading(evaluations, PLAN, demo=True))
    assert not any("DỮ LIỆU MẪU" in line for line in picture_heading(evaluations, PLAN))
