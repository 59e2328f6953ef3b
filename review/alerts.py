"""Mail for the administrator: a scheduled run that failed, and the daily health of the pipeline."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from pipelines.db import open_database
from pipelines.db.kpi_queries import COUNTY_TIMEZONE
from pipelines.db.queries import task_records
from pipelines.db.sources import SourceHealth, source_health
from pipelines.settings import Settings
from review.cmd_crawl import MAX_ERROR_RATE, SILENT_DAYS
from review.mailer import Mailer, header_text, mail_address, parse_smtp_url

MAX_LISTED_TASKS = 50


@dataclass(frozen=True)
class HealthReport:
    """Enabled sources that fail or went silent, and open tasks past their due date."""

    checked_at: dt.datetime
    sources: tuple[SourceHealth, ...]
    overdue: tuple[dict[str, object], ...]

    @property
    def ok(self) -> bool:
        return not self.sources and not self.overdue


def health_report(settings: Settings, now: dt.datetime) -> HealthReport:
    database = open_database(settings.database_url)
    with database.session() as session:
        health = source_health(session, now, SILENT_DAYS, MAX_ERROR_RATE)
        overdue = [r for r in task_records(session, None, None, now) if r["overdue"]]
    database.dispose()
    sick = tuple(h for h in health if h.enabled and not h.healthy)
    return HealthReport(now, sick, tuple(overdue))


def health_text(report: HealthReport) -> str:
    """The report as plain text: one line per source, then overdue tasks by office."""
    day = report.checked_at.astimezone(COUNTY_TIMEZONE).strftime("%Y-%m-%d %H:%M")
    lines = [f"leadradar 运行检查 health check, {day} (Asia/Shanghai)", ""]
    lines.append(f"== 信息源异常 sources with problems: {len(report.sources)} ==")
    lines += [f"- {h.key} ({h.name}): {h.problem}" for h in report.sources] or ["- none"]
    lines += ["", f"== 逾期任务 overdue tasks: {len(report.overdue)} =="]
    by_office = Counter(str(task["office"]) for task in report.overdue)
    if by_office:
        lines.append("by office: " + ", ".join(f"{k} {v}" for k, v in by_office.most_common()))
    for task in report.overdue[:MAX_LISTED_TASKS]:
        lines.append(f"- #{task['task_id']} {task['office']} {task['kind']} · {task['company']}"
                     f" · due {task['due_at']}")  # fmt: skip
    if len(report.overdue) > MAX_LISTED_TASKS:
        lines.append(f"- … and {len(report.overdue) - MAX_LISTED_TASKS} more (leadradar tasks)")
    if not report.overdue:
        lines.append("- none")
    return "\n".join(lines) + "\n"


def health_message(settings: Settings, report: HealthReport) -> EmailMessage:
    subject = (
        f"[leadradar] 运行检查 health: {len(report.sources)} sources with problems, "
        f"{len(report.overdue)} overdue tasks"
    )
    return admin_message(settings, subject, health_text(report), report.checked_at)


def failure_message(
    settings: Settings, flow_name: str, run_name: str, reason: str, now: dt.datetime
) -> EmailMessage:
    """One mail for one failed flow run: which flow, which run, and why."""
    body = (
        f"The scheduled flow '{flow_name}' failed (flow run '{run_name}').\n\n"
        f"Reason:\n{reason.strip() or '(no message)'}\n\n"
        f"Time: {now.astimezone(COUNTY_TIMEZONE):%Y-%m-%d %H:%M} (Asia/Shanghai)\n"
        f"Logs: prefect flow-run logs, or the Prefect UI at PREFECT_API_URL without /api.\n"
    )
    subject = f"[leadradar] 流程失败 flow failed: {flow_name} ({run_name})"
    return admin_message(settings, subject, body, now)


def admin_message(settings: Settings, subject: str, body: str, now: dt.datetime) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = header_text(subject)
    message["From"] = mail_address(settings.mail_from)
    if settings.admin_email:
        message["To"] = mail_address(settings.admin_email)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid("leadradar")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body)
    return message


def notify_admin(settings: Settings, message: EmailMessage) -> str:
    """Mail the admin; without SMTP or an admin address the message is filed in the outbox."""
    if settings.smtp_url and settings.admin_email:
        with Mailer(parse_smtp_url(settings.smtp_url)) as mailer:
            mailer.send(message)
        return f"mailed to {settings.admin_email}"
    folder = settings.outbox / "admin"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    path: Path = folder / f"{stamp}.eml"
    path.write_bytes(message.as_bytes())
    return f"filed in {path} (set LEADRADAR_SMTP_URL and LEADRADAR_ADMIN_EMAIL to mail it)"
