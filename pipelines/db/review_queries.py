"""Named queries of the review page's lead queue: filters, keyset paging, one page of rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Float,
    Integer,
    Select,
    String,
    and_,
    cast,
    func,
    literal,
    select,
    tuple_,
)
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from pipelines.db.lead_search import search_term
from pipelines.db.models import Article, CompanyRow, Lead, LeadArticle, Task
from pipelines.db.types import UTCDateTime

OPEN_STATUSES = ("new", "accepted")
STATUSES = ("new", "accepted", "rejected", "merged")
PAGE_SIZE = 50
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
COUNT_CAP = 1000  # past this the queue says "more than 1000": counting further costs a full scan


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
    # "uncertain first": leads whose score is closest to this threshold come first, so each
    # judgement teaches the model the most (one page, no keyset paging)
    uncertain_around: float | None = None


@dataclass(frozen=True)
class Cursor:
    """Where a page ends in the order (score, first seen, id), all descending."""

    score: float
    first_seen_at: dt.datetime
    lead_id: int

    def encode(self) -> str:
        micros = (self.first_seen_at - EPOCH) // dt.timedelta(microseconds=1)
        return f"{self.score!r}~{micros}~{self.lead_id}"

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        """The cursor, or None for anything that is not one (a hand-edited URL starts over)."""
        try:
            score, micros, lead_id = (text or "").split("~")
            seen = EPOCH + dt.timedelta(microseconds=int(micros))  # exact: no float rounding
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
    """A page of rows; `total` counts the matches up to COUNT_CAP (`capped` when there are more)."""

    rows: list[QueueRow]
    total: int
    next_cursor: Cursor | None
    capped: bool = False


# what a queue row shows: not the facts and the explanation, which are long and parsed from JSON
ROW_COLUMNS = (
    Lead.id, Lead.score, Lead.company_name, Lead.company_id, Lead.event_type, Lead.stage,
    Lead.capex_amount, Lead.capex_currency, Lead.capex_cny, Lead.destination, Lead.sector,
    Lead.chain_link, Lead.relation, Lead.status, Lead.first_seen_at, Lead.story_count,
)  # fmt: skip


def queue_page(
    session: Session, wanted: QueueFilter, after: Cursor | None = None, limit: int = PAGE_SIZE,
    total: int | None = None,
) -> QueuePage:  # fmt: skip
    """One page of the ranked queue (best first) after `after`, and how many leads match
    (`total`: the queue_count the caller already has)."""
    total = queue_count(session, wanted) if total is None else total
    rows = queue_rows(session, wanted, after, limit + 1)
    more = len(rows) > limit and wanted.uncertain_around is None
    rows = rows[:limit]
    last = rows[-1] if more else None
    cursor = Cursor(last.score, last.first_seen_at, last.lead_id) if last else None
    return QueuePage(rows, min(total, COUNT_CAP), cursor, total > COUNT_CAP)


def queue_count(session: Session, wanted: QueueFilter) -> int:
    """How many leads match, counted up to COUNT_CAP + 1."""
    matching = _filtered(session, select(Lead.id), wanted).limit(COUNT_CAP + 1).subquery()
    return session.scalar(select(func.count()).select_from(matching)) or 0


def queue_rows(
    session: Session, wanted: QueueFilter, after: Cursor | None = None, limit: int = PAGE_SIZE
) -> list[QueueRow]:
    """The matching leads in rank order, at most `limit` of them."""
    query = _filtered(session, select(*ROW_COLUMNS, CompanyRow.lists), wanted, _is_sqlite(session))
    query = query.outerjoin(CompanyRow, CompanyRow.id == Lead.company_id)
    if wanted.uncertain_around is not None:
        query = query.order_by(func.abs(Lead.score - wanted.uncertain_around), Lead.id)
    else:
        if after is not None:
            query = query.where(_after(after))
        query = query.order_by(Lead.score.desc(), Lead.first_seen_at.desc(), Lead.id.desc())
    found = session.execute(query.limit(limit)).all()
    ids = [lead.id for lead in found]
    offices, titles = _offices_of(session, ids), _titles_of(session, ids)
    return [_row(lead, offices.get(lead.id, []), titles.get(lead.id)) for lead in found]


def _filtered(
    session: Session, query: Select[Any], wanted: QueueFilter, sortable: bool = False
) -> Select[Any]:
    """The filter's conditions.

    `sortable` (the page query): the equality tests are written so that no index serves them
    (status || ''). SQLite's planner, lacking statistics, would otherwise take the status or
    sector index and sort every match; reading ix_leads_queue in rank order stops at the page.
    """

    def plain(column: Any) -> Any:
        return column.concat("") if sortable else column

    status = wanted.status if wanted.status in (*STATUSES, "all") else "open"
    wanted_statuses = {"open": OPEN_STATUSES, "all": STATUSES}.get(status, (status,))
    conditions: list[Any] = [plain(Lead.status).in_(wanted_statuses)]
    simple = ((Lead.sector, wanted.sector), (Lead.event_type, wanted.event_type),
              (Lead.stage, wanted.stage))  # fmt: skip
    conditions += [plain(column) == value for column, value in simple if value]
    return query.where(and_(*conditions, *_other_conditions(session, wanted)))


def _is_sqlite(session: Session) -> bool:
    """PostgreSQL keeps statistics and plans well alone; the `sortable` rewrite would only
    spoil its estimates (a nested loop over every lead)."""
    return session.get_bind().dialect.name == "sqlite"


def _other_conditions(session: Session, wanted: QueueFilter) -> list[Any]:
    conditions: list[Any] = []
    if wanted.office:  # correlated: checked lead by lead in rank order, via the tasks' unique key
        tasks = select(Task.id).where(Task.lead_id == Lead.id, Task.office_id == wanted.office)
        conditions.append(tasks.exists())
    if wanted.company_list:
        conditions.append(Lead.company_id.in_(_listed(session, wanted.company_list)))
    if wanted.since is not None:
        conditions.append(Lead.first_seen_at >= wanted.since)
    if wanted.until is not None:
        conditions.append(Lead.first_seen_at < wanted.until)
    if wanted.min_score is not None:
        conditions.append(Lead.score >= wanted.min_score)
    if wanted.text:
        conditions.append(_text_match(wanted.text))
    return conditions


def _text_match(text: str) -> Any:
    """A company name or the title of one of the lead's articles contains `text` (any case).

    One column of the lead itself: the page query tests it lead by lead in rank order and
    stops after a page, instead of first collecting every match across the articles."""
    pattern = f"%{_like_safe(search_term(text))}%"
    return Lead.search_text.like(pattern, escape="\\")


def _listed(session: Session, company_list: str) -> list[str]:
    """The registry ids of a list's companies (at most a few thousand), as plain values: a
    subquery on the JSON column would leave PostgreSQL guessing one match and sorting every
    lead instead of reading the queue's index in order."""
    pattern = f'%"{_like_safe(company_list)}"%'
    listed = cast(CompanyRow.lists, String).like(pattern, escape="\\")
    return list(session.scalars(select(CompanyRow.id).where(listed)))


def _like_safe(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _after(cursor: Cursor) -> Any:
    """Strictly after the cursor in (score, first seen, id) descending order: a row-value
    comparison, which both SQLite and PostgreSQL answer from the ix_leads_queue index."""
    position = tuple_(Lead.score, Lead.first_seen_at, Lead.id)
    return position < tuple_(literal(cursor.score, Float), literal(cursor.first_seen_at, UTCDateTime()),
                             literal(cursor.lead_id, Integer))  # fmt: skip


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


def _row(lead: Row[Any], offices: list[str], title: str | None) -> QueueRow:
    def number(value: Any) -> float | None:
        return float(value) if value is not None else None

    return QueueRow(
        lead_id=lead.id, score=lead.score, company=lead.company_name, company_id=lead.company_id,
        lists=list(lead.lists or []), event_type=lead.event_type, stage=lead.stage,
        capex_amount=number(lead.capex_amount), capex_currency=lead.capex_currency,
        capex_cny=number(lead.capex_cny), destination=(lead.destination or {}).get("text"),
        sector=lead.sector, chain_link=lead.chain_link, relation=lead.relation,
        status=lead.status, first_seen_at=lead.first_seen_at, story_count=lead.story_count,
        offices=offices, title=title,
    )  # fmt: skip
