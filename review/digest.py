"""Weekly digests as mail: render each one (pure), and send each message through SMTP once."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from pipelines.db import Database
from pipelines.db.digests import claim_digest, mark_digest_sent
from review.digest_chart import progress_chart
from review.digest_content import OfficeDigest
from review.digest_county import CountySummary
from review.mailer import Mailer, MailError, MailServerUnavailable, header_text, mail_address

TEMPLATES = Path(__file__).resolve().parent / "templates" / "digest"
CHART_CID = "progress-chart"
# Inline styles only: mail clients drop <style> blocks and never load external CSS.
STYLE = {
    "body": "margin:0;padding:16px;background:#f3f4f6;font-family:'PingFang SC','Microsoft YaHei',"
    "'Noto Sans CJK SC',Arial,sans-serif;color:#111827;font-size:14px;line-height:1.5",
    "card": "max-width:760px;margin:0 auto;background:#ffffff;border:1px solid #e5e7eb;"
    "border-radius:6px;padding:20px",
    "h1": "font-size:20px;margin:0 0 4px 0;color:#1e3a8a",
    "h2": "font-size:16px;margin:24px 0 8px 0;color:#1e3a8a;border-bottom:2px solid #dbeafe;"
    "padding-bottom:4px",
    "muted": "color:#6b7280;font-size:12px",
    "table": "width:100%;border-collapse:collapse;font-size:13px",
    "th": "text-align:left;background:#eff6ff;padding:6px 8px;border-bottom:1px solid #bfdbfe;"
    "white-space:nowrap",
    "td": "padding:6px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top",
    "detail": "padding:4px 8px 10px 8px;border-bottom:1px solid #d1d5db;color:#374151;"
    "font-size:12px",
    "badge": "display:inline-block;background:#fef3c7;color:#92400e;border-radius:3px;"
    "padding:0 4px;margin:1px 2px 1px 0;font-size:11px",
    "overdue": "color:#b91c1c;font-weight:bold",
    "link": "color:#1d4ed8",
    "quote": "border-left:3px solid #93c5fd;padding-left:6px;margin:2px 0;color:#1f2937",
}


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def web_url(url: str | None) -> str:
    """Only http(s) links reach an href; anything else (javascript:, data:) becomes '#'."""
    return url if url and url.lower().startswith(("http://", "https://")) else "#"


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
        autoescape=select_autoescape(["html"], default_for_string=False),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )  # fmt: skip
    environment.filters.update(pct=percent, web=web_url)
    environment.globals["css"] = STYLE
    return environment


def _render(name: str, **values: Any) -> str:
    return _environment().get_template(name).render(**values)


@dataclass(frozen=True)
class RenderedDigest:
    """One digest ready to mail: subject, HTML and text parts, inline images by content id."""

    week: str
    audience: str
    recipients: tuple[str, ...]
    subject: str
    html: str
    text: str
    images: tuple[tuple[str, bytes], ...] = ()

    def message(self, sender: str, to: Sequence[str], now: dt.datetime) -> EmailMessage:
        """The MIME message: text, then HTML with its images as related parts."""
        message = EmailMessage()
        message["Subject"] = header_text(self.subject)
        message["From"] = mail_address(sender)
        if to:
            message["To"] = ", ".join(mail_address(a) for a in to)
        message["Date"] = format_datetime(now)
        message["Message-ID"] = message_id(self.week, self.audience, ",".join(to), sender)
        message["Auto-Submitted"] = "auto-generated"
        message["X-Leadradar-Digest"] = header_text(f"{self.week} {self.audience}")
        message.set_content(self.text)
        message.add_alternative(self.html, subtype="html")
        html_part = message.get_body(("html",))
        assert isinstance(html_part, EmailMessage)
        for cid, png in self.images:
            html_part.add_related(png, maintype="image", subtype="png", cid=f"<{cid}>",
                                  disposition="inline", filename=f"{cid}.png")  # fmt: skip
        return message

    def preview_html(self) -> str:
        """The HTML with its images embedded, to open in a browser."""
        html = self.html
        for cid, png in self.images:
            data = base64.b64encode(png).decode("ascii")
            html = html.replace(f"cid:{cid}", f"data:image/png;base64,{data}")
        return html


def message_id(week: str, audience: str, recipient: str, sender: str) -> str:
    """The same message always gets the same id, so a resent copy is a recognisable duplicate."""
    digest = hashlib.sha256(recipient.encode("utf-8")).hexdigest()[:12]
    domain = header_text(sender.rpartition("@")[2]) or "leadradar.local"
    return f"<leadradar.{week}.{audience}.{digest}@{domain}>"


def render_office(digest: OfficeDigest) -> RenderedDigest:
    subject = f"【招商线索周报】{digest.week} {digest.office_name}：新线索 {len(digest.leads)} 条"
    if digest.leads:
        subject += f"，首条 {digest.leads[0].company}"
    if digest.overdue:
        subject += f"，逾期任务 {digest.overdue} 项"
    values = {"digest": digest, "subject": subject}
    return RenderedDigest(
        digest.week.label, digest.audience, digest.recipients, header_text(subject),
        _render("office.html", **values), _render("office.txt", **values),
    )  # fmt: skip


def render_county(summary: CountySummary) -> RenderedDigest:
    subject = (
        f"【招商工作周报】{summary.week} {summary.county_name}：新线索 {summary.new_leads} 条，"
        f"重点项目 {len(summary.big_leads)} 个，落后机构 {len(summary.behind)} 个"
    )
    chart = progress_chart(summary.targets, summary.expected_share)
    values = {"summary": summary, "subject": subject, "chart_cid": CHART_CID}
    return RenderedDigest(
        summary.week.label, summary.audience, summary.recipients, header_text(subject),
        _render("county.html", **values), _render("county.txt", **values), ((CHART_CID, chart),),
    )  # fmt: skip


@dataclass
class Delivery:
    """What one sending run did, each entry `audience → recipient`."""

    sent: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    no_address: list[str] = field(default_factory=list)
    aborted: str = ""
    filed_in: str = ""  # the outbox folder, when no SMTP server is configured

    @property
    def ok(self) -> bool:
        return not self.failed and not self.aborted


def send_digests(
    database: Database, digests: Sequence[RenderedDigest], mailer: Mailer, sender: str,
    now: dt.datetime,
) -> Delivery:  # fmt: skip
    """Send every digest to each of its recipients, skipping what the ledger says went out.

    The ledger row is committed as pending before the hand-over and as sent after it: a crash
    in between leaves it pending, and the next run sends that message again.
    """
    delivery = Delivery()
    for digest in digests:
        if not digest.recipients:
            delivery.no_address.append(digest.audience)
        for recipient in digest.recipients:
            try:
                _send_once(database, digest, recipient, mailer, sender, now, delivery)
            except MailServerUnavailable as exc:
                delivery.aborted = str(exc)
                return delivery
    return delivery


def _send_once(
    database: Database, digest: RenderedDigest, recipient: str, mailer: Mailer, sender: str,
    now: dt.datetime, delivery: Delivery,
) -> None:  # fmt: skip
    label = f"{digest.audience} → {recipient}"
    message = digest.message(sender, [recipient], now)
    with database.session() as session:
        due = claim_digest(session, digest.week, digest.audience, recipient, message["Message-ID"])
    if not due:
        delivery.already_sent.append(label)
        return
    try:
        mailer.send(message)
    except MailServerUnavailable:
        raise
    except MailError as exc:
        delivery.failed.append(f"{label}: {exc}")
        return
    with database.session() as session:
        mark_digest_sent(session, digest.week, digest.audience, recipient, now)
    delivery.sent.append(label)
