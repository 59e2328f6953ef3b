"""The `leadradar` command: parses arguments and calls the packages; no logic of its own."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from catalog.errors import CatalogError
from pipelines.crawling import UnknownSource
from pipelines.db import DatabaseUnavailable
from pipelines.settings import Settings, load_settings
from review import (
    cmd_analysis,
    cmd_crawl,
    cmd_demo,
    cmd_digest,
    cmd_leads,
    cmd_models,
    cmd_reference,
    cmd_web,
)
from review.cmd_reference import UsageError

Handler = Callable[[argparse.Namespace, Settings, TextIO], int]


def _date(text: str) -> dt.datetime:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-25") from None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number")
    return int(text)


def _schedule(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    import flows  # Prefect takes seconds to import: only this command loads it

    return flows.schedule_command(args, settings, out)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", metavar="URL", help="SQLAlchemy URL (overrides LEADRADAR_DATABASE_URL)"
    )
    parser = argparse.ArgumentParser(
        prog="leadradar", parents=[common],
        description="招商线索雷达: news → scored leads → follow-up tasks for a county bureau",
    )  # fmt: skip
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Handler, text: str) -> argparse.ArgumentParser:
        found = sub.add_parser(name, parents=[common], help=text, description=text)
        found.set_defaults(handler=handler)
        return found

    command("init", cmd_reference.init, "create or upgrade the schema, load catalog and registry")
    cat = command("catalog", cmd_reference.catalog, "show the county catalog")
    cat.add_argument("--format", choices=["table", "json"], default="table")
    comp = command("companies", cmd_reference.companies, "show the company registry")
    comp.add_argument("--format", choices=["table", "jsonl"], default="table")
    comp.add_argument("--list", metavar="NAME", help="only one list, e.g. fortune_global_500")
    comp.add_argument("--search", metavar="TEXT", help="names or aliases containing TEXT")
    src = command("sources", cmd_crawl.sources, "list news sources with their health")
    src.add_argument("--format", choices=["table", "json"], default="table")
    src.add_argument("--check", action="store_true", help="fetch each start URL once")
    src.add_argument("--sources", metavar="FILE", help="sources file (default LEADRADAR_SOURCES)")
    crawl = command("crawl", cmd_crawl.crawl, "run the spiders, store new articles")
    crawl.add_argument("--sources", metavar="FILE", help="sources file (default LEADRADAR_SOURCES)")
    crawl.add_argument(
        "--source", metavar="KEY", action="append", default=[], help="only this source"
    )
    crawl.add_argument(
        "--max-items", metavar="N", type=_positive, help="stop each source after N items"
    )
    crawl.add_argument(
        "--frontier", metavar="REDIS_URL", help="share the request queue with other crawlers"
    )
    crawl.add_argument(
        "--run-id", metavar="ID", help="names the shared crawl (default: the current UTC hour)"
    )
    arts = command("articles", cmd_crawl.articles, "stored articles")
    arts.add_argument("--format", choices=["table", "jsonl", "csv"], default="table")
    arts.add_argument("--limit", metavar="N", type=_positive)
    arts.add_argument("--since", metavar="DATE", type=_date)
    proc = command(
        "process", cmd_leads.process_command, "analyse new articles, score, make leads and tasks"
    )
    proc.add_argument("--since", metavar="DATE", type=_date)
    proc.add_argument("--rescore", action="store_true", help="analyse every article again")
    proc.add_argument(
        "--workers",
        metavar="N",
        type=_positive,
        default=os.cpu_count() or 1,
        help="analysis processes (default: all cores)",
    )
    run = command("run", cmd_leads.run_command, "the main job: crawl, then process")
    run.add_argument("--sources", metavar="FILE", help="sources file (default LEADRADAR_SOURCES)")
    leads = command("leads", cmd_leads.leads_command, "ranked leads, best first")
    leads.add_argument("--format", choices=["table", "jsonl", "csv", "xlsx"], default="table")
    leads.add_argument("--top", metavar="N", type=_positive)
    leads.add_argument("--office", metavar="ID")
    leads.add_argument("--since", metavar="DATE", type=_date)
    leads.add_argument("--out", metavar="FILE")
    tasks = command("tasks", cmd_leads.tasks_command, "follow-up tasks")
    tasks.add_argument("--format", choices=["table", "jsonl", "csv", "xlsx"], default="table")
    tasks.add_argument("--office", metavar="ID")
    tasks.add_argument(
        "--status", metavar="STATUS", choices=["open", "in_progress", "done", "rejected", "closed"]
    )
    tasks.add_argument("--out", metavar="FILE")
    ana = command("analyze", cmd_analysis.analyze, "analyse news items (JSON lines) offline")
    ana.add_argument("file", nargs="?", default="-", metavar="FILE|-")
    ana.add_argument("--format", choices=["jsonl"], default="jsonl")
    ev = command("eval", cmd_analysis.eval_file, "accuracy report on a labelled file")
    ev.add_argument("file", metavar="FILE")
    ev.add_argument("--format", choices=["table", "json"], default="table")
    dig = command("digest", cmd_digest.digest_command, "the weekly digests; --send mails them")
    dig.add_argument("--week", metavar="YYYY-Www", type=cmd_digest.iso_week,
                     help="e.g. 2026-W48 (default: last week)")  # fmt: skip
    dig.add_argument("--office", metavar="ID", help="only this office ('leaders': the summary)")
    dig.add_argument("--out", metavar="DIR", help="write .eml and .html previews (default outbox)")
    dig.add_argument("--send", action="store_true", help="mail them through LEADRADAR_SMTP_URL")
    command("schedule", _schedule, "run the Prefect schedules against a Prefect server")
    command(
        "train",
        cmd_models.train,
        "retrain the event and stage models and refit the score weights from the corpus and the "
        "analysts' judgements",
    )
    mod = command(
        "models", cmd_models.models, "list model versions, or `models use VERSION` to roll back"
    )
    mod.add_argument("action", nargs="?", choices=["list", "use"], default="list")
    mod.add_argument("version", nargs="?")
    mod.add_argument("--format", choices=["table", "jsonl"], default="table")
    mod.add_argument("--kind", choices=["events", "stage", "weights"],
                     help="with `use`: which kind of version (needed only when ambiguous)")  # fmt: skip
    web = command("serve", cmd_web.serve, "the review web page (uvicorn)")
    web.add_argument("--host", default="127.0.0.1")
    web.add_argument("--port", type=_positive, default=8000)
    web.add_argument("--root-path", default="", metavar="PATH",
                     help="URL prefix when the office web server serves it under a path, e.g. /leadradar")  # fmt: skip
    web.add_argument("--forwarded-allow-ips", default="127.0.0.1", metavar="IPS",
                     help="proxies whose X-Forwarded-* headers are trusted")  # fmt: skip
    web.add_argument("--workers", type=_positive, default=1, metavar="N", help="server processes")
    users = command("users", cmd_web.users_list, "review-page logins: list, or `users add NAME`")
    users_add = users.add_subparsers(dest="users_action", metavar="ACTION").add_parser(
        "add", parents=[common], help="create a login", description="create a login"
    )
    users_add.set_defaults(handler=cmd_web.users_add)
    users_add.add_argument("name", metavar="NAME")
    users_add.add_argument("--office", required=True, metavar="ID")
    users_add.add_argument(
        "--role", required=True, choices=["analyst", "office", "leader", "admin"]
    )
    users_add.add_argument("--email", metavar="ADDRESS")
    users_add.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    command("demo", cmd_demo.demo, "the offline demo: sample sites → crawl → leads → tasks")
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args, load_settings(database_url=args.db), out)
    except (CatalogError, UsageError, UnknownSource) as exc:
        print(f"leadradar: error: {exc}", file=sys.stderr)
        return 2
    except DatabaseUnavailable as exc:
        print(f"leadradar: database unavailable: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
