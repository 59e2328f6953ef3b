"""The scheduled jobs' plain steps (Prefect wraps them in flows.py): sources, one crawl, retraining."""

from __future__ import annotations

import datetime as dt
from typing import Any

from catalog.load import load_catalog
from pipelines.crawl import CrawlResult
from pipelines.crawling import CrawlPlan, choose, register_sources, run_crawl
from pipelines.db import open_database
from pipelines.learning import TrainOutcome
from pipelines.retraining import retrain_all
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


def retrain_models(settings: Settings) -> dict[str, Any]:
    """Retrain the event and stage models and refit the score weights on the corpus and the
    analysts' judgements; each is promoted only past its quality gate.

    The event model's outcome is at the top level (as before); the others under their kind.
    """
    database = open_database(settings.database_url)
    try:
        events, *others = retrain_all(
            database, settings.models_dir, load_catalog(settings.catalog_dir).weights
        )
    finally:
        database.dispose()
    return {**outcome_summary(events), **{o.kind: outcome_summary(o) for o in others}}


def outcome_summary(outcome: TrainOutcome) -> dict[str, Any]:
    return {**outcome.metrics, "version": outcome.version, "promoted": outcome.promoted,
            "judged": outcome.judged, "reason": outcome.reason}  # fmt: skip
