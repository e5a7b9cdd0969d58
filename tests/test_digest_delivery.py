"""The news delivered, as an operator's cron runs it: `python -m pipelines digest --send` on the demo, with accounts
that have addresses, against a real SMTP server on 127.0.0.1 (aiosmtpd) and a real HTTP server for the webhook: one
Vietnamese message per recipient with the picture inline and the XLSX attached, sent once; a refusal audited and
said, exit 1; the change alert at most once a day."""

from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
import threading
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import openpyxl
import pytest
from aiosmtpd.controller import Controller
from live_server import free_port
from PIL import Image

from warehouse.app import store

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
ADDRESSES = {"lanhdao": "chutich@khucthuadu.example", "truongphong.vhxh": "ngoc@khucthuadu.example"}


class Inbox:
    """What the SMTP server received; `refuse` makes it answer every message with that reply."""

    def __init__(self) -> None:
        self.messages, self.refuse = [], None

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return self.refuse
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


def pipelines(warehouse: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines", "--warehouse", str(warehouse), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=180, env={**os.environ, **(env or {})})


@pytest.fixture
def addressed(demo_copy) -> Path:
    """The demo with e-mail addresses given to the leader and the department lead, as an administrator does."""
    for name, address in ADDRESSES.items():
        done = pipelines(demo_copy, "users", "email", name, address)
        assert done.returncode == 0, done.stderr
    return demo_copy


def mail_settings(port: int) -> dict:
    return {"CCHC_SMTP_HOST": "127.0.0.1", "CCHC_SMTP_PORT": str(port), "CCHC_SMTP_FROM": "cchc@khucthuadu.example"}


def parts(message) -> dict[str, object]:
    """content type → the part (the first of each)."""
    found = {}
    for part in message.walk():
        found.setdefault(part.get_content_type(), part)
    return found


def test_one_message_per_recipient_with_the_picture_and_the_figures_then_none_again(addressed, smtp):
    inbox, port = smtp
    done = pipelines(addressed, "digest", "--send", env=mail_settings(port))
    assert done.returncode == 0, done.stderr
    assert sorted(to[0] for to, _ in inbox.messages) == sorted(ADDRESSES.values())
    for to, message in inbox.messages:
        assert message["Subject"].startswith("Bản tin CCHC tuần 01/2026 – xã Khúc Thừa Dụ: ")
        found = parts(message)
        text = found["text/plain"].get_content()
        assert "Chưa có giải pháp (chưa đạt từ 14 ngày trở lên)" in text and "CQS-10" in text  # VHXH's, in both
        assert "Phòng Văn hóa - Xã hội – Phan Thị Ngọc, Trưởng phòng" in text
        html = found["text/html"].get_content()
        assert 'lang="vi"' in html and "cid:" in html
        picture = found["image/png"]
        assert picture["Content-ID"].strip("<>") in html
        assert Image.open(io.BytesIO(picture.get_content())).format == "PNG"
        sheet = openpyxl.load_workbook(io.BytesIO(found["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
                                                  .get_content())).active
        ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert len(ids) == (40 if to[0] == ADDRESSES["lanhdao"] else 22)  # a lead: their department's targets
    again = pipelines(addressed, "digest", "--send", env=mail_settings(port))
    assert again.returncode == 0 and len(inbox.messages) == 2  # never the same week twice
    sent = [r for r in store.audit_trail(store.store_path(addressed)) if r["hanh_dong"] == "gui_ban_tin"]
    assert sorted(r["doi_tuong"] for r in sent) == sorted(ADDRESSES.values()) and {r["ket_qua"] for r in sent} == {"thanh_cong"}


def test_the_dry_run_says_what_would_go_and_sends_nothing(addressed, smtp):
    inbox, port = smtp
    done = pipelines(addressed, "digest", "--dry-run", "--json", env=mail_settings(port))
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout)
    assert {m["nguoi_nhan"] for m in said} == set(ADDRESSES.values())
    assert all({"nguoi_nhan", "chu_de", "doi_trang_thai", "qua_han", "chua_co_giai_phap"} <= m.keys() for m in said)
    lead = next(m for m in said if m["tai_khoan"] == "truongphong.vhxh")
    assert lead["chua_co_giai_phap"] == ["CVU-04", "CQS-10"] and not lead["da_gui"]
    assert inbox.messages == []


def test_a_refusing_server_is_said_audited_and_tried_again_next_time(addressed, smtp):
    inbox, port = smtp
    inbox.refuse = "550 5.7.1 Hộp thư không nhận"
    done = pipelines(addressed, "digest", "--send", env=mail_settings(port))
    assert done.returncode == 1
    assert "Lỗi: không gửi được chutich@khucthuadu.example: máy chủ thư từ chối: 550" in done.stderr
    failed = [r for r in store.audit_trail(store.store_path(addressed)) if r["hanh_dong"] == "gui_ban_tin"]
    assert len(failed) == 2 and {r["ket_qua"] for r in failed} == {"loi"}
    inbox.refuse = None
    assert pipelines(addressed, "digest", "--send", env=mail_settings(port)).returncode == 0
    assert len(inbox.messages) == 2


def test_no_server_listening_is_said_in_vietnamese_exit_1(addressed):
    done = pipelines(addressed, "digest", "--send", env=mail_settings(free_port()))
    assert done.returncode == 1 and "không gửi được qua máy chủ thư 127.0.0.1" in done.stderr
    assert "Traceback" not in done.stderr


def test_no_server_set_is_a_usage_error(addressed):
    done = pipelines(addressed, "digest", "--send", env={"CCHC_SMTP_HOST": ""})
    assert done.returncode == 2 and "Chưa cấu hình máy chủ thư" in done.stderr


class Hook(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        Hook.received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_the_webhook_gets_the_digest_as_json_with_the_picture_once(demo_copy):
    Hook.received = []
    http = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    try:
        url = {"CCHC_WEBHOOK_URL": f"http://127.0.0.1:{http.server_port}/cchc", "CCHC_SMTP_HOST": ""}
        assert pipelines(demo_copy, "digest", "--send", env=url).returncode == 0  # no address needed: the bridge is one
        assert pipelines(demo_copy, "digest", "--send", env=url).returncode == 0
    finally:
        http.shutdown()
    assert len(Hook.received) == 1
    post = Hook.received[0]
    assert post["nguoi_nhan"] == "webhook" and post["ma_xa"] == "KTD" and post["chu_de"].startswith("Bản tin CCHC tuần")
    assert "CQS-10" in post["chua_co_giai_phap"] and post["van_ban"].startswith("Bản tin CCHC tuần")
    assert base64.b64decode(post["anh_png"])[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_change_alert_goes_once_a_day_and_only_when_something_changed(addressed, smtp):
    inbox, port = smtp
    quiet = pipelines(addressed, "digest", "--alert", "--to", "31/12/2025", "--send", env=mail_settings(port))
    assert quiet.returncode == 0 and inbox.messages == []  # nothing turned red on the year's last day
    host_and_port = {k: v for k, v in mail_settings(port).items() if k != "CCHC_SMTP_FROM"}  # enough: a sender by default
    for _ in range(2):
        assert pipelines(addressed, "digest", "--alert", "--to", "30/09/2025", "--send", env=host_and_port).returncode == 0
    assert all(m["From"].startswith("cchc@") for _, m in inbox.messages)
    subjects = [m["Subject"] for _, m in inbox.messages]
    assert subjects and all(s.startswith("Cảnh báo CCHC") for s in subjects)
    assert sorted(to[0] for to, _ in inbox.messages) == sorted(ADDRESSES.values())  # CVU-04 turned red: once to each
