"""Turn a sheet's text cells into typed canonical columns, vectorised, with a reason for every bad cell."""

from __future__ import annotations

from datetime import date

import polars as pl

from pipelines.catalogue import Column, Source, codes, fold, labels

DATE_FORMATS = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%Y%m%d%H%M%S",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
    "%Y%m%d",
)
TRUE_WORDS = ["1", "co", "x", "true", "da", "yes", "y"]
FALSE_WORDS = ["0", "khong", "false", "chua", "no", "n"]
EARLIEST_INTAKE = date(2020, 1, 1)
BROKEN_TEXT = "có ký tự hỏng (�): dòng này sai bảng mã, hãy xuất lại tệp dạng UTF-8"


def fold_expr(expr: pl.Expr) -> pl.Expr:
    """The Polars twin of catalogue.fold: no diacritics, lower case, punctuation folded."""
    return (
        expr.str.replace_all("đ", "d")
        .str.replace_all("Đ", "D")
        .str.normalize("NFKD")
        .str.replace_all(r"\p{Mn}", "")
        .str.to_lowercase()
        .str.replace_all(r"[^0-9a-z%]+", " ")
        .str.strip_chars()
    )


def parse_datetime(expr: pl.Expr) -> pl.Expr:
    """Day-first dates and date-times in every format the exports use; None when none fits."""
    text = expr.str.strip_chars()
    return pl.coalesce(text.str.strptime(pl.Datetime("us"), f, strict=False) for f in DATE_FORMATS)


def parse_bool(expr: pl.Expr) -> pl.Expr:
    """Yes/no words to booleans; an empty cell is No, other words are None (bad)."""
    word = fold_expr(expr)
    return (
        pl.when(expr.is_null()).then(False)
        .when(word.is_in(TRUE_WORDS)).then(True)
        .when(word.is_in(FALSE_WORDS)).then(False)
        .otherwise(None)
    )


def parse_number(text: pl.Expr, number: pl.Expr | None) -> pl.Expr:
    """Excel numbers as they are; text in Vietnamese style (1.234.567,5) or plain (1234.5)."""
    t = text.str.replace_all(r"[\s\u00a0đ]|VND|vnđ", "").str.strip_chars()
    vietnamese = t.str.contains(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$") | t.str.contains(r"^-?\d+,\d+$")
    plain = t.str.contains(r"^-?\d+(\.\d+)?$")
    parsed = (
        pl.when(vietnamese).then(t.str.replace_all(r"\.", "").str.replace(",", ".").cast(pl.Float64, strict=False))
        .when(plain).then(t.cast(pl.Float64, strict=False))
        .otherwise(None)
    )
    parsed = pl.when(parsed.is_finite()).then(parsed)  # 400 digits overflow to inf: not an amount
    return parsed if number is None else pl.coalesce(number, parsed)


def parse_code(expr: pl.Expr, number: pl.Expr | None, code_set: str) -> pl.Expr:
    """A code given as its number or its words (`2` or `Trực tuyến`); None outside the set."""
    mapping = codes()[code_set]
    by_word = {fold(label): code for code, label in mapping.items()}
    as_number = parse_number(expr, number)
    from_word = fold_expr(expr).replace_strict(by_word, default=None, return_dtype=pl.Int64)
    whole = as_number.is_not_null() & (as_number == as_number.round(0))
    code = pl.when(whole).then(as_number.cast(pl.Int64, strict=False)).otherwise(from_word)  # beyond Int64: not a code
    return pl.when(code.is_in(list(mapping))).then(code).otherwise(None).cast(pl.Int16)


def parse_label(expr: pl.Expr, label_set: str) -> pl.Expr:
    """A word from a label set, spelled canonically; None outside the set."""
    canonical = {fold(label): label for label in labels()[label_set]}
    return fold_expr(expr).replace_strict(canonical, default=None, return_dtype=pl.String)


def parse_column(col: Column, text: pl.Expr, number: pl.Expr | None, scale: int) -> pl.Expr:
    """The typed value of one canonical column."""
    if col.type == "text":
        return text
    if col.type == "datetime":
        return parse_datetime(text)
    if col.type == "date":
        return parse_datetime(text).dt.date()
    if col.type == "bool":
        return parse_bool(text)
    if col.type == "amount":
        return parse_number(text, number) * scale
    if col.type == "int":
        n = parse_number(text, number)
        return pl.when(n == n.round(0)).then(n).otherwise(None).cast(pl.Int64, strict=False)
    if col.type == "code":
        return parse_code(text, number, col.codes)
    if col.type == "label":
        return parse_label(text, col.labels)
    raise ValueError(f"unknown column type {col.type!r} for {col.name}")


def type_message(col: Column) -> str:
    """Why a cell of this column could not be read, in words a clerk can act on."""
    return {
        "datetime": "ngày không hợp lệ (cần dd/mm/yyyy, ngày trước tháng)",
        "date": "ngày không hợp lệ (cần dd/mm/yyyy, ngày trước tháng)",
        "bool": "giá trị có/không không hợp lệ (dùng Có/Không, 1/0, x)",
        "amount": "số tiền không hợp lệ (dùng 1.234.567 hoặc số Excel)",
        "int": "số nguyên không hợp lệ",
        "code": "mã không thuộc danh mục",
        "label": "giá trị không thuộc danh mục",
    }.get(col.type, "giá trị không hợp lệ")


def parse_series(col: Column, text: pl.Series, number: pl.Series | None, scale: int) -> pl.Series:
    """Parse one column eagerly: coded and numeric columns through their distinct values, dates by the formats seen."""
    if col.type in ("bool", "code", "label", "int", "amount") and number is None:
        distinct = text.drop_nulls().unique()
        parsed = distinct.to_frame("t").select(parse_column(col, pl.col("t"), None, scale))[:, 0]
        mapped = text.replace_strict(distinct, parsed, default=None, return_dtype=parsed.dtype)
        return pl.select(pl.when(text.is_null()).then(parse_column(col, pl.lit(None, pl.String), None, scale)).otherwise(mapped))[:, 0]
    if col.type in ("date", "datetime"):
        parsed = _parse_dates(text)
        return parsed.dt.date() if col.type == "date" else parsed
    frame = pl.DataFrame([text.alias("t")] + ([number.alias("n")] if number is not None else []))
    return frame.select(parse_column(col, pl.col("t"), pl.col("n") if number is not None else None, scale))[:, 0]


def _parse_dates(text: pl.Series) -> pl.Series:
    """Date-times, trying first only the formats a sample uses, then every format on what is left."""
    sample = pl.concat([text.drop_nulls().head(500), text.drop_nulls().tail(500)])
    seen = [f for f in DATE_FORMATS if sample.str.strip_chars().str.strptime(pl.Datetime("us"), f, strict=False).is_not_null().any()]
    frame = text.to_frame("t")
    parsed = frame.select(_formats(pl.col("t"), seen or DATE_FORMATS[:1]))[:, 0]
    missed = (text.is_not_null() & parsed.is_null()).arg_true()
    if len(missed) and seen != list(DATE_FORMATS):
        parsed = parsed.scatter(missed, frame[missed].select(parse_datetime(pl.col("t")))[:, 0])
    return parsed


def _formats(expr: pl.Expr, formats) -> pl.Expr:
    """The first of these formats that reads each cell."""
    text = expr.str.strip_chars()
    return pl.coalesce(text.str.strptime(pl.Datetime("us"), f, strict=False) for f in formats)


def typed_frame(raw: pl.DataFrame, numbers: pl.DataFrame | None, src: Source, scale: int, today: date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Parse every canonical column; return (typed rows, one reject row per bad cell)."""
    names = [n for n in raw.columns if n != "_row"]
    parsed, problems = [], []
    for name in names:
        col = src.columns[name]
        number = numbers[f"_n_{name}"] if numbers is not None and f"_n_{name}" in numbers.columns else None
        parsed.append(parse_series(col, raw[name], number, scale).alias(name))
        text, value = pl.col(f"_t_{name}"), pl.col(name)
        problems.append((name, pl.when(text.is_not_null() & value.is_null()).then(pl.lit(type_message(col)))))
        problems.append((name, pl.when(text.str.contains("\ufffd", literal=True)).then(pl.lit(BROKEN_TEXT))))
        if col.required and not col.deadline and col.type != "bool":  # an empty yes/no cell means No
            problems.append((name, pl.when(text.is_null()).then(pl.lit("thiếu giá trị bắt buộc"))))
        if col.event and col.type in ("date", "datetime"):
            late = value.cast(pl.Date) > today
            problems.append((name, pl.when(late).then(pl.lit(f"ngày sau ngày nạp tệp ({today:%d/%m/%Y})"))))
        if col.type == "amount":
            problems.append((name, pl.when(value < 0).then(pl.lit("số tiền âm"))))
    typed = pl.DataFrame([raw["_row"], *parsed])
    checked = pl.concat([typed, raw.select(pl.col(n).alias(f"_t_{n}") for n in names)], how="horizontal").with_columns(
        p.alias(f"_p{i}") for i, (_, p) in enumerate(problems)
    )
    return typed, collect_rejects(checked, [n for n, _ in problems])


def collect_rejects(checked: pl.DataFrame, owners: list[str]) -> pl.DataFrame:
    """One row per failed check (`_p{i}` columns, owned by owners[i]): row, column, value, reason."""
    flags = [f"_p{i}" for i in range(len(owners))]
    bad = checked.filter(pl.any_horizontal(pl.col(f).is_not_null() for f in flags)) if flags else checked.clear()
    parts = [
        bad.filter(pl.col(f).is_not_null()).select(
            pl.col("_row").cast(pl.UInt32).alias("row"),
            pl.lit(owner).alias("column"),
            pl.col(f"_t_{owner}").cast(pl.String).alias("value") if f"_t_{owner}" in bad.columns else pl.lit(None, pl.String).alias("value"),
            pl.col(f).alias("reason"),
        )
        for f, owner in zip(flags, owners)
    ]
    return pl.concat([REJECT_SCHEMA.clear(), *parts])


REJECT_SCHEMA = pl.DataFrame(schema={"row": pl.UInt32, "column": pl.String, "value": pl.String, "reason": pl.String})
