"""How values are written: Vietnamese style for people, plain numbers for the city's files."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from functools import cache
from pathlib import Path

import polars as pl

from warehouse.plan import Target
from warehouse.sources import codes, sources


def cut(value: float, places: int) -> Decimal:
    """The value cut (not rounded) to `places` decimals: 99.96 → 99.9 at one place."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)


def plain_number(value: float | None, places: int = 2) -> str:
    """A number for files: `.` decimal point, cut, no trailing zeros (95.3, 100, 12345678900)."""
    if value is None:
        return ""
    text = f"{cut(value, places):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def vn_number(value: float | None, places: int = 0) -> str:
    """A number for people: `.` for thousands, `,` for decimals (1.234, 95,3)."""
    if value is None:
        return "–"
    text = f"{cut(value, places):,f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def vn_numbers(column: pl.Expr, places: int = 0) -> pl.Expr:
    """vn_number over a column (1.234; 95,3), vectorised; NULL stays NULL. Cut on the value's shortest decimal
    writing, as vn_number does (0.29 × 100 is 28.999… in binary: arithmetic would cut it to 0,28)."""
    text = column.cast(pl.Float64).cast(pl.String)  # shortest round-trip digits: '-0.29', '7212.0', '1e+16', '1e-07'
    digits = (pl.when(text.str.contains("e-")).then(pl.lit("0.0"))  # under 0.0001: nothing shows at 3 places
              .when(text.str.contains("e")).then(column.abs().cast(pl.Int64).cast(pl.String))  # 1e16 and up: whole
              .otherwise(text.str.strip_chars_start("-")))
    parts = digits.str.split(".")
    whole = parts.list.first().str.reverse().str.replace_all(r"(\d{3})", "$1.").str.reverse().str.strip_chars_start(".")
    decimals = pl.concat_str(parts.list.get(1, null_on_oob=True).fill_null(""), pl.lit("0" * places)).str.slice(0, places)
    number = pl.concat_str(whole, pl.lit(","), decimals) if places else whole
    return pl.when(text.str.starts_with("-")).then(pl.concat_str(pl.lit("-"), number)).otherwise(number)


def vn_percent(value: float | None) -> str:
    """A percentage with one decimal, cut: 95,3%."""
    return "–" if value is None else f"{vn_number(value, 1)}%"


def vn_date(day: date | None) -> str:
    """dd/mm/yyyy, or empty."""
    return day.strftime("%d/%m/%Y") if day else ""


def _month_end(day: date) -> bool:
    """True on a month's last day."""
    return (day + timedelta(days=1)).day == 1


def vn_month(day: date) -> str:
    """The month of a day as people write it: '8/2025'."""
    return f"{day.month}/{day.year}"


def month_or_day(day: date) -> str:
    """A month's last day as its month ('8/2025'), any other day as dd/mm/yyyy."""
    return vn_month(day) if _month_end(day) else vn_date(day)


def since_text(status: str, since: date | None) -> str:
    """When today's status began, as a leader says it: 'Chưa đạt từ tháng 8/2025' (from a month's end) or
    'Chưa đạt từ 20/07/2025' (from a deadline); empty when it held all period."""
    if since is None:
        return ""
    return f"{status} từ {'tháng ' if _month_end(since) else ''}{month_or_day(since)}"


def threshold_text(target: Target, threshold: float | None) -> str:
    """The threshold judged, as the plan says it: `≥ 95%`, `100%`, `≥ 2`, `Hoàn thành`."""
    if target.unit == "done":
        return "Hoàn thành"
    number = plain_number(threshold).replace(".", ",")
    if target.unit == "count":
        return f"≥ {number}"
    return f"{number}%" if threshold == 100 else f"≥ {number}%"


def value_text(target: Target, value: float | None) -> str:
    """A target's value for people: 95,3% / 2 / Hoàn thành."""
    if value is None:
        return "–"
    if target.unit == "done":
        return "Hoàn thành" if value else "Chưa hoàn thành"
    if target.unit == "count":
        return vn_number(value)
    return vn_percent(value)


@cache
def column_words() -> tuple[dict[str, dict[int, str]], frozenset[str], dict[str, str]]:
    """From the source catalogue: the words of each coded column (trang_thai 10 → 'Đã trả kết quả'), the
    money columns, and each column's title as the exports write it."""
    words, money, titles = {}, set(), {}
    for source in sources().values():
        for c in source.columns.values():
            if c.codes:
                words.setdefault(c.name, codes()[c.codes])
            if c.type == "amount":
                money.add(c.name)
            if c.titles:
                titles.setdefault(c.name, c.titles[0])
    return words, frozenset(money), titles


LOAD_WORDS = {"loaded": "Đã nạp", "rejected": "Từ chối", "skipped": "Bỏ qua", "withdrawn": "Đã rút"}


def column_title(name: pl.Expr) -> pl.Expr:
    """Canonical column names (ngay_tiep_nhan) as the exports title them (Ngày tiếp nhận)."""
    return name.replace(column_words()[2])


def for_reading(frame: pl.DataFrame) -> pl.DataFrame:
    """A table of records as people read it: codes in words, money with thousands dots (4.500.000.000),
    empty text cells empty (not 'None')."""
    words, money, _ = column_words()
    out = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if name in words and dtype.is_integer():
            column = column.replace_strict(words[name], default=column.cast(pl.String), return_dtype=pl.String).fill_null("")
        elif name in money and dtype.is_numeric():  # digits grouped from the right: reverse, dot every three, reverse
            column = (column.round(0).cast(pl.Int64).cast(pl.String).str.reverse().str.replace_all(r"(\d{3})", "$1.")
                      .str.reverse().str.strip_chars_start(".").fill_null(""))
        elif dtype == pl.String:
            column = column.fill_null("")
        out.append(column.alias(name))
    return frame.select(out)


def defused(frame: pl.DataFrame) -> pl.DataFrame:
    """A table whose text cells cannot run as formulas in a spreadsheet (a leading = + - @ gets a quote), for
    showing (the table's own CSV download writes what is shown) and for the app's CSV alike."""
    risky = [pl.when(pl.col(c).str.contains(r"^[=+\-@\t\r]")).then(pl.concat_str(pl.lit("'"), pl.col(c))).otherwise(pl.col(c))
             .alias(c) for c, t in frame.schema.items() if t == pl.String]
    return frame.with_columns(risky) if risky else frame


def write_records(path: Path, frame: pl.DataFrame) -> None:
    """A records table written as .csv (records_csv) or .xlsx (dates as dates, dd/mm/yyyy; no formula), by the
    file's suffix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".xlsx":
        defused(frame).write_excel(path, worksheet="Mục", dtype_formats={pl.Date: "dd/mm/yyyy"}, autofit=True, freeze_panes=(1, 0))
    else:
        path.write_bytes(records_csv(frame))


def records_csv(frame: pl.DataFrame) -> bytes:
    """A records table as CSV for Excel: UTF-8 with BOM, dates dd/mm/yyyy, no cell that runs as a formula."""
    return b"\xef\xbb\xbf" + defused(frame).with_columns(pl.col(pl.Date).dt.strftime("%d/%m/%Y")).write_csv().encode("utf-8")


# Titles of the columns the target models return that the source catalogue does not title (or titles less
# clearly for a records table); the others take the catalogue's (warehouse.display.column_words).
MODEL_TITLES = {
    "ma": "Mã", "ly_do": "Lý do", "ngay_nhan": "Ngày tiếp nhận", "ngay_hen": "Ngày hẹn trả",
    "ngay_xong": "Ngày kết thúc", "qua_han": "Quá hạn", "co_pakn": "Có PAKN", "tac_gia": "Cơ quan ban hành",
    "han": "Hạn xử lý", "ngay_so_lieu": "Ngày số liệu", "ngay_goc": "Ngày gốc", "goc": "Biên chế 2021",
    "ngay_hien_co": "Ngày hiện tại", "hien_co": "Biên chế hiện tại", "ke_hoach_von_nam": "Kế hoạch vốn năm (đồng)",
    "luy_ke_giai_ngan": "Lũy kế giải ngân (đồng)", "tu_so": "Tử số", "mau_so": "Mẫu số",
}


def title(column: str) -> str:
    """A column's Vietnamese title for tables and downloads."""
    return MODEL_TITLES.get(column) or column_words()[2].get(column, column)


def for_people(frame: pl.DataFrame) -> pl.DataFrame:
    """A records frame for people: the code and the reason first, Vietnamese column titles, codes in words,
    money grouped, no counting columns."""
    first = [c for c in ("ma", "ly_do") if c in frame.columns]
    keep = first + [c for c in frame.columns if c not in ("tu_so", "mau_so", "ma_xa", *first)]
    return for_reading(frame.select(keep)).rename({c: title(c) for c in keep})
