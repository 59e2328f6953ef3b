"""`leadradar demo`: serve the sample sites on loopback and run the whole pipeline on them."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TextIO

from pipelines.bootstrap import initialise
from pipelines.settings import Settings
from spiders.demo_server import DemoSite

Stage = Callable[[Settings, TextIO], None]


def demo_settings(settings: Settings) -> Settings:
    """A fresh database under $LEADRADAR_HOME/demo, whatever LEADRADAR_DATABASE_URL says."""
    home = settings.home / "demo"
    database = home / "leadradar.db"
    for suffix in ("", "-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    return dataclasses.replace(
        settings, home=home, database_url=f"sqlite:///{database.as_posix()}",
        sources_file=home / "sources.yml",
    )  # fmt: skip


def run_demo(settings: Settings, out: TextIO, stages: list[Stage]) -> int:
    """Initialise, then run each stage (crawl, process, report…) against the served sample sites."""
    settings = demo_settings(settings)
    database, counts = initialise(settings)
    database.dispose()
    out.write(f"leadradar 演示 demo — {settings.database_url}\n")
    out.write(
        f"  企业库 registry: {counts['companies']} companies; 机构 offices: {counts['offices']}\n"
    )
    with DemoSite() as site:
        settings.sources_file.write_text(site.sources_yaml(), encoding="utf-8")
        out.write(f"  样例网站 sample sites: {site.base}\n")
        for stage in stages:
            stage(settings, out)
    return 0
