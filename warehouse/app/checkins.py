"""Check-ins: an owner's dated result (attested targets) or note (measured targets), recorded from the
dashboard beside the `xac_nhan` register. Append-only: a correction is a new check-in. The permission
rule lives here, where a check-in is written, not in the pages."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import polars as pl

from warehouse.app import store
from warehouse.app.accounts import User
from warehouse.evaluate import MISSED, Evaluation
from warehouse.plan import Plan, Target

DONE, NOT_DONE = "Đã hoàn thành", "Chưa hoàn thành"
MAX_NOTE, MAX_EVIDENCE = 2000, 200
PLAN = ["nguyen_nhan", "giai_phap", "nguoi_thuc_hien", "han"]  # a corrective plan: cause, action, who, by when
COLUMNS = ["id", "ma_xa", "ma_chi_tieu", "ket_qua", "ngay_xac_nhan", "so_van_ban_minh_chung", "ghi_chu", *PLAN,
           "nguoi_ghi", "ghi_luc"]
NAMED = COLUMNS + ["ten_nguoi_ghi"]  # as read: with the account's full name (its login when it has none)
# A check-in's columns as titled for people, on the target page and by the command line
TITLES = {"ma_chi_tieu": "Chỉ tiêu", "ma_xa": "Xã", "ngay_xac_nhan": "Ngày", "ket_qua": "Kết quả",
          "so_van_ban_minh_chung": "Văn bản", "nguyen_nhan": "Nguyên nhân", "giai_phap": "Giải pháp",
          "nguoi_thuc_hien": "Người thực hiện", "han": "Hạn", "ghi_chu": "Ghi chú", "nguoi_ghi": "Người ghi",
          "ten_nguoi_ghi": "Người ghi", "ghi_luc": "Ghi lúc"}


class CheckinRefused(Exception):
    """A check-in that may not, or cannot, be recorded; the text says what to do, `field` which field to fix
    (ket_qua, ngay_xac_nhan, so_van_ban_minh_chung, ghi_chu, or one of PLAN; None: not a field's fault)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def may_check_in(user: User | None, target: Target, commune: str) -> bool:
    """Leaders check in on every target of the communes they act for; a department lead on the targets their
    department owns there."""
    if user is None or not user.acts_for(commune):
        return False
    return user.has("lanh_dao") or (user.has("truong_phong") and user.department == target.owner)


REGISTER = "xac_nhan"  # the source of attestations: a register uploaded marks targets done as a check-in does
REGISTER_REFUSED = ("Sổ xác nhận chỉ tiêu chỉ lãnh đạo xã được tải lên (tài khoản tải tệp này không có vai trò lãnh đạo): "
                    "nhờ lãnh đạo tải lên, hoặc ghi cập nhật trên trang từng chỉ tiêu.")


def refused_uploads(user: User | None) -> dict[str, str]:
    """The sources this person may not upload, with why: the attestation register, unless they lead the commune."""
    return {} if user is not None and user.has("lanh_dao") else {REGISTER: REGISTER_REFUSED}


def plan_required(standing: Evaluation | None, result: str | None = None) -> bool:
    """Whether a check-in must carry a corrective plan: its target is not met, or at risk, where it is recorded
    (`standing`: the target's evaluation there), and the check-in's result (as stored: _result) does not itself
    report it done."""
    if standing is None or not (standing.status == MISSED or standing.at_risk):
        return False
    count = standing.target.unit == "count" and result is not None and standing.threshold is not None
    return not (result == DONE or (count and float(result) >= standing.threshold))


def record_checkin(path: Path, user: User | None, plan: Plan, target_id: str, commune: str, day: date,
                   result: str | float | None = None, evidence: str | None = None, note: str | None = None,
                   today: date | None = None, due: date | None = None, cause: str | None = None,
                   action: str | None = None, doer: str | None = None, standing: Evaluation | None = None) -> dict:
    """Record one check-in, after checking who asks and what they say; refusals are audited too. A corrective plan
    (cause, action, doer, due) is asked for whole when `standing` says the target is not met or at risk
    (plan_required), and whole or not at all elsewhere; `due` alone is a note's promised date."""
    target = plan.target(target_id)
    if not may_check_in(user, target, commune):
        store.audit(path, user.name if user else None, "cap_nhat", f"{commune}/{target_id}", "tu_choi", "không có quyền")
        if user and not user.acts_for(commune):
            raise CheckinRefused(f"Tài khoản này không cập nhật cho xã mã {commune}: chỉ lãnh đạo, trưởng phòng của xã đó được cập nhật.")
        raise CheckinRefused(f"Chỉ lãnh đạo xã hoặc trưởng phòng chủ trì ({target.owner}) được cập nhật chỉ tiêu {target_id}.")
    today = today or date.today()
    row = {"ma_xa": commune, "ma_chi_tieu": target_id, "ket_qua": _result(target, result),
           "ngay_xac_nhan": _day(day, today).isoformat(),
           "so_van_ban_minh_chung": _text(evidence, MAX_EVIDENCE, "so_van_ban_minh_chung"),
           "ghi_chu": _text(note, MAX_NOTE, "ghi_chu"), "nguyen_nhan": _text(cause, MAX_NOTE, "nguyen_nhan"),
           "giai_phap": _text(action, MAX_NOTE, "giai_phap"), "nguoi_thuc_hien": _text(doer, MAX_EVIDENCE, "nguoi_thuc_hien"),
           "han": _promised(due, day), "nguoi_ghi": user.name, "ghi_luc": datetime.now().isoformat(timespec="microseconds")}
    _check_plan(row, plan_required(standing, row["ket_qua"]) or any(row[f] for f in PLAN[:3]))
    if target.kind == "measured" and not (row["ghi_chu"] or row["giai_phap"]):
        raise CheckinRefused("Hãy ghi nội dung cập nhật (nguyên nhân, việc đang làm để khắc phục).", "ghi_chu")
    with store.connect(path) as con:
        row["id"] = con.execute(f"INSERT INTO cap_nhat ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                                tuple(row.values())).lastrowid
        store.record(con, user.name, "cap_nhat", f"{commune}/{target_id}", "thanh_cong",
                     " · ".join(str(v) for v in (row["ket_qua"], row["ngay_xac_nhan"], row["so_van_ban_minh_chung"]) if v)
                     + (f" · kế hoạch khắc phục: {row['nguoi_thuc_hien']}, hạn {row['han']}" if row["giai_phap"] else ""))
    return row


PLAN_ASKED = {"nguyen_nhan": "Hãy ghi nguyên nhân chưa đạt.", "giai_phap": "Hãy ghi giải pháp khắc phục.",
              "nguoi_thuc_hien": "Hãy ghi người thực hiện (họ tên).", "han": "Hãy chọn hạn hoàn thành."}


def _check_plan(row: dict, whole: bool) -> None:
    """A corrective plan asked for has all four of its fields; the first one missing is asked for."""
    if whole and (missing := [f for f in PLAN if not row[f]]):
        raise CheckinRefused(PLAN_ASKED[missing[0]], missing[0])


def _result(target: Target, result: str | float | None) -> str | None:
    """The result as stored: the two words of a done target, a count, or nothing for a measured target."""
    if target.kind == "measured":
        if result not in (None, ""):
            raise CheckinRefused("Chỉ tiêu đo từ số liệu: kết quả lấy từ dữ liệu, chỉ ghi được ghi chú.", "ket_qua")
        return None
    if target.unit == "count":
        try:
            number = float(str(result).replace(",", "."))
        except ValueError:
            number = -1
        if not number >= 0:
            raise CheckinRefused("Hãy nhập kết quả: một số không âm (ví dụ 2).", "ket_qua")
        return f"{number:g}"
    if result not in (DONE, NOT_DONE):
        raise CheckinRefused(f"Hãy chọn kết quả: '{DONE}' hoặc '{NOT_DONE}'.", "ket_qua")
    return result


def _day(day: date, today: date) -> date:
    """The check-in's date: not to come, not before 2020."""
    if not isinstance(day, date) or day > today or day.year < 2020:
        raise CheckinRefused(f"Hãy chọn ngày xác nhận từ năm 2020 đến hôm nay ({today:%d/%m/%Y}).", "ngay_xac_nhan")
    return day


def _promised(due: date | None, day: date) -> str | None:
    """The date promised (hạn): not before the check-in's own date."""
    if due is None:
        return None
    if not isinstance(due, date) or due < day:
        raise CheckinRefused(f"Hãy chọn hạn hoàn thành từ ngày xác nhận ({day:%d/%m/%Y}) trở đi.", "han")
    return due.isoformat()


def _text(text: str | None, limit: int, field: str) -> str | None:
    """A person's text, trimmed; refused when too long."""
    text = (text or "").strip()
    if len(text) > limit:
        raise CheckinRefused(f"Hãy rút gọn nội dung: {len(text)} ký tự, tối đa {limit}.", field)
    return text or None


def checkins(path: Path, target_id: str | None = None, commune: str | None = None) -> list[dict]:
    """The check-ins recorded, newest first (of one target, one commune, when asked)."""
    return store.read(path, f"SELECT {', '.join('c.' + c for c in COLUMNS)}, coalesce(t.ho_ten, c.nguoi_ghi) AS ten_nguoi_ghi "
                            "FROM cap_nhat AS c LEFT JOIN tai_khoan AS t ON t.ten_dang_nhap = c.nguoi_ghi "
                            "WHERE (:t IS NULL OR c.ma_chi_tieu = :t) AND (:x IS NULL OR c.ma_xa = :x) ORDER BY c.id DESC",
                      {"t": target_id, "x": commune})


def history(path: Path) -> pl.DataFrame:
    """Every check-in as a frame the evaluation merges with the register (dates typed, oldest first)."""
    schema = {c: pl.String for c in NAMED} | {"id": pl.Int64}
    frame = pl.DataFrame(list(reversed(checkins(path))), schema=schema, orient="row")
    return frame.with_columns(pl.col("ngay_xac_nhan", "han").str.to_date(), pl.col("ghi_luc").str.to_datetime())


def version(path: Path) -> int:
    """The newest check-in's number: changes with every check-in (part of the dashboard's cache keys)."""
    rows = store.read(path, "SELECT coalesce(max(id), 0) AS n FROM cap_nhat")
    return rows[0]["n"] if rows else 0
