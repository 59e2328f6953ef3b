"""Named queries for the outputs: ranked leads and tasks, as plain records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipelines.db.models import Article, CompanyRow, Lead, LeadArticle, Task

LEAD_COLUMNS = [
    "rank", "lead_id", "score", "company", "lists", "event_type", "stage", "capex", "destination",
    "sector", "chain_link", "relation", "offices", "sources", "first_seen_at", "url", "reason",
]  # fmt: skip
TASK_COLUMNS = [
    "task_id", "lead_id", "office", "kind", "status", "step", "due_at", "overdue", "company",
    "event_type", "capex", "leader_region", "reason",
]  # fmt: skip


def ranked_leads(
    session: Session, top: int | None = None, office: str | None = None,
    since: dt.datetime | None = None, now: dt.datetime | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Open leads, best score first (ties: newer first)."""
    query = select(Lead).where(Lead.status.in_(("new", "accepted")))
    if office:
        query = query.where(Lead.id.in_(select(Task.lead_id).where(Task.office_id == office)))
    if since:
        query = query.where(Lead.first_seen_at >= since)
    query = query.order_by(Lead.score.desc(), Lead.first_seen_at.desc(), Lead.id)
    if top:
        query = query.limit(top)
    leads = list(session.scalars(query))
    return [_lead_record(session, rank, lead) for rank, lead in enumerate(leads, start=1)]


def _lead_record(session: Session, rank: int, lead: Lead) -> dict[str, Any]:
    company = session.get(CompanyRow, lead.company_id) if lead.company_id else None
    offices = list(dict.fromkeys(session.scalars(
        select(Task.office_id).where(Task.lead_id == lead.id).order_by(Task.id))))  # fmt: skip
    urls = list(session.scalars(
        select(Article.url).join(LeadArticle, LeadArticle.article_id == Article.id)
        .where(LeadArticle.lead_id == lead.id).order_by(LeadArticle.added_at, Article.id)))  # fmt: skip
    top_reasons = sorted(lead.explanation or [], key=lambda e: -e.get("contribution", 0))[:3]
    capex = (
        f"{lead.capex_amount:g} {lead.capex_currency}" if lead.capex_amount is not None else None
    )
    return {
        "rank": rank, "lead_id": lead.id, "score": lead.score, "company": lead.company_name,
        "registry_id": lead.company_id, "lists": list(company.lists) if company else [],
        "event_type": lead.event_type, "stage": lead.stage, "capex": capex,
        "capex_amount": float(lead.capex_amount) if lead.capex_amount is not None else None,
        "capex_currency": lead.capex_currency,
        "destination": (lead.destination or {}).get("text"), "destination_detail": lead.destination,
        "sector": lead.sector, "chain_link": lead.chain_link, "relation": lead.relation,
        "offices": offices, "sources": len(urls), "urls": urls,
        "first_seen_at": lead.first_seen_at.isoformat(timespec="seconds"),
        "url": urls[0] if urls else None,
        "reason": "；".join(e["why"] for e in top_reasons),
        "explanation": lead.explanation,
    }  # fmt: skip


def task_records(
    session: Session, office: str | None = None, status: str | None = None,
    now: dt.datetime | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Tasks, overdue first, then by due date."""
    now = now or dt.datetime.now(dt.UTC)
    query = select(Task, Lead).join(Lead, Lead.id == Task.lead_id)
    if office:
        query = query.where(Task.office_id == office)
    if status:
        query = query.where(Task.status == status)
    rows = session.execute(query.order_by(Task.due_at, Task.id)).all()
    records = [
        {
            "task_id": task.id, "lead_id": lead.id, "office": task.office_id, "kind": task.kind,
            "status": task.status, "step": task.step,
            "due_at": task.due_at.isoformat(timespec="minutes"),
            "overdue": task.status in ("open", "in_progress") and task.due_at < now,
            "company": lead.company_name, "event_type": lead.event_type,
            "capex": f"{lead.capex_amount:g} {lead.capex_currency}" if lead.capex_amount is not None else None,
            "leader_region": task.leader_region, "reason": task.reason,
        }
        for task, lead in rows
    ]  # fmt: skip
    return sorted(records, key=lambda r: (not r["overdue"], r["due_at"]))
