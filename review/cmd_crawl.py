"""The crawl-side commands: `crawl`, `sources`, `articles`."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any, TextIO

from pipelines.crawl import CrawlResult
from pipelines.crawling import CrawlPlan, check_sources, choose, register_sources, run_crawl
from pipelines.db import open_database
from pipelines.db.articles import list_articles
from pipelines.db.sources import SourceHealth, source_health
from pipelines.settings import Settings
from pipelines.sources import SourceEntry, load_sources
from review.progress import Reporter
from review.render import write_csv, write_json, write_jsonl, write_table

SILENT_DAYS = 7.0
MAX_ERROR_RATE = 0.5
HEALTH_COLUMNS = ["key", "kind", "enabled", "healthy", "last_run_at", "last_items",
                  "last_new_items", "errors", "problem"]  # fmt: skip
ARTICLE_COLUMNS = ["id", "published_at", "source_key", "lang", "title", "url", "fetched_at"]


def sources_path(args: argparse.Namespace, settings: Settings) -> Path:
    return Path(args.sources) if getattr(args, "sources", None) else settings.sources_file


def crawl(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Crawl the chosen sources; exit 1 only when every one of them failed."""
    results = crawl_into(
        settings, load_sources(sources_path(args, settings)), args.source, args.max_items,
        frontier=args.frontier, run_id=args.run_id,
    )  # fmt: skip
    write_crawl_summary(results, out)
    return 1 if results and not any(r.ok for r in results) else 0


def crawl_into(
    settings: Settings, entries: list[SourceEntry], keys: list[str] | None, max_items: int | None,
    extra_settings: dict[str, str] | None = None, frontier: str | None = None,
    run_id: str | None = None,
) -> list[CrawlResult]:  # fmt: skip
    choose(entries, keys or [])  # an unknown key is a usage error before anything is written
    database = open_database(settings.database_url)
    chosen = choose(entries, keys or [], register_sources(database, entries))
    run = run_id or dt.datetime.now(dt.UTC).strftime("%Y%m%d%H")
    plan = CrawlPlan(chosen, settings.database_url, settings.home / "crawl" / run, max_items,
                     extra_settings, frontier, run)  # fmt: skip
    with Reporter("crawl", len(chosen)) as reporter:
        results = run_crawl(database, plan, lambda e, r: reporter.advance(_line(r)))
    database.dispose()
    return results


def write_crawl_summary(results: list[CrawlResult], out: TextIO) -> None:
    failed = [r for r in results if not r.ok]
    out.write(
        f"抓取完成 crawl done: {len(results)} sources, {sum(r.items for r in results)} items, "
        f"{sum(r.new_items for r in results)} new, {len(failed)} failed\n"
    )
    for result in failed:
        out.write(f"  失败 failed {result.source_key}: {result.reason}\n")


def sources(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    entries = load_sources(sources_path(args, settings))
    database = open_database(settings.database_url)
    register_sources(database, entries)
    with database.session() as session:
        health = source_health(session, dt.datetime.now(dt.UTC), SILENT_DAYS, MAX_ERROR_RATE)
    database.dispose()
    checks = check_sources(entries) if args.check else {}
    records = [
        _health_record(h, checks.get(h.key)) for h in health if h.key in {e.key for e in entries}
    ]
    if args.format == "json":
        write_json(records, out)
    else:
        columns = [*HEALTH_COLUMNS, "check"] if args.check else HEALTH_COLUMNS
        write_table(
            ([r[c] for c in columns] for r in records), columns, out, title="新闻源 Sources"
        )
    return 1 if args.check and not all(c["ok"] for c in checks.values()) else 0


def articles(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    database = open_database(settings.database_url)
    with database.session() as session:
        rows = list_articles(session, args.limit, args.since)
    database.dispose()
    records = [
        {"id": a.id, "url": a.url, "source_key": a.source_key, "title": a.title, "lang": a.lang,
         "published_at": a.published_at.isoformat() if a.published_at else None,
         "fetched_at": a.fetched_at.isoformat(), "body": a.body}
        for a in rows
    ]  # fmt: skip
    if args.format == "jsonl":
        write_jsonl(records, out)
    elif args.format == "csv":
        write_csv(records, [*ARTICLE_COLUMNS, "body"], out)
    else:
        write_table(([r[c] for c in ARTICLE_COLUMNS] for r in records), ARTICLE_COLUMNS, out)
    return 0


def _health_record(health: SourceHealth, check: dict[str, Any] | None) -> dict[str, Any]:
    record = dataclasses.asdict(health)
    record["errors"] = sum(health.last_errors.values())
    for key in ("last_run_at", "last_new_item_at"):
        record[key] = record[key].isoformat() if record[key] else None
    if check is not None:
        record["check"] = f"{'OK' if check['ok'] else 'FAIL'} {check['answer']}"
    return record


def _line(result: CrawlResult) -> str:
    status = "ok" if result.ok else f"FAILED ({result.reason})"
    errors = ", ".join(f"{k}={v}" for k, v in sorted(result.errors.items())) or "none"
    return (
        f"{result.source_key}: {status}; {result.items} items, {result.new_items} new, "
        f"errors {errors}, {result.duration_s:.1f}s"
    )
