"""Named queries on articles, sources and crawl runs."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from pipelines.db.news import Article


@dataclass(frozen=True)
class NewArticle:
    """An extracted article ready to store."""

    url: str
    fetched_url: str
    source_key: str | None
    title: str
    body: str
    body_simplified: str | None
    lang: str | None
    published_at: dt.datetime | None
    fetched_at: dt.datetime
    meta: dict[str, Any]

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(f"{self.title}\n{self.body}".encode()).hexdigest()


def article_known(session: Session, url: str) -> bool:
    """True when `url` was stored already, as canonical or as fetched URL."""
    query = select(exists().where(or_(Article.url == url, Article.fetched_url == url)))
    return bool(session.scalar(query))


def store_article(session: Session, article: NewArticle) -> bool:
    """Insert unless its URL is stored; True when it was new. Safe under concurrent writers."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    values = {**article.__dict__, "content_hash": article.content_hash}
    statement = (
        insert(Article).values(values).on_conflict_do_nothing(index_elements=["url"])
    ).returning(Article.id)
    return session.execute(statement).first() is not None


def list_articles(
    session: Session, limit: int | None = None, since: dt.datetime | None = None
) -> list[Article]:
    """Stored articles, newest fetched first."""
    query = select(Article).order_by(Article.fetched_at.desc(), Article.id.desc())
    if since is not None:
        query = query.where(Article.fetched_at >= since)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))
