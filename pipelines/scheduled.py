"""The scheduled jobs' plain steps (Prefect wraps them in flows.py): sources, one crawl, retraining."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pipelines.crawl import CrawlResult
from pipelines.crawling import CrawlPlan, choose, register_sources, run_crawl
from pipelines.db import open_database
from pipelines.learning import retrain
from pipelines.settings import Settings
from pipelines.sources import SourceEntry, load_sources


def sources_to_crawl(settings: Settings) -> list[SourceEntry]:
    """The enabled sources (the admin's switch wins over the file), registered in the database first."""
    entries = load_sources(settings.sources_file)
    database = open_database(settings.database_url)
    enabled = register_sources(database, entries)
    database.dispose()
    return choose(entries, [], enabled)


def crawl_run_id(now: dt.datetime) -> str:
    """Names one scheduled crawl (its work folder and shared frontier), like the CLI's."""
    return now.astimezone(dt.UTC).strftime("%Y%m%d%H%M")


def crawl_recorded(settings: Settings, entry: SourceEntry, run_id: str) -> CrawlResult:
    """Crawl one source in a `scrapy crawl` subprocess and record the run with its stats.

    The schema must be current (`sources_to_crawl` migrates it): Alembic cannot migrate from
    several threads at once, and the crawl flow runs sources side by side.
    """
    database = open_database(settings.database_url, migrate=False)
    plan = CrawlPlan(
        [entry], settings.database_url, settings.home / "crawl" / run_id, run_id=run_id
    )
    try:
        [result] = run_crawl(database, plan)
    finally:
        database.dispose()
    return result


def retrain_event_model(settings: Settings) -> dict[str, Any]:
    """Retrain on the corpus and the analysts' judgements; promoted only past the quality gate."""
    database = open_database(settings.database_url)
    try:
        outcome = retrain(database, settings.models_dir)
    finally:
        database.dispose()
    return {**outcome.metrics, "version": outcome.version, "promoted": outcome.promoted,
            "judged": outcome.judged, "reason": outcome.reason}  # fmt: skip
