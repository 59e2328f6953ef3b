"""Leads are projects: an analysed article joins the open lead of its investor or starts one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from catalog.model import Catalog
from catalog.registry import Registry
from pipelines.db.lead_search import refresh_search_text
from pipelines.db.models import Lead, LeadArticle, LeadHistory, Task
from pipelines.route import RouteInput, route
from pipelines.stage import STAGES

OPEN = ("new", "accepted")


@dataclass(frozen=True)
class Outcome:
    lead_id: int
    created: bool
    tasks_created: int


def investor_of(analysis: dict[str, Any]) -> dict[str, Any] | None:
    return next((c for c in analysis["companies"] if c["role"] == "investor"), None)


def company_key(company: dict[str, Any]) -> str:
    return company["registry_id"] or f"name:{company.get('name_zh') or company.get('name_en')}"


def place_key(destination: dict[str, Any] | None) -> str:
    if not destination:
        return "?"
    if destination.get("country") != "中国":
        return str(destination.get("country"))
    return str(destination.get("province") or "中国")


def attach(
    session: Session, article_id: int, analysis: dict[str, Any], catalog: Catalog,
    registry: Registry, now: dt.datetime,
) -> Outcome | None:  # fmt: skip
    """Join the article to its project's lead (creating lead and tasks when new); idempotent."""
    investor = investor_of(analysis)
    if not analysis["is_lead"] or investor is None:
        return None
    key = company_key(investor)
    window = now - dt.timedelta(days=catalog.routing.open_lead_days)
    open_leads = list(session.scalars(
        select(Lead).where(Lead.company_key == key, Lead.status.in_(OPEN), Lead.first_seen_at >= window)
        .order_by(Lead.first_seen_at)
    ))  # fmt: skip
    place = place_key(analysis["destination"])
    same = next((lead for lead in open_leads if _compatible(place, lead)), None)
    if same is not None:
        _join(session, same, article_id, analysis, now)
        return Outcome(same.id, False, 0)
    lead = _insert_lead(session, key, place, investor, analysis, now)
    if lead is None:  # another writer made it a moment ago: join theirs
        lead = session.scalars(
            select(Lead).where(Lead.project_key == _project_key(key, place, now))
        ).one()
        _join(session, lead, article_id, analysis, now)
        return Outcome(lead.id, False, 0)
    _link(session, lead.id, article_id, now)
    refresh_search_text(session, lead)
    session.add(LeadHistory(lead_id=lead.id, at=now, kind="created",
                            detail={"article_id": article_id, "stage": analysis["stage"]}))  # fmt: skip
    created = (
        0
        if open_leads
        else _create_tasks(session, lead, investor, analysis, catalog, registry, now)
    )
    return Outcome(lead.id, True, created)


def _compatible(place: str, lead: Lead) -> bool:
    return place == "?" or lead.project_key.split("|")[1] in (place, "?")


def _project_key(key: str, place: str, now: dt.datetime) -> str:
    return f"{key}|{place}|{now:%Y}"


def _insert_lead(
    session: Session, key: str, place: str, investor: dict[str, Any], analysis: dict[str, Any],
    now: dt.datetime,
) -> Lead | None:  # fmt: skip
    capex = analysis.get("capex") or {}
    chain = analysis.get("chain") or {}
    values = {
        "project_key": _project_key(key, place, now), "company_key": key,
        "company_id": investor["registry_id"],
        "company_name": investor.get("name_zh") or investor.get("name_en") or investor["mention"],
        "event_type": analysis["event_type"], "stage": analysis["stage"],
        "capex_amount": capex.get("amount"), "capex_currency": capex.get("currency"),
        "capex_cny": analysis.get("capex_cny"), "destination": analysis["destination"],
        "sector": analysis["sector"], "chain_link": chain.get("link"), "relation": chain.get("relation"),
        "score": analysis["score"], "status": "new", "facts": _facts(analysis),
        "explanation": analysis["explanation"], "first_seen_at": now, "updated_at": now,
        "first_report_office": analysis["offices"][0] if analysis["offices"] else None,
        "story_count": 1,
    }  # fmt: skip
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(Lead).values(values).on_conflict_do_nothing(index_elements=["project_key"])
    row = session.execute(statement.returning(Lead.id)).first()
    return session.get(Lead, row[0]) if row else None


def _join(
    session: Session, lead: Lead, article_id: int, analysis: dict[str, Any], now: dt.datetime
) -> None:
    if not _link(session, lead.id, article_id, now):
        return
    lead.story_count += 1
    lead.updated_at = now
    refresh_search_text(session, lead)
    new_stage = analysis["stage"]
    if new_stage and (lead.stage is None or STAGES.index(new_stage) > STAGES.index(lead.stage)):
        session.add(LeadHistory(lead_id=lead.id, at=now, kind="stage",
                                detail={"from": lead.stage, "to": new_stage, "article_id": article_id}))  # fmt: skip
        lead.stage = new_stage
    if lead.capex_amount is None and analysis.get("capex"):
        lead.capex_amount = analysis["capex"]["amount"]
        lead.capex_currency = analysis["capex"]["currency"]
        lead.capex_cny = analysis.get("capex_cny")
    if analysis["score"] > lead.score:
        lead.score, lead.explanation = analysis["score"], analysis["explanation"]


def _link(session: Session, lead_id: int, article_id: int, now: dt.datetime) -> bool:
    """Add the article to the lead; False when it was there already (a rerun)."""
    if session.get(LeadArticle, (lead_id, article_id)) is not None:
        return False
    session.add(LeadArticle(lead_id=lead_id, article_id=article_id, added_at=now))
    session.flush()
    return True


def _create_tasks(
    session: Session, lead: Lead, investor: dict[str, Any], analysis: dict[str, Any],
    catalog: Catalog, registry: Registry, now: dt.datetime,
) -> int:  # fmt: skip
    origin = analysis.get("origin") or {}
    company = registry.get(investor["registry_id"]) if investor["registry_id"] else None
    routed = route(RouteInput(lead.sector, company, origin.get("province"), origin.get("city"),
                              analysis.get("capex_cny")), catalog)  # fmt: skip
    for task in routed:
        session.add(Task(lead_id=lead.id, office_id=task.office_id, kind=task.kind,
                         leader_region=task.leader_region, reason=task.reason, status="open",
                         step="lead", due_at=task.due_at(now), created_at=now, updated_at=now))  # fmt: skip
    session.flush()
    return len(routed)


def _facts(analysis: dict[str, Any]) -> dict[str, Any]:
    return {"companies": analysis["companies"], "capex": analysis.get("capex"),
            "evidence": analysis.get("evidence"), "details": analysis.get("facts"),
            "origin": analysis.get("origin")}  # fmt: skip
