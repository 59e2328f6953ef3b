"""Named queries of the review page's lead queue: filters, keyset paging, one page of rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, String, and_, cast, func, or_, select
from sqlalchemy.orm import Session

from pipelines.db.models import Article, CompanyRow, Lead, LeadArticle, Task

OPEN_STATUSES = ("new", "accepted")
STATUSES = ("new", "accepted", "rejected", "merged")
PAGE_SIZE = 50


@dataclass(frozen=True)
class QueueFilter:
    """What the analyst narrowed the queue to; None means no filter on that field."""

    sector: str | None = None
    office: str | None = None
    event_type: str | None = None
    stage: str | None = None
    company_list: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    min_score: float | None = None
    text: str | None = None
    status: str = "open"  # open (new or accepted), one of STATUSES, or all


@dataclass(frozen=True)
class Cursor:
    """Where a page ends in the order (score, first seen, id), all descending."""

    score: float
    first_seen_at: dt.datetime
    lead_id: int

    def encode(self) -> str:
        micros = round(self.first_seen_at.timestamp() * 1_000_000)
        return f"{self.score!r}~{micros}~{self.lead_id}"

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        """The cursor, or None for anything that is not one (a hand-edited URL starts over)."""
        try:
            score, micros, lead_id = (text or "").split("~")
            seen = dt.datetime.fromtimestamp(int(micros) / 1_000_000, dt.UTC)
            return cls(float(score), seen, int(lead_id))
        except (ValueError, OverflowError, OSError):
            return None


@dataclass(frozen=True)
class QueueRow:
    """One lead as the queue shows it."""

    lead_id: int
    score: float
    company: str
    company_id: str | None
    lists: list[str]
    event_type: str
    stage: str | None
    capex_amount: float | None
    capex_currency: str | None
    capex_cny: float | None
    destination: str | None
    sector: str | None
    chain_link: str | None
    relation: str | None
    status: str
    first_seen_at: dt.datetime
    story_count: int
    offices: list[str] = field(default_factory=list)
    title: str | None = None


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    next_cursor: Cursor | None


def queue_page(
    session: Session, wanted: QueueFilter, after: Cursor | None = None, limit: int = PAGE_SIZE
) -> QueuePage:
    """One page of the ranked queue (best first) after `after`, and how many leads match."""
    total = session.scalar(_filtered(select(func.count(Lead.id)), wanted)) or 0
    rows = queue_rows(session, wanted, after, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if more else None
    cursor = Cursor(last.score, last.first_seen_at, last.lead_id) if last else None
    return QueuePage(rows, total, cursor)


def queue_rows(
    session: Session, wanted: QueueFilter, after: Cursor | None = None, limit: int = PAGE_SIZE
) -> list[QueueRow]:
    """The matching leads in rank order, at most `limit` of them."""
    query = _filtered(select(Lead, CompanyRow.lists), wanted)
    query = query.outerjoin(CompanyRow, CompanyRow.id == Lead.company_id)
    if after is not None:
        query = query.where(_after(after))
    query = query.order_by(Lead.score.desc(), Lead.first_seen_at.desc(), Lead.id.desc())
    found = session.execute(query.limit(limit)).all()
    ids = [lead.id for lead, _ in found]
    offices, titles = _offices_of(session, ids), _titles_of(session, ids)
    return [
        _row(lead, lists, offices.get(lead.id, []), titles.get(lead.id)) for lead, lists in found
    ]


def _filtered(query: Select[Any], wanted: QueueFilter) -> Select[Any]:
    conditions: list[Any] = [_status(wanted.status)]
    simple = ((Lead.sector, wanted.sector), (Lead.event_type, wanted.event_type),
              (Lead.stage, wanted.stage))  # fmt: skip
    conditions += [column == value for column, value in simple if value]
    if wanted.office:
        conditions.append(Lead.id.in_(select(Task.lead_id).where(Task.office_id == wanted.office)))
    if wanted.company_list:
        pattern = f'%"{_like_safe(wanted.company_list)}"%'
        listed = cast(CompanyRow.lists, String).like(pattern, escape="\\")
        conditions.append(Lead.company_id.in_(select(CompanyRow.id).where(listed)))
    if wanted.since is not None:
        conditions.append(Lead.first_seen_at >= wanted.since)
    if wanted.until is not None:
        conditions.append(Lead.first_seen_at < wanted.until)
    if wanted.min_score is not None:
        conditions.append(Lead.score >= wanted.min_score)
    if wanted.text:
        conditions.append(_text_match(wanted.text))
    return query.where(and_(*conditions))


def _status(status: str) -> Any:
    if status == "all":
        return Lead.status.in_(STATUSES)
    return Lead.status.in_(OPEN_STATUSES if status not in STATUSES else (status,))


def _text_match(text: str) -> Any:
    """The company name or the title of any of the lead's articles contains `text`."""
    pattern = f"%{_like_safe(text.strip())}%"
    titled = (
        select(LeadArticle.lead_id)
        .join(Article, Article.id == LeadArticle.article_id)
        .where(Article.title.ilike(pattern, escape="\\"))
    )
    return or_(Lead.company_name.ilike(pattern, escape="\\"), Lead.id.in_(titled))


def _like_safe(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _after(cursor: Cursor) -> Any:
    """Strictly after the cursor in (score desc, first seen desc, id desc) order."""
    return or_(
        Lead.score < cursor.score,
        and_(Lead.score == cursor.score, Lead.first_seen_at < cursor.first_seen_at),
        and_(Lead.score == cursor.score, Lead.first_seen_at == cursor.first_seen_at,
             Lead.id < cursor.lead_id),
    )  # fmt: skip


def _offices_of(session: Session, lead_ids: list[int]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {}
    query = select(Task.lead_id, Task.office_id).where(Task.lead_id.in_(lead_ids))
    for lead_id, office in session.execute(query.order_by(Task.id)):
        if office not in result.setdefault(lead_id, []):
            result[lead_id].append(office)
    return result


def _titles_of(session: Session, lead_ids: list[int]) -> dict[int, str]:
    """The title of each lead's first article."""
    query = (
        select(LeadArticle.lead_id, Article.title)
        .join(Article, Article.id == LeadArticle.article_id)
        .where(LeadArticle.lead_id.in_(lead_ids))
        .order_by(LeadArticle.added_at.desc(), Article.id.desc())
    )
    return {lead_id: title for lead_id, title in session.execute(query)}


def _row(lead: Lead, lists: list[str] | None, offices: list[str], title: str | None) -> QueueRow:
    def number(value: Any) -> float | None:
        return float(value) if value is not None else None

    return QueueRow(
        lead_id=lead.id, score=lead.score, company=lead.company_name, company_id=lead.company_id,
        lists=list(lists or []), event_type=lead.event_type, stage=lead.stage,
        capex_amount=number(lead.capex_amount), capex_currency=lead.capex_currency,
        capex_cny=number(lead.capex_cny), destination=(lead.destination or {}).get("text"),
        sector=lead.sector, chain_link=lead.chain_link, relation=lead.relation,
        status=lead.status, first_seen_at=lead.first_seen_at, story_count=lead.story_count,
        offices=offices, title=title,
    )  # fmt: skip
