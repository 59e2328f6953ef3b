"""Named queries of the weekly digests: the week's leads with their evidence, and the send ledger."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from pipelines.db.models import Article, DigestSent, Lead, LeadArticle
from pipelines.db.queries import ranked_leads

PENDING, SENT = "pending", "sent"


def week_leads(
    session: Session, start: dt.datetime, end: dt.datetime, office: str | None = None
) -> list[dict[str, Any]]:
    """Open leads first seen in [start, end) (of one office's tasks, if given), best first.

    Each record is a `ranked_leads` record (ranks renumbered) plus `capex_cny`, `evidence` (the
    sentence the amount came from), `mention` (how the article named the investor) and the
    first article's `article_title` and `article_body`.
    """
    records = [
        r
        for r in ranked_leads(session, None, office, start)
        if dt.datetime.fromisoformat(r["first_seen_at"]) < end
    ]
    for rank, record in enumerate(records, start=1):
        record["rank"] = rank
        record.update(_lead_details(session, record["lead_id"]))
    return records


def _lead_details(session: Session, lead_id: int) -> dict[str, Any]:
    lead = session.get(Lead, lead_id)
    assert lead is not None
    facts = lead.facts or {}
    investor: dict[str, Any] = next(iter(facts.get("companies") or []), {})
    first = session.execute(
        select(Article.title, Article.body)
        .join(LeadArticle, LeadArticle.article_id == Article.id)
        .where(LeadArticle.lead_id == lead_id)
        .order_by(LeadArticle.added_at, Article.id)
        .limit(1)
    ).first()
    return {
        "capex_cny": float(lead.capex_cny) if lead.capex_cny is not None else None,
        "evidence": (facts.get("evidence") or {}).get("capex"),
        "mention": investor.get("mention"),
        "article_title": first.title if first else None,
        "article_body": first.body if first else None,
    }


def claim_digest(
    session: Session, week: str, audience: str, recipient: str, message_id: str
) -> bool:
    """Mark the message pending unless it went out already; True when it is still to be sent.

    A row left pending by a crash is claimed again, so the message is retried.
    """
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(DigestSent).values(
        week=week, audience=audience, recipient=recipient, status=PENDING, message_id=message_id
    )
    session.execute(
        statement.on_conflict_do_nothing(index_elements=["week", "audience", "recipient"])
    )
    return _row(session, week, audience, recipient).status != SENT


def mark_digest_sent(
    session: Session, week: str, audience: str, recipient: str, at: dt.datetime
) -> None:
    row = _row(session, week, audience, recipient)
    row.status, row.sent_at = SENT, at


def digest_ledger(session: Session, week: str) -> list[DigestSent]:
    """Every message of `week` that was claimed, by audience and recipient."""
    query = select(DigestSent).where(DigestSent.week == week)
    return list(session.scalars(query.order_by(DigestSent.audience, DigestSent.recipient)))


def _row(session: Session, week: str, audience: str, recipient: str) -> DigestSent:
    query = select(DigestSent).where(
        DigestSent.week == week, DigestSent.audience == audience, DigestSent.recipient == recipient
    )
    return session.scalars(query).one()
