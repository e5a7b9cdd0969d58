"""What the demo's export families share: the 2025 calendar, the commune's names, calendar and array helpers, fake
personal data, and the values of workbook columns."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import polars as pl

from pipelines.demo.tables import mapping, table

HOLIDAYS = np.array(
    ["2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-04-07",
     "2025-04-30", "2025-05-01", "2025-05-02", "2025-09-01", "2025-09-02", "2026-01-01"],
    dtype="datetime64[D]",
)
MERGER = np.datetime64("2025-07-01")  # the commune is formed from three predecessors
CUTOFF = np.datetime64("2025-12-31T17:30:00")  # the last events of the year happen before this
NAT = np.datetime64("NaT", "s")
YEAR_END = date(2025, 12, 31)
UBND = "UBND XÃ KHÚC THỪA DỤ"
PREDECESSORS = [  # commune code in the exports, dossier-code prefix, name
    ("KTD-01", "G22.TP", "UBND xã Tân Phong"),
    ("KTD-02", "G22.HD", "UBND xã Hồng Đức"),
    ("KTD-03", "G22.AD", "UBND xã An Đức"),
]
DEPT_NAMES = {unit[0]: unit[1] for unit in table("organisation")}  # the new commune's units, code → name
DEPARTMENTS = list(DEPT_NAMES.values())
NAMES = mapping("names")
SURNAMES, MIDDLE, GIVEN, VILLAGES = NAMES["surnames"], NAMES["middle"], NAMES["given"], NAMES["villages"]


def dmy(text: str) -> date:
    """A dd/mm/yyyy date."""
    d, m, y = map(int, text.split("/"))
    return date(y, m, d)


def busday(days: np.ndarray, n) -> np.ndarray:
    """The working day n working days after each day (a weekend or holiday first rolls forward)."""
    return np.busday_offset(days.astype("datetime64[D]"), n, roll="forward", holidays=HOLIDAYS)


def working_days(start: str, end: str) -> np.ndarray:
    """The working days from start up to (not including) end."""
    days = np.arange(start, end, dtype="datetime64[D]")
    return days[np.is_busday(days, holidays=HOLIDAYS)]


def secs(seconds) -> np.ndarray:
    """Whole seconds (ints or floats) as timedelta64[s]."""
    return np.asarray(seconds).astype(np.int64).astype("timedelta64[s]")


def day_at(days: np.ndarray, seconds) -> np.ndarray:
    """Date plus seconds after midnight, as datetime64[s]."""
    return days.astype("datetime64[D]").astype("datetime64[s]") + secs(seconds)


def hours(rng: np.random.Generator, n: int, start: float, end: float) -> np.ndarray:
    """Random times of day between two hours, in whole seconds."""
    return (rng.uniform(start, end, n) * 3600).astype(np.int64)


def by_year_end(times: np.ndarray) -> np.ndarray:
    """Events after the year's last working hour have not happened yet (NaT)."""
    return np.where(times > CUTOFF, NAT, times)


def kept(name: str, values: np.ndarray, keep: np.ndarray) -> pl.Series:
    """A text series with nulls where `keep` is False."""
    return pl.select(pl.when(pl.Series(keep)).then(pl.Series(values, dtype=pl.String)).alias(name)).to_series()


def dt(values: np.ndarray) -> pl.Series:
    """datetime64[s] (NaT for none) as a Polars datetime series."""
    return pl.Series(values.astype("datetime64[us]"))


def personal(rng: np.random.Generator, n: int) -> list[pl.Series]:
    """Fake owner name, ID number, address, phone and e-mail (the readers must drop them)."""

    def pick(items: list[str]) -> pl.Series:
        """n random items."""
        return pl.Series(np.array(items)[rng.integers(0, len(items), n)])

    def digits(k: int) -> pl.Series:
        """n random k-digit strings."""
        return pl.Series(rng.integers(0, 10 ** k, n)).cast(pl.String).str.zfill(k)

    name = pick(SURNAMES) + " " + pick(MIDDLE) + " " + pick(GIVEN)
    plain = name.str.replace_all("[đĐ]", "d").str.normalize("NFKD").str.replace_all(r"\p{Mn}", "")
    email = plain.str.to_lowercase().str.replace_all(" ", ".") + digits(3) + "@gmail.com"
    return [
        name.alias("chu_ho_so"),
        ("031" + pick(["0", "1", "2", "3"]) + digits(8)).alias("cccd"),
        (pick(VILLAGES) + ", xã Khúc Thừa Dụ, thành phố Hải Phòng").alias("dia_chi"),
        ("09" + digits(8)).alias("dien_thoai"),
        pl.select(pl.when(pl.Series(rng.random(n) < 0.4)).then(email)).to_series().alias("email"),
    ]


def month_end(month: int) -> datetime:
    """The last second of a month of 2025 (an export's cut)."""
    first_next = date(2025 + month // 12, month % 12 + 1, 1)
    return datetime.combine(first_next, datetime.min.time()) - timedelta(seconds=1)


def vals(series: pl.Series) -> list:
    """A Polars series as Python values for xlsxwriter (None stays an empty cell)."""
    return series.to_list()


def yes(series: pl.Series, yes: str = "x") -> list:
    """1/0 or True/False as a clerk types it: `x`/empty, or Có/Không."""
    return np.where(series.cast(pl.Boolean).fill_null(False).to_numpy(), yes, None if yes == "x" else "Không").tolist()


def words(series: pl.Series, mapping: dict) -> list:
    """Codes as the words the one-stop system prints."""
    return series.replace_strict(mapping, default=None, return_dtype=pl.String).to_list()
