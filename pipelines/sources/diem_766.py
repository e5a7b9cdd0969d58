"""The national portal's 766 scores: a workbook's year sheets (Điểm năm, năm) hold year-to-date scores, the others the month's."""

import re

from warehouse.text import fold


def sheet_values(sheet: str | None) -> dict[str, str]:
    """The period kind (`ky`) of a sheet's scores: `nam` for a sheet named for the year, else `thang`."""
    return {"ky": "nam" if sheet and re.search(r"\bnam\b", fold(sheet)) else "thang"}
