"""Regenerate the corpus of bad inputs in this folder, byte for byte the same on every run.

    /work/venv/bin/python tests/bad_inputs/make_bad_inputs.py

Each file is an export gone wrong the way real ones do: empty, cut short, in the wrong encoding,
of another source, with month-first or impossible dates, negative or written-out amounts, cells
that look like formulas, merged cells, a totals row that disagrees with its projects … What each
must give (loaded or rejected, rows, and a fragment of the Vietnamese message) is stated by hand in
expected.toml beside this script and checked by tests/test_bad_inputs.py through the real loader,
on the load day 15/01/2026. Big inputs (100 MB, a 130 KB cell) are written at test time instead.

The password-protected workbook is a real one: so_giay.xlsx encrypted by msoffcrypto-tool
(password `matkhau`, ECMA-376 agile encryption in an OLE container, as Excel writes it), with
its random salts and timestamp fixed so that the bytes do not change from run to run.
"""

from __future__ import annotations

import importlib.util
import io
import json
import random
import re
import unicodedata
import zipfile
from datetime import datetime
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).parent
FIXTURES = HERE.parent / "fixtures"
_spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
fx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fx)

CREATED, Workbook = fx.CREATED, fx.Workbook  # the fixtures' load time and the shared workbook writer
HEADER = ["Mã hồ sơ", "Mã TTHC", "Lĩnh vực", "Kênh nộp", "Ngày tiếp nhận", "Ngày hẹn trả", "Trạng thái"]
EXPORTED = ["Ngày xuất: 10/01/2026"]
PASSWORD = "matkhau"


def dossier(i: int, intake: str = "01/12/2025", **over) -> list[str]:
    """One valid dossier being handled (status 4) for HEADER, cells overridden or added by column title."""
    row = dict(zip(HEADER, [f"BX-{i:04d}", "1.004227", "Hộ tịch", "1", intake, "31/12/2025", "4"]))
    row.update(over)
    return list(row.values())


def dossiers(n: int, bad: dict[int, dict] | None = None, **extra) -> list[list[str]]:
    """n valid dossiers, rows named in `bad` (by index) overridden; extra columns the same on every row."""
    return [dossier(i, **(extra | (bad or {}).get(i, {}))) for i in range(n)]


def write_csv(name: str, rows: list[list[object]], sep: str = ",", newline: str = "\n") -> None:
    """Rows as UTF-8 delimited text."""
    (HERE / name).write_text(fx.csv_text(rows, sep, newline), encoding="utf-8")


def write_bytes(name: str, data: bytes) -> None:
    """Bytes as they are."""
    (HERE / name).write_bytes(data)


def Book(name: str) -> Workbook:  # named like the class it stands for
    """The shared workbook writer (pipelines/demo/workbook.py), writing into this folder."""
    return Workbook(HERE / name, CREATED, "make_bad_inputs.py")


def workbook_bytes(rows: list[list[object]], sheet: str = "Sổ theo dõi") -> bytes:
    """A small dossier workbook, as bytes (to cut, encrypt or rename)."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    wb.set_properties({"created": CREATED, "author": "make_bad_inputs.py"})
    ws = wb.add_worksheet(sheet)
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    wb.close()
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Files that cannot be read


def unreadable() -> None:
    """Empty, blank, header only, empty sheets, binary junk, cut short, renamed, an HTML page posing as .xls, an unsupported type."""
    write_bytes("rong.csv", b"")
    write_bytes("chi_khoang_trang.txt", b" \r\n\t\r\n   \n")
    write_csv("chi_tieu_de.csv", [EXPORTED, HEADER])
    b = Book("trang_trong.xlsx")
    b.sheet("Sheet1")
    b.sheet("Sheet2").write_blank(3, 3, None, b.fmt["text"])  # formatted, but empty
    b.close()
    junk = random.Random(20260115)
    write_bytes("rac_nhi_phan.xlsx", junk.randbytes(4096))
    write_bytes("rac_nhi_phan.csv", junk.randbytes(4096))
    write_bytes("rac_nhi_phan.jsonl", junk.randbytes(2048))
    write_bytes("rac_nhi_phan.xls", junk.randbytes(4096))
    good = workbook_bytes([EXPORTED, HEADER, *dossiers(20)])
    write_bytes("cat_cut.xlsx", good[: len(good) // 2])
    write_bytes("csv_doi_duoi.xlsx", fx.csv_text([HEADER, *dossiers(3)]).encode("utf-8"))
    write_bytes("xlsx_doi_duoi.csv", good)
    write_bytes("zip_khong_phai_excel.xlsx", _zip({"bao_cao.csv": fx.csv_text([HEADER, *dossiers(3)])}))
    html = "<html><meta charset='utf-8'><body><table><tr>" + "".join(f"<td>{h}</td>" for h in HEADER) + "</tr></table></body></html>"
    write_bytes("trang_web.xls", html.encode("utf-8"))
    write_bytes("bao_cao.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")


def _zip(members: dict[str, str]) -> bytes:
    """A zip archive with fixed timestamps."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in members.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 10, 8, 0, 0)), text)
    return out.getvalue()


def encrypted() -> None:
    """mat_khau.xlsx: a real password-protected workbook; the same bytes named .xls; a damaged OLE .xls."""
    data = encrypt((FIXTURES / "so_giay.xlsx").read_bytes())
    write_bytes("mat_khau.xlsx", data)
    write_bytes("mat_khau_doi_duoi.xls", data)
    # The container without its encryption: its stream renamed `Workbook`, as in an .xls, holding no workbook
    name = "EncryptionInfo".encode("utf-16-le")
    at = data.index(name)
    entry = ("Workbook".encode("utf-16-le") + b"\0\0").ljust(64, b"\0") + (18).to_bytes(2, "little")
    write_bytes("xls_hong.xls", data[:at] + entry + data[at + 66:])


def encrypt(data: bytes) -> bytes:
    """An .xlsx encrypted with PASSWORD by msoffcrypto-tool, its random salts and timestamp fixed."""
    import msoffcrypto.method.container.ecma376_encrypted as container
    import msoffcrypto.method.ecma376_agile as agile
    from msoffcrypto.format.ooxml import OOXMLFile

    rng = random.Random(1258)

    class Fixed(datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2026, 1, 10, 8, 0, 0)

    saved = agile._random_buffer, container.datetime
    agile._random_buffer, container.datetime = rng.randbytes, Fixed
    try:
        out = io.BytesIO()
        OOXMLFile(io.BytesIO(data)).encrypt(PASSWORD, out)
        return out.getvalue()
    finally:
        agile._random_buffer, container.datetime = saved


# ---------------------------------------------------------------------------------------------
# Encodings and broken text


def encodings() -> None:
    """UTF-16 without its BOM, TCVN3 (the old Vietnamese font encoding), a UTF-8 file with one Windows-1258
    line, old Mac line ends, an Excel "Unicode text" cut in the middle of a character."""
    text = fx.csv_text([HEADER, *dossiers(5)], sep="\t", newline="\r\n")
    write_bytes("utf16_mat_bom.txt", text.encode("utf-16-le"))
    write_bytes("tcvn3.csv", tcvn3(fx.csv_text([HEADER, *dossiers(3)])))
    lines = fx.csv_text([HEADER, *dossiers(100)]).encode("utf-8").splitlines(keepends=True)
    lines[42] = fx.cp1258(fx.csv_text([dossier(41)]))  # the row of line 42, re-typed in Windows-1258
    write_bytes("tron_bang_ma.csv", b"".join(lines))
    write_bytes("mac_cr.csv", fx.csv_text([HEADER, *dossiers(4)], newline="\r").encode("utf-8"))
    mixed = fx.csv_text([HEADER, *dossiers(4)]).replace("\n", "\r", 2).replace("\r", "\n", 1)  # one lone CR in LF lines
    write_bytes("cr_le_giua_dong.csv", mixed.encode("utf-8"))
    unicode_text = (FIXTURES / "van_ban_den_unicode.txt").read_bytes()
    write_bytes("utf16_cat_giua_ky_tu.txt", unicode_text[:-5])  # the last row loses half of its last letters


def tcvn3(text: str) -> bytes:
    """Text in TCVN3 (ABC), the one-byte font encoding of pre-Unicode Vietnamese documents (lower-case letters, Đ)."""
    letters = ("à\xb5 ả\xb6 ã\xb7 á\xb8 ạ\xb9 ă\xa8 ằ\xbb ẳ\xbc ẵ\xbd ắ\xbe ặ\xc6 â\xa9 ầ\xc7 ẩ\xc8 ẫ\xc9 ấ\xca ậ\xcb "
               "đ\xae è\xcc ẻ\xce ẽ\xcf é\xd0 ẹ\xd1 ê\xaa ề\xd2 ể\xd3 ễ\xd4 ế\xd5 ệ\xd6 ì\xd7 ỉ\xd8 ĩ\xdc í\xdd ị\xde "
               "ò\xdf ỏ\xe1 õ\xe2 ó\xe3 ọ\xe4 ô\xab ồ\xe5 ổ\xe6 ỗ\xe7 ố\xe8 ộ\xe9 ơ\xac ờ\xea ở\xeb ỡ\xec ớ\xed ợ\xee "
               "ù\xef ủ\xf1 ũ\xf2 ú\xf3 ụ\xf4 ư\xad ừ\xf5 ử\xf6 ữ\xf7 ứ\xf8 ự\xf9 ỳ\xfa ỷ\xfb ỹ\xfc ý\xfd ỵ\xfe Đ\xa7")
    table = {pair[0]: pair[1].encode("latin-1") for pair in letters.split()}
    return b"".join(table.get(ch, ch.encode("ascii", "replace")) for ch in text)


def broken_text() -> None:
    """Quotes left open, JSON Lines with a broken line or nested values."""
    lines = fx.csv_text([HEADER, *dossiers(10)]).splitlines(keepends=True)
    lines[4] = lines[4].replace("Hộ tịch", '"Hộ tịch')  # opened on row 5 …
    lines[8] = lines[8].replace("Hộ tịch", 'Hộ tịch"')  # … closed on row 9: rows 6-8 swallowed into one cell
    write_bytes("ngoac_kep_nuot_dong.csv", "".join(lines).encode("utf-8"))
    lines = fx.csv_text([HEADER, *dossiers(10)]).splitlines(keepends=True)
    lines[6] = lines[6].replace("Hộ tịch", '"Hộ tịch')  # never closed
    write_bytes("ngoac_kep_khong_dong.csv", "".join(lines).encode("utf-8"))
    records = [dict(zip(fx.SYNC_FIELDS[:-5], row[:-5])) for row in fx.SYNC_ROWS[:3]]
    good = [json.dumps(r, ensure_ascii=False) for r in records]
    write_bytes("jsonl_dong_hong.jsonl", "\n".join([good[0], good[1][:-20], good[2]]).encode("utf-8") + b"\n")
    nested = records[1] | {"HeThong": ["Thành phố", "Bộ ngành"], "DanhGia": {"muc": "Hài lòng"}}
    write_bytes("jsonl_gia_tri_long.jsonl", "\n".join([good[0], json.dumps(nested, ensure_ascii=False), good[2]]).encode("utf-8") + b"\n")


# ---------------------------------------------------------------------------------------------
# Files of another source, or missing what their source needs


def other_sources() -> None:
    """A workbook with a payroll sheet, a good dossier sheet and a petitions sheet lacking a column; a dossier
    file lacking Trạng thái; petitions loaded as dossiers; a header too far down; a snapshot without a date."""
    b = Book("nguon_khac.xlsx")
    ws = b.sheet("Bảng lương")
    b.header(ws, 0, ["STT", "Họ và tên", "Chức vụ", "Hệ số lương", "Phụ cấp chức vụ"])
    b.row(ws, 1, [1, "Nguyễn Thị Hằng", "Chủ tịch UBND", 5.76, 0.6])
    ws = b.sheet("Hồ sơ")
    ws.write(0, 0, EXPORTED[0])
    b.header(ws, 1, HEADER)
    for i, row in enumerate(dossiers(4)):
        b.row(ws, 2 + i, row)
    ws = b.sheet("PAKN")
    b.header(ws, 0, ["Mã PAKN", "Ngày tiếp nhận", "Lĩnh vực", "Trạng thái"])
    b.row(ws, 1, ["PA-2025-201", "02/12/2025", "Đất đai", "Đang xử lý"])
    b.close()
    write_csv("thieu_cot_bat_buoc.csv", [HEADER[:-1], *[r[:-1] for r in dossiers(3)]])
    write_csv("pakn_nap_nham_nguon.csv", [["Mã PAKN", "Ngày tiếp nhận", "Hạn xử lý", "Trạng thái"],
                                          ["PA-2025-301", "02/12/2025", "16/12/2025", "Đang xử lý"]])
    write_csv("tieu_de_qua_sau.csv", [*[[f"Ghi chú {i}"] for i in range(17)], HEADER, *dossiers(2)])
    write_csv("to_chuc_khong_ngay.csv", [["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"],
                                         ["VP", "Văn phòng HĐND và UBND", "Cơ quan chuyên môn"]])


# ---------------------------------------------------------------------------------------------
# Rows: dates, amounts, keys, formulas


def dates() -> None:
    """Month-first, impossible, future and Excel-serial dates; an export date after the load day."""
    write_csv("ngay_thang_truoc.csv", [EXPORTED, HEADER, *dossiers(60, {17: {"Ngày tiếp nhận": "12/25/2025"}})])
    write_csv("ngay_thang_truoc_ca_tep.csv", [EXPORTED, HEADER, *[dossier(i, intake=f"12/{15 + i}/2025") for i in range(10)]])
    impossible = {10: "31/02/2025", 50: "29/02/2025", 90: "00/12/2025", 150: "32/12/2025"}
    write_csv("ngay_khong_ton_tai.csv", [EXPORTED, HEADER, *dossiers(200, {i: {"Ngày tiếp nhận": d} for i, d in impossible.items()})])
    future = {3: "16/01/2026", 70: "20/01/2027"}
    write_csv("ngay_tuong_lai.csv", [HEADER, *dossiers(100, {i: {"Ngày tiếp nhận": d} for i, d in future.items()})])
    write_csv("ngay_xuat_tuong_lai.csv", [["Ngày xuất: 20/02/2026"], HEADER, *dossiers(3)])
    write_csv("ngay_so_excel.csv", [HEADER, *[dossier(i, intake=str(45992 + i)) for i in range(3)]])


def amounts() -> None:
    """Amounts written out, with US separators, negative, absurdly long; a 20-digit code; a disbursement report
    with a negative cumulative figure and one disbursing beyond its plan."""
    fee = "Phí, lệ phí (đồng)"
    bad = {7: {fee: "một nghìn"}, 60: {fee: "5k"}, 120: {fee: "1,000,000"}}
    write_csv("so_tien_chu.csv", [EXPORTED, HEADER + [fee], *dossiers(200, bad, **{fee: "50.000"})])
    bad = {5: {fee: "9" * 400}, 80: {"Kênh nộp": "9" * 20}}
    write_csv("so_qua_lon.csv", [EXPORTED, HEADER + [fee], *dossiers(200, bad, **{fee: "0"})])
    disbursement("so_tien_am.xlsx", [("DA-01", 1_000_000_000, 400_000_000), ("DA-02", 500_000_000, -20_000_000),
                                     ("DA-03", 800_000_000, 800_000_000), ("DA-04", 300_000_000, 0)])
    disbursement("giai_ngan_vuot_ke_hoach.xlsx", [("DA-11", 1_000_000_000, 1_200_000_000), ("DA-12", 500_000_000, 510_000_000),
                                                  ("DA-13", 800_000_000, 100_000_000), ("DA-14", 300_000_000, 0)])
    disbursement("giai_ngan_tong_sai.xlsx", [("DA-21", 1_000_000_000, 400_000_000), ("DA-22", 500_000_000, 250_000_000)],
                 totals=(1_500_000_000, 700_000_000))


def disbursement(name: str, projects: list[tuple[str, float, float]], totals: tuple[float, float] | None = None) -> None:
    """A disbursement report in đồng, amounts as Excel numbers, with an optional `Tổng cộng` row at the bottom."""
    b = Book(name)
    ws = b.sheet("Giải ngân")
    ws.write(0, 0, "BÁO CÁO GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM 2025", b.fmt["title"])
    ws.write(1, 0, "Tính đến ngày 31/12/2025", b.fmt["note"])
    ws.write(2, 0, "Đơn vị tính: đồng", b.fmt["note"])
    b.header(ws, 3, ["STT", "Mã dự án", "Tên dự án", "Kế hoạch vốn năm", "Lũy kế giải ngân"])
    for i, (code, plan, paid) in enumerate(projects):
        b.row(ws, 4 + i, [i + 1, code, f"Dự án {code}", plan, paid])
    if totals:
        b.row(ws, 4 + len(projects), [None, None, "Tổng cộng", *totals])
    b.close()


def keys_and_shapes() -> None:
    """Duplicate keys, a duplicated header, ragged rows, too many bad rows, exactly three bad rows."""
    rows = dossiers(6)
    rows[4] = dossier(1, **{"Trạng thái": "5"})  # BX-0001 again, later: this row wins
    rows[5] = dossier(2, **{"Kênh nộp": "2"})
    write_csv("trung_ma.csv", [EXPORTED, HEADER, *rows])
    write_csv("cot_trung_ten.csv", [EXPORTED, HEADER + ["Mã hồ sơ"], *[r + [f"KHAC-{i}"] for i, r in enumerate(dossiers(3))]])
    rows = dossiers(5)
    rows[1] = rows[1][:4]  # cut short: no dates, no status
    rows[3] = rows[3] + ["thừa", "thừa nữa"]
    write_csv("dong_le_so_cot.csv", [EXPORTED, HEADER, *rows])
    bad = {i: {"Ngày tiếp nhận": "31/13/2025"} for i in (10, 40, 70, 100, 130)}
    write_csv("qua_nhieu_dong_loi.csv", [EXPORTED, HEADER, *dossiers(150, bad)])
    bad = {i: {"Kênh nộp": "Fax"} for i in (2, 5, 8)}
    write_csv("ba_dong_loi.csv", [EXPORTED, HEADER, *dossiers(10, bad)])


def formulas() -> None:
    """Cells starting with =, +, -, @ in text columns (CSV), and real formula cells next to such text (workbook)."""
    extra = ["Tên thủ tục", "Cơ quan giải quyết", "Cán bộ xử lý", "Số điện thoại"]
    cells = [["=SUM(A1:A9)", "@Bộ phận một cửa", "-Trần Thị Bình", "+84912345678"],
             ['=HYPERLINK("http://vi-du.invalid","Bấm")', "+Phòng Kinh tế", "=1+1", "=0912345678"],
             ["-5", "@SUM(1)", "+", "-"]]
    rows = [dossier(i) + c for i, c in enumerate(cells)]
    rows[2][0] = "=BX-0002"  # even a key may start with =
    write_csv("cong_thuc.csv", [EXPORTED, HEADER + extra, *rows])
    b = Book("cong_thuc.xlsx")
    ws = b.sheet("Sổ")
    ws.write(0, 0, EXPORTED[0])
    b.header(ws, 1, HEADER + ["Tên thủ tục", "Phí, lệ phí (đồng)"])
    for i, row in enumerate(dossiers(3)):
        b.row(ws, 2 + i, row)
    ws.write_string(2, 7, "=SUM(H4:H5)", b.fmt["text"])  # text that looks like a formula
    ws.write_formula(2, 8, "=1000*3", b.fmt["text"], 3000)  # a real formula: its cached value is read, never evaluated
    ws.write_formula(3, 7, '=UPPER("khai sinh")', b.fmt["text"], "KHAI SINH")
    ws.write_number(3, 8, 6000, b.fmt["text"])
    ws.write_string(4, 7, "@Hộ tịch", b.fmt["text"])
    ws.write_formula(4, 8, "=1/0", b.fmt["text"], "#DIV/0!")  # an error value: an empty fee
    b.close()


def wide_and_merged() -> None:
    """A 200-column sheet; merged cells inside the data (Lĩnh vực over three rows, Cơ quan giải quyết over two)."""
    b = Book("200_cot.xlsx")
    ws = b.sheet("Rộng")
    ws.write(0, 0, EXPORTED[0])
    b.header(ws, 1, HEADER + [f"Cột phụ {i}" for i in range(193)])
    for i, row in enumerate(dossiers(5)):
        b.row(ws, 2 + i, row + [i * j for j in range(193)])
    b.close()
    b = Book("o_gop.xlsx")
    ws = b.sheet("Sổ")
    ws.write(0, 0, EXPORTED[0])
    b.header(ws, 1, HEADER + ["Cơ quan giải quyết"])
    for i, row in enumerate(dossiers(6)):
        b.row(ws, 2 + i, row + ["Bộ phận một cửa"])
    ws.merge_range(2, 2, 4, 2, "Chứng thực", b.fmt["text"])  # rows 3-5 of the sheet
    ws.merge_range(6, 7, 7, 7, "Phòng Kinh tế", b.fmt["text"])  # rows 7-8
    b.close()


def hostile() -> None:
    """What a tester found on purpose: two-digit years, an update date to come, decomposed letters, a file of one
    line, Excel error cells and formulas saved without values, Markdown in an attestation."""
    write_csv("nam_hai_chu_so.csv", [HEADER, *[dossier(i, intake=f"0{i + 1}/12/25") for i in range(4)]])
    update = {i: {"Ngày cập nhật": "31/12/2026"} for i in (50, 150)}
    write_csv("ngay_cap_nhat_tuong_lai.csv", [HEADER + ["Ngày cập nhật"],
                                               *dossiers(200, update, **{"Ngày cập nhật": "10/01/2026"})])
    nfd = [HEADER, *[dossier(i, **{"Lĩnh vực": unicodedata.normalize("NFD", field)}) for i, field in enumerate(["Đất đai", "Hộ tịch"])],
           dossier(2, **{"Lĩnh vực": "Đất đai"})]
    write_bytes("chu_to_hop.csv", fx.csv_text(nfd).encode("utf-8"))
    write_csv("mot_dong.csv", [[f"Cột {i}" for i in range(1500)]])
    b = Book("o_loi_excel.xlsx")
    ws = b.sheet("Sổ")
    b.header(ws, 0, HEADER)
    for i, row in enumerate(dossiers(40)):
        b.row(ws, 1 + i, row)
    ws.write_formula(3, 4, "=#REF!", b.fmt["text"], "#REF!")
    b.close()
    out = io.BytesIO()
    with xlsxwriter.Workbook(out, {"in_memory": True}) as wb:
        wb.set_properties({"created": CREATED, "author": "make_bad_inputs.py"})
        ws = wb.add_worksheet("Sổ")
        ws.write_row(0, 0, HEADER)
        for i, row in enumerate(dossiers(4)):
            ws.write_row(1 + i, 0, row)
            ws.write_formula(1 + i, 4, f"=DATE(2025,12,{i + 1})", None, "")
    write_bytes("cong_thuc_chua_tinh.xlsx", _without_formula_values(out.getvalue()))
    write_csv("xac_nhan_markdown.csv", [
        ["Ngày xuất: 10/01/2026"],
        ["Mã chỉ tiêu", "Kết quả", "Ngày xác nhận", "Số văn bản minh chứng", "Ghi chú", "Người xác nhận"],
        ["CDDH-01", "Đã hoàn thành", "20/12/2025", "[Xem văn bản](https://vi-du.invalid/vb.exe)",
         "![logo](https://vi-du.invalid/pixel.png) <img src=x onerror=alert(1)>", "**Nguyễn Văn A**"],
    ])


def _without_formula_values(data: bytes) -> bytes:
    """A workbook whose formula cells keep no computed value, as a tool (not Excel) saves them."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        parts = {info: book.read(info.filename) for info in book.infolist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for info, body in parts.items():
            if info.filename.startswith("xl/worksheets/"):
                body = re.sub(rb"(</f>)<v>[^<]*</v>", rb"\1", body)
            book.writestr(info, body)
    return out.getvalue()


def main() -> None:
    """Write every file of the corpus."""
    unreadable()
    encrypted()
    encodings()
    broken_text()
    other_sources()
    dates()
    amounts()
    keys_and_shapes()
    formulas()
    wide_and_merged()
    hostile()


if __name__ == "__main__":
    main()
