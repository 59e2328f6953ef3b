"""Prefect flows and their schedules (county time): crawl ▸ process, digest, health, retrain."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from dataclasses import asdict
from typing import Any, TextIO

from pipelines.crawl import CrawlResult
from pipelines.scheduled import (
    crawl_recorded,
    crawl_run_id,
    retrain_models,
    sources_to_crawl,
)
from pipelines.settings import Settings, load_settings
from pipelines.sources import SourceEntry
from review.alerts import failure_message, health_message, health_report, notify_admin
from review.cmd_digest import weekly_digests
from review.cmd_leads import run_process
from review.mailer import MailConfigError, MailError
from review.weeks import IsoWeek

# The machines have no internet: Prefect must not try to send telemetry (set before it loads).
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

from prefect import Flow, State, flow, get_client, serve, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import FlowRun
from prefect.deployments.runner import RunnerDeployment
from prefect.logging import get_logger
from prefect.schedules import Cron, Schedule
from prefect.settings import get_current_settings
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

TIMEZONE = "Asia/Shanghai"
DIGEST_CRON = "0 8 * * 1"  # Monday 08:00: last week's digests
HEALTH_CRON = "30 7 * * *"  # every morning, before office hours
RETRAIN_CRON = "0 2 * * 0"  # Sunday night: the week's judgements teach Monday's model
CRAWL_WORKERS = 4  # sources crawled at once; Scrapy keeps each site polite on its own
CRAWL_RETRY_DELAYS: list[float] = [60, 300]  # seconds before the second and the third attempt

logger = get_logger("leadradar.flows")


class SourceFailed(RuntimeError):
    """A crawl of one source ended badly (judged from its stats); Prefect retries it."""


class RunFailed(RuntimeError):
    """A flow's work failed; the message is the reason the admin reads."""


def mail_failure(flow: Flow[Any, Any], flow_run: FlowRun, state: State[Any]) -> None:
    """on_failure and on_crashed: one mail per failed run (a subflow's parent does the mailing)."""
    if flow_run.parent_task_run_id is not None:
        return
    settings = load_settings()
    try:
        message = failure_message(settings, flow.name, flow_run.name, state.message or "",
                                  dt.datetime.now(dt.UTC))  # fmt: skip
        logger.warning("flow %s failed: %s", flow.name, notify_admin(settings, message))
    except (MailError, MailConfigError, OSError) as exc:
        logger.error("flow %s failed and the admin could not be told: %s", flow.name, exc)


ALERTS: dict[str, Any] = {"on_failure": [mail_failure], "on_crashed": [mail_failure]}
CRAWL_RUNNER: TaskRunner[Any] = ThreadPoolTaskRunner(max_workers=CRAWL_WORKERS)


@task(retries=len(CRAWL_RETRY_DELAYS), retry_delay_seconds=CRAWL_RETRY_DELAYS,
      cache_policy=NO_CACHE, task_run_name="crawl-{entry.key}")  # fmt: skip
def crawl_source(entry: SourceEntry, run_id: str) -> CrawlResult:
    """One source in a `scrapy crawl` subprocess, judged from its stats; a failed run raises."""
    result = crawl_recorded(load_settings(), entry, run_id)
    if not result.ok:
        raise SourceFailed(f"{entry.key}: {result.reason}")
    return result


@flow(name="crawl", task_runner=CRAWL_RUNNER, **ALERTS)
def crawl(process_after: bool = True) -> dict[str, Any]:
    """Crawl every enabled source (one task each), then analyse what came in."""
    entries, run_id = sources_to_crawl(load_settings()), crawl_run_id(dt.datetime.now(dt.UTC))
    futures = [crawl_source.submit(entry, run_id) for entry in entries]
    outcomes = [f.result(raise_on_failure=False) for f in futures]
    done = [r for r in outcomes if isinstance(r, CrawlResult)]
    failed = [str(r) for r in outcomes if not isinstance(r, CrawlResult)]
    summary: dict[str, Any] = {"sources": len(entries), "ok": [r.source_key for r in done],
                               "failed": failed, "new_items": sum(r.new_items for r in done)}  # fmt: skip
    if process_after:  # also after a bad crawl: articles stored earlier may wait for analysis
        summary["process"] = process()
    if entries and not done:
        raise RunFailed("every source failed: " + "; ".join(failed))
    return summary


@task(cache_policy=NO_CACHE)
def analyse_new_articles(workers: int) -> dict[str, Any]:
    """Analysis of the stored articles not analysed yet, in batches that commit one by one."""
    summary = run_process(load_settings(), workers=workers)
    return {"articles": summary.articles, "leads_new": summary.leads_new,
            "leads_updated": summary.leads_updated, "tasks": dict(summary.tasks_by_office)}  # fmt: skip


@flow(name="process", **ALERTS)
def process(workers: int = 1) -> dict[str, Any]:
    """Analyse new articles (in `workers` processes), score them, make leads, route tasks."""
    return analyse_new_articles(workers)


@task(cache_policy=NO_CACHE)
def send_weekly_digests(week: str | None) -> dict[str, Any]:
    now = dt.datetime.now(dt.UTC)
    delivery = weekly_digests(load_settings(), now, IsoWeek.parse(week) if week else None)
    if not delivery.ok:
        raise RunFailed("; ".join([*delivery.failed, delivery.aborted]).strip("; "))
    return asdict(delivery)


@flow(name="digest", **ALERTS)
def digest(week: str | None = None) -> dict[str, Any]:
    """The weekly digests (last week's unless `week` like 2026-W48), each message sent once."""
    return send_weekly_digests(week)


@flow(name="health", **ALERTS)
def health() -> dict[str, Any]:
    """Sources failing or silent and tasks overdue, mailed to the admin when there are any."""
    settings = load_settings()
    report = health_report(settings, dt.datetime.now(dt.UTC))
    notified = "" if report.ok else notify_admin(settings, health_message(settings, report))
    return {"sources": [h.key for h in report.sources], "overdue": len(report.overdue),
            "notified": notified}  # fmt: skip


@flow(name="retrain", **ALERTS)
def retrain() -> dict[str, Any]:
    """Retrain the event and stage models, refit the score weights; the quality gates decide."""
    return retrain_models(load_settings())


def deployments(settings: Settings) -> list[RunnerDeployment]:
    """What `leadradar schedule` serves; process also runs after each crawl."""
    return [
        _deployment(crawl, Cron(settings.crawl_cron, timezone=TIMEZONE),
                    "crawl every enabled source, then process what came in"),
        _deployment(process, None, "also runs after each crawl"),
        _deployment(digest, Cron(DIGEST_CRON, timezone=TIMEZONE), "last week's digests"),
        _deployment(health, Cron(HEALTH_CRON, timezone=TIMEZONE), "daily check to the admin"),
        _deployment(retrain, Cron(RETRAIN_CRON, timezone=TIMEZONE), "weekly, from the analysts' judgements"),
    ]  # fmt: skip


def _deployment(
    served: Flow[Any, Any], schedule: Schedule | None, description: str
) -> RunnerDeployment:
    """A deployment named like its flow, one run at a time: a slow crawl is never overtaken."""
    found = served.to_deployment(
        served.name, schedule=schedule, description=description, concurrency_limit=1
    )  # sync here: no event loop is running
    assert isinstance(found, RunnerDeployment)
    return found


def schedule_command(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """`leadradar schedule`: serve the deployments against the Prefect server until stopped."""
    api = get_current_settings().api.url
    if not api:
        print("leadradar: error: no Prefect server: run `prefect server start` and set "
              "PREFECT_API_URL=http://127.0.0.1:4200/api", file=sys.stderr)  # fmt: skip
        return 2
    with get_client(sync_client=True) as client:
        problem = client.api_healthcheck()
    if problem is not None:
        print(f"leadradar: Prefect server unavailable at {api}: {problem}", file=sys.stderr)
        return 1
    try:
        served = deployments(settings)
    except ValueError as exc:
        print(f"leadradar: error: LEADRADAR_CRAWL_CRON: {exc}", file=sys.stderr)
        return 2
    if args.db:  # flow runs are new processes: they read the database URL from the environment
        os.environ["LEADRADAR_DATABASE_URL"] = args.db
    out.write(f"leadradar schedule: serving {len(served)} deployments against {api}\n")
    serve(*served, pause_on_shutdown=False)
    return 0
