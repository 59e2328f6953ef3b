"""The text the review queue's search box reads for a lead, kept in `leads.search_text`.

One case-folded column (company names, then the titles of the lead's articles) lets the queue
test a search term row by row while it reads leads in rank order, and stop after a page;
a search across the articles table would build the whole set of matches first.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipelines.db.models import Article, CompanyRow, Lead, LeadArticle

LIMIT = 4000  # characters: a lead with hundreds of articles keeps the names and its first titles
SEPARATOR = "\n"


def search_text(names: list[str], titles: list[str]) -> str:
    """Names and titles, case-folded, each once, in order."""
    parts = [text.strip().casefold() for text in (*names, *titles) if text and text.strip()]
    return SEPARATOR.join(dict.fromkeys(parts))[:LIMIT]


def search_term(text: str) -> str:
    """A search box entry as the column stores text (case-folded)."""
    return text.strip().casefold()


def refresh_search_text(session: Session, lead: Lead) -> None:
    """Recompute the lead's search text from its company and articles (after a change to them)."""
    session.flush()
    names = [lead.company_name]
    if lead.company_id:
        company = session.get(CompanyRow, lead.company_id)
        if company is not None:
            names += [company.name_zh, company.name_en]
    titles = session.scalars(
        select(Article.title)
        .join(LeadArticle, LeadArticle.article_id == Article.id)
        .where(LeadArticle.lead_id == lead.id)
        .order_by(LeadArticle.added_at, Article.id)
    )
    lead.search_text = search_text(names, [title or "" for title in titles])
