"""The lead-side commands: `process`, `run`, `leads`, `tasks`."""

from __future__ import annotations

import argparse
import datetime as dt
from contextlib import ExitStack
from typing import Any, TextIO

from catalog.load import load_catalog
from catalog.registry import load_registry
from pipelines.analyse import AnalysisContext
from pipelines.db import open_database
from pipelines.db.learning import learned_aliases
from pipelines.db.queries import LEAD_COLUMNS, TASK_COLUMNS, ranked_leads, task_records
from pipelines.db.sync import sync_reference
from pipelines.learning import active_models
from pipelines.parallel import ContextRecipe, PoolAnalyser
from pipelines.process import ProcessSummary, process
from pipelines.settings import Settings
from pipelines.sources import load_sources
from review.cmd_crawl import crawl_into, sources_path, write_crawl_summary
from review.cmd_reference import UsageError
from review.progress import Reporter
from review.render import write_csv, write_jsonl, write_table, write_xlsx


def process_command(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    summary = run_process(settings, args.since, args.rescore, workers=args.workers)
    write_process_summary(summary, out)
    return 0


def run_process(
    settings: Settings, since: dt.datetime | None = None, rescore: bool = False,
    now: dt.datetime | None = None, workers: int = 1,
) -> ProcessSummary:  # fmt: skip
    """Analyse, score and route; with workers > 1 the analysis runs in that many processes."""
    catalog, registry = load_catalog(settings.catalog_dir), load_registry(settings.registry_dir)
    database = open_database(settings.database_url)
    with database.session() as session:
        sync_reference(session, catalog, registry)
    models = active_models(database)
    with database.session() as session:
        learned, blocked = learned_aliases(session)
    context = AnalysisContext.build(catalog, registry, models.events, learned, blocked, now=now,
                                    stage_model_path=models.stage, weights_path=models.weights)  # fmt: skip
    recipe = ContextRecipe(settings.catalog_dir, settings.registry_dir, models.events, now,
                           tuple(learned), tuple(blocked), models.stage, models.weights)  # fmt: skip
    with Reporter("process", 0) as reporter, ExitStack() as stack:
        pool = stack.enter_context(PoolAnalyser(recipe, workers)) if workers > 1 else None
        summary = process(database, context, since, rescore,
                          progress=lambda done, total: _advance(reporter, done, total), analyser=pool)  # fmt: skip
    database.dispose()
    return summary


def _advance(reporter: Reporter, done: int, total: int) -> None:
    reporter.total = total
    reporter.advance(f"{done}/{total} articles analysed", steps=done - reporter.done)


def write_process_summary(summary: ProcessSummary, out: TextIO) -> None:
    out.write(
        f"分析完成 processed: {summary.articles} articles, {summary.leads_new} new leads, "
        f"{summary.leads_updated} leads updated\n"
    )
    if summary.tasks_by_office:
        tasks = ", ".join(f"{k} {v}" for k, v in sorted(summary.tasks_by_office.items()))
        out.write(f"  新任务 tasks by office: {tasks}\n")


def run_command(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """The main job: crawl, then process; a summary of both."""
    results = crawl_into(settings, load_sources(sources_path(args, settings)), None, None)
    write_crawl_summary(results, out)
    summary = run_process(settings)
    write_process_summary(summary, out)
    return 1 if results and not any(r.ok for r in results) else 0


def leads_command(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    database = open_database(settings.database_url)
    with database.session() as session:
        records = ranked_leads(session, args.top, args.office, args.since)
    database.dispose()
    return _emit(args, records, LEAD_COLUMNS, out, "线索 Leads")


def tasks_command(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    database = open_database(settings.database_url)
    with database.session() as session:
        records = task_records(session, args.office, args.status)
    database.dispose()
    return _emit(args, records, TASK_COLUMNS, out, "任务 Tasks")


def _emit(
    args: argparse.Namespace,
    records: list[dict[str, Any]],
    columns: list[str],
    out: TextIO,
    title: str,
) -> int:
    if args.format == "xlsx":
        if not args.out:
            raise UsageError("--format xlsx needs --out FILE")
        write_xlsx(records, columns, args.out)
        return 0
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as handle:
            return _emit_text(args.format, records, columns, handle, title)
    return _emit_text(args.format, records, columns, out, title)


def _emit_text(
    fmt: str, records: list[dict[str, Any]], columns: list[str], out: TextIO, title: str
) -> int:
    if fmt == "jsonl":
        write_jsonl(records, out)
    elif fmt == "csv":
        write_csv(records, columns, out)
    else:
        short = [c for c in columns if c not in ("url", "reason", "lists")]
        write_table(([r.get(c) for c in short] for r in records), short, out, title=title)
    return 0
