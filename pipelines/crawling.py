"""`leadradar crawl`: every chosen source crawled in turn, each run recorded with its stats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipelines.crawl import CrawlResult, crawl_source, frontier_settings
from pipelines.db import Database
from pipelines.db.sources import RunStats, record_run, sync_sources
from pipelines.settings import PROJECT_ROOT
from pipelines.sources import SourceEntry

Progress = Callable[[SourceEntry, CrawlResult], None]


class UnknownSource(ValueError):
    """--source names a key the sources file does not have."""


@dataclass(frozen=True)
class CrawlPlan:
    entries: list[SourceEntry]
    database_url: str
    work_dir: Path
    max_items: int | None = None
    extra_settings: dict[str, str] | None = None
    frontier: str | None = None  # redis:// URL shared by several crawler processes
    run_id: str = "default"


def choose(
    entries: Sequence[SourceEntry], keys: Sequence[str], enabled: dict[str, bool] | None = None
) -> list[SourceEntry]:
    """The enabled entries (the admin's switch wins over the file), or exactly the named ones."""
    if not keys:
        return [e for e in entries if (enabled or {}).get(e.key, e.enabled)]
    by_key = {e.key: e for e in entries}
    missing = [k for k in keys if k not in by_key]
    if missing:
        raise UnknownSource(f"unknown source {', '.join(map(repr, missing))}")
    return [by_key[k] for k in keys]


def register_sources(database: Database, entries: Sequence[SourceEntry]) -> dict[str, bool]:
    """Record the file's sources; key → enabled, with the admin's switches applied."""
    with database.session() as session:
        return sync_sources(
            session, ((e.key, e.name, e.kind, e.url, e.lang, e.enabled) for e in entries)
        )


def run_crawl(
    database: Database, plan: CrawlPlan, progress: Progress | None = None
) -> list[CrawlResult]:
    """Crawl each planned source; a failing source never stops the others."""
    results = []
    for entry in plan.entries:
        settings = dict(plan.extra_settings or {})
        if plan.frontier:
            settings.update(frontier_settings(plan.frontier, entry.key, plan.run_id))
        result = crawl_source(
            entry, plan.database_url, plan.work_dir / entry.key, max_items=plan.max_items,
            extra_settings=settings,
        )  # fmt: skip
        with database.session() as session:
            record_run(session, _stats(result))
        results.append(result)
        if progress:
            progress(entry, result)
    return results


def check_sources(
    entries: Sequence[SourceEntry], extra_settings: dict[str, str] | None = None
) -> dict[str, dict[str, object]]:
    """Fetch each start URL once through Scrapy (robots.txt obeyed); key → {answer, ok}."""
    with tempfile.TemporaryDirectory(prefix="leadradar-check-") as tmp:
        specs_file, stats_file = Path(tmp) / "sources.json", Path(tmp) / "stats.json"
        specs_file.write_text(
            json.dumps([json.loads(e.spec().to_json()) for e in entries]), encoding="utf-8"
        )
        command = [
            *(sys.executable, "-m", "scrapy", "crawl", "check"),
            *("-a", f"sources_file={specs_file}", "-s", f"LEADRADAR_STATS_FILE={stats_file}"),
        ]
        for name, value in (extra_settings or {}).items():
            command += ["-s", f"{name}={value}"]
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "spiders.settings"}
        subprocess.run(
            command, env=env, cwd=PROJECT_ROOT, capture_output=True, timeout=600, check=False
        )
        try:
            stats = json.loads(stats_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stats = {}
    prefix = "leadradar/check/"
    answers = {k[len(prefix) :]: v for k, v in stats.items() if k.startswith(prefix)}
    return {e.key: answers.get(e.key, {"answer": "no answer", "ok": False}) for e in entries}


def _stats(result: CrawlResult) -> RunStats:
    return RunStats(
        source_key=result.source_key, started_at=result.started_at, duration_s=result.duration_s,
        finish_reason=result.finish_reason, ok=result.ok, items=result.items,
        new_items=result.new_items, requests=result.requests, errors=result.errors,
    )  # fmt: skip
