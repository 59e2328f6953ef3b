"""Named queries of one lead for its review page: articles with analyses, tasks, history, names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipelines.db.models import (
    Analysis,
    Article,
    ChainLinkRow,
    CompanyRow,
    Lead,
    LeadArticle,
    LeadHistory,
    OfficeRow,
    SectorRow,
    Source,
    Task,
)


@dataclass(frozen=True)
class SourceArticle:
    """An article of the lead with the stored analysis of it (None if not analysed)."""

    article: Article
    analysis: dict[str, Any] | None
    source_name: str | None


@dataclass(frozen=True)
class LeadDetail:
    lead: Lead
    company: CompanyRow | None
    chain_link: ChainLinkRow | None
    articles: list[SourceArticle]
    tasks: list[Task]
    history: list[LeadHistory]
    merged_from: list[int]


def lead_detail(session: Session, lead_id: int) -> LeadDetail | None:
    lead = session.get(Lead, lead_id)
    if lead is None:
        return None
    company = session.get(CompanyRow, lead.company_id) if lead.company_id else None
    link = session.get(ChainLinkRow, lead.chain_link) if lead.chain_link else None
    tasks = session.scalars(select(Task).where(Task.lead_id == lead_id).order_by(Task.id))
    history = session.scalars(
        select(LeadHistory).where(LeadHistory.lead_id == lead_id).order_by(LeadHistory.at, LeadHistory.id)
    )  # fmt: skip
    merged = session.scalars(
        select(Lead.id).where(Lead.merged_into_id == lead_id).order_by(Lead.id)
    )
    return LeadDetail(lead, company, link, lead_articles(session, lead_id), list(tasks),
                      list(history), list(merged))  # fmt: skip


def lead_articles(session: Session, lead_id: int) -> list[SourceArticle]:
    """The lead's articles, first reported first."""
    query = (
        select(Article, Analysis.result, Source.name)
        .join(LeadArticle, LeadArticle.article_id == Article.id)
        .outerjoin(Analysis, Analysis.article_id == Article.id)
        .outerjoin(Source, Source.key == Article.source_key)
        .where(LeadArticle.lead_id == lead_id)
        .order_by(LeadArticle.added_at, Article.id)
    )
    return [SourceArticle(a, result, name) for a, result, name in session.execute(query)]


def lead_office_ids(session: Session, lead_id: int) -> set[str]:
    """The offices with a task on the lead (what an office user may see)."""
    return set(session.scalars(select(Task.office_id).where(Task.lead_id == lead_id)))


def office_names(session: Session) -> dict[str, str]:
    return dict(
        session.execute(select(OfficeRow.id, OfficeRow.name_zh).order_by(OfficeRow.id)).all()
    )


def sector_names(session: Session) -> dict[str, str]:
    return dict(
        session.execute(select(SectorRow.id, SectorRow.name_zh).order_by(SectorRow.id)).all()
    )


def company_choice(session: Session, text: str) -> CompanyRow | None:
    """The registry company whose id or Chinese or English name is exactly `text`."""
    text = text.strip()
    found = session.get(CompanyRow, text)
    if found is not None:
        return found
    query = select(CompanyRow).where((CompanyRow.name_zh == text) | (CompanyRow.name_en == text))
    return session.scalars(query.limit(1)).first()
