"""Dashboard timings in a real browser: overview drawn (cold, warm, after a load), a period change, a department change.

    python bench/dashboard_timing.py [--runs 5] [--size 1024x768] [--warehouse PATH] [--out bench/out/dashboard]

Uses the demo warehouse, built once into --out (or a copy of --warehouse there). Each run starts a fresh
`streamlit run` and a fresh headless Chromium profile at 1024×768 (or --size 768x1024), and measures in the page's own clock
(performance.now(), polled every animation frame):

- overview, cold: navigation start → all 40 target rows present (statuses), and → their sparklines too;
  the first visit after the server is up (the server warmed only by its own start, serve.py; the browser cold);
- period change, first: pointer down on "Quý I" → caption "Kỳ báo cáo từ 01/01/2025 đến 31/03/2025" and
  every row re-rendered for the quarter (the quarter not yet evaluated on this server), and → sparklines;
- period change back to the year (cached);
- row tap: on the overview, a tap on a red row → its target page's title shown (a new page load);
- department change: on Phòng ban, pointer down on Phòng Kinh tế in the list → its rows shown;
- warm: overview, period change and department change again in a new tab (new session, caches filled);
- after a load: the warehouse file's modification time changes (as when a load publishes), then the overview;
- Thành phố: navigation → every commune's row drawn, first visit and again; a tap on a commune's name → its
  overview's 40 rows (a new page load);
- Xuất báo cáo: navigation → the picture's download button drawn (the PNG made), first visit and again; a period
  tap there (Quý I, a period not shown before) → the quarter's picture ready;
- Ghi cập nhật: signed in as the head of department, pointer down on the check-in form's button → its confirmation.

Prints a markdown table of medians (and min–max) against the goals (a page ≤ 2 s, a change of period or department
≤ 0.5 s, any other tap ≤ 1 s), the machine, and the uncached server work timed in-process (evaluation with monthly series, records).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from live_server import CHROMIUM, dashboard, launch_chromium, wait_for_session_cookie  # noqa: E402 - needs tests/ on sys.path

from pipelines.demo import DEMO_PASSWORD, add_demo_accounts  # noqa: E402 - needs the repository root on sys.path
from warehouse.app.store import store_path  # noqa: E402
from warehouse.periods import presets  # noqa: E402

GOAL_OVERVIEW, GOAL_CHANGE, GOAL_TAP = 2.0, 0.5, 1.0

# In the page: poll named conditions (function bodies) every animation frame; resolve with the page-clock time
# (performance.now(), ms) each first held, and the latest pointer down before the call (window.__down).
MARKS = """([conditions, limit]) => new Promise((resolve, reject) => {
    const checks = Object.entries(conditions).map(([name, body]) => [name, new Function(body)]);
    const marks = {}, begun = performance.now();
    const tick = () => {
        for (const [name, check] of checks) if (!(name in marks) && check()) marks[name] = performance.now();
        if (Object.keys(marks).length === checks.length) resolve({...marks, down: window.__down});
        else if (performance.now() - begun > limit) reject(new Error('not drawn: ' + JSON.stringify(marks)));
        else requestAnimationFrame(tick);
    };
    tick();
})"""
TRACK_POINTER = ("() => { window.__down = null; "
                 "document.addEventListener('pointerdown', () => { window.__down = performance.now(); }, true); }")
ROWS = "new Set([...document.querySelectorAll('a.cchc-row[data-target]')].map(a => a.dataset.target)).size >= {n}"
SPARKS = "document.querySelectorAll('a.cchc-row .cchc-spark svg').length >= {k}"
PERIOD = ("[...document.querySelectorAll('[data-testid=stCaptionContainer]')].some(c => c.innerText.trim() === '{caption}')"
          " && [...document.querySelectorAll('a.cchc-row')].every(a => a.getAttribute('href').includes('den={den}'))")
ROWS_ARE = "JSON.stringify([...document.querySelectorAll('a.cchc-row')].map(a => a.dataset.target).sort()) === '{ids}'"
# The script run has finished (every element of this run drawn) and the picture's download button is there.
IDLE = "!!document.querySelector('[data-testid=stApp][data-test-script-state=notRunning]')"
PNG_BUTTON = IDLE + " && [...document.querySelectorAll('[data-testid=stDownloadButton]')].some(b => b.innerText.includes('Tải ảnh PNG'))"
CAPTION = "[...document.querySelectorAll('[data-testid=stCaptionContainer]')].some(c => c.innerText.trim() === '{caption}')"
COMMUNES = "document.querySelectorAll('table.cchc-city tr[data-xa]').length >= {n}"
TOAST = "[...document.querySelectorAll('[data-testid=stToast]')].some(t => t.innerText.includes('{text}'))"
SAID = "[...document.querySelectorAll('[data-testid=stAlertContentSuccess]')].some(t => t.innerText.includes('{text}'))"
# In a newly navigated page: the wall-clock time (ms since the epoch) at which a target page's title showed.
TARGET_SHOWN = """text => new Promise(resolve => {
    const tick = () => [...document.querySelectorAll('h4')].some(h => h.innerText.trim() === text)
        ? resolve(performance.timeOrigin + performance.now()) : requestAnimationFrame(tick);
    tick();
})"""


def marks(page, limit_ms: int = 60_000, **conditions: str) -> dict[str, float]:
    """Page-clock seconds at which each condition (a JS expression) first held."""
    found = page.evaluate(MARKS, [{k: f"return ({v});" for k, v in conditions.items()}, limit_ms])
    return {k: (v / 1000 if v is not None else None) for k, v in found.items()}


def build_demo(out: Path) -> Path:
    """The demo warehouse in out/, built once."""
    warehouse = out / "warehouse.duckdb"
    if warehouse.exists():
        return warehouse
    print(f"Building the demo warehouse in {out}…", file=sys.stderr)
    from pipelines.demo import write_demo
    from pipelines.load import load

    write_demo(out / "demo")
    load([out / "demo"], warehouse)
    return warehouse


def overview(page, url: str, n: int, k: int) -> tuple[float, float]:
    """Seconds from navigation start to all n target rows present, and to their k sparklines too."""
    page.goto(url + "/", wait_until="commit")
    m = marks(page, rows=ROWS.format(n=n), full=f"{ROWS.format(n=n)} && {SPARKS.format(k=k)}")
    return m["rows"], m["full"]


def period_change(page, name: str, caption: str, den: str, n: int, k: int) -> tuple[float, float]:
    """Seconds from pointer down on a period button to the caption and every row for that period; and their sparklines."""
    page.evaluate(TRACK_POINTER)
    page.locator('[data-testid="stButtonGroup"] button', has_text=name).click()
    rows = f"{PERIOD.format(caption=caption, den=den)} && {ROWS.format(n=n)}"
    m = marks(page, rows=rows, full=f"{rows} && {SPARKS.format(k=k)}")
    return m["rows"] - m["down"], m["full"] - m["down"]


def department_change(page, label: str, ids: list[str]) -> float:
    """Seconds from pointer down on a department in the list to its rows shown."""
    page.evaluate(TRACK_POINTER)
    page.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name=label).click()
    m = marks(page, rows=ROWS_ARE.format(ids=json.dumps(sorted(ids), separators=(",", ":"))))
    return m["rows"] - m["down"]


def row_tap(page, target_id: str, text: str) -> float:
    """Seconds from a tap on an overview row to its target page's title shown (a new page load)."""
    started = time.time() * 1000
    page.locator(f'a.cchc-row[data-target="{target_id}"]').first.click()
    page.wait_for_url("**/chi-tieu?**", wait_until="commit")
    return (page.evaluate(TARGET_SHOWN, text) - started) / 1000


def visit(page, url: str, **conditions: str) -> float:
    """Seconds from navigation start to every condition holding."""
    page.goto(url, wait_until="commit")
    return max(v for k, v in marks(page, **conditions).items() if k != "down")


def tap(page, element, **conditions: str) -> float:
    """Seconds from pointer down on the element (a locator) to every condition holding (on the same page)."""
    page.evaluate(TRACK_POINTER)
    element.click()
    m = marks(page, **conditions)
    return max(v for k, v in m.items() if k != "down") - m["down"]


def commune_tap(page, code: str, n: int) -> float:
    """Seconds from a tap on a commune's name in the city grid to its overview's n rows (a new page load)."""
    started = time.time() * 1000
    page.locator(f'tr[data-xa="{code}"] th a').click()
    page.wait_for_url(f"**xa={code}**", wait_until="commit")
    rows = f"{ROWS.format(n=n)} && [...document.querySelectorAll('a.cchc-row')].every(a => a.getAttribute('href').includes('xa={code}'))"
    shown = page.evaluate("""cond => new Promise(resolve => { const check = new Function('return (' + cond + ');');
        const tick = () => check() ? resolve(performance.timeOrigin + performance.now()) : requestAnimationFrame(tick); tick(); })""", rows)
    return (shown - started) / 1000


def sign_in(page, url: str, name: str) -> None:
    """Sign in with a demo account through the form (the session cookie then holds for the next page loads)."""
    page.goto(url + "/tai-khoan")
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    wait_for_session_cookie(page)  # kept for the next page load


def check_in(page, url: str, target_id: str) -> tuple[float, float]:
    """Seconds from pointer down on "Ghi cập nhật" (an attested target, result, evidence and note filled) to its
    confirmation (the toast), and to the page drawn again with the confirmation at the form."""
    page.goto(f"{url}/chi-tieu?chi_tieu={target_id}")
    page.get_by_text("Đã hoàn thành", exact=True).first.click()
    page.get_by_label("Số văn bản minh chứng").fill("15/TTr-UBND")
    page.get_by_label("Ghi chú").fill("Đã trình Sở Nội vụ")
    page.wait_for_function(IDLE)
    page.evaluate(TRACK_POINTER)
    page.get_by_role("button", name="Ghi cập nhật").click()
    text = f"Đã ghi cập nhật chỉ tiêu {target_id}"
    m = marks(page, toast=TOAST.format(text=text), drawn=f"{SAID.format(text=text)} && {IDLE}")
    return m["toast"] - m["down"], m["drawn"] - m["down"]


def sparklines(warehouse: Path, plan, tu_ngay: date, den_ngay: date) -> int:
    """How many sparklines the overview draws for the period."""
    from dashboard.ui import overview_html
    from warehouse.communes import default_commune
    from warehouse.db import connect_readonly
    from warehouse.evaluate import evaluate

    with connect_readonly(warehouse) as con:
        return overview_html(evaluate(con, plan, tu_ngay, den_ngay, default_commune(), with_series=True), plan).count("<svg")


def one_run(browser, warehouse: Path, plan, sparks: dict[str, int], communes: list[str], log: Path,
            size: tuple[int, int]) -> dict[str, float]:
    """A fresh server and a fresh browser profile: cold, then warm, then right after a load publishes; then the
    acting pages and taps (the app's store as the demo left it: each run checks in once)."""
    n = len(plan.targets)
    mine = lambda code: [t.id for t in plan.targets if code in (t.owner, *t.coordinators)]
    label = lambda code: f"{plan.departments[code]} ({code})"
    spans = presets(plan)
    caption = lambda name: f"Kỳ báo cáo từ {spans[name][0]:%d/%m/%Y} đến {spans[name][1]:%d/%m/%Y}"
    quarter = ("Quý I", caption("Quý I"), spans["Quý I"][1].isoformat(), n, sparks["Quý I"])
    year = ("Đến hôm nay", caption("Đến hôm nay"), spans["Đến hôm nay"][1].isoformat(), n, sparks["Đến hôm nay"])

    def department(page, url: str) -> float:
        page.goto(url + "/phong-ban?phong=VHXH")
        marks(page, rows=ROWS_ARE.format(ids=json.dumps(sorted(mine("VHXH")), separators=(",", ":"))))
        return department_change(page, label("KT"), mine("KT"))

    shutil.copyfile(store_path(warehouse).with_suffix(".demo"), store_path(warehouse))
    red = "CQS-10"  # a red row of the demo, in the attention list at the top
    out: dict[str, float] = {}
    with dashboard(warehouse, log=log) as url:
        # Cold: the first visit after the server started (serve.py warms it) from a browser profile that never opened it.
        context = browser.new_context(viewport={"width": size[0], "height": size[1]})
        page = context.new_page()
        out["overview_cold"], out["overview_cold_full"] = overview(page, url, n, sparks["Đến hôm nay"])
        out["period_first"], out["period_first_full"] = period_change(page, *quarter)
        out["period_back"], _ = period_change(page, *year)
        out["row_tap_first"] = row_tap(page, red, plan.target(red).text)
        out["department_first"] = department(page, url)
        page.close()
        # Warm: a new session (new tab) of the same browser, the server's caches filled.
        page = context.new_page()
        out["overview_warm"], out["overview_warm_full"] = overview(page, url, n, sparks["Đến hôm nay"])
        out["row_tap_warm"] = row_tap(page, red, plan.target(red).text)
        page.go_back()
        marks(page, rows=ROWS.format(n=n))
        out["period_warm"], _ = period_change(page, *quarter)
        out["department_warm"] = department(page, url)
        page.close()
        # A load publishes a new file (its modification time changes): the next visit evaluates again.
        os.utime(warehouse)
        page = context.new_page()
        out["overview_new_load"], out["overview_new_load_full"] = overview(page, url, n, sparks["Đến hôm nay"])
        page.close()
        out |= acting(context.new_page(), url, plan, caption("9 tháng"), communes)
        context.close()
    return out


def acting(page, url: str, plan, new_period_caption: str, communes: list[str]) -> dict[str, float]:
    """The city page and a commune opened from it, the report page and a tap there on a period not shown before
    ("9 tháng"), then a check-in."""
    from warehouse.communes import default_commune

    out: dict[str, float] = {}
    every = COMMUNES.format(n=len(communes))
    out["city_first"] = visit(page, url + "/thanh-pho", rows=every)
    out["city_again"] = visit(page, url + "/thanh-pho", rows=every)
    out["commune_tap"] = commune_tap(page, next(c for c in communes if c != default_commune()), len(plan.targets))
    out["report_first"] = visit(page, url + "/xuat-bao-cao", png=PNG_BUTTON)
    out["report_again"] = visit(page, url + "/xuat-bao-cao", png=PNG_BUTTON)
    period = page.locator('[data-testid="stButtonGroup"] button').filter(has_text=re.compile("^9 tháng$"))
    out["report_period"] = tap(page, period, png=f"{CAPTION.format(caption=new_period_caption)} && {PNG_BUTTON}")
    sign_in(page, url, "truongphong.vhxh")
    out["check_in"], out["check_in_page"] = check_in(page, url, "CVU-04")
    page.close()
    return out


def server_work(warehouse: Path, plan, repeats: int = 5) -> dict[str, float]:
    """Median seconds of the uncached queries behind the pages, in-process."""
    from warehouse.communes import default_commune
    from warehouse.db import connect_readonly
    from warehouse.evaluate import evaluate, records

    xa, year, q1 = default_commune(), presets(plan)["Đến hôm nay"], presets(plan)["Quý I"]

    def timed(fn) -> float:
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            with connect_readonly(warehouse) as con:
                fn(con)
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    return {
        "evaluate year, with monthly series (12 month ends)": timed(lambda c: evaluate(c, plan, *year, xa, with_series=True)),
        "evaluate year, no series": timed(lambda c: evaluate(c, plan, *year, xa)),
        "evaluate Quý I, with monthly series": timed(lambda c: evaluate(c, plan, *q1, xa, with_series=True)),
        "records TCCO-01 (Phòng Kinh tế's red target)": timed(lambda c: records(c, plan.target("TCCO-01"), *year, xa)),
        "records CQS-10 (6,206 dossiers)": timed(lambda c: records(c, plan.target("CQS-10"), *year, xa)),
    }


def machine(browser_version: str, size: tuple[int, int]) -> str:
    """One line about the machine."""
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        mem = float("nan")
    import streamlit

    return (f"{cpu}, {os.cpu_count()} CPUs, {mem:.0f} GiB RAM; {platform.platform()}; Python {platform.python_version()}; "
            f"Streamlit {streamlit.__version__}; Chromium {browser_version} headless at {size[0]}×{size[1]}")


def row(name: str, values: list[float], goal: float) -> str:
    med = statistics.median(values)
    return (f"| {name} | {med:.2f} s | {min(values):.2f}–{max(values):.2f} s | ≤ {goal:g} s | "
            f"{'met' if med <= goal else '**missed**'} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", default="1024x768", help="the viewport, WIDTHxHEIGHT (a tablet: 1024x768 or 768x1024)")
    parser.add_argument("--warehouse", type=Path, help="an existing warehouse, copied into --out (default: the demo one)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "dashboard")
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.lower().split("x"))
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: install Debian's chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    from warehouse.city import communes_in
    from warehouse.db import connect_readonly
    from warehouse.plan import load_plan
    from warehouse.publish import upgrade

    args.out.mkdir(parents=True, exist_ok=True)
    # The bench's own file: it touches its modification time to play a load publishing.
    warehouse = args.out / "warehouse.duckdb"
    if args.warehouse and args.warehouse.resolve() != warehouse.resolve():
        shutil.copyfile(args.warehouse, warehouse)
    else:
        build_demo(args.out)
    upgrade(warehouse)  # as the app does at start: a warehouse of older models is brought up to date
    store = store_path(warehouse)
    add_demo_accounts(store)  # the check-in signs in as the demo's head of department
    shutil.copyfile(store, store.with_suffix(".demo"))  # each run starts from this store
    plan = load_plan()
    sparks = {name: sparklines(warehouse, plan, *presets(plan)[name]) for name in ("Đến hôm nay", "Quý I")}
    with connect_readonly(warehouse) as con:
        communes = communes_in(con)
    runs = []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        version = browser.version
        for i in range(args.runs):
            runs.append(one_run(browser, warehouse, plan, sparks, communes, args.out / "streamlit.log", size))
            print(f"run {i + 1}: " + ", ".join(f"{k} {v:.2f}" for k, v in runs[-1].items()), file=sys.stderr)
        browser.close()
    col = lambda k: [r[k] for r in runs]

    print(f"Dashboard timings, median of {args.runs} runs (each on a freshly started server), demo warehouse\n")
    print("| Measure | Median | Min–max | Goal | |")
    print("|---|---|---|---|---|")
    print(row("Overview: 40 rows with statuses, cold (first visit after start)", col("overview_cold"), GOAL_OVERVIEW))
    print(row("Overview: … and every sparkline, cold", col("overview_cold_full"), GOAL_OVERVIEW))
    print(row("Overview: 40 rows with statuses, warm (new session)", col("overview_warm"), GOAL_OVERVIEW))
    print(row("Overview: … and every sparkline, warm", col("overview_warm_full"), GOAL_OVERVIEW))
    print(row("Overview: 40 rows with statuses, first visit after a load", col("overview_new_load"), GOAL_OVERVIEW))
    print(row("Overview: … and every sparkline, first visit after a load", col("overview_new_load_full"), GOAL_OVERVIEW))
    print(row("Period change → Quý I, first time (evaluates the quarter)", col("period_first"), GOAL_CHANGE))
    print(row("Period change → Quý I, first time, with sparklines", col("period_first_full"), GOAL_CHANGE))
    print(row("Period change → back to the year (cached)", col("period_back"), GOAL_CHANGE))
    print(row("Period change → Quý I, warm session (cached)", col("period_warm"), GOAL_CHANGE))
    print(row("Row tap → its target page shown, first time (no page load)", col("row_tap_first"), GOAL_TAP))
    print(row("Row tap → its target page shown, warm", col("row_tap_warm"), GOAL_TAP))
    print(row("Department change VHXH → KT, first time", col("department_first"), GOAL_CHANGE))
    print(row("Department change VHXH → KT, warm (cached)", col("department_warm"), GOAL_CHANGE))
    print(row(f"Thành phố: {len(communes)} communes drawn, first visit", col("city_first"), GOAL_OVERVIEW))
    print(row("Thành phố: … again (new page load)", col("city_again"), GOAL_OVERVIEW))
    print(row("Thành phố: tap on a commune → its overview's rows", col("commune_tap"), GOAL_TAP))
    print(row("Xuất báo cáo: the picture ready, first visit", col("report_first"), GOAL_OVERVIEW))
    print(row("Xuất báo cáo: … again (new page load)", col("report_again"), GOAL_OVERVIEW))
    print(row("Xuất báo cáo: tap on a period not shown before → its picture ready", col("report_period"), GOAL_TAP))
    print(row("Ghi cập nhật → confirmed (the toast)", col("check_in"), GOAL_TAP))
    print(row("Ghi cập nhật → the target's page drawn again, confirmed at the form", col("check_in_page"), GOAL_OVERVIEW))
    print(f"\nMachine: {machine(version, size)}\n")
    print("Server work behind the pages when not cached (in-process, median of 5):\n")
    print("| Query | Time |")
    print("|---|---|")
    for name, seconds in server_work(warehouse, plan).items():
        print(f"| {name} | {seconds * 1000:.0f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
