"""City-scale benchmark: prints a table of load, evaluation and reader timings against their goals.

    python bench/benchmark.py [--communes 114] [--dossiers 25000] [--scales 1,3] [--out bench/out]

Writes a city's worth of exports (114 communes × 25,000 dossiers as one sync-layout CSV, the other
sources in proportion), then measures side by side in one run: the full `load` into an empty
warehouse (each in a fresh process) against the floor, DuckDB's own `CREATE TABLE … AS SELECT * FROM
read_csv(…)` of the same dossier file into a file with a CHECKPOINT, taken in turns three times (the
ratio is the median of the three pairs', as this machine's speed drifts within minutes); the
split of the load by stage and the gate's share; peak memory at each scale (`--scales 1,3,10`: a
province is 10); loading the unchanged files again; one more commune's small workbook into the city
warehouse; the 40 targets for one commune and for all; a 100,000-row .xlsx read by our reader against
pandas with openpyxl.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

YEAR_START = datetime(2025, 1, 1, 7, 30)
SNAPSHOT = date(2025, 12, 31)
FIELDS = ["Hộ tịch", "Chứng thực", "Đất đai", "Xây dựng", "Đầu tư", "Lao động - Thương binh và Xã hội"]


def dossier_frame(communes: int, per_commune: int, seed: int = 1) -> pl.DataFrame:
    """Synthetic dossiers in the national sync layout (field codes, yyyyMMddHHmmss dates)."""
    rng = np.random.default_rng(seed)
    n = communes * per_commune
    frame = pl.DataFrame({
        "MaDonViHanhChinh": pl.Series([f"X{i:03d}" for i in range(communes)]).gather(np.repeat(np.arange(communes), per_commune)),
        "MaHoSo": "HS" + pl.Series(np.arange(n)).cast(pl.String).str.pad_start(9, "0"),
        "MaTTHC": "1." + pl.Series(rng.integers(1, 120, n)).cast(pl.String).str.pad_start(6, "0"),
        "TenLinhVuc": pl.Series(FIELDS).gather(rng.integers(0, len(FIELDS), n)),
        "KenhThucHien": rng.choice([1, 2, 3], n, p=[0.15, 0.83, 0.02]),
        "MucDo": rng.choice([2, 3, 4], n, p=[0.05, 0.25, 0.70]),
        "_phut": rng.integers(0, 364 * 24 * 60, n),
        "TrangThaiHoSo": rng.choice([2, 4, 5, 7, 9, 10], n, p=[0.01, 0.03, 0.01, 0.01, 0.04, 0.90]),
        "SoLanBoSung": rng.choice([0, 1, 2], n, p=[0.9, 0.08, 0.02]),
        "TrangThaiDongBoDVC": rng.choice([0, 1], n, p=[0.01, 0.99]),
        "HoSoCoThanhPhanSoHoa": rng.choice([0, 1], n, p=[0.02, 0.98]),
        "DuocTaiSuDung": rng.choice([0, 1], n, p=[0.4, 0.6]),
        "DaSoHoaKetQua": rng.choice([0, 1], n, p=[0.02, 0.98]),
        "CoKetQuaDienTu": rng.choice([0, 1], n, p=[0.03, 0.97]),
        "XuLyTrucTuyen": rng.choice([0, 1], n, p=[0.1, 0.9]),
        "TongPhiLePhi": rng.choice([0, 8000, 50000, 100000], n, p=[0.6, 0.2, 0.15, 0.05]),
        "DuocThanhToanTrucTuyen": rng.choice([0, 1, 2], n, p=[0.4, 0.5, 0.1]),
        "DanhGia": pl.Series(["Rất hài lòng", "Hài lòng", "Không hài lòng", None]).gather(rng.choice(4, n, p=[0.5, 0.3, 0.01, 0.19])),
        "DonViXuLy": "UBND xã",
        "NguoiXuLy": pl.Series([f"Cán bộ {i}" for i in range(40)]).gather(rng.integers(0, 40, n)),
        "ChuHoSo": "Nguyễn Văn A",
        "SoDienThoai": "0900000000",
    })
    frame = frame.with_columns(NgayTiepNhan=pl.lit(YEAR_START) + pl.duration(minutes=pl.col("_phut"))).drop("_phut")
    due = pl.col("NgayTiepNhan") + pl.duration(days=pl.lit(rng.integers(1, 15, n)))
    done = pl.col("NgayTiepNhan") + pl.duration(days=pl.lit(rng.integers(0, 16, n)))
    fmt = "%Y%m%d%H%M%S"
    return frame.with_columns(
        NgayHenTra=due.dt.strftime(fmt),
        NgayKetThucXuLy=pl.when(pl.col("TrangThaiHoSo").is_in([9, 10])).then(done.dt.strftime(fmt)),
        NgayCapNhat=done.dt.strftime(fmt),
        NgayTiepNhan=pl.col("NgayTiepNhan").dt.strftime(fmt),
    )


def write_city(out: Path, communes: int, per_commune: int) -> Path:
    """The dossier CSV plus small files of the other sources for every commune; returns the dossier file."""
    out.mkdir(parents=True, exist_ok=True)
    dossiers = out / "ho_so_thanh_pho.csv"
    dossier_frame(communes, per_commune).write_csv(dossiers)
    codes = [f"X{i:03d}" for i in range(communes)]
    rng = np.random.default_rng(2)
    n = communes * 100
    pl.DataFrame({
        "ma_xa": pl.Series(codes).gather(np.repeat(np.arange(communes), 100)),
        "ma_pakn": [f"PA{i:07d}" for i in range(n)],
        "ngay_tiep_nhan": [f"{1 + i % 28:02d}/{1 + i % 12:02d}/2025" for i in range(n)],
        "han_xu_ly": [f"{1 + i % 28:02d}/{1 + i % 12:02d}/2025" for i in range(n)],
        "ngay_xu_ly": [f"{1 + i % 28:02d}/{1 + i % 12:02d}/2025" for i in range(n)],
        "trang_thai": "Đã xử lý",
        "ngay_du_lieu": "31/12/2025",
    }).write_csv(out / "pakn_thanh_pho.csv")
    procedures = 120
    pl.DataFrame({
        "ma_xa": pl.Series(codes).gather(np.repeat(np.arange(communes), procedures)),
        "ma_tthc": [f"1.{i % procedures:06d}" for i in range(communes * procedures)],
        "ten_tthc": [f"Thủ tục {i % procedures}" for i in range(communes * procedures)],
        "muc_do": rng.choice([2, 3, 4], communes * procedures, p=[0.05, 0.25, 0.7]),
        "du_dieu_kien_toan_trinh": rng.choice([0, 1], communes * procedures),
        "cung_cap_tren_dvcqg": 1,
        "ngay_du_lieu": "15/12/2025",
    }).write_csv(out / "thu_tuc_thanh_pho.csv")
    return dossiers


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    """Best wall time of `repeat` runs, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def median(values: list[float]) -> float:
    """The middle value."""
    return sorted(values)[len(values) // 2]


def duckdb_floor(path: Path, scratch: Path) -> float:
    """The floor for loading the dossier file: DuckDB's own read_csv of it into a table in a file, checkpointed."""
    import duckdb

    db = scratch / "floor.duckdb"
    db.unlink(missing_ok=True)
    start = time.perf_counter()
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE t AS SELECT * FROM read_csv($path)", {"path": str(path)})
        con.execute("CHECKPOINT")
    seconds = time.perf_counter() - start
    db.unlink()
    return seconds


def load_in_subprocess(paths: list[Path], wh: Path, commune: str = "X000") -> tuple[float, float, dict, list]:
    """Run the real `load` in a fresh process: (seconds, peak RSS in GiB, seconds per stage, outcomes).

    The peak is the process's own (VmHWM): getrusage's ru_maxrss would also count the parent's peak, which a
    child started by vfork inherits (this script's own, several GiB after writing a large city).
    """
    code = (
        "import json, sys, time; from pathlib import Path; from datetime import date\n"
        "from pipelines.load import load\n"
        "t = time.perf_counter(); r = load([Path(p) for p in sys.argv[3:]], Path(sys.argv[1]), commune=sys.argv[2], "
        "today=date(2026, 1, 31))\n"
        "peak = next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM:'))\n"
        "print(json.dumps([time.perf_counter() - t, peak, r.timings, [[o.path.name, o.status, o.rows_loaded] for o in r.outcomes]]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(wh), commune, *map(str, paths)], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    seconds, rss_kb, stages, outcomes = json.loads(out.stdout.splitlines()[-1])
    return seconds, rss_kb / 1024 / 1024, stages, outcomes


def load_city(data: Path, wh: Path) -> tuple[float, float, dict]:
    """The city's files into an empty warehouse: seconds, peak memory in GiB, seconds per stage."""
    wh.unlink(missing_ok=True)
    seconds, peak, stages, outcomes = load_in_subprocess([data], wh)
    assert all(status == "loaded" for _, status, _ in outcomes), outcomes
    return seconds, peak, stages


FLOOR_PROCESS = ("import sys, duckdb; con = duckdb.connect(sys.argv[1]); "
                 "con.execute('CREATE TABLE t AS SELECT * FROM read_csv($p)', {'p': sys.argv[2]}); con.execute('CHECKPOINT')")


def whole_processes(dossiers: Path, data: Path, wh: Path, scratch: Path, pairs: int = 3) -> list[tuple[float, float]]:
    """As a user runs them, in turns: the floor as a whole process (`python -c` with DuckDB's read_csv into a file) and
    `python -m pipelines load FOLDER --quiet` as a whole process (start-up, imports and the closing summary count):
    [(floor seconds, load seconds)]."""
    def timed_run(args: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(args, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    out = []
    for _ in range(pairs):
        (scratch / "floor.duckdb").unlink(missing_ok=True)
        floor = timed_run([sys.executable, "-c", FLOOR_PROCESS, str(scratch / "floor.duckdb"), str(dossiers)])
        (scratch / "floor.duckdb").unlink()
        wh.unlink(missing_ok=True)
        out.append((floor, timed_run([sys.executable, "-m", "pipelines", "--warehouse", str(wh), "--commune", "X000",
                                      "load", str(data), "--quiet"])))
    return out


def whole_process_row(pairs: list[tuple[float, float]]) -> tuple:
    """The table's line for the load as a user runs it."""
    ratios = sorted(load / floor for floor, load in pairs)
    load, floor = median([p[1] for p in pairs]), median([p[0] for p in pairs])
    return (f"Load city as a user runs it (`python -m pipelines load`, whole process, median of {len(pairs)})",
            f"{load:.1f} s", f"{median(ratios):.2f}× whole-process floor ({floor:.1f} s; pairs {ratios[0]:.2f}–{ratios[-1]:.2f})",
            "≤ 2× floor", median(ratios) <= 2)


def floor_and_load(dossiers: Path, data: Path, wh: Path, scratch: Path, pairs: int = 3) -> list[tuple[float, tuple]]:
    """The floor and the load taken in turns, `pairs` times, so that each pair sees the same minute of a machine
    whose speed drifts: [(floor seconds, (load seconds, peak, stages))]."""
    return [(duckdb_floor(dossiers, scratch), load_city(data, wh)) for _ in range(pairs)]


def xlsx_comparison(out: Path, rows: int = 100_000) -> tuple[float, float]:
    """Our reader against pandas+openpyxl on a rows-long dossier workbook: (ours, pandas) seconds."""
    import pandas as pd
    import xlsxwriter

    from pipelines.load import read_file

    path = out / "ho_so_100k.xlsx"
    if not path.exists():
        frame = dossier_frame(1, rows, seed=3).drop("ChuHoSo", "SoDienThoai")
        with xlsxwriter.Workbook(path, {"constant_memory": True}) as book:
            sheet = book.add_worksheet("Hồ sơ")
            sheet.write_row(0, 0, frame.columns)
            for r, row in enumerate(frame.iter_rows(), start=1):
                sheet.write_row(r, 0, row)
    ours, results = timed(lambda: read_file(path, today=date(2026, 1, 31)), repeat=2)
    assert results[0].rows_loaded == rows, results[0].error
    theirs, _ = timed(lambda: pd.read_excel(path, engine="openpyxl"))
    return ours, theirs


def small_files(out: Path, count: int = 200) -> list[Path]:
    """`count` small dossier exports, each the fixture's rows under file-specific dossier codes (so none is a duplicate)."""
    folder = out / "small"
    folder.mkdir(exist_ok=True)
    text = (ROOT / "tests" / "fixtures" / "ho_so_dong_bo.csv").read_text(encoding="utf-8")
    paths = []
    for i in range(count):
        path = folder / f"ho_so_{i:04d}.csv"
        if not path.exists():
            path.write_text(text.replace("H26.01-", f"H26.{i:04d}-"), encoding="utf-8")
        paths.append(path)
    return paths


def evaluation_timings(wh: Path, to: date = SNAPSHOT, forecasts: bool = False) -> tuple[float, float]:
    """The 40 targets for one commune, and for every commune (with their forecasts at the horizon): best of 5 each."""
    from warehouse.db import connect_readonly
    from warehouse.evaluate import evaluate, evaluate_communes
    from warehouse.forecast import add_forecasts, ends_to_count
    from warehouse.plan import load_plan

    plan = load_plan()
    ends = ends_to_count(plan, date(2025, 1, 1), to)

    def one_commune():
        evaluations = evaluate(con, plan, date(2025, 1, 1), to, "X007", counts_at=ends if forecasts else ())
        if forecasts:
            add_forecasts(con, plan, evaluations, "X007")
        return evaluations

    def every_commune():
        by_commune = evaluate_communes(con, plan, date(2025, 1, 1), to, counts_at=ends if forecasts else ())
        if forecasts:
            add_forecasts(con, plan, [e for evaluations in by_commune.values() for e in evaluations], None)
        return by_commune

    with connect_readonly(wh) as con:
        one, judged = timed(one_commune, repeat=5)
        every, result = timed(every_commune, repeat=5)
    assert len(result) >= 114 or len(result) > 1
    assert not forecasts or any(e.forecast for e in judged)
    return one, every


def forecast_rows(wh: Path, communes: int) -> list[tuple]:
    """The evaluation at 30/09/2025 with the forecasts and without: what forecasting adds (goal: at most 20%)."""
    september = date(2025, 9, 30)
    plain, forecast = evaluation_timings(wh, september), evaluation_timings(wh, september, forecasts=True)
    rows = []
    for label, without, with_ in (("one commune", plain[0], forecast[0]), (f"all {communes} communes", plain[1], forecast[1])):
        added = with_ / without - 1
        rows.append((f"40 targets at 30/09/2025, {label}: with forecasts / without", f"{with_ * 1000:.0f} ms / {without * 1000:.0f} ms",
                     f"+{added:.0%}", "≤ +20%", added <= 0.2))
    return rows


def city_command_timing(wh: Path) -> float:
    """`python -m pipelines city --json` on the city warehouse, in-process (its work beyond start-up): best of 5."""
    import contextlib
    import io

    from pipelines.cli import main as cli

    def run() -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            assert cli(["city", "--json", "--to", SNAPSHOT.isoformat(), "--warehouse", str(wh)]) == 0

    seconds, _ = timed(run, repeat=5)
    return seconds


def main() -> None:
    """Write the data, measure, print the table (and JSON beside it)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=114)
    parser.add_argument("--dossiers", type=int, default=25_000)
    parser.add_argument("--scales", default="1,3", help="city sizes to load for peak memory (1: the city; 10: a province)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--evaluation", action="store_true", help="only the evaluation's rows (the city loaded once if needed)")
    parser.add_argument("--whole-process", action="store_true", help="only the load as a user runs it, against the floor")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    data = args.out / "city"
    dossiers = data / "ho_so_thanh_pho.csv"
    if not dossiers.exists():
        write_city(data, args.communes, args.dossiers)
    wh = args.out / "city.duckdb"
    if args.evaluation:
        if not wh.exists():
            load_city(data, wh)
        one, every = evaluation_timings(wh)
        print_table([("40 targets, one commune", f"{one * 1000:.0f} ms", "", "≤ 100 ms", one <= 0.1),
                     (f"40 targets, all {args.communes} communes", f"{every * 1000:.0f} ms", "", "≤ 1 s", every <= 1.0),
                     *forecast_rows(wh, args.communes)], args.out)
        return
    if args.whole_process:
        print_table([whole_process_row(whole_processes(dossiers, data, wh, args.out))], args.out)
        return
    rows = args.communes * args.dossiers
    pairs = floor_and_load(dossiers, data, wh, args.out)
    floor, (load_s, _, stages) = median([p[0] for p in pairs]), sorted((p[1] for p in pairs), key=lambda load: load[0])[len(pairs) // 2]
    ratios = sorted(load[0] / floor_s for floor_s, load in pairs)
    ratio, peak = median(ratios), max(load[1] for _, load in pairs)
    again, _, _, _ = load_in_subprocess([data], wh)
    one_more, _, _, outcomes = load_in_subprocess([ROOT / "tests" / "fixtures" / "so_theo_doi_ho_so.xlsx"], wh, commune="X999")
    assert outcomes[0][1] == "loaded", outcomes
    one, every = evaluation_timings(wh)
    city_s = city_command_timing(wh)
    small = small_files(args.out)
    small_wh = args.out / "small.duckdb"
    small_wh.unlink(missing_ok=True)
    small_s, _, _, outcomes = load_in_subprocess(small, small_wh)
    assert all(status == "loaded" for _, status, _ in outcomes), outcomes
    per_file = small_s / len(small)
    ours, pandas_s = xlsx_comparison(args.out)
    share = stages["gate"] / load_s
    table = [
        (f"Load city (full `load`, {rows:,} dossiers, median of {len(pairs)}, each beside a floor)", f"{load_s:.1f} s",
         f"{ratio:.2f}× floor (pairs {ratios[0]:.2f}–{ratios[-1]:.2f})", "≤ 2× floor", ratio <= 2),
        ("Floor: DuckDB `CREATE TABLE … AS SELECT * FROM read_csv(…)` + CHECKPOINT (median)", f"{floor:.1f} s", "", "", None),
        whole_process_row(whole_processes(dossiers, data, wh, args.out)),
        ("… reading and typing into the warehouse", f"{stages['read']:.1f} s", f"{stages['read'] / load_s:.0%} of load", "", None),
        ("… the quality gate", f"{stages['gate']:.1f} s", f"{share:.0%} of load", "≤ 25% of load", share <= 0.25),
        ("… publishing (newest versions, models, checkpoint, swap)", f"{stages['publish']:.1f} s",
         f"{stages['publish'] / load_s:.0%} of load", "", None),
        ("Peak memory, city (1×)", f"{peak:.2f} GiB", "", "≤ 2 GiB", peak <= 2),
    ]
    for scale in [int(x) for x in args.scales.split(",") if int(x) > 1]:
        big = args.out / f"city_x{scale}"
        if not (big / "ho_so_thanh_pho.csv").exists():
            write_city(big, args.communes * scale, args.dossiers)
        seconds, big_peak, _ = load_city(big, args.out / f"city_x{scale}.duckdb")
        table.append((f"Peak memory, {scale}× city ({rows * scale:,} dossiers, loaded in {seconds:.0f} s)",
                      f"{big_peak:.2f} GiB", "", "≤ 2 GiB", big_peak <= 2))
        (args.out / f"city_x{scale}.duckdb").unlink(missing_ok=True)
    table += [
        ("Loading the unchanged files again", f"{again:.2f} s", "", "≤ 1 s", again <= 1),
        ("One more commune's small workbook into the city warehouse", f"{one_more:.2f} s", "", "≤ 2 s", one_more <= 2),
        (f"{len(small)} small exports in one `load` (per file)", f"{per_file:.3f} s", f"{small_s:.1f} s in all", "≤ 0.1 s",
         per_file <= 0.1),
        ("40 targets, one commune", f"{one * 1000:.0f} ms", "", "≤ 100 ms", one <= 0.1),
        (f"40 targets, all {args.communes} communes", f"{every * 1000:.0f} ms", "", "≤ 1 s", every <= 1.0),
        *forecast_rows(wh, args.communes),
        ("`city --json` on the city warehouse, beyond start-up", f"{city_s * 1000:.0f} ms", "", "≤ 1 s", city_s <= 1.0),
        (".xlsx 100k rows: our reader", f"{ours:.2f} s", f"{pandas_s / ours:.0f}× faster", "≥ 10×", pandas_s / ours >= 10),
        (".xlsx 100k rows: pandas + openpyxl", f"{pandas_s:.2f} s", "", "", None),
    ]
    print_table(table, args.out)


def print_table(table: list[tuple], out: Path) -> None:
    """The results as a Markdown table after the machine's line (and as JSON beside them)."""
    print(f"Machine: {platform.processor() or platform.machine()}, {_cores()} cores, Python {platform.python_version()}, "
          f"{date.today():%d/%m/%Y}")
    print("| Measure | Result | Ratio | Goal | Met |\n|---|---|---|---|---|")
    for name, result, ratio, goal, met in table:
        print(f"| {name} | {result} | {ratio} | {goal} | {'' if met is None else 'yes' if met else 'NO'} |")
    (out / "results.json").write_text(json.dumps([list(r) for r in table], ensure_ascii=False, indent=1))


def _cores() -> int:
    """CPU cores available."""
    import os

    return len(os.sched_getaffinity(0))


if __name__ == "__main__":
    main()
