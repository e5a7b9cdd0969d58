"""Our engine (quality.run, in DuckDB) and Great Expectations itself (gx_adapter.gx_validate) give the same answers.

For every suite on every fixture of its source, and on small crafted frames with failures of every expectation
type the engine runs (with the options Great Expectations documents, `mostly` included), both must agree on
success and on the rows that failed: ours are the `_row` values the engine records, GX's
`unexpected_index_list` are positions in the frame, mapped here to `_row`. Placeholders are resolved once
(`quality.resolve`) and the same kwargs go to both; an expectation our engine skips (value not known yet, or a
column the frame does not have) is not sent to GX. A GX result that raised makes the comparison void, and fails.

The crafted cases also state the rows that must fail, so that agreement is never agreement on nothing.
"""

from __future__ import annotations

import itertools
import tempfile
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest
from reading import FIXTURES, TODAY

from pipelines import cell_types, gx_adapter, quality
from pipelines.extract import land_file
from pipelines.gate import VIEW, validation_view
from pipelines.load import read_file
from warehouse.publish import create_schema
from warehouse.sources import sources

pytestmark = pytest.mark.slow  # seconds each: run by .ci/run, not by the fast developer run

SNAPSHOT = date(2025, 12, 31)


@pytest.fixture(scope="module", autouse=True)
def gx():
    """Great Expectations, imported once for the module (about 2 s); every comparison reuses it."""
    import great_expectations

    assert great_expectations.__version__.startswith("1."), great_expectations.__version__
    return great_expectations


# ---------------------------------------------------------------------------------------------------------------
# The comparison


def _identity(kind: str, kwargs: dict) -> tuple:
    """What names an expectation in a result: its type and the columns it reads."""
    return kind, tuple(quality.Expectation(kind, kwargs, "critical", "").columns())


def engine(frame: pl.DataFrame, expectations: list[quality.Expectation], context: dict) -> tuple[dict, dict]:
    """Our engine on a frame: the checks by index, and the failing `_row`s of each failed row-level check."""
    with duckdb.connect() as con:
        con.register("frame", frame.with_columns(pl.col(pl.Float64).fill_nan(None)))  # the typing never makes NaN
        con.execute('CREATE TABLE failures ("check" INTEGER, "row" INTEGER)')
        checks = quality.run(con, "frame", list(enumerate(expectations)), context, set(frame.columns), "failures")
        rows = {}
        for i, r in con.sql('SELECT "check", "row" FROM failures').fetchall():
            rows.setdefault(i, []).append(r)
    return checks, rows


def compare(frame: pl.DataFrame, expectations: list[quality.Expectation], context: dict) -> dict[int, tuple]:
    """Run expectations with both engines and assert that they agree; (check, failing rows) by index.

    Only the expectations our engine ran are compared (skipped ones are checked to be skipped for the right reason).
    """
    checks, failing = engine(frame, expectations, context)
    assert len(checks) == len(expectations)
    ran, sent = [], []
    for i, exp in enumerate(expectations):
        check, kwargs = checks[i], quality.resolve(exp.kwargs, context)
        absent = [c for c in exp.columns() if c not in frame.columns]
        skip = kwargs is None or (absent and exp.type != "expect_column_to_exist")
        assert (check.success is None) == bool(skip), f"#{i} {exp.type}: skipped={check.success is None}"
        if skip:
            assert "bỏ qua" in check.message
            continue
        assert not check.raised, f"our engine raised on #{i} {exp.type}: {check.exception}"
        ran.append((i, exp, check))
        sent.append({"type": exp.type, "kwargs": kwargs})
    results = gx_adapter.gx_validate(frame, sent) if sent else []
    assert len(results) == len(sent)
    rows = frame["_row"]
    for (i, exp, check), want, got in zip(ran, sent, results):
        where = f"#{i} {exp.type} {exp.kwargs}"
        assert _identity(got["type"], got["kwargs"]) == _identity(want["type"], want["kwargs"]), f"{where}: out of order"
        assert not got["raised"], f"Great Expectations raised on {where}: the comparison is void: {got['exception']}"
        assert check.success == got["success"], f"{where}: ours {check.success}, GX {got['success']}"
        if check.row_level:
            assert got["unexpected_index_list"] is not None, f"{where}: GX gave no failing rows"
            theirs = sorted(rows.gather(got["unexpected_index_list"]).to_list())
            assert check.unexpected_count == got["unexpected_count"] == len(theirs), where
            if check.success is False:
                assert sorted(failing.get(i, [])) == theirs, f"{where}: failing rows differ"
    return {i: (checks[i], sorted(failing.get(i, []))) for i in range(len(expectations))}


def failures(compared: dict[int, tuple], source: str) -> dict[tuple, object]:
    """What failed, keyed by (type, column, bound): failing rows for row checks, False for table checks."""
    out = {}
    for i, (check, rows) in compared.items():
        if check.success is False:
            exp = quality.suite(source).expectations[i]
            bound = "min" if "min_value" in exp.kwargs else "max" if "max_value" in exp.kwargs else None
            key = (exp.type.removeprefix("expect_"), check.column, *([bound] if bound else []))
            out[key] = rows if check.row_level else False
    return out


def suite_of(source: str) -> list[quality.Expectation]:
    """A source's expectations, in order."""
    return list(quality.suite(source).expectations)


# ---------------------------------------------------------------------------------------------------------------
# Every suite on every fixture of its source


@pytest.fixture(scope="module")
def sheets() -> dict[str, list]:
    """Every fixture sheet that gives rows, by source, as the gate sees it: (file name, frame, snapshot)."""
    by_source: dict[str, list] = {name: [] for name in sources()}
    ids = itertools.count(1)
    with duckdb.connect() as con, tempfile.TemporaryDirectory() as scratch:
        create_schema(con)
        cell_types.install_macros(con)
        for path in sorted(FIXTURES.iterdir()):
            if path.suffix == ".py" or not path.is_file():
                continue
            dated = {r.sheet: r.snapshot for r in read_file(path, today=TODAY)}  # the date the gate gives each sheet
            for sheet in land_file(con, path, ids, Path(scratch), commune="KTD"):
                if sheet.error is None:
                    validation_view(con, sheet.source, sheet.file_id, quality.suite(sheet.source.name).derived)
                    frame = con.sql(f"FROM {VIEW} ORDER BY _row").pl()
                    by_source[sheet.source.name].append((path.name, frame, dated.get(sheet.sheet) or SNAPSHOT))
    return by_source


@pytest.fixture(scope="module")
def catalogue(sheets) -> list[str]:
    """The procedure codes of the catalogue fixtures."""
    return sorted({c for _, frame, _ in sheets["thu_tuc"] for c in frame["ma_tthc"].to_list()})


def contexts(frame: pl.DataFrame, snapshot: date, catalogue: list[str]) -> dict[str, dict]:
    """The values the placeholders take: as a load would give them, strict enough to fail, and not known yet."""
    n, ids = len(frame), ["CDDH-01", "CVU-04"]
    return {
        "as_loaded": {"today": TODAY, "snapshot": snapshot, "previous_half": n / 2, "catalogue_ma_tthc": catalogue,
                      "ma_chi_tieu": sorted(__import__("warehouse.plan", fromlist=["target_ids"]).target_ids())},
        "strict": {"today": date(2025, 7, 1), "snapshot": date(2025, 6, 30), "previous_half": n + 0.5,
                   "catalogue_ma_tthc": catalogue[:2], "ma_chi_tieu": ids},
        "unknown": {},
    }


@pytest.mark.parametrize("source", list(sources()))
def test_engines_agree_on_every_fixture(source, sheets, catalogue):
    assert sheets[source], f"no fixture gives rows of {source}"
    failed, expectations = 0, suite_of(source)
    for _, frame, snapshot in sheets[source]:
        for name, context in contexts(frame, snapshot, catalogue).items():
            compared = compare(frame, expectations, context)
            failed += sum(c.success is False for c, _ in compared.values())
            if name == "unknown":
                placeholders = [e for e in expectations if any(str(v).startswith("$") for v in e.kwargs.values())]
                assert sum(c.success is None for c, _ in compared.values()) == len(placeholders)
    assert failed, f"{source}: the strict context made nothing fail, so the comparison proved little"


def test_only_the_fixtures_made_to_hold_bad_rows_fail_a_critical_check_as_loaded(sheets, catalogue):
    failing = set()
    for source, found in sheets.items():
        for name, frame, snapshot in found:
            checks, _ = engine(frame, suite_of(source), contexts(frame, snapshot, catalogue)["as_loaded"])
            if any(c.success is False and c.severity == "critical" for c in checks.values()):
                failing.add(name)
    assert failing == {"ho_so_gia_tri.csv", "xac_nhan.csv", "diem_766_T10_2025.xlsx"}


# ---------------------------------------------------------------------------------------------------------------
# Crafted frames through the real suites


def validation(source: str, data: list[dict]) -> pl.DataFrame:
    """Rows as the gate sees them (gate.validation_view): typed rows put in the raw table with `_row` from 2,
    every catalogue column (dates by calendar day), the suite's derived columns."""
    with duckdb.connect() as con:
        create_schema(con)
        names = list(dict.fromkeys(k for row in data for k in row))
        for i, row in enumerate(data, start=2):
            con.execute(f"INSERT INTO raw_{source} (_file_id, _row, ma_xa, {', '.join(names)}) VALUES (1, ?, 'KTD', "
                        f"{', '.join('?' for _ in names)})", [i, *[row.get(n) for n in names]])
        validation_view(con, sources()[source], 1, quality.suite(source).derived)
        return con.sql(f"FROM {VIEW} ORDER BY _row").pl()


def D(text: str) -> date:
    """dd/mm/yyyy."""
    return datetime.strptime(text, "%d/%m/%Y").date()


def T(text: str) -> datetime:
    """dd/mm/yyyy HH:MM."""
    return datetime.strptime(text, "%d/%m/%Y %H:%M")


def dossier(ma: str | None, **over) -> dict:
    """A dossier that passes every check; `over` breaks it."""
    return {
        "ma_ho_so": ma, "ma_tthc": "1.000001", "linh_vuc": "Hộ tịch", "kenh": 1, "muc_do": 4,
        "ngay_tiep_nhan": T("03/03/2025 08:00"), "ngay_hen_tra": T("10/03/2025 17:00"),
        "ngay_ket_thuc": T("07/03/2025 10:00"), "ngay_tra": T("08/03/2025 09:00"), "trang_thai": 10,
        "thanh_toan_truc_tuyen": 1, "danh_gia": "Hài lòng", "phi_le_phi": 50_000.0, "so_lan_bo_sung": 0,
    } | over


def test_dossiers_with_every_kind_of_failure():
    rows = validation("ho_so", [
        dossier("H1"),                                                                       # 2: good
        dossier(None, kenh=4, ma_tthc=None),                                                 # 3: no key, channel 4
        dossier("H1", ngay_tiep_nhan=T("31/12/2019 08:00"), ngay_hen_tra=T("30/12/2019 08:00"),
                ngay_ket_thuc=None, ngay_tra=None, trang_thai=11),                          # 4: dup, 2019, hẹn < nhận
        dossier("H4", ngay_tiep_nhan=T("02/01/2026 08:00"), ngay_hen_tra=T("02/01/2026 08:00"),
                ngay_ket_thuc=None, ngay_tra=None, trang_thai=9, muc_do=1,
                thanh_toan_truc_tuyen=3),                                                    # 5: after snapshot
        dossier("H5", ngay_tiep_nhan=None, ngay_hen_tra=T("01/01/2025 08:00"), danh_gia="Bình thường",
                phi_le_phi=-1.0, so_lan_bo_sung=-2, ma_tthc="9.999999"),                     # 6: no intake
        dossier("H6", ngay_tiep_nhan=T("05/05/2025 10:00"), ngay_hen_tra=T("05/05/2025 09:00"),
                ngay_ket_thuc=T("04/05/2025 16:00"), ngay_tra=T("02/01/2026 08:00"), danh_gia="hài lòng"),  # 7
        dossier("H7", ngay_hen_tra=None, kenh=None, trang_thai=None, muc_do=None, danh_gia=None,
                ngay_ket_thuc=T("01/01/2026 00:00")),                                        # 8: empties
    ])
    frame = rows
    context = {"today": TODAY, "snapshot": SNAPSHOT, "catalogue_ma_tthc": ["1.000001", "1.000002"]}
    got = failures(compare(frame, suite_of("ho_so"), context), "ho_so")
    assert got == {
        ("column_values_to_not_be_null", "ma_ho_so"): [3],
        ("column_values_to_not_be_null", "ma_tthc"): [3],
        ("column_values_to_not_be_null", "kenh"): [8],
        ("column_values_to_not_be_null", "ngay_tiep_nhan"): [6],
        ("column_values_to_not_be_null", "ngay_hen_tra"): [8],
        ("column_values_to_not_be_null", "trang_thai"): [8],
        ("column_values_to_be_unique", "ma_ho_so"): [2, 4],
        ("column_values_to_be_in_set", "kenh"): [3],
        ("column_values_to_be_in_set", "trang_thai"): [4],
        ("column_values_to_be_in_set", "muc_do"): [5],
        ("column_values_to_be_in_set", "thanh_toan_truc_tuyen"): [5],
        ("column_values_to_be_in_set", "danh_gia"): [6, 7],
        ("column_values_to_be_between", "ngay_tiep_nhan", "min"): [4],
        ("column_values_to_be_between", "ngay_tiep_nhan", "max"): [5],
        ("column_values_to_be_between", "ngay_ket_thuc", "max"): [8],
        ("column_values_to_be_between", "ngay_tra", "max"): [7],
        # same day, earlier hour: the suite compares calendar days, so row 7's promise passes
        ("column_pair_values_a_to_be_greater_than_b", "ngay_hen_tra"): [4],
        ("column_pair_values_a_to_be_greater_than_b", "ngay_ket_thuc"): [7],
        ("column_values_to_be_between", "phi_le_phi", "min"): [6],
        ("column_values_to_be_between", "so_lan_bo_sung", "min"): [6],
        ("column_values_to_be_in_set", "_xong_co_ngay_ket_thuc"): [5],
        ("column_values_to_be_in_set", "ma_tthc"): [6],
    }


def project(ma: str | None, plan: float | None, spent: float | None) -> dict:
    return {"ma_du_an": ma, "ten_du_an": f"Dự án {ma}", "ke_hoach_von_nam": plan, "luy_ke_giai_ngan": spent}


def test_disbursement_amounts_margin_and_shrinking_snapshot():
    margin = 0.05  # the suite's derived _ke_hoach_toi_da
    rows = validation("giai_ngan", [
        project("DA-1", 100e6, 100e6 * (1 + margin)),        # 2: exactly at the margin
        project("DA-2", 100e6, 100e6 * (1 + margin) + 1),    # 3: one đồng above it
        project("DA-3", 100e6, None),                        # 4: nothing disbursed stated
        project("DA-4", None, 50e6) | {"ten_du_an": None},   # 5: no plan, no name
        project("DA-5", -10e6, 0.0),                         # 6: negative plan, so also above it
        project("DA-1", 0.0, -1.0),                          # 7: duplicate, negative disbursement
    ])
    frame = rows
    got = failures(compare(frame, suite_of("giai_ngan"), {"today": TODAY, **{"snapshot": SNAPSHOT, "previous_half": 6.5}}), "giai_ngan")
    assert got == {
        ("column_values_to_not_be_null", "ten_du_an"): [5],
        ("column_values_to_not_be_null", "ke_hoach_von_nam"): [5],
        ("column_values_to_not_be_null", "luy_ke_giai_ngan"): [4],
        ("column_values_to_be_unique", "ma_du_an"): [2, 7],
        ("column_values_to_be_between", "ke_hoach_von_nam", "min"): [6],
        ("column_values_to_be_between", "luy_ke_giai_ngan", "min"): [7],
        ("column_pair_values_a_to_be_greater_than_b", "luy_ke_giai_ngan"): [3, 6],  # the column the clerk sees
        ("table_row_count_to_be_between", None, "min"): False,  # 6 rows, previous snapshot 13: shrunk by more than half
    }
    assert failures(compare(frame, suite_of("giai_ngan"), {"today": TODAY, **{"snapshot": SNAPSHOT, "previous_half": 6}}), "giai_ngan").get(
        ("table_row_count_to_be_between", None, "min")) is None


def test_incoming_numbers_unique_within_a_year_with_missing_values():
    def doc(so, den):
        return {"so_den": so, "ngay_den": den, "so_ky_hieu": "12/UBND", "do_mat": "Thường"}

    rows = validation("van_ban_den", [
        doc("1", D("05/01/2025")),   # 2 ┐ same number, same year
        doc("1", D("30/12/2025")),   # 3 ┘
        doc("1", D("05/01/2024")),   # 4: same number, another year
        doc("2", None),              # 5 ┐ same number, year unknown: GX counts missing values as equal
        doc("2", None),              # 6 ┘
        doc(None, None),             # 7 ┐ nothing to compare: ignored
        doc(None, None),             # 8 ┘
        doc(None, D("01/02/2025")),  # 9 ┐ no number, same year
        doc(None, D("03/04/2025")) | {"do_mat": "Khẩn"},  # 10 ┘
    ])
    frame = rows
    got = failures(compare(frame, suite_of("van_ban_den"), {"today": TODAY, **{"snapshot": SNAPSHOT}}), "van_ban_den")
    assert got == {
        ("column_values_to_not_be_null", "so_den"): [7, 8, 9, 10],
        ("column_values_to_not_be_null", "ngay_den"): [5, 6, 7, 8],
        ("compound_columns_to_be_unique", "so_den"): [2, 3, 5, 6, 9, 10],
        ("column_values_to_be_in_set", "do_mat"): [10],
    }


def course(lop: str, can_bo: str | None) -> dict:
    return {"ma_lop": lop, "don_vi_to_chuc": "Trường Chính trị", "ma_can_bo": can_bo, "ngay_bat_dau": D("01/03/2025")}


def test_appointments_and_training_compound_keys():
    rows = validation("bo_nhiem", [
        {"ma_can_bo": "CB1", "ngay_bo_nhiem": D("01/03/2025")},
        {"ma_can_bo": "CB1", "ngay_bo_nhiem": D("01/03/2025")},
        {"ma_can_bo": "CB1", "ngay_bo_nhiem": D("01/03/2026")},
        {"ma_can_bo": "CB2", "ngay_bo_nhiem": None},
    ])
    got = failures(compare(rows, suite_of("bo_nhiem"), {"today": TODAY, **{"snapshot": SNAPSHOT}}), "bo_nhiem")
    assert got == {
        ("column_values_to_not_be_null", "ngay_bo_nhiem"): [5],
        ("compound_columns_to_be_unique", "ma_can_bo"): [2, 3],
        ("column_values_to_be_between", "ngay_bo_nhiem", "max"): [4],
    }
    rows = validation("dao_tao", [course("L1", "CB1"), course("L1", None), course("L1", None), course("L2", "CB1"),
                             course("L2", "CB2") | {"don_vi_to_chuc": None}])
    got = failures(compare(rows, suite_of("dao_tao"), {"today": TODAY, **{"snapshot": SNAPSHOT}}), "dao_tao")
    assert got == {
        ("column_values_to_not_be_null", "don_vi_to_chuc"): [6],
        ("column_values_to_not_be_null", "ma_can_bo"): [3, 4],
        ("compound_columns_to_be_unique", "ma_lop"): [3, 4],
    }


def test_catalogue_petitions_tasks_and_units():
    rows = validation("thu_tuc", [
        {"ma_tthc": "1.1", "ten_tthc": "A", "muc_do": 4, "hieu_luc_tu": D("01/07/2025"),
         "hieu_luc_den": D("01/07/2025")},
        {"ma_tthc": "1.2", "ten_tthc": "B", "muc_do": 5, "hieu_luc_tu": D("01/07/2025"),
         "hieu_luc_den": D("30/06/2025")},
        {"ma_tthc": "1.3", "ten_tthc": None, "muc_do": None, "hieu_luc_tu": None, "hieu_luc_den": D("30/06/2025")},
    ])
    got = failures(compare(rows, suite_of("thu_tuc"), {"today": TODAY, "snapshot": SNAPSHOT, "previous_half": 4}), "thu_tuc")
    assert got == {
        ("column_values_to_not_be_null", "ten_tthc"): [4],
        ("column_values_to_not_be_null", "muc_do"): [4],
        ("column_values_to_be_in_set", "muc_do"): [3],
        ("column_pair_values_a_to_be_greater_than_b", "hieu_luc_den"): [3],
        ("table_row_count_to_be_between", None, "min"): False,
    }
    rows = validation("pakn", [
        {"ma_pakn": "P1", "ngay_tiep_nhan": T("02/06/2025 08:00"), "han_xu_ly": T("01/06/2025 08:00"),
         "trang_thai": "Đã xử lý"},
        {"ma_pakn": "P2", "ngay_tiep_nhan": T("02/06/2019 08:00"), "han_xu_ly": T("12/06/2019 08:00"),
         "ngay_xu_ly": T("01/06/2019 08:00"), "trang_thai": "Huỷ"},
    ])
    got = failures(compare(rows, suite_of("pakn"), {"today": TODAY, **{"snapshot": SNAPSHOT}}), "pakn")
    assert got == {
        ("column_values_to_be_in_set", "trang_thai"): [3],
        ("column_values_to_be_between", "ngay_tiep_nhan", "min"): [3],
        ("column_pair_values_a_to_be_greater_than_b", "han_xu_ly"): [2],
        ("column_pair_values_a_to_be_greater_than_b", "ngay_xu_ly"): [3],
    }
    rows = validation("to_chuc", [
        {"ma_don_vi": "DV1", "ten_don_vi": "Văn phòng", "bien_che_giao": 10, "bien_che_hien_co": -1},
        {"ma_don_vi": "DV1", "ten_don_vi": None, "bien_che_giao": -3, "bien_che_hien_co": None},
    ])
    got = failures(compare(rows, suite_of("to_chuc"), {"today": TODAY, **{"previous_half": 1}}), "to_chuc")
    assert got == {
        ("column_values_to_not_be_null", "ten_don_vi"): [3],
        ("column_values_to_be_unique", "ma_don_vi"): [2, 3],
        ("column_values_to_be_between", "bien_che_giao", "min"): [3],
        ("column_values_to_be_between", "bien_che_hien_co", "min"): [2],
    }


# ---------------------------------------------------------------------------------------------------------------
# Crafted frames per expectation type, with the options GX documents


def frame_of(**columns) -> pl.DataFrame:
    """A frame with `_row` from 2 and the given columns (a list, or a (list, dtype) pair)."""
    data = {name: pl.Series(name, *(v if isinstance(v, tuple) else (v,))) for name, v in columns.items()}
    n = len(next(iter(data.values())))
    return pl.DataFrame({"_row": pl.Series(range(2, 2 + n), dtype=pl.UInt32), **data})


NUMS = ([3.0, None, float("nan"), -1.0, 0.0, 7.5], pl.Float64)
CODES = ([1, 2, None, 4, 0, 3], pl.Int16)
WORDS = (["Hài lòng", "Rất hài lòng", None, "hài lòng", "Hài lòng ", "Không hài lòng"], pl.String)
DAYS = ([D("31/12/2019"), D("01/01/2020"), None, D("31/12/2025"), D("01/01/2026"), D("15/06/2025")], pl.Date)
LATER = ([D("31/12/2019"), None, None, D("30/12/2025"), D("01/01/2026"), D("14/06/2025")], pl.Date)
FLAGS = ([True, None, False, True, True, False], pl.Boolean)
KEYS = (["a", "a", None, None, "b", "c"], pl.String)
DE = {"d": DAYS, "e": LATER}
PARTS = {"k": (["a", "a", None, None, "a", None, None], pl.String),
         "y": ([None, None, 2025, 2025, 2025, None, None], pl.Int32)}
TRIPLES = {"k": (["a", "a", "a", None, None, "a"], pl.String), "y": ([2025, None, 2025, None, None, 2025], pl.Int32),
           "f": ([True, None, True, None, None, False], pl.Boolean)}
EITHER = {"ignore_row_if": "either_value_is_missing"}
RATINGS = ["Rất hài lòng", "Hài lòng", "Không hài lòng"]


def case(columns: dict, kind: str, want, context: dict | None = None, **kwargs) -> tuple:
    """Columns of the frame, expectation type, kwargs, context, and the rows that must fail (None: skipped;
    True/False: the success of a table check)."""
    return columns, kind, kwargs, context or {}, want


CASES = {
    "not null, text": case({"k": KEYS}, "not_be_null", [4, 5], column="k"),
    "not null, NaN is missing": case({"a": NUMS}, "not_be_null", [3, 4], column="a"),
    "not null, date": case({"d": DAYS}, "not_be_null", [4], column="d"),
    "not null, yes/no": case({"f": FLAGS}, "not_be_null", [3], column="f"),
    "not null, absent column is skipped": case({"k": KEYS}, "not_be_null", None, column="zz"),
    "in set, codes": case({"c": CODES}, "be_in_set", [5, 6], column="c", value_set=[1, 2, 3]),
    "in set, labels exactly": case({"w": WORDS}, "be_in_set", [5, 6], column="w", value_set=RATINGS),
    "in set, yes": case({"f": FLAGS}, "be_in_set", [4, 7], column="f", value_set=[True]),
    "in set, from the context": case({"k": KEYS}, "be_in_set", [6], {"codes": ["a", "c"]}, column="k",
                                     value_set="$codes"),
    "in set, unknown context is skipped": case({"k": KEYS}, "be_in_set", None, column="k", value_set="$codes"),
    "between, numbers": case({"a": NUMS}, "be_between", [5], column="a", min_value=0),
    "between, NaN is missing": case({"a": NUMS}, "be_between", [5, 7], column="a", min_value=0, max_value=5),
    "between, strict": case({"a": NUMS}, "be_between", [5, 6, 7], column="a", min_value=0, max_value=7.5,
                            strict_min=True, strict_max=True),
    "between, fractional bound on codes": case({"c": CODES}, "be_between", [5, 6], column="c", min_value=0.5,
                                               max_value=3.5),
    "between, dates from 2020": case({"d": DAYS}, "be_between", [2], column="d", min_value="2020-01-01"),
    "between, dates to the snapshot": case({"d": DAYS}, "be_between", [6], {"snapshot": SNAPSHOT}, column="d",
                                           max_value="$snapshot"),
    "between, both date bounds": case({"d": DAYS}, "be_between", [2, 6], column="d", min_value="2020-01-01",
                                      max_value=datetime(2025, 12, 31)),
    "pair, or equal, either missing ignored": case(DE, "pair", [], column_A="d", column_B="e", or_equal=True, **EITHER),
    "pair, strict, equal values fail": case(DE, "pair", [2, 6], column_A="d", column_B="e", **EITHER),
    "pair, default: one missing fails": case(DE, "pair", [3], column_A="d", column_B="e", or_equal=True),
    "pair, neither ignored": case(DE, "pair", [3, 4], column_A="d", column_B="e", or_equal=True,
                                  ignore_row_if="neither"),
    "pair, B after A": case(DE, "pair", [5, 7], column_A="e", column_B="d", or_equal=True, **EITHER),
    "pair, amounts": case({"a": NUMS, "b": ([2.0, 1.0, 1.0, -1.0, 0.5, None], pl.Float64)}, "pair", [6],
                          column_A="a", column_B="b", or_equal=True, **EITHER),
    "unique, text with nulls": case({"k": KEYS}, "be_unique", [2, 3], column="k"),
    "unique, codes": case({"c": ([1, 1, None, None, 2, 1], pl.Int16)}, "be_unique", [2, 3, 7], column="c"),
    "compound, missing values are equal, all-missing rows ignored": case(PARTS, "compound", [2, 3, 4, 5],
                                                                         column_list=["k", "y"]),
    "compound, rows with any missing ignored": case(PARTS, "compound", [], column_list=["k", "y"],
                                                    ignore_row_if="any_value_is_missing"),
    "compound, no row ignored": case(PARTS, "compound", [2, 3, 4, 5, 7, 8], column_list=["k", "y"],
                                     ignore_row_if="never"),
    "compound, three columns": case(TRIPLES, "compound", [2, 4], column_list=["k", "y", "f"]),
    "row count, below the bound": case({"k": KEYS}, "row_count", False, min_value=7),
    "row count, at the bound": case({"k": KEYS}, "row_count", True, min_value=6, max_value=6),
    "row count, half of an odd count": case({"k": KEYS}, "row_count", False, {"previous_half": 6.5},
                                            min_value="$previous_half"),
    "row count, half of an even count": case({"k": KEYS}, "row_count", True, {"previous_half": 6.0},
                                             min_value="$previous_half"),
    "row count, above the bound": case({"k": KEYS}, "row_count", False, max_value=5.5),
    "row count, strict": case({"k": KEYS}, "row_count", False, min_value=6, strict_min=True),
    "row count, strict maximum": case({"k": KEYS}, "row_count", True, max_value=7, strict_max=True),
    "not null, mostly met": case({"k": KEYS}, "not_be_null", [4, 5], column="k", mostly=0.6),
    "not null, mostly missed": case({"k": KEYS}, "not_be_null", [4, 5], column="k", mostly=0.7),
    "in set, mostly counts the filled cells": case({"c": CODES}, "be_in_set", [5, 6], column="c", value_set=[1, 2, 3],
                                                   mostly=0.6),
    "in set, mostly missed": case({"c": CODES}, "be_in_set", [5, 6], column="c", value_set=[1, 2, 3], mostly=0.61),
    "between, mostly": case({"a": NUMS}, "be_between", [5], column="a", min_value=0, mostly=0.75),
    "unique, mostly": case({"k": KEYS}, "be_unique", [2, 3], column="k", mostly=0.5),
    "pair, mostly": case(DE, "pair", [2, 6], column_A="d", column_B="e", mostly=0.5, **EITHER),
    "compound, mostly": case(PARTS, "compound", [2, 3, 4, 5], column_list=["k", "y"], mostly=0.2),
    "column exists": case({"k": KEYS}, "exist", True, column="k"),
    "column does not exist": case({"k": KEYS}, "exist", False, column="zz"),
}

TYPES = {
    "not_be_null": "expect_column_values_to_not_be_null", "be_in_set": "expect_column_values_to_be_in_set",
    "be_between": "expect_column_values_to_be_between", "pair": "expect_column_pair_values_a_to_be_greater_than_b",
    "be_unique": "expect_column_values_to_be_unique", "compound": "expect_compound_columns_to_be_unique",
    "row_count": "expect_table_row_count_to_be_between", "exist": "expect_column_to_exist",
}


@pytest.mark.parametrize("name", list(CASES))
def test_engines_agree_on_crafted_frames(name):
    columns, short, kwargs, context, want = CASES[name]
    exp = quality._expectation({"type": TYPES[short], "kwargs": kwargs, "meta": {"message": name}}, name)
    ((check, rows),) = compare(frame_of(**columns), [exp], context).values()
    if want is None:
        assert check.success is None
    elif isinstance(want, bool):
        assert not check.row_level and check.success is want
    elif "mostly" in kwargs:
        assert check.unexpected_count == len(want)
    else:
        assert rows == want and check.success is (not want)


def test_every_type_the_engine_runs_is_crafted_with_every_option():
    crafted = {}
    for _, short, kwargs, *_ in CASES.values():
        crafted.setdefault(TYPES[short], set()).update(kwargs)
    assert set(crafted) == set(quality.OPTIONS)
    for kind, options in quality.OPTIONS.items():
        assert options <= crafted[kind], (kind, options - crafted[kind])


def test_the_options_honoured_are_those_great_expectations_defines():
    from great_expectations.expectations import registry

    unsupported = {"row_condition", "condition_parser"}  # refused when a suite loads: GX's own condition language
    for kind, options in quality.OPTIONS.items():
        fields = set(registry.get_expectation_impl(kind).__fields__)
        declared = fields - {"id", "meta", "notes", "result_format", "description", "catch_exceptions", "rendered_content",
                             "severity", "windows", "batch_id"} - unsupported
        assert options <= declared, (kind, options - declared)
        assert declared - options <= {"column_index"}, (kind, declared - options)


def test_a_check_gx_cannot_run_is_reported_as_raised():
    """The comparison trusts `raised`: an expectation GX fails to compute must say so."""
    frame = frame_of(k=KEYS)
    (result,) = gx_adapter.gx_validate(frame, [{"type": "expect_column_values_to_be_between",
                                             "kwargs": {"column": "k", "min_value": 0}}])
    assert result["raised"] and result["exception"]


def test_results_come_back_in_the_order_sent():
    frame = frame_of(a=NUMS, k=KEYS)
    sent = [
        {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}},
        {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "k"}},
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "a"}},
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "a", "min_value": 0}},
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "k"}},
    ]
    got = gx_adapter.gx_validate(frame, sent)
    assert [_identity(g["type"], g["kwargs"]) for g in got] == [_identity(s["type"], s["kwargs"]) for s in sent]


def test_fractional_row_bounds_mean_the_same_to_gx():
    """GX declares row-count bounds as integers and truncates 6.5 to 6; the gate's `$previous_half` may be x.5."""
    frame = frame_of(k=KEYS)
    for bound, ok in ((6.5, False), (6.0, True), (5.5, True)):
        exp = {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": bound}}
        (r,) = gx_adapter.gx_validate(frame, [exp])
        assert r["success"] is ok, bound
