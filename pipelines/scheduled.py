"""The scheduled jobs' plain steps (Prefect wraps them in flows.py): sources, one crawl, retraining."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipelines.crawl import CrawlResult
from pipelines.crawling import CrawlPlan, choose, register_sources, run_crawl
from pipelines.db import open_database
from pipelines.settings import Settings
from pipelines.sources import SourceEntry, load_sources
from pipelines.training import train_bundled

EVENT_MODEL_FILE = "event_model.json"


def sources_to_crawl(settings: Settings) -> list[SourceEntry]:
    """The enabled sources of the sources file, registered in the database first."""
    entries = load_sources(settings.sources_file)
    database = open_database(settings.database_url)
    register_sources(database, entries)
    database.dispose()
    return choose(entries, [])


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


def retrain_event_model(settings: Settings) -> dict[str, float]:
    """Fit the event model on the bundled corpus into the data folder; its dev-set metrics.

    Until analyst judgements feed training (the feedback issue), this only proves the job runs:
    the analysis keeps using the bundled model.
    """
    path: Path = settings.models_dir / EVENT_MODEL_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    return train_bundled(path)
