"""`leadradar process`: analyse stored articles in batches, then build leads and route tasks."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlalchemy import select

from pipelines.analyse import AnalysisContext, NewsItem
from pipelines.db import Database
from pipelines.db.analyses import (
    analysed_ids,
    article_ids_to_analyse,
    load_articles,
    new_cluster,
    recent_articles,
    store_analyses,
)
from pipelines.db.locks import take_write_lock
from pipelines.db.models import Article, Lead, StoryCluster, Task
from pipelines.dedupe import StoryIndex
from pipelines.leads import OPEN, attach
from pipelines.parallel import analyse_batch

Progress = Callable[[int, int], None]
Analyser = Callable[[Sequence[NewsItem], set[str]], list[dict[str, Any]]]
BATCH = 200


@dataclass
class ProcessSummary:
    articles: int = 0
    leads_new: int = 0
    leads_updated: int = 0
    tasks_by_office: Counter[str] = field(default_factory=Counter)


def process(
    database: Database, context: AnalysisContext, since: dt.datetime | None = None,
    rescore: bool = False, progress: Progress | None = None, batch: int = BATCH,
    analyser: Analyser | None = None,
) -> ProcessSummary:  # fmt: skip
    """Analyse what is new (or everything with rescore); each batch commits as a whole.

    `analyser` analyses a batch (worker processes, say); by default this process does it.
    """
    now = context.now or dt.datetime.now(dt.UTC)
    with database.session() as session:
        ids = article_ids_to_analyse(session, since, rescore)
        index = _seed_index(session, now)
        context.open_lead_investors = set(
            session.scalars(select(Lead.company_key).where(Lead.status.in_(OPEN)))
        )
    summary = ProcessSummary()
    run = analyser or partial(analyse_batch, context)
    for start in range(0, len(ids), batch):
        with database.session() as session:
            items = [_item(a) for a in load_articles(session, ids[start : start + batch])]
        found = run(items, context.open_lead_investors)  # no transaction open while analysing
        with database.session() as session:
            take_write_lock(session)
            done = set() if rescore else analysed_ids(session, [int(i.id) for i in items])
            articles = {a.id: a for a in load_articles(session, [int(i.id) for i in items])}
            results = [(articles[int(i.id)], r) for i, r in zip(items, found, strict=True)
                       if int(i.id) not in done and int(i.id) in articles]  # fmt: skip
            _cluster(session, index, [a for a, _ in results])
            store_analyses(session, [_row(a, r, context) for a, r in results])
            for article, result in results:
                _lead(session, article, result, context, summary, now)
        summary.articles += len(results)
        if progress:
            progress(start + len(items), len(ids))
    return summary


def _item(article: Article) -> NewsItem:
    published = article.published_at.isoformat() if article.published_at else None
    return NewsItem(
        str(article.id), article.title, article.body, article.url, published, article.lang
    )


def _row(article: Article, result: dict[str, Any], context: AnalysisContext) -> dict[str, Any]:
    return {
        "article_id": article.id, "analysed_at": context.now or dt.datetime.now(dt.UTC),
        "model_version": context.model_version, "catalog_version": context.catalog.county.id,
        "event_type": result["event_type"], "stage": result["stage"], "sector": result["sector"],
        "score": result["score"], "is_lead": result["is_lead"], "result": result,
    }  # fmt: skip


def _seed_index(session: Any, now: dt.datetime) -> StoryIndex:
    index = StoryIndex()
    for article in recent_articles(session, now - index.window):
        index.add(str(article.cluster_id), f"{article.title}\n{article.body}", article.fetched_at)
    return index


def _cluster(session: Any, index: StoryIndex, articles: list[Article]) -> None:
    """Give each article its story cluster; a syndicated copy joins the first one's cluster."""
    for article in articles:
        if article.cluster_id is not None:
            continue
        key = f"a{article.id}"
        story = index.add(key, f"{article.title}\n{article.body}", article.fetched_at)
        if story == key:
            article.cluster_id = new_cluster(session, article.fetched_at)
            index.relabel(key, str(article.cluster_id))
        else:
            article.cluster_id = int(story)
            cluster = session.get(StoryCluster, article.cluster_id)
            if cluster is not None:
                cluster.size += 1


def _lead(
    session: Any, article: Article, result: dict[str, Any], context: AnalysisContext,
    summary: ProcessSummary, now: dt.datetime,
) -> None:  # fmt: skip
    outcome = attach(session, article.id, result, context.catalog, context.registry, now)
    if outcome is None:
        return
    if outcome.created:
        summary.leads_new += 1
        tasks = session.scalars(select(Task.office_id).where(Task.lead_id == outcome.lead_id))
        summary.tasks_by_office.update(tasks)
    else:
        summary.leads_updated += 1
    investor = next((c for c in result["companies"] if c["role"] == "investor"), None)
    if investor and investor["registry_id"]:
        context.open_lead_investors.add(investor["registry_id"])
