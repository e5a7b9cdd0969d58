"""The news delivered to people who never open the app: who receives what (recipients), the messages (a Vietnamese
HTML e-mail with a plain-text part, the overview picture inline and the XLSX attached; a JSON post for the city's
chat bridge), and sending them once: every send and failure is audited, and the ledger (ban_tin_da_gui) keeps a
week's digest, or a day's alert, from reaching the same person twice."""

from __future__ import annotations

import base64
import json
import smtplib
import socket
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path

from warehouse import actions, settings
from warehouse.app import store
from warehouse.app.accounts import User, leads, user_of, users
from warehouse.communes import commune_name
from warehouse.digest import Digest, body_html, body_text, subject
from warehouse.display import vn_date
from warehouse.evaluate import MISSED
from warehouse.picture import overview_png
from warehouse.plan import Plan
from warehouse.submission import submission_xlsx

WEEKLY, ALERT = "tuan", "canh_bao"
WEBHOOK = "webhook"  # the ledger's recipient for the post to $CCHC_WEBHOOK_URL
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DeliveryError(Exception):
    """Sending is not set up (no server, no sender): said so the administrator can fix it."""


@dataclass
class Recipient:
    """An account that receives the news of one commune, over the targets it follows (None: every target)."""

    login: str
    name: str
    address: str
    ma_xa: str
    targets: set[str] | None


def follows(user: User, chosen: str | None, plan: Plan) -> set[str] | None:
    """The targets a person follows: a leader every one (None); a department lead those their department owns or
    coordinates; anyone the targets they chose, besides."""
    if user.has("lanh_dao"):
        return None
    mine = {t.id for t in plan.targets if user.has("truong_phong") and user.department in (t.owner, *t.coordinators)}
    return mine | set(filter(None, (chosen or "").split(",")))


def recipients(path: Path, plan: Plan, communes: list[str]) -> list[Recipient]:
    """Every active account with an e-mail address and something to follow, for each of these communes it acts for."""
    out = []
    for row in users(path):
        user = user_of(row)
        if row["da_khoa"] or not row["email"]:
            continue
        targets = follows(user, row["theo_doi"], plan)
        if targets is not None and not targets:
            continue
        out += [Recipient(user.name, user.full_name or user.name, row["email"], xa, targets)
                for xa in communes if user.acts_for(xa)]
    return out


@dataclass
class Message:
    """One message to send: to a recipient (or the webhook), of a kind and period, and what it says."""

    to: Recipient | None  # None: the webhook's post of the whole commune
    kind: str
    period: str  # the ledger's key: the week (2025-W40) or the day (2025-09-30)
    digest: Digest
    title: str
    text: str
    leads: dict  # accounts.leads of the commune
    heading: str
    sent_before: bool = False

    @property
    def login(self) -> str:
        return self.to.login if self.to else WEBHOOK

    def summary(self) -> dict:
        """What `digest --dry-run --json` prints of it."""
        d = self.digest
        return {"nguoi_nhan": self.to.address if self.to else WEBHOOK, "tai_khoan": self.to.login if self.to else None,
                "ma_xa": d.ma_xa, "loai": self.kind, "ky": self.period, "chu_de": self.title,
                "doi_trang_thai": d.changes(), "co_nguy_co": [e.target.id for e in d.turned_at_risk],
                "qua_han": [e.target.id for e in d.in_state(actions.OVERDUE)],
                "chua_co_giai_phap": [e.target.id for e in d.in_state(actions.NO_PLAN)],
                "so_chi_tieu": d.counts(), "da_gui": self.sent_before}


def messages(path: Path, plan: Plan, digests: list[Digest], kind: str, period: str, title: str,
             webhook: bool) -> list[Message]:
    """The messages of these digests (one per commune): one per recipient, plus one post per commune to the webhook
    when it is set; an alert only where something turned red or went overdue. Each marked when already sent."""
    sent = {(r["nguoi_nhan"], r["ma_xa"]) for r in store.read(
        path, "SELECT nguoi_nhan, ma_xa FROM ban_tin_da_gui WHERE loai = ? AND ky = ?", (kind, period))}
    out = []
    for digest in digests:
        heads = leads(path, [digest.ma_xa])
        for r in recipients(path, plan, [digest.ma_xa]) + ([None] if webhook else []):
            mine = digest.of(r.targets if r else None)
            if kind == ALERT and not (mine.turned(MISSED) or mine.went_overdue):
                continue
            head = f"{title} – xã {commune_name(digest.ma_xa)}" if kind == WEEKLY else f"{title} ({vn_date(digest.den_ngay)})"
            out.append(Message(r, kind, period, mine, subject(mine, title), body_text(mine, plan, heads, head), heads, head,
                               (r.login if r else WEBHOOK, digest.ma_xa) in sent))
    return out


@dataclass(frozen=True)
class Settings:
    """The commune's mail server and the city's chat bridge, from the environment (README, "The news delivered")."""

    host: str | None
    port: int
    starttls: bool
    user: str | None
    password_file: Path | None
    sender: str | None  # none given: cchc@ the machine's name, looked up only when mail is sent
    webhook: str | None

    @classmethod
    def from_env(cls) -> Settings:
        """The settings as the environment gives them (warehouse.settings)."""
        starttls = settings.whole("CCHC_SMTP_STARTTLS") == 1
        port = settings.text("CCHC_SMTP_PORT") or str(587 if starttls else 25)
        if not port.isdigit():
            raise DeliveryError(f"CCHC_SMTP_PORT phải là một số cổng (ví dụ 25, 587), không phải '{port[:20]}'.")
        return cls(settings.text("CCHC_SMTP_HOST"), int(port), starttls, settings.text("CCHC_SMTP_USER"),
                   settings.path("CCHC_SMTP_PASSWORD_FILE"),
                   settings.text("CCHC_SMTP_FROM") or settings.text("CCHC_SMTP_USER"),
                   settings.text("CCHC_WEBHOOK_URL"))


def email(message: Message, plan: Plan, sender: str, demo: bool = False) -> EmailMessage:
    """The e-mail: subject and both parts in Vietnamese, the picture of the recipient's targets inline, their
    figures as XLSX attached."""
    mail = EmailMessage()
    mail["Subject"], mail["From"] = message.title, sender
    mail["To"] = formataddr((message.to.name, message.to.address))
    mail["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    mail.set_content(message.text)
    cid = make_msgid()
    d = message.digest
    mail.add_alternative(body_html(d, plan, message.leads, message.heading, cid[1:-1]), subtype="html")
    mail.get_payload()[1].add_related(overview_png(d.now, plan, demo=demo, leads=message.leads), "image", "png",
                                      cid=cid, filename="tong-quan.png")
    mail.add_attachment(submission_xlsx(plan, d.now, leads=message.leads), maintype=XLSX.split("/")[0], subtype=XLSX.split("/")[1],
                        filename=f"cchc-{d.ma_xa}-{d.den_ngay:%Y%m%d}.xlsx")
    return mail


def post(message: Message, plan: Plan, url: str, demo: bool = False) -> None:
    """The webhook's JSON (README, "The news delivered"), with the picture as base64; an HTTP error raises."""
    body = message.summary() | {"van_ban": message.text,
                                "anh_png": base64.b64encode(overview_png(message.digest.now, plan, demo=demo,
                                                                         leads=message.leads)).decode()}
    request = urllib.request.Request(url, json.dumps(body, ensure_ascii=False, default=str).encode("utf-8"),
                                     {"Content-Type": "application/json; charset=utf-8"}, method="POST")
    with urllib.request.urlopen(request, timeout=30) as answer:
        answer.read()


def send(path: Path, plan: Plan, todo: list[Message], settings: Settings, actor: str, demo: bool = False) -> list[str]:
    """Send the messages not sent before: each success is recorded in the ledger and the audit, each failure in the
    audit; the failures, in words (empty when all went)."""
    todo = [m for m in todo if not m.sent_before]
    mails = [m for m in todo if m.to]
    if mails and not settings.host:
        raise DeliveryError("Chưa cấu hình máy chủ thư: hãy đặt CCHC_SMTP_HOST (và CCHC_SMTP_FROM; xem README, mục gửi bản tin).")
    failures = []
    if mails:
        failures += _send_mails(path, plan, mails, settings, actor, demo)
    for m in (m for m in todo if m.to is None):
        try:
            post(m, plan, settings.webhook, demo)
        except (OSError, urllib.error.URLError) as exc:
            failures.append(_failed(path, actor, m, f"webhook không nhận: {exc}"))
        else:
            _sent(path, actor, m, "webhook")
    return failures


def _send_mails(path: Path, plan: Plan, mails: list[Message], settings: Settings, actor: str, demo: bool) -> list[str]:
    """Send the e-mails over one connection to the server; a refused connection fails them all."""
    failures, done = [], set()
    sender = settings.sender or f"cchc@{socket.getfqdn()}"
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=30) as server:
            if settings.starttls:
                server.starttls(context=ssl.create_default_context())
            if settings.user:
                server.login(settings.user, settings.password_file.read_text(encoding="utf-8").strip()
                             if settings.password_file else "")
            for i, m in enumerate(mails):
                try:
                    server.send_message(email(m, plan, sender, demo))
                except smtplib.SMTPServerDisconnected:
                    raise
                except smtplib.SMTPException as exc:
                    failures.append(_failed(path, actor, m, f"máy chủ thư từ chối: {_said(exc)}"))
                else:
                    _sent(path, actor, m, "email")
                done.add(i)
    except (OSError, smtplib.SMTPException) as exc:
        said = f"không gửi được qua máy chủ thư {settings.host}:{settings.port}: {_said(exc)}"
        failures += [_failed(path, actor, m, said) for i, m in enumerate(mails) if i not in done]
    return failures


def _said(exc: BaseException) -> str:
    """What the server or the network said."""
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {text}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{a}: {c} {m.decode('utf-8', 'replace')}" for a, (c, m) in exc.recipients.items())
    return str(exc) or type(exc).__name__


def _what(m: Message) -> str:
    return f"{'bản tin tuần' if m.kind == WEEKLY else 'cảnh báo ngày'} {m.period} xã {m.digest.ma_xa}"


def _sent(path: Path, actor: str, m: Message, channel: str) -> None:
    with store.connect(path) as con:
        con.execute("INSERT OR IGNORE INTO ban_tin_da_gui VALUES (?, ?, ?, ?, ?, ?)",
                    (m.login, m.kind, m.period, m.digest.ma_xa, channel, store.now()))
        store.record(con, actor, "gui_ban_tin", m.to.address if m.to else WEBHOOK, "thanh_cong", _what(m))


def _failed(path: Path, actor: str, m: Message, why: str) -> str:
    store.audit(path, actor, "gui_ban_tin", m.to.address if m.to else WEBHOOK, "loi", f"{_what(m)}: {why}")
    return f"{m.to.address if m.to else WEBHOOK}: {why}"
