"""Tables of what was crawled: sources, crawl runs, articles, story clusters, analyses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pipelines.db.base import Base
from pipelines.db.types import UTCDateTime, utcnow


class Source(Base):
    """A news source of the sources file, with its switch and health."""

    __tablename__ = "sources"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(12))
    url: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(4))
    enabled: Mapped[bool] = mapped_column(default=True)
    last_new_item_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class CrawlRun(Base):
    """One crawl of one source and its stats (judged from stats, not the exit code)."""

    __tablename__ = "crawl_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_key: Mapped[str] = mapped_column(ForeignKey("sources.key", ondelete="CASCADE"))
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finish_reason: Mapped[str | None] = mapped_column(String(60))
    items: Mapped[int] = mapped_column(default=0)
    new_items: Mapped[int] = mapped_column(default=0)
    requests: Mapped[int] = mapped_column(default=0)
    errors: Mapped[dict[str, Any]] = mapped_column(default=dict)
    duration_s: Mapped[float | None] = mapped_column(Float)
    ok: Mapped[bool] = mapped_column(default=False)


class StoryCluster(Base):
    """Syndicated copies of one story."""

    __tablename__ = "story_clusters"
    id: Mapped[int] = mapped_column(primary_key=True)
    first_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    size: Mapped[int] = mapped_column(default=1)


class Article(Base):
    """A stored news article; the canonical URL is never fetched twice."""

    __tablename__ = "articles"
    __table_args__ = (Index("ix_articles_fetched", "fetched_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    fetched_url: Mapped[str] = mapped_column(Text, index=True)
    source_key: Mapped[str | None] = mapped_column(ForeignKey("sources.key", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    body_simplified: Mapped[str | None] = mapped_column(Text)
    lang: Mapped[str | None] = mapped_column(String(8))
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    fetched_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("story_clusters.id"))
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Analysis(Base):
    """The latest analysis of one article, with the versions of the models that made it."""

    __tablename__ = "analyses"
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), unique=True
    )
    analysed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    model_version: Mapped[str] = mapped_column(String(64))
    catalog_version: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(20))
    stage: Mapped[str | None] = mapped_column(String(20))
    sector: Mapped[str | None] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float, index=True)
    is_lead: Mapped[bool]
    result: Mapped[dict[str, Any]]
