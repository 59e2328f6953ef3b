"""Tables of the bureau's work: leads, their history, tasks, judgements, digests, audit, models."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Mapped, mapped_column

from pipelines.db.base import Base
from pipelines.db.types import UTCDateTime, utcnow

Money = Numeric(20, 2)


def _named(context: DefaultExecutionContext) -> str:
    """A new lead is found by its company name until its articles are added."""
    parameters: dict[str, Any] = context.get_current_parameters()  # type: ignore[no-untyped-call]
    return str(parameters.get("company_name") or "").casefold()


class Lead(Base):
    """A project (investor, event, destination), not an article; lists all its sources."""

    __tablename__ = "leads"
    __table_args__ = (
        Index("ix_leads_rank", "status", "score"),
        Index("ix_leads_queue", "score", "first_seen_at", "id"),  # the review queue's order
        Index("ix_leads_merged_into_id", "merged_into_id"),  # a lead page lists what merged in
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    project_key: Mapped[str] = mapped_column(String(200), unique=True)
    company_id: Mapped[str | None] = mapped_column(ForeignKey("companies.id"))
    company_name: Mapped[str] = mapped_column(String(200))
    event_type: Mapped[str] = mapped_column(String(20))
    stage: Mapped[str | None] = mapped_column(String(20))
    capex_amount: Mapped[float | None] = mapped_column(Money)
    capex_currency: Mapped[str | None] = mapped_column(String(3))
    capex_cny: Mapped[float | None] = mapped_column(Money)
    destination: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    sector: Mapped[str | None] = mapped_column(String(64), index=True)
    chain_link: Mapped[str | None] = mapped_column(String(130))
    relation: Mapped[str | None] = mapped_column(String(4))
    score: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(12), default="new")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id"))
    company_key: Mapped[str] = mapped_column(String(200), index=True)
    first_report_office: Mapped[str | None] = mapped_column(String(64))
    story_count: Mapped[int] = mapped_column(default=1)
    facts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    explanation: Mapped[list[Any]] = mapped_column(default=list)
    first_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # what the queue's search box reads: company names and article titles, case-folded
    # (pipelines/db/lead_search.py keeps it up to date)
    search_text: Mapped[str] = mapped_column(Text, default=_named, server_default="")


class LeadArticle(Base):
    """An article that is a source of a lead."""

    __tablename__ = "lead_articles"
    lead_id: Mapped[int] = mapped_column(
        ForeignKey("leads.id", ondelete="CASCADE"), primary_key=True
    )
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class LeadHistory(Base):
    """What happened to a lead: created, stage moved, merged, corrected."""

    __tablename__ = "lead_history"
    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(30))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Task(Base):
    """A follow-up task of one office for one lead, through the lifecycle 线索 → 投产."""

    __tablename__ = "tasks"
    __table_args__ = (
        UniqueConstraint("lead_id", "office_id", "kind"),
        Index("ix_tasks_board", "office_id", "status", "due_at"),  # the review page's boards
        Index("ix_tasks_open", "status", "office_id", "due_at"),  # every office's open tasks
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    leader_region: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    step: Mapped[str] = mapped_column(String(20), default="lead")
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    contract_amount_cny: Mapped[float | None] = mapped_column(Money)
    registered_capital_in_place_cny: Mapped[float | None] = mapped_column(Money)
    fdi_contracted_usd: Mapped[float | None] = mapped_column(Money)
    fdi_used_usd: Mapped[float | None] = mapped_column(Money)
    note: Mapped[str | None] = mapped_column(Text)


class TaskUpdate(Base):
    """A recorded step or note on a task."""

    __tablename__ = "task_updates"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    step: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)


class Judgement(Base):
    """An analyst decision that later trains the models."""

    __tablename__ = "judgements"
    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id", ondelete="SET NULL"))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    action: Mapped[str] = mapped_column(String(20))
    field: Mapped[str | None] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)


class LearnedAlias(Base):
    """A mention an analyst tied to a company (or blocked for it)."""

    __tablename__ = "learned_aliases"
    __table_args__ = (UniqueConstraint("company_id", "alias"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id"))
    alias: Mapped[str] = mapped_column(String(200))
    blocked: Mapped[bool] = mapped_column(default=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class DigestSent(Base):
    """One digest message sent; the unique key keeps a week from being sent twice."""

    __tablename__ = "digests_sent"
    __table_args__ = (UniqueConstraint("week", "audience", "recipient"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    week: Mapped[str] = mapped_column(String(10))
    audience: Mapped[str] = mapped_column(String(64))
    recipient: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12), default="pending")
    message_id: Mapped[str | None] = mapped_column(String(200))
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class AuditEntry(Base):
    """Who did what, when, to which object."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ModelVersion(Base):
    """A trained model version with its metrics; one active per kind."""

    __tablename__ = "model_versions"
    __table_args__ = (UniqueConstraint("kind", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    version: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    data_hash: Mapped[str] = mapped_column(String(64))
    metrics: Mapped[dict[str, Any]] = mapped_column(default=dict)
    path: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=False)
