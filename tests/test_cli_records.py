"""`python -m pipelines records ID`: the items behind a measured target on the command line, as its page lists them
(reason first), agreeing with the target's numerator and denominator; JSON, CSV and XLSX."""

from __future__ import annotations

import json

import polars as pl
import pytest

from pipelines.cli import main

pytestmark = pytest.mark.slow


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_records_agree_with_every_measured_target_s_numbers(demo_warehouse, capsys):
    wh = ["--warehouse", str(demo_warehouse)]
    _, out, _ = run(capsys, *wh, "status", "--to", "31/12/2025", "--json")
    measured = [t for t in json.loads(out) if t["kind"] == "measured" and t["denominator"] is not None]
    assert len(measured) >= 25
    for t in measured:
        _, every, _ = run(capsys, *wh, "records", t["id"], "--to", "31/12/2025", "--all", "--json")
        _, against, _ = run(capsys, *wh, "records", t["id"], "--to", "31/12/2025", "--json")
        every, against = json.loads(every), json.loads(against)
        assert sum(i["tu_so"] for i in every) == pytest.approx(t["numerator"]), t["id"]
        assert sum(i["mau_so"] for i in every) == pytest.approx(t["denominator"]), t["id"]
        assert all(i["ly_do"] for i in against) and all(i["tu_so"] < i["mau_so"] for i in against), t["id"]
        assert len(against) == sum(i["tu_so"] < i["mau_so"] for i in every), t["id"]
        if all(i["mau_so"] == 1 for i in every):
            assert len(against) == t["denominator"] - t["numerator"], t["id"]
        assert not against or list(against[0])[:3] == ["ma_xa", "ma", "ly_do"]


def test_records_as_text_csv_and_xlsx(demo_warehouse, capsys, tmp_path):
    wh = ["--warehouse", str(demo_warehouse)]
    code, out, _ = run(capsys, *wh, "records", "TTHC-07", "--to", "31/12/2025")
    lines = out.splitlines()
    assert code == 0 and "xã Khúc Thừa Dụ" in lines[0] and "43 mục chưa đạt" in lines[0]
    assert lines[1].split()[:3] == ["Mã", "Lý", "do"] and "Chỉ ghi sổ giấy" in out and "/2025" in out  # dates dd/mm/yyyy
    assert run(capsys, *wh, "records", "TTHC-07", "--to", "31/12/2025", "--out", str(tmp_path / "r.csv"))[0] == 0
    csv = pl.read_csv(tmp_path / "r.csv")
    assert len(csv) == 43 and csv.columns[:2] == ["Mã", "Lý do"]
    assert run(capsys, *wh, "records", "TCCO-01", "--all", "--to", "31/12/2025", "--out", str(tmp_path / "r.xlsx"))[0] == 0
    assert len(pl.read_excel(tmp_path / "r.xlsx")) >= 5


@pytest.mark.parametrize("target, said", [("CVU-04", "được xác nhận"), ("KHONG-CO", "không có chỉ tiêu mã KHONG-CO")])
def test_records_of_an_attested_or_unknown_target_are_refused(demo_warehouse, capsys, target, said):
    with pytest.raises(SystemExit) as refused:
        main(["--warehouse", str(demo_warehouse), "records", target])
    assert refused.value.code == 2 and said in capsys.readouterr().err
