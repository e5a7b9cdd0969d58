"""The commune registry: the configured commune and, for each commune, its name, national administrative code
and the communes it was formed from. By default communes.toml; a city brings its own list as a CSV or XLSX
file named by $CCHC_COMMUNES (columns Mã xã, Tên xã, Mã hành chính, Xã trước sáp nhập; the first row's
commune is the default unless communes.toml's default is among them)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import polars as pl

from warehouse import settings
from warehouse.text import fold

HERE = Path(__file__).parent
REGISTRY_ENV = "CCHC_COMMUNES"
# canonical field → the headers a registry file may give it (compared folded: no accents, any case)
REGISTRY_COLUMNS = {"ma_xa": ("ma xa",), "ten": ("ten xa", "ten"), "ma_hanh_chinh": ("ma hanh chinh", "ma dvhc", "ma co quan"),
                    "tien_than": ("xa truoc sap nhap", "tien than", "predecessors")}


@cache
def communes() -> dict:
    """The registry: default code and each commune with its name, national code and predecessors."""
    configured = tomllib.loads((HERE / "communes.toml").read_text(encoding="utf-8"))
    if not settings.given(REGISTRY_ENV):
        return configured
    listed = read_registry(settings.path(REGISTRY_ENV))
    default = configured["default"] if configured["default"] in listed else next(iter(listed))
    return {"default": default, "communes": listed}


class RegistryError(ValueError):
    """A commune registry that cannot be read; the message says what to do."""


def read_registry(path: Path) -> dict[str, dict]:
    """A city's commune list (CSV in UTF-8, the first sheet of an XLSX, or TOML as communes.toml writes it): code →
    name, national code and predecessors (separated by commas or semicolons). Refused with a message a clerk can act
    on when the file is missing, of another kind, unreadable, or lacks a required column."""
    kind = path.suffix.lower()
    if not path.is_file():
        raise RegistryError(f"Không tìm thấy danh sách xã '{path}' (biến CCHC_COMMUNES): hãy kiểm tra đường dẫn.")
    if kind not in (".csv", ".xlsx", ".xls", ".toml"):
        raise RegistryError(f"Danh sách xã {path.name}: định dạng '{kind or 'không đuôi'}' không đọc được; hãy dùng .csv, .xlsx "
                            "hoặc .toml (như warehouse/communes.toml).")
    try:
        if kind == ".toml":
            listed = {code: {"name": c.get("name", code), "ma_hanh_chinh": c.get("ma_hanh_chinh", ""),
                             "predecessors": list(c.get("predecessors", []))}
                      for code, c in tomllib.loads(path.read_text(encoding="utf-8"))["communes"].items()}
            _one_home(path, listed)
            return listed
        frame = pl.read_csv(path, infer_schema=False) if kind == ".csv" else pl.read_excel(path, infer_schema_length=0)
    except (OSError, UnicodeDecodeError, KeyError, AttributeError, tomllib.TOMLDecodeError, pl.exceptions.PolarsError) as exc:
        raise RegistryError(f"Không đọc được danh sách xã {path.name} ({type(exc).__name__}): hãy lưu lại tệp đúng định dạng "
                            f"{kind} (UTF-8), với các cột Mã xã, Tên xã.") from exc
    found = {field: next((c for c in frame.columns if fold(c) in titles), None) for field, titles in REGISTRY_COLUMNS.items()}
    missing = [REGISTRY_COLUMNS[f][0] for f in ("ma_xa", "ten") if found[f] is None]
    if missing:
        raise RegistryError(f"Danh sách xã {path.name} thiếu cột: {', '.join(missing)} (cần Mã xã, Tên xã).")
    cell = lambda row, field: str(row[found[field]] or "").strip() if found[field] else ""
    out, lines = {}, {}
    for line, row in enumerate(frame.iter_rows(named=True), start=2):  # a registry is a list of communes, not data rows
        if code := cell(row, "ma_xa"):
            if code in out:
                raise RegistryError(f"Danh sách xã {path.name}, dòng {line}: mã xã {code} đã có ở dòng {lines[code]}; mỗi xã một dòng.")
            out[code], lines[code] = {"name": cell(row, "ten"), "ma_hanh_chinh": cell(row, "ma_hanh_chinh"),
                                      "predecessors": [p.strip() for p in cell(row, "tien_than").replace(";", ",").split(",")
                                                       if p.strip()]}, line
    _one_home(path, out, lines)
    return out


def _one_home(path: Path, listed: dict[str, dict], lines: dict[str, int] | None = None) -> None:
    """Refuse a registry where a predecessor belongs to two communes, or is a current commune itself."""
    home: dict[str, str] = {}
    for code, c in listed.items():
        for old in c["predecessors"]:
            where = f", dòng {lines[code]}" if lines else f", xã {code}"
            if old in listed:
                raise RegistryError(f"Danh sách xã {path.name}{where}: {old} vừa là xã hiện tại vừa là xã trước sáp nhập của {code}.")
            if old in home and home[old] != code:
                raise RegistryError(f"Danh sách xã {path.name}{where}: xã trước sáp nhập {old} thuộc cả {home[old]} và {code}; "
                                    "mỗi xã cũ chỉ thuộc một xã mới.")
            home[old] = code


def default_commune() -> str:
    """The configured commune code."""
    return communes()["default"]


def commune_map() -> list[tuple[str, str, str]]:
    """(code in files, current commune code, current commune name) for every known code."""
    rows = []
    for code, c in communes()["communes"].items():
        rows.append((code, code, c["name"]))
        rows += [(p, code, c["name"]) for p in c.get("predecessors", [])]
    return rows


def commune_name(code: str) -> str:
    """A commune's name from the registry in force, else its code."""
    return commune_names().get(code, code)


def commune_names() -> dict[str, str]:
    """Current commune code → its name."""
    return {code: c["name"] for code, c in communes()["communes"].items()}
