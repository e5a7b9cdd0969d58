"""HTML pieces the pages render: status badges, sparklines, the overview list. Pure functions, easy to test."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import polars as pl

from warehouse import actions
from warehouse.actions import owner_text
from warehouse.communes import default_commune
from warehouse.display import (
    defused,
    month_or_day,
    since_text,
    threshold_text,
    value_text,
    vn_date,
    vn_month,
    vn_number,
    vn_numbers,
    vn_percent,
)
from warehouse.evaluate import MET, MISSED, NO_DATA, STATUS_STYLE, Evaluation, attention_first
from warehouse.forecast import forecast_text
from warehouse.plan import Plan
from warehouse.submission import checkin_note

ASSETS = Path(__file__).parent / "assets"
CSS = f"\n<style>\n{(ASSETS / 'style.css').read_text(encoding='utf-8')}</style>\n"
PAGE_SCRIPT = f'<span class="cchc-js"></span><script>\n{(ASSETS / "page.js").read_text(encoding="utf-8")}</script>'


def style() -> None:
    """The app's own style and page script, which every page draws first."""
    import streamlit as st

    st.markdown(CSS, unsafe_allow_html=True)
    st.html(PAGE_SCRIPT, unsafe_allow_javascript=True, width="content")


LINKISH = re.compile(r"(?i)(?<=www)(?=\.)|(?<=:)(?=//)|(?=@)")  # where GFM's autolinks of bare addresses start
MARKUP = re.compile(r"[&<>\"'\\`*_{}\[\]()#+\-.!|~$:/=]")


def plain(text: object) -> str:
    """Text from a file or a person, made inert for Markdown and HTML alike: it shows as written, never as a
    link, an image or a tag (every sign either acts on written as a character reference, on one line). A web or
    e-mail address gets an invisible word joiner (U+2060) where Markdown would start a link from it."""
    joined = LINKISH.sub("\u2060", " ".join(str(text).split()))
    return MARKUP.sub(lambda m: f"&#{ord(m.group(0))};", joined)


def badge(status: str) -> str:
    """A status as icon, word and colour."""
    style = STATUS_STYLE[status]
    return f'<span class="cchc-badge {style["css"]}" role="status"><span aria-hidden="true">{style["icon"]}</span>{plain(status)}</span>'


def sparkline(series: list[tuple[date, float | None]], threshold: float | None, width: int = 90, height: int = 32) -> str:
    """A small SVG trend of a percent series, with the threshold as a dashed line."""
    points = [(i, v) for i, (_, v) in enumerate(series) if v is not None]
    if len(points) < 2:
        return ""
    values = [v for _, v in points] + ([threshold] if threshold is not None else [])
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    n = max(len(series) - 1, 1)
    xy = lambda i, v: (round(2 + i * (width - 4) / n, 1), round(height - 3 - (v - low) * (height - 6) / span, 1))
    line = " ".join(f"{x},{y}" for x, y in (xy(i, v) for i, v in points))
    rule = ""
    if threshold is not None:
        y = xy(0, threshold)[1]
        rule = f'<line x1="0" x2="{width}" y1="{y}" y2="{y}" stroke="#999" stroke-dasharray="3 3"/>'
    return (f'<svg viewBox="0 0 {width} {height}" preserveAspectRatio="none" role="img" aria-label="Xu hướng theo tháng">'
            f'{rule}<polyline fill="none" stroke="#0b5394" stroke-width="2" points="{line}"/></svg>')


def trend_dots(e: Evaluation, last: int = 3) -> str:
    """The last month-ends (and the judged date) as labelled dots coloured by the status then, with the value then for
    a percent target and the change across them: a trend that fits a portrait tablet ('● 7/2025 52,2% ● 8/2025 …
    ▼ 0,5 điểm')."""
    values = dict(e.series) | ({e.judged_at: e.value} if e.target.unit == "percent" else {})
    points = e.history[-last:]
    if len(points) < 2:
        return ""
    dots = "".join(f'<span class="t-{STATUS_STYLE[s]["css"]}"><b aria-hidden="true">●</b>{month_or_day(d)}'
                   + (f" {vn_percent(values[d])}" if values.get(d) is not None else "") + "</span>" for d, s in points)
    shown = [values[d] for d, _ in points if values.get(d) is not None]
    change = ""
    if e.target.unit == "percent" and len(shown) >= 2:
        step = shown[-1] - shown[0]
        change = f'<span class="doi">{"▲" if step > 0 else "▼" if step < 0 else "="} {vn_number(abs(step), 1)} điểm</span>'
    return f'<span class="cchc-trend" aria-label="Xu hướng các tháng gần nhất">{dots}{change}</span>'


def detail_link(target_id: str, tu_ngay: date, den_ngay: date, ma_xa: str | None = None) -> str:
    """The Chỉ tiêu page's address for a target and period (and commune, when not the configured one)."""
    xa = {"xa": ma_xa} if ma_xa and ma_xa != default_commune() else {}
    return "chi-tieu?" + urlencode({"chi_tieu": target_id, "tu": tu_ngay.isoformat(), "den": den_ngay.isoformat(), **xa})


def target_row(e: Evaluation, plan: Plan, leads: dict, department: str | None = None, before: Evaluation | None = None,
               href: str | None = None) -> str:
    """One target as a tappable row (to its target page unless `href` says where): status, text, value against
    threshold, trend; the owner and the person behind it (leads: accounts.leads); coordination marked for a
    department; the status and value of an earlier evaluation; the corrective plan or escalation."""
    t = e.target
    owner = plain(owner_text(e, plan, leads))
    meta = f"Phối hợp (chủ trì: {owner})" if department and department != t.owner else f"Chủ trì: {owner}"
    if e.current_value is not None and e.judged_at < e.den_ngay:
        meta += f" · hiện nay {plain(value_text(t, e.current_value))}"
    note = e.reason if e.status != MET or e.reason else ""
    warn = " ".join(e.warnings)
    return (
        f'<a class="cchc-row" href="{href or detail_link(t.id, e.tu_ngay, e.den_ngay, e.ma_xa)}" target="_self" data-target="{t.id}">'
        f'<span class="cchc-status">{badge(e.status)}</span>'
        f'<span class="cchc-text"><span class="id">{t.id}</span>{plain(t.text)}'
        f'<span class="meta">{meta}</span>'
        + (f'<span class="cchc-since">{plain(since_text(e.status, e.since))}</span>' if e.since else "")
        + (f'<span class="cchc-since">Trước đó ({vn_date(before.den_ngay)}): {plain(before.status)} · '
           f'{plain(value_text(t, before.value))}</span>' if before else "")
        + (f'<span class="cchc-note">{plain(note)}</span>' if note else "")
        + (f'<span class="cchc-note">⚠ {plain(warn)}</span>' if warn else "")
        + (f'<span class="cchc-checkin">{plain(checkin_note(e))}</span>' if e.note else "")
        + (f'<span class="cchc-forecast{" nguy-co" if e.at_risk else ""}">{plain(forecast_text(e))}</span>'
           if e.forecast else "")
        + plan_html(e)
        + trend_dots(e)
        + "</span>"
        f'<span class="cchc-value"><b>{plain(value_text(t, e.value))}</b>'
        f'<span>chỉ tiêu {plain(threshold_text(t, e.threshold))}</span></span>'
        f'<span class="cchc-spark">{sparkline(e.series, e.threshold if t.unit == "percent" else None)}</span>'
        "</a>"
    )


def plan_html(e: Evaluation) -> str:
    """The corrective plan and its state, or the escalation, as a row's line (nothing when there is neither)."""
    said = actions.word(e)
    if said is None:
        return ""
    text = actions.plan_text(e) or "Có nguy cơ không đạt, chưa có giải pháp: hãy ghi kế hoạch khắc phục."
    return f'<span class="cchc-plan {actions.CODES.get(said, "nguy-co").replace("_", "-")}">{plain(text)}</span>'


def direct_html(evaluations: list[Evaluation], plan: Plan, leads: dict) -> str:
    """The short "Cần chỉ đạo" list (actions.to_direct: plans overdue, red targets without a plan, at-risk targets
    without one), each line a tap from its target page: what, who owns it, what is wrong; nothing when there is
    nothing to direct."""
    todo = actions.to_direct(evaluations)
    if not todo:
        return ""
    lines = "".join(
        f'<a class="cchc-direct-item" href="{detail_link(e.target.id, e.tu_ngay, e.den_ngay, e.ma_xa)}" target="_self" '
        f'data-target="{e.target.id}"><b>{e.target.id}</b> · {plain(e.target.text)}'
        f'<span class="meta">Chủ trì: {plain(owner_text(e, plan, leads))}</span>{plan_html(e)}</a>' for e, _ in todo)
    return (f'<div class="cchc-direct" role="region" aria-label="Cần chỉ đạo"><div class="cchc-area">Cần chỉ đạo '
            f'({len(todo)})</div>{lines}</div>')


def history_html(e: Evaluation) -> str:
    """The status at each month's end (and at the judged date) as small labelled chips, oldest first."""
    chips = "".join(f'<span class="{STATUS_STYLE[s]["css"]}" title="{plain(s)}">{month_or_day(d)}: {STATUS_STYLE[s]["icon"]}</span>'
                    for d, s in e.history)
    return f'<div class="cchc-history" role="list" aria-label="Diễn biến trạng thái">{chips}</div>'


def counts_html(evaluations: list[Evaluation], query: dict | None = None, chosen: str | None = None) -> str:
    """The three counts, each with its word and shape; with the page's `query`, each a link that shows only the
    targets of its status (?xem=chua-dat), the one `chosen` marked and leading back to them all."""
    cells = []
    for status, style in STATUS_STYLE.items():
        n = sum(e.status == status for e in evaluations)
        inner = f'<b>{n}</b>{badge(status)}'
        if query is None:
            cells.append(f'<div class="cchc-count {style["css"]}">{inner}</div>')
            continue
        rest = {k: v for k, v in query.items() if k != "xem"}
        href = "?" + urlencode(rest if chosen == style["css"] else rest | {"xem": style["css"]})
        cells.append(f'<a class="cchc-count {style["css"]}{" chon" if chosen == style["css"] else ""}" href="{href}" '
                     f'target="_self" aria-pressed="{str(chosen == style["css"]).lower()}">{inner}</a>')
    return f'<div class="cchc-counts">{"".join(cells)}</div>'


def status_html(evaluations: list[Evaluation], plan: Plan, css: str, leads: dict) -> str:
    """Only the targets of one status (by its css name), in the order that needs attention first."""
    status = next(s for s, style in STATUS_STYLE.items() if style["css"] == css)
    chosen = [e for e in attention_first(evaluations) if e.status == status]
    return (f'<div class="cchc-area">{plain(status)} ({len(chosen)}) · chạm lại ô số để xem tất cả</div>'
            f'<div class="cchc-list">{"".join(target_row(e, plan, leads) for e in chosen)}</div>')


def needs_attention(e: Evaluation) -> bool:
    """Not met, or met today and at risk of missing its target at the horizon (the forecast)."""
    return e.status != MET or e.at_risk


def overview_html(evaluations: list[Evaluation], plan: Plan, leads: dict, attention_only: bool = False) -> str:
    """Targets needing attention first; then (unless only those are asked for) every area's met targets, folded
    under a line that counts them, so that no row shows twice."""
    attention = [e for e in attention_first(evaluations) if needs_attention(e)]
    parts = []
    if attention:
        parts.append(f'<div class="cchc-area">Cần chú ý ({len(attention)})</div><div class="cchc-list">'
                     + "".join(target_row(e, plan, leads) for e in attention) + "</div>")
    elif attention_only:
        parts.append('<div class="cchc-area">Không có chỉ tiêu nào cần chú ý.</div>')
    if not attention_only:
        parts.append('<div class="cchc-area">Đã đạt, theo lĩnh vực</div>')
    for code, area in ({} if attention_only else plan.areas).items():
        mine = [e for e in evaluations if e.target.area == code]
        met = [e for e in mine if not needs_attention(e)]
        parts.append(f'<details class="cchc-fold"><summary>{plain(area["section"])}. {plain(area["name"])} · '
                     f'{len(met)}/{len(mine)} đạt</summary><div class="cchc-list">'
                     + "".join(target_row(e, plan, leads) for e in met) + "</div></details>")
    return "".join(parts)


def city_html(summary: pl.DataFrame, areas: pl.DataFrame, plan: Plan) -> str:
    """Communes (rows, in rank order) × the plan's areas: each cell coloured, shaped and counted (met of all;
    not met; no data); the commune's name opens its overview."""
    cells = {(r["ma_xa"], r["linh_vuc_cchc"]): r for r in areas.iter_rows(named=True)}
    columns = [(plan.areas[code]["section"], code) for code in plan.areas]

    def cell(xa: str, code: str) -> str:
        c = cells.get((xa, code), {"dat": 0, "chua_dat": 0, "chua_co_du_lieu": 0})
        status = MISSED if c["chua_dat"] else NO_DATA if c["chua_co_du_lieu"] else MET
        detail = " ".join(f"{icon}{c[k]}" for icon, k in (("✖", "chua_dat"), ("?", "chua_co_du_lieu")) if c[k])
        return _city_cell(status, f'{c["dat"]}/{c["dat"] + c["chua_dat"] + c["chua_co_du_lieu"]}<small>{detail}</small>')

    return _city_table(summary, columns, cell)


def city_targets_html(summary: pl.DataFrame, statuses: pl.DataFrame, plan: Plan, area: str) -> str:
    """Communes (rows, in rank order) × one area's targets: each cell the target's status, shaped and coloured."""
    found = {(r["ma_xa"], r["ma_chi_tieu"]): r["trang_thai"] for r in statuses.filter(linh_vuc_cchc=area).iter_rows(named=True)}
    columns = [(t.id, t.id) for t in plan.targets if t.area == area]
    return _city_table(summary, columns, lambda xa, target: _city_cell(found.get((xa, target), NO_DATA), ""))


def _city_cell(status: str, text: str) -> str:
    """One cell of the city grid: its status as colour, shape and (for a screen reader) word."""
    style = STATUS_STYLE[status]
    return f'<td class="{style["css"]}" title="{plain(status)}"><span aria-label="{plain(status)}">{style["icon"]}</span> {text}</td>'


def _city_table(summary: pl.DataFrame, columns: list[tuple[str, str]], cell) -> str:
    """The city grid: a row per commune (its name a link to its overview, its rank), a cell per column."""
    head = "".join(f'<th scope="col">{plain(title)}</th>' for title, _ in columns)
    body = []
    for r in summary.iter_rows(named=True):
        link = "./?" + urlencode({"xa": r["ma_xa"]})
        body.append(f'<tr data-xa="{plain(r["ma_xa"])}"><th scope="row"><a href="{link}" target="_self">{plain(r["ten"])}</a>'
                    f'<small>Hạng {r["hang"]} · đạt {r["dat"]}/{r["dat"] + r["chua_dat"] + r["chua_co_du_lieu"]}'
                    + (f' · 766: {vn_number(r["tong_diem_766"], 2)} (hạng {r["hang_766"]})' if r["tong_diem_766"] is not None else "")
                    + '</small></th>'
                    + "".join(cell(r["ma_xa"], key) for _, key in columns) + "</tr>")
    cue = ('<caption class="cchc-scroll-cue">Bảng rộng hơn màn hình: vuốt ngang trên bảng để xem các cột khác →</caption>'
           if len(columns) > 6 else "")
    return (f'<div class="cchc-city-wrap"><table class="cchc-city">{cue}<thead><tr><th scope="col">Xã</th>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def month_text(day: date) -> str:
    """'tháng 10/2025'."""
    return f"tháng {vn_month(day)}"


def score_766_html(history: pl.DataFrame) -> str:
    """The commune's latest official 766 total and rank (scores.commune_history), its change from the month before and
    its monthly trend."""
    now = history.row(-1, named=True)
    change = ""
    if len(history) > 1:
        before = history.row(-2, named=True)
        delta = now["tong_diem"] - before["tong_diem"]
        arrow = "▲ tăng" if delta > 0 else "▼ giảm" if delta < 0 else "= không đổi"
        change = (f"{arrow} {vn_number(abs(delta), 2)} điểm so với {month_text(before['thang'])} "
                  f"(hạng {before['hang']}/{before['so_don_vi']})")
    spark = sparkline([(r["thang"], r["tong_diem"]) for r in history.iter_rows(named=True)], None)
    return (f'<div class="cchc-766"><div><b>Điểm 766 {month_text(now["thang"])}: {vn_number(now["tong_diem"], 2)} – '
            f'hạng {now["hang"]}/{now["so_don_vi"]}</b><span>{change}</span></div><span class="cchc-spark">{spark}</span></div>')


def stake_766_text(stake: dict) -> str:
    """What it takes to climb in the 766 ranking (scores.at_stake), in words: 'Cần thêm 0,26 điểm để lên hạng 4/12;
    nhóm còn thiếu nhiều nhất: Mức độ số hóa hồ sơ (thiếu 3,20/22 điểm) – chỉ tiêu CQS-06'."""
    rank = f"{stake['hang']}/{stake['so_don_vi']}"
    if stake["cach_hang_tren"] is None:
        head = f"Đang đứng hạng {rank}"
    else:
        head = f"Hạng {rank}: cần thêm {vn_number(stake['cach_hang_tren'], 2)} điểm để lên hạng {stake['hang_tren']}/{stake['so_don_vi']}"
        if stake["hang_tren"] != 1:
            head += f" ({vn_number(stake['cach_hang_1'], 2)} điểm để lên hạng 1)"
    worst = stake["nhom"][0]
    if worst["thieu"] <= 0:
        return f"{head}; đủ điểm tối đa ở cả sáu nhóm."
    paired = f" – chỉ tiêu {', '.join(worst['chi_tieu'])}" if worst["chi_tieu"] else " – chưa có chỉ tiêu tương ứng trong kế hoạch"
    return (f"{head}; nhóm còn thiếu nhiều nhất: {worst['nhom']} (thiếu {vn_number(worst['thieu'], 2)}/"
            f"{vn_number(worst['toi_da'])} điểm){paired}.")


def official_766_text(history: pl.DataFrame, beside: pl.DataFrame | None, target_id: str) -> str | None:
    """What the portal's latest 766 score says beside a target the plan pairs with a 766 group (data.scores_766), in
    words; None when the plan pairs none or no score is loaded."""
    row = beside.filter(pl.col("ma_chi_tieu") == target_id) if beside is not None else pl.DataFrame()
    if row.is_empty():
        return None
    r = row.row(0, named=True)
    return (f"Điểm 766 chính thức ({r['nhom']}, {month_text(history['thang'][-1])}): {vn_number(r['diem'], 2)}/"
            f"{vn_number(r['toi_da'])} = {vn_percent(r['ty_le_diem'])}"
            + (" – khác nhiều với số liệu của xã." if r["khac_nhau"] else "."))


def beside_766_html(beside: pl.DataFrame, month: date, tu_ngay: date, den_ngay: date, ma_xa: str) -> str:
    """The six 766 groups of a month (points of the maximum and as a share) beside the plan's own figures that measure
    the same thing for the period, folded under a line that says how many disagree (scores.beside_plan)."""
    rows, previous = [], None
    for r in beside.iter_rows(named=True):
        group = (f'<th scope="row">{plain(r["nhom"])}</th><td>{vn_number(r["diem"], 2)}/{vn_number(r["toi_da"])} = '
                 f'{vn_percent(r["ty_le_diem"])}</td>') if r["nhom"] != previous else '<th scope="row"></th><td></td>'
        previous = r["nhom"]
        own = (f'<a href="{detail_link(r["ma_chi_tieu"], tu_ngay, den_ngay, ma_xa)}" target="_self">{plain(r["ma_chi_tieu"])}</a> '
               if r["ma_chi_tieu"] else "") + plain(r["chi_tieu"] or "Kế hoạch không có chỉ tiêu tương ứng")
        apart = ' <span class="cchc-apart">≠ khác nhau</span>' if r["khac_nhau"] else ""
        rows.append(f"<tr>{group}<td>{own}</td><td>{vn_percent(r['gia_tri']) if r['gia_tri'] is not None else '–'}{apart}</td>"
                    f"<td>{badge(r['trang_thai']) if r['trang_thai'] else ''}</td></tr>")
    apart = int(beside["khac_nhau"].sum())
    return (f'<details class="cchc-fold"><summary>Điểm 766 {month_text(month)} bên cạnh chỉ tiêu của kế hoạch'
            f'{f" · {apart} chỗ khác nhau" if apart else ""}</summary><div class="cchc-city-wrap"><table class="cchc-beside">'
            '<thead><tr><th scope="col">Nhóm chỉ số 766</th><th scope="col">Điểm chính thức</th>'
            f'<th scope="col">Chỉ tiêu, số liệu của xã</th><th scope="col">Kết quả {plain(period_text(tu_ngay, den_ngay))}</th>'
            f'<th scope="col">Đánh giá</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div></details>')


def period_text(tu_ngay: date, den_ngay: date) -> str:
    """'từ 01/01/2025 đến 31/12/2025'."""
    return f"từ {vn_date(tu_ngay)} đến {vn_date(den_ngay)}"


STATE_COLOURS = {"loi": "background-color:#fde8e8;color:#8e1b1b", "canh_bao": "background-color:#fff4e5;color:#7a4a00",
                 "thieu": "background-color:#eeeeee;color:#333", "tot": "background-color:#e6f4ea;color:#0f5c2a"}


def coloured_states(frame: pl.DataFrame, column: str, level: str):
    """The table with one column's cells coloured by a level column (loi, canh_bao, thieu, tot): a pandas Styler."""
    table = frame.to_pandas()
    return table.style.apply(lambda row: [STATE_COLOURS[row[level]] if c == column else "" for c in table.columns], axis=1)


def filter_records(frame: pl.DataFrame, query: str) -> pl.DataFrame:
    """Rows where any text column contains the query (case-insensitive); all rows for an empty query."""
    if not query.strip():
        return frame
    texts = [c for c, t in frame.schema.items() if t == pl.String]
    needle = query.strip().lower()
    return frame.filter(pl.any_horizontal(pl.col(c).str.to_lowercase().str.contains(needle, literal=True) for c in texts))


def grid(frame: pl.DataFrame, places: dict[str, int] | None = None) -> pl.DataFrame:
    """A table as the grid shows it, every cell as text people read: numbers the Vietnamese way (7.212; 99,5: whole
    numbers bare, others to `places[column]` decimals, 2 by default, cut), dates dd/mm/yyyy (and HH:MM), yes/no in
    words, empty cells blank (the grid would write 'None'), and no text cell that runs as a formula in a spreadsheet."""
    places, frame = places or {}, defused(frame)  # the text as it came: a number written -5 below is not a formula
    cells = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if dtype.is_integer():
            column = vn_numbers(column)
        elif dtype.is_float():
            column = vn_numbers(column, places.get(name, 2))
        elif dtype == pl.Date:
            column = column.dt.strftime("%d/%m/%Y")
        elif isinstance(dtype, pl.Datetime):
            column = column.dt.strftime("%d/%m/%Y %H:%M")
        elif dtype == pl.Boolean:
            column = pl.when(column).then(pl.lit("Có")).when(column.not_()).then(pl.lit("Không"))
        elif isinstance(dtype, pl.List):
            column = column.cast(pl.List(pl.String)).list.join("; ")
        cells.append(column.cast(pl.String).fill_null("").alias(name))
    return frame.select(cells)
