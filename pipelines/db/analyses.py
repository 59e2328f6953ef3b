"""Named queries for analysis: which articles to analyse, and storing analyses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from pipelines.db.news import Analysis, Article, StoryCluster


def article_ids_to_analyse(session: Session, since: dt.datetime | None, rescore: bool) -> list[int]:
    """New articles (no analysis yet), or every article with --rescore; oldest first."""
    query = select(Article.id).order_by(Article.id)
    if not rescore:
        query = query.outerjoin(Analysis, Analysis.article_id == Article.id).where(
            Analysis.id.is_(None)
        )
    if since is not None:
        query = query.where(Article.fetched_at >= since)
    return list(session.scalars(query))


def analysed_ids(session: Session, ids: Sequence[int]) -> set[int]:
    """Which of `ids` have an analysis already (another run may have done them meanwhile)."""
    query = select(Analysis.article_id).where(Analysis.article_id.in_(ids))
    return set(session.scalars(query))


def load_articles(session: Session, ids: Sequence[int]) -> list[Article]:
    return list(session.scalars(select(Article).where(Article.id.in_(ids)).order_by(Article.id)))


def recent_articles(session: Session, since: dt.datetime) -> list[Article]:
    """Articles already clustered in the dedup window, to seed the story index."""
    query = select(Article).where(Article.fetched_at >= since, Article.cluster_id.is_not(None))
    return list(session.scalars(query.order_by(Article.id)))


def store_analyses(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert or replace the analysis of each article, in one statement per batch."""
    if not rows:
        return
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(Analysis).values(list(rows))
    updates = {c: statement.excluded[c] for c in rows[0] if c != "article_id"}
    session.execute(statement.on_conflict_do_update(index_elements=["article_id"], set_=updates))


def new_cluster(session: Session, when: dt.datetime) -> int:
    cluster = StoryCluster(first_seen_at=when, size=1)
    session.add(cluster)
    session.flush()
    return cluster.id
