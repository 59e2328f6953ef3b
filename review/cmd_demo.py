"""`leadradar demo`: the whole pipeline on the bundled sample sites, offline."""

from __future__ import annotations

import argparse
import os
from typing import TextIO

from pipelines.demo import run_demo
from pipelines.settings import Settings
from pipelines.sources import load_sources
from review import cmd_web
from review.cmd_crawl import crawl_into, write_crawl_summary
from review.cmd_digest import demo_previews
from review.cmd_leads import run_process, write_process_summary
from review.db_views import top_leads_text

TOP = 10


def demo(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    os.environ.setdefault("LEADRADAR_CRAWL_DELAY", "0")  # loopback sample sites need no politeness
    return run_demo(settings, out, [_crawl, _process, _report, _digests, _review_login])


def _crawl(settings: Settings, out: TextIO) -> None:
    results = crawl_into(settings, load_sources(settings.sources_file), None, None,
                         extra_settings={"AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_TIMEOUT": "3"})  # fmt: skip
    write_crawl_summary(results, out)


def _process(settings: Settings, out: TextIO) -> None:
    write_process_summary(run_process(settings), out)


def _report(settings: Settings, out: TextIO) -> None:
    out.write(f"\n前{TOP}条线索 Top {TOP} leads:\n")
    out.write(top_leads_text(settings, TOP))
    out.write(
        "\n下一步 Next:\n"
        f"  .venv/bin/leadradar leads --db {settings.database_url}\n"
        f"  .venv/bin/leadradar tasks --db {settings.database_url}\n"
    )


def _digests(settings: Settings, out: TextIO) -> None:
    demo_previews(settings, out)


def _review_login(settings: Settings, out: TextIO) -> None:
    cmd_web.demo_login(settings, out)
