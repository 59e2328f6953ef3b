"""`leadradar digest`: render the week's digests, write previews, send each message once."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TextIO

from catalog.load import load_catalog
from catalog.model import Catalog
from pipelines.db import open_database
from pipelines.settings import Settings
from review.cmd_reference import UsageError
from review.digest import Delivery, RenderedDigest, render_county, render_office, send_digests
from review.digest_content import office_digest
from review.digest_county import LEADERS, county_summary
from review.mailer import MailConfigError, Mailer, mail_address, parse_smtp_url
from review.weeks import IsoWeek, last_complete_week


def iso_week(text: str) -> IsoWeek:
    """argparse type of --week."""
    try:
        return IsoWeek.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def digest_command(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    now = dt.datetime.now(dt.UTC)
    week = args.week or last_complete_week(now)
    digests = build_digests(settings, week, now, args.office)
    if args.out or not args.send:
        folder = Path(args.out) if args.out else settings.outbox
        paths = write_previews(digests, folder, settings.mail_from, now)
        out.write(f"邮件预览 digest previews of {week}: {len(digests)} messages in {folder}\n")
        out.writelines(f"  {p}\n" for p in paths if p.suffix == ".html")
    if not args.send:
        return 0
    if not any(d.recipients for d in digests):
        raise UsageError("no digest has a recipient: set `email` of the offices in offices.yml, "
                         "LEADRADAR_OFFICE_EMAILS or LEADRADAR_LEADER_EMAILS")  # fmt: skip
    delivery = deliver(settings, digests, now)
    write_delivery(delivery, out)
    return 0 if delivery.ok else 1


def recipients_of(settings: Settings, catalog: Catalog, audience: str) -> tuple[str, ...]:
    """Leaders from LEADRADAR_LEADER_EMAILS; an office from its catalog entry, else the setting."""
    if audience == LEADERS:
        found = settings.leader_emails
    else:
        email = catalog.office(audience).email
        found = (email,) if email else tuple(settings.office_emails.get(audience, ()))
    try:
        return tuple(mail_address(a) for a in found)
    except MailConfigError as exc:
        raise UsageError(f"{audience}: {exc}") from None


def build_digests(
    settings: Settings, week: IsoWeek, now: dt.datetime, audience: str | None = None
) -> list[RenderedDigest]:
    """Every office digest with something to say, then the leaders' summary (or one audience)."""
    catalog = load_catalog(settings.catalog_dir)
    offices = _offices(catalog, audience)
    database = open_database(settings.database_url)
    rendered = []
    with database.session() as session:
        for office_id in offices:
            digest = office_digest(session, catalog, office_id,
                                   recipients_of(settings, catalog, office_id), week, now,
                                   settings.review_url)  # fmt: skip
            if not digest.empty:
                rendered.append(render_office(digest))
        if audience in (None, LEADERS):
            summary = county_summary(session, catalog, recipients_of(settings, catalog, LEADERS),
                                     week, now, settings.review_url)  # fmt: skip
            rendered.append(render_county(summary))
    database.dispose()
    return rendered


def _offices(catalog: Catalog, audience: str | None) -> list[str]:
    """The offices to render: all, the one asked for, or none when only the summary is."""
    known = [o.id for o in catalog.offices]
    if audience and audience not in (*known, LEADERS):
        raise UsageError(f"--office {audience!r}: no such office (offices: {', '.join(known)}; "
                         f"{LEADERS} for the county summary)")  # fmt: skip
    return [o for o in known if audience in (None, o)]


def write_previews(
    digests: list[RenderedDigest], folder: Path, sender: str, now: dt.datetime
) -> list[Path]:
    """Each digest as `WEEK-AUDIENCE.eml` (the message as sent) and `.html` (to open)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for digest in digests:
        stem = folder / f"{digest.week}-{digest.audience}"
        message = digest.message(sender, digest.recipients, now)
        stem.with_suffix(".eml").write_bytes(message.as_bytes())
        stem.with_suffix(".html").write_text(digest.preview_html(), encoding="utf-8")
        paths += [stem.with_suffix(".eml"), stem.with_suffix(".html")]
    return paths


def deliver(settings: Settings, digests: list[RenderedDigest], now: dt.datetime) -> Delivery:
    """Send through LEADRADAR_SMTP_URL; without it, the digests only go to the outbox folder."""
    if not settings.smtp_url:
        write_previews(digests, settings.outbox, settings.mail_from, now)
        return Delivery(filed_in=str(settings.outbox))
    try:
        target = parse_smtp_url(settings.smtp_url)
        mail_address(settings.mail_from)
    except MailConfigError as exc:
        raise UsageError(str(exc)) from None
    database = open_database(settings.database_url)
    with Mailer(target) as mailer:
        delivery = send_digests(database, digests, mailer, settings.mail_from, now)
    database.dispose()
    return delivery


def weekly_digests(settings: Settings, now: dt.datetime, week: IsoWeek | None = None) -> Delivery:
    """The scheduled job: last week's digests, sent (or filed in the outbox without SMTP)."""
    return deliver(settings, build_digests(settings, week or last_complete_week(now), now), now)


def write_delivery(delivery: Delivery, out: TextIO) -> None:
    if delivery.filed_in:
        out.write(
            f"LEADRADAR_SMTP_URL 未设置 not set: digests written to {delivery.filed_in} only\n"
        )
        return
    out.write(
        f"邮件发送 digests sent: {len(delivery.sent)}, already sent before: "
        f"{len(delivery.already_sent)}, failed: {len(delivery.failed)}\n"
    )
    for line in delivery.failed:
        out.write(f"  失败 failed {line}\n")
    if delivery.no_address:
        out.write(f"  无收件地址 no address: {', '.join(delivery.no_address)}\n")
    if delivery.aborted:
        out.write(f"  中止 stopped (the rest stays pending): {delivery.aborted}\n")


def demo_previews(settings: Settings, out: TextIO) -> None:
    """The demo's digests of this week (its leads are all new today), written to the outbox."""
    now = dt.datetime.now(dt.UTC)
    digests = build_digests(settings, IsoWeek.of(now), now)
    paths = write_previews(digests, settings.outbox, settings.mail_from, now)
    out.write(f"\n邮件预览 Digest previews ({len(digests)} messages), open in a browser:\n")
    out.writelines(f"  {p}\n" for p in paths if p.suffix == ".html")
