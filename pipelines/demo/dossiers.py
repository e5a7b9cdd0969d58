"""Dossiers: their whole lives, the national sync exports (CSV / JSON Lines), the one-stop "Sổ theo dõi hồ sơ"
workbook and the paper book."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.demo.common import (
    CUTOFF,
    HOLIDAYS,
    MERGER,
    NAT,
    PREDECESSORS,
    UBND,
    YEAR_END,
    busday,
    by_year_end,
    day_at,
    dt,
    hours,
    kept,
    month_end,
    personal,
    secs,
    vals,
    words,
    yes,
)
from pipelines.demo.tables import mapping
from pipelines.demo.workbook import Workbook, footer

# Per field: handling unit (after the merger), P(late), P(1 supplement), P(2 supplements), P(data reused),
# P(rated "Không hài lòng" among rated dossiers); FIELD_DEFAULT for every other field.
FIELDS = {field: tuple(values) for field, values in mapping("fields")["by_field"].items()}
FIELD_DEFAULT = tuple(mapping("fields")["default"])
SLOW_FIELDS = ["Đất đai", "Xây dựng"]
ECONOMIC = {"Đất đai", "Xây dựng", "Đầu tư", "Kinh tế hợp tác", "Lưu thông hàng hóa trong nước",
            "Trồng trọt", "Nông nghiệp", "Môi trường", "Đường bộ", "Thủy lợi"}
UNITS = {
    "TT": "Trung tâm Phục vụ hành chính công xã Khúc Thừa Dụ",
    "KT": "Phòng Kinh tế",
    "VHXH": "Phòng Văn hóa - Xã hội",
}
OFFICIALS = mapping("officials")  # unit or predecessor → its officials, in the order they are drawn
KENH = {1: "Trực tiếp", 2: "Trực tuyến", 3: "Bưu chính công ích"}
MUC_DO = {2: "Cung cấp thông tin", 3: "Một phần", 4: "Toàn trình"}
TRANG_THAI = {3: "Không được tiếp nhận", 4: "Đang xử lý", 5: "Yêu cầu bổ sung", 7: "Công dân rút hồ sơ",
              8: "Dừng xử lý", 9: "Đã xử lý xong", 10: "Đã trả kết quả"}
THANH_TOAN = {0: "Không", 1: "Cổng DVCQG", 2: "Cổng thanh toán của thành phố"}


# ---------------------------------------------------------------------------------------------
# Their whole lives
# ---------------------------------------------------------------------------------------------

def _day_weights(days: np.ndarray) -> np.ndarray:
    """How busy each day of 2025 is at the counter: working days, quieter around Tết and the merger."""
    saturday = (days.astype("datetime64[D]").view("int64") - 2) % 7 == 0
    w = np.is_busday(days, holidays=HOLIDAYS) + 0.02 * saturday

    def between(a: str, b: str) -> np.ndarray:
        """Days from a to b inclusive."""
        return (days >= np.datetime64(a)) & (days <= np.datetime64(b))

    w[between("2025-01-25", "2025-02-02")] = 0.0  # Tết break, Saturdays included
    w[between("2025-01-20", "2025-01-24")] *= 0.7
    w[between("2025-02-03", "2025-02-07")] *= 0.45
    w[between("2025-02-10", "2025-02-14")] *= 0.8
    w[between("2025-07-01", "2025-07-04")] *= 0.55  # the new commune's accounts being set up
    w[days >= MERGER] *= 1.12
    return w


def _fees(rng: np.random.Generator, p: pl.DataFrame) -> np.ndarray:
    """Fee of each dossier in đồng: the procedure's, or 2,000/page (1,000 from the third) for copies."""
    pages = 1 + rng.poisson(1.6, p.height)
    per_page = 2000 * np.minimum(pages, 2) + 1000 * np.maximum(pages - 2, 0)
    return np.where(p["theo_trang"].to_numpy(), per_page, p["phi"].to_numpy()).astype(np.int64)


def draw_dossiers(rng: np.random.Generator, procs: pl.DataFrame) -> pl.DataFrame:
    """About 20,000 dossiers received in 2025, each with its whole life (events, flags, rating)."""
    days = np.arange("2025-01-01", "2026-01-01", dtype="datetime64[D]")
    w = _day_weights(days)
    n = int(rng.normal(20_000, 300))
    day = days[rng.choice(len(days), n, p=w / w.sum())]
    t_in = np.sort(day_at(day, hours(rng, n, 7.5, 16.75)))
    proc = _pick_procedures(rng, t_in.astype("datetime64[D]"), procs)
    p = procs[proc]
    field = p["linh_vuc"].to_numpy()
    level = p["muc_do"].to_numpy()
    params = np.array([FIELDS.get(f, FIELD_DEFAULT)[1:] for f in procs["linh_vuc"]])[proc]
    kenh = _channels(rng, level)
    due = _due(t_in, p["han"].to_numpy())
    times, values = _life(rng, t_in, due, params, (kenh == 2) & (level == 4), field)
    frame = pl.DataFrame({
        "ma_tthc": p["ma_tthc"], "ten_tthc": p["ten_tthc"], "linh_vuc": p["linh_vuc"], "muc_do": level,
        "kenh": kenh, "t_in": dt(t_in), "t_due": dt(due), **{k: dt(v) for k, v in times.items()}, **values,
    })
    frame = frame.with_columns(_flags(rng, frame, p, params))
    return _identify(rng, frame)


def _pick_procedures(rng: np.random.Generator, day: np.ndarray, procs: pl.DataFrame) -> np.ndarray:
    """A procedure for each dossier among those in force on its day (transferred ones from 1/7)."""
    weight = procs["trong_so"].to_numpy()
    before = np.where(procs["moi"].to_numpy(), 0.0, weight)
    after = np.where(procs["bai_bo"].to_numpy(), 0.0, weight)
    early = day < MERGER
    out = np.empty(len(day), dtype=np.int64)
    out[early] = rng.choice(len(procs), early.sum(), p=before / before.sum())
    out[~early] = rng.choice(len(procs), (~early).sum(), p=after / after.sum())
    return out


def _channels(rng: np.random.Generator, level: np.ndarray) -> np.ndarray:
    """Submission channel: online where the service allows it (mostly), a few by post."""
    p_online = np.select([level == 4, level == 3], [0.95, 0.45], 0.0)
    by_post = rng.random(len(level)) < 0.03
    return np.where(rng.random(len(level)) < p_online, 2, np.where(by_post, 3, 1)).astype(np.int64)


def _due(t_in: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Promised date: same day for same-day services received before 15:00, else n working days, 16:30."""
    day = t_in.astype("datetime64[D]")
    hour = (t_in - day.astype("datetime64[s]")).astype(np.int64) / 3600
    next_morning = (days == 0) & (hour >= 15)
    return day_at(busday(day, np.where(next_morning, 1, days)), np.where(next_morning, 10 * 3600, 16.5 * 3600))


def _processing(rng: np.random.Generator, t_in: np.ndarray, due: np.ndarray, params: np.ndarray,
                field: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """When processing ends (within the promised span, or some working days late) and whether late."""
    n = len(t_in)
    day, due_day = t_in.astype("datetime64[D]"), due.astype("datetime64[D]")
    span = np.busday_count(day, due_day, holidays=HOLIDAYS)
    late = rng.random(n) < params[:, 0]
    k = np.minimum(np.floor(span * rng.random(n) ** 1.6), span).astype(np.int64)
    delay = rng.integers(1, 9, n) + 6 * np.isin(field, SLOW_FIELDS)
    end_day = np.where(late, busday(due_day, delay), busday(day, k))
    lo = np.maximum(t_in + np.timedelta64(10, "m"), day_at(end_day, 7.75 * 3600))
    close = day_at(end_day, 16.75 * 3600)
    hi = np.where(late, close, np.minimum(close, due))
    return lo + secs((hi - lo).astype(np.int64).clip(0) * rng.random(n)), late


def _returns(rng: np.random.Generator, t_in: np.ndarray, end: np.ndarray, electronic: np.ndarray) -> np.ndarray:
    """When results are handed over: at once when electronic, else on the day or a few days later."""
    n = len(end)
    wait = np.select([rng.random(n) < 0.6, rng.random(n) < 0.6], [0, 1], rng.integers(2, 6, n))
    base = np.where(np.isnat(end), t_in, end).astype("datetime64[D]")
    later = day_at(busday(base, wait), hours(rng, n, 7.75, 16.75))
    ret = np.where(electronic | (wait == 0), end + secs(rng.integers(60, 1800, n)), later)
    uncollected = ~electronic & (rng.random(n) < 0.025)
    return by_year_end(np.where(np.isnat(end) | uncollected, NAT, ret))


def _life(rng: np.random.Generator, t_in: np.ndarray, due: np.ndarray, params: np.ndarray,
          electronic: np.ndarray, field: np.ndarray) -> tuple[dict, dict]:
    """Each dossier's final status and event times (NaT for what has not happened by year end)."""
    n = len(t_in)
    end, late = _processing(rng, t_in, due, params, field)
    u = rng.random(n)
    status = np.select([u < 0.004, u < 0.0075, u < 0.009], [3, 7, 8], 10)  # not accepted, withdrawn, stopped
    stuck = np.isin(field, SLOW_FIELDS) & (rng.random(n) < 0.006) & (t_in < np.datetime64("2025-11-20"))
    stuck &= status == 10  # waiting for another agency, still open at year end
    end = by_year_end(np.where((status == 10) & ~stuck, end, NAT))
    stop = t_in + secs((due - t_in).astype(np.int64) * rng.uniform(0.2, 0.9, n))
    stop = by_year_end(np.where(np.isin(status, [7, 8]), stop, NAT))
    ret = _returns(rng, t_in, end, electronic)
    n_sup = np.select([rng.random(n) < params[:, 2], rng.random(n) < params[:, 1]], [2, 1], 0) * (status != 3)
    horizon = np.where(np.isnat(end), due, end)
    sup = t_in + secs((horizon - t_in).astype(np.int64).clip(600) * rng.uniform(0.1, 0.5, n))
    sup = by_year_end(np.where(n_sup > 0, sup, NAT))
    accepted = np.minimum(t_in + secs(rng.integers(120, 3600, n)), CUTOFF)
    times = {"t_end": end, "t_ret": ret, "t_stop": stop, "t_sup": sup, "t_acc": accepted}
    return times, {"final": status, "n_sup": n_sup, "late": late & (status == 10)}


def _flags(rng: np.random.Generator, d: pl.DataFrame, p: pl.DataFrame, params: np.ndarray) -> list[pl.Series]:
    """Reuse, fee, online payment, rating, electronic handling and applicant type of each dossier."""
    n = d.height
    online = d["kenh"].to_numpy() == 2
    fee = _fees(rng, p)
    paid = np.where(online, rng.random(n) < 0.57, rng.random(n) < 0.05) & (fee > 0)
    rated = d["t_ret"].is_not_null().to_numpy() & (rng.random(n) < np.where(online, 0.5, 0.3))
    unhappy = np.where(d["late"].to_numpy(), 0.3, params[:, 4])
    r = rng.random(n)
    rating = np.where(r < unhappy, "Không hài lòng", np.where(r < unhappy + 0.56, "Rất hài lòng", "Hài lòng"))
    other = np.select([rng.random(n) < 0.004, rng.random(n) < 0.004], [3, 4], 1)
    who = np.where(p["doanh_nghiep"].to_numpy() & (rng.random(n) < 0.7), 2, other)
    return [
        pl.Series("phi_le_phi", fee),
        pl.Series("thanh_toan_truc_tuyen", np.where(paid, np.where(rng.random(n) < 0.55, 1, 2), 0)),
        kept("danh_gia", rating, rated),
        pl.Series("tai_su_dung", (rng.random(n) < params[:, 3]).astype(np.int64)),
        pl.Series("xu_ly_truc_tuyen", (online | (rng.random(n) < 0.2)).astype(np.int64)),
        pl.Series("loai_doi_tuong", who.astype(np.int64)),
    ]


def _identify(rng: np.random.Generator, d: pl.DataFrame) -> pl.DataFrame:
    """Commune code, dossier code, handling unit, official and the owner's (fake) personal data."""
    n = d.height
    early = (d["t_in"] < datetime(2025, 7, 1)).to_numpy()
    pred = rng.choice(3, n, p=[0.4, 0.35, 0.25])
    codes, prefixes, names = (np.array(c) for c in zip(*PREDECESSORS))
    unit = d["linh_vuc"].replace_strict({f: v[0] for f, v in FIELDS.items()}, default=FIELD_DEFAULT[0]).to_numpy()
    unit = np.where(np.isin(d["linh_vuc"].to_numpy(), list(ECONOMIC)), "KT", unit)
    desk = np.where(early, codes[pred], unit)
    official = np.empty(n, dtype=object)
    for key, people in OFFICIALS.items():  # a loop over units, not over dossiers
        here = desk == key
        official[here] = np.array(people, dtype=object)[rng.integers(0, len(people), here.sum())]
    frame = d.with_columns(
        ma_xa=pl.Series(np.where(early, codes[pred], "KTD")),
        prefix=pl.Series(np.where(early, prefixes[pred], "G22.KTD")),
        don_vi=pl.Series(np.where(early, names[pred], pl.Series(unit).replace_strict(UNITS).to_numpy())),
        can_bo_xu_ly=pl.Series(official.astype(str)),
        he_thong=pl.when(pl.col("linh_vuc") == "Hộ tịch").then(pl.lit("Bộ ngành")).otherwise(pl.lit("Thành phố")),
    )
    seq = pl.int_range(1, pl.len() + 1).over("prefix", pl.col("t_in").dt.date()).cast(pl.String).str.zfill(4)
    frame = frame.with_columns(ma_ho_so=pl.format("{}-{}-{}", "prefix", pl.col("t_in").dt.strftime("%y%m%d"), seq))
    return frame.with_columns(personal(rng, n)).drop("prefix")


# ---------------------------------------------------------------------------------------------
# The national sync exports (CSV / JSON Lines)
# ---------------------------------------------------------------------------------------------

SYNC = {
    "MaHoSo": "ma_ho_so", "MaDonViHanhChinh": "ma_xa", "MaTTHC": "ma_tthc", "TenTTHC": "ten_tthc",
    "TenLinhVuc": "linh_vuc", "KenhThucHien": "kenh", "MucDo": "muc_do", "LoaiDoiTuong": "loai_doi_tuong",
    "ChuHoSo": "chu_ho_so", "SoGiayToChuHoSo": "cccd", "DiaChiChuHoSo": "dia_chi", "SoDienThoai": "dien_thoai",
    "Email": "email", "NgayTiepNhan": "t_in", "NgayHenTra": "t_due", "NgayKetThucXuLy": "ngay_ket_thuc",
    "NgayTra": "ngay_tra", "TrangThaiHoSo": "trang_thai", "SoLanBoSung": "so_lan_bo_sung", "HeThong": "he_thong",
    "TrangThaiDongBoDVC": "da_dong_bo", "HoSoCoThanhPhanSoHoa": "so_hoa_thanh_phan",
    "DuocTaiSuDung": "tai_su_dung", "DaSoHoaKetQua": "so_hoa_ket_qua", "CoKetQuaDienTu": "ket_qua_dien_tu",
    "XuLyTrucTuyen": "xu_ly_truc_tuyen", "TongPhiLePhi": "phi_le_phi",
    "DuocThanhToanTrucTuyen": "thanh_toan_truc_tuyen", "DanhGia": "danh_gia", "NgayCapNhat": "ngay_cap_nhat",
    "DonViXuLy": "don_vi", "NguoiXuLy": "can_bo_xu_ly",
}
JSONL_MONTHS = (4, 9)  # months the sync tool exported JSON Lines instead of CSV


def state_at(d: pl.DataFrame, at: datetime) -> pl.DataFrame:
    """The dossiers received by `at` as the system showed them then (later events not yet happened)."""

    def seen(column: str) -> pl.Expr:
        """The event time if it happened by `at`."""
        return pl.when(pl.col(column) <= at).then(pl.col(column))

    end, ret = seen("t_end"), seen("t_ret")
    status = (
        pl.when(pl.col("final") == 3).then(3)
        .when(pl.col("final").is_in([7, 8]) & (pl.col("t_stop") <= at)).then(pl.col("final"))
        .when(end.is_not_null() & ret.is_not_null()).then(10)
        .when(end.is_not_null()).then(9)
        .when(pl.col("t_sup") <= at).then(5)
        .otherwise(4)
    )
    return d.filter(pl.col("t_in") <= at).with_columns(
        trang_thai=status,
        ngay_ket_thuc=end,
        ngay_tra=ret,
        so_lan_bo_sung=pl.when(pl.col("t_sup") <= at).then(pl.col("n_sup")).otherwise(0),
        ngay_cap_nhat=pl.max_horizontal("t_acc", seen("t_sup"), end, ret, seen("t_stop")),
        da_dong_bo=pl.lit(1),
        so_hoa_thanh_phan=pl.lit(1),
        so_hoa_ket_qua=end.is_not_null().cast(pl.Int64),
        ket_qua_dien_tu=end.is_not_null().cast(pl.Int64),
        danh_gia=pl.when(ret.is_not_null()).then(pl.col("danh_gia")),
    )


def write_sync_exports(folder: Path, d: pl.DataFrame) -> list[Path]:
    """Monthly national-sync exports: the month's dossiers plus earlier ones whose status changed."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    before = pl.DataFrame(schema={"ma_ho_so": pl.String, "cn_before": pl.Datetime("us")})
    for month in range(1, 13):
        state = state_at(d, month_end(month))
        changed = pl.col("ngay_cap_nhat") > pl.col("cn_before")
        received = pl.col("t_in") >= datetime(2025, month, 1)
        rows = state.join(before, on="ma_ho_so", how="left").filter(received | changed)
        before = state.select("ma_ho_so", cn_before="ngay_cap_nhat")
        sync = rows.sort("ngay_cap_nhat").select(pl.col(v).alias(k) for k, v in SYNC.items())
        sync = sync.with_columns(pl.col(pl.Datetime).dt.strftime("%Y%m%d%H%M%S"))
        path = folder / f"dvcqg_2025-{month:02d}.{'jsonl' if month in JSONL_MONTHS else 'csv'}"
        if month in JSONL_MONTHS:
            sync.write_ndjson(path)
        else:
            sync.write_csv(path)
        files.append(path)
    return files


# ---------------------------------------------------------------------------------------------
# The one-stop book and the paper book
# ---------------------------------------------------------------------------------------------

def _some_text_dates(rng: np.random.Generator, series: pl.Series, share: float) -> list:
    """Excel date cells, with a share of them typed as text `dd/mm/yyyy HH:mm` (as clerks do)."""
    values = np.array(series.to_list(), dtype=object)
    pick = (rng.random(len(values)) < share) & series.is_not_null().to_numpy()
    values[pick] = series.dt.strftime("%d/%m/%Y %H:%M").to_numpy()[pick]
    return values.tolist()


def _one_stop_columns(rows: pl.DataFrame, rng: np.random.Generator) -> list[tuple]:
    """The columns of the one-stop system's dossier book, in its order and words."""
    return [
        ("STT", None, list(range(1, rows.height + 1)), "int"),
        ("Mã hồ sơ", None, vals(rows["ma_ho_so"]), "text"),
        ("Mã TTHC", None, vals(rows["ma_tthc"]), "text"),
        ("Tên thủ tục", None, vals(rows["ten_tthc"]), "text"),
        ("Lĩnh vực", None, vals(rows["linh_vuc"]), "text"),
        ("Chủ hồ sơ", None, vals(rows["chu_ho_so"]), "text"),
        ("Địa chỉ", None, vals(rows["dia_chi"]), "text"),
        ("Kênh nộp", None, words(rows["kenh"], KENH), "text"),
        ("Mức độ DVC", None, words(rows["muc_do"], MUC_DO), "text"),
        ("Ngày", "tiếp nhận", vals(rows["t_in"]), "datetime"),
        ("Ngày", "hẹn trả", _some_text_dates(rng, rows["t_due"], 0.04), "datetime"),
        ("Ngày", "kết thúc xử lý", vals(rows["ngay_ket_thuc"]), "datetime"),
        ("Ngày", "trả kết quả", _some_text_dates(rng, rows["ngay_tra"], 0.05), "datetime"),
        ("Ngày", "cập nhật", vals(rows["ngay_cap_nhat"]), "datetime"),
        ("Trạng thái", None, words(rows["trang_thai"], TRANG_THAI), "text"),
        ("Số lần yêu cầu bổ sung", None, vals(rows["so_lan_bo_sung"]), "int"),
        ("Hệ thống xử lý", None, vals(rows["he_thong"]), "text"),
        ("Số hóa", "thành phần hồ sơ", yes(rows["so_hoa_thanh_phan"]), "text"),
        ("Số hóa", "kết quả", yes(rows["so_hoa_ket_qua"]), "text"),
        ("Tái sử dụng dữ liệu", None, yes(rows["tai_su_dung"]), "text"),
        ("Kết quả điện tử", None, yes(rows["ket_qua_dien_tu"]), "text"),
        ("Xử lý trên môi trường điện tử", None, yes(rows["xu_ly_truc_tuyen"]), "text"),
        ("Đồng bộ DVCQG", None, yes(rows["da_dong_bo"], "Có"), "text"),
        ("Phí, lệ phí (đồng)", None, vals(rows["phi_le_phi"]), "amount"),
        ("Thanh toán trực tuyến", None, words(rows["thanh_toan_truc_tuyen"], THANH_TOAN), "text"),
        ("Đánh giá", None, vals(rows["danh_gia"]), "text"),
        ("Cơ quan giải quyết", None, vals(rows["don_vi"]), "text"),
        ("Cán bộ xử lý", None, vals(rows["can_bo_xu_ly"]), "text"),
    ]


def write_one_stop_book(path: Path, d: pl.DataFrame, rng: np.random.Generator) -> Path:
    """The one-stop "Sổ theo dõi hồ sơ" of Q4 (Hộ tịch, Chứng thực), exported on 31/12/2025."""
    state = state_at(d, month_end(12))
    q4 = (pl.col("t_in") >= datetime(2025, 10, 1)) & pl.col("linh_vuc").is_in(["Hộ tịch", "Chứng thực"])
    rows = state.filter(q4).sort("t_in")
    book = Workbook(path)
    titles = [UBND, "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "SỔ THEO DÕI HỒ SƠ",
              "Lĩnh vực: Hộ tịch, Chứng thực - Từ ngày 01/10/2025 đến ngày 31/12/2025",
              "Ngày xuất: 31/12/2025", ""]
    total = [[f"Tổng số: {rows.height:,} hồ sơ".replace(",", ".")]]
    book.titled_sheet("So theo doi", titles, _one_stop_columns(rows, rng), footer(YEAR_END, (1, 25)),
           numbers=True, extra_rows=total)
    return book.close()


def draw_paper_dossiers(rng: np.random.Generator, procs: pl.DataFrame) -> pl.DataFrame:
    """Dossiers kept only in the paper book: mostly chứng thực while the new commune's accounts were set up."""
    n = int(rng.integers(38, 52))
    outage = np.array(["2025-03-12", "2025-10-21", "2025-10-21", "2025-11-05", "2025-12-09"], dtype="datetime64[D]")
    transition = busday(np.full(n - len(outage), MERGER), rng.integers(0, 12, n - len(outage)))
    day = np.sort(np.concatenate([transition, outage]))
    copies = rng.random(n) < 0.78
    code = np.where(rng.random(n) < 0.8, np.where(copies, "2.000815", "2.000884"),
                    np.where(rng.random(n) < 0.5, "1.004873", "2.000635"))
    p = pl.DataFrame({"ma_tthc": code}).join(procs, on="ma_tthc", how="left", maintain_order="left")
    t_in = day_at(day, hours(rng, n, 7.5, 11.5))
    due = _due(t_in, p["han"].to_numpy())
    end = np.minimum(t_in + secs(rng.integers(1200, 7200, n)), due)
    book = np.where(code == "2.000815", "SCT/BS", np.where(code == "2.000884", "SCT/CK", "STP/HT"))
    frame = pl.DataFrame({"_book": book, "t_in": dt(t_in), "t_due": dt(due), "t_end": dt(end)})
    seq = pl.int_range(1, pl.len() + 1).over("_book").cast(pl.String).str.zfill(3)
    frame = frame.with_columns(ma_ho_so=pl.format("{}/2025/{}", seq, "_book")).drop("_book")
    return pl.concat([frame, p.select("ma_tthc", "ten_tthc", "linh_vuc", "muc_do")], how="horizontal").with_columns(
        phi_le_phi=pl.Series(_fees(rng, p)),
        chu_ho_so=personal(rng, n)[0],
        can_bo_xu_ly=pl.Series(np.array(OFFICIALS["TT"][:3])[rng.integers(0, 3, n)]),
    )


def write_paper_book(path: Path, paper: pl.DataFrame) -> Path:
    """The paper book transcribed to Excel: dossiers never entered in any system (`Sổ giấy`)."""
    n = paper.height
    book = Workbook(path)
    titles = [UBND, "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "SỔ THEO DÕI HỒ SƠ (SỔ GIẤY) NĂM 2025",
              "Hồ sơ chỉ ghi sổ giấy, chưa cập nhật trên Hệ thống thông tin giải quyết TTHC",
              "Tính đến ngày 31/12/2025", ""]
    columns = [
        ("STT", None, list(range(1, n + 1)), "int"),
        ("Số hồ sơ", None, vals(paper["ma_ho_so"]), "text"),
        ("Mã TTHC", None, vals(paper["ma_tthc"]), "text"),
        ("Tên thủ tục", None, vals(paper["ten_tthc"]), "text"),
        ("Lĩnh vực", None, vals(paper["linh_vuc"]), "text"),
        ("Họ tên người nộp", None, vals(paper["chu_ho_so"]), "text"),
        ("Hình thức nộp", None, ["Trực tiếp"] * n, "text"),
        ("Mức độ DVC", None, words(paper["muc_do"], MUC_DO), "text"),
        ("Ngày tiếp nhận", None, vals(paper["t_in"].dt.date()), "date"),
        ("Ngày hẹn trả", None, vals(paper["t_due"].dt.strftime("%d/%m/%Y %H:%M")), "text"),
        ("Ngày có kết quả", None, vals(paper["t_end"].dt.date()), "date"),
        ("Ngày trả kết quả", None, vals(paper["t_end"].dt.date()), "date"),
        ("Trạng thái", None, ["Đã trả kết quả"] * n, "text"),
        ("Hệ thống xử lý", None, ["Sổ giấy"] * n, "text"),
        ("Số hóa thành phần hồ sơ", None, ["x"] * n, "text"),
        ("Số hóa kết quả", None, ["x"] * n, "text"),
        ("Kết quả điện tử", None, ["x"] * n, "text"),
        ("Đồng bộ DVCQG", None, [None] * n, "text"),
        ("Phí, lệ phí (đồng)", None, vals(paper["phi_le_phi"]), "amount"),
        ("Thanh toán trực tuyến", None, ["Không"] * n, "text"),
        ("Cơ quan giải quyết", None, [UNITS["TT"]] * n, "text"),
        ("Người xử lý", None, vals(paper["can_bo_xu_ly"]), "text"),
        ("Ghi chú", None, ["Bản gốc lưu sổ giấy; bản sao điện tử cấp qua hệ thống chứng thực điện tử"] * n, "text"),
    ]
    book.titled_sheet("So giay", titles, columns, footer(YEAR_END, (1, 19)), numbers=True)
    return book.close()
