"""Run one source's spider in a `scrapy crawl` subprocess and judge the run from its stats."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines.settings import PROJECT_ROOT
from pipelines.sources import SourceEntry

FINISHED = ("finished", "closespider_itemcount", "closespider_pagecount")


@dataclass
class CrawlResult:
    """What one crawl of one source did."""

    source_key: str
    started_at: dt.datetime
    duration_s: float
    finish_reason: str
    items: int = 0
    new_items: int = 0
    requests: int = 0
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.finish_reason in FINISHED and not self.errors.get("start_failed")

    @property
    def reason(self) -> str:
        """Why the run failed, in one line (empty when it did not)."""
        if self.ok:
            return ""
        if self.errors.get("start_failed"):
            kinds = [k for k in self.errors if k != "start_failed"]
            return f"start page failed ({', '.join(kinds) or 'error'})"
        return self.finish_reason


def frontier_settings(redis_url: str, source_key: str, run_id: str) -> dict[str, str]:
    """Scrapy-redis: one shared request queue and seen-URL filter per source and run."""
    prefix = f"leadradar:{run_id}:{source_key}"
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_KEY": f"{prefix}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:dupefilter",
        "SCHEDULER_PERSIST": "True",  # another crawler may still be working on this run
        "REDIS_URL": redis_url,
    }


def crawl_source(
    entry: SourceEntry,
    database_url: str,
    work_dir: Path,
    max_items: int | None = None,
    timeout_s: float = 3600,
    extra_settings: dict[str, str] | None = None,
) -> CrawlResult:
    """Crawl `entry` in a subprocess; a crash or time-out is a failed run, never an exception."""
    work_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{entry.key}.{os.getpid()}"  # several crawlers may share a work folder
    source_file = work_dir / f"{stem}.source.json"
    stats_file = work_dir / f"{stem}.stats.json"
    log_file = work_dir / f"{stem}.log"
    source_file.write_text(entry.spec().to_json(), encoding="utf-8")
    stats_file.unlink(missing_ok=True)
    settings = {"LEADRADAR_STATS_FILE": str(stats_file), "LEADRADAR_DATABASE_URL": database_url}
    if max_items:
        settings["CLOSESPIDER_ITEMCOUNT"] = str(max_items)
    settings.update(extra_settings or {})
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        entry.kind,
        "-a",
        f"source_file={source_file}",
    ]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "spiders.settings"}
    started, clock = dt.datetime.now(dt.UTC), time.monotonic()
    reason = "crashed"
    try:
        with log_file.open("wb") as log:
            completed = subprocess.run(
                command, env=env, cwd=PROJECT_ROOT, stdout=log, stderr=log,
                timeout=timeout_s, check=False,
            )  # fmt: skip
        reason = f"exit {completed.returncode}" if completed.returncode else "no stats"
    except subprocess.TimeoutExpired:
        reason = "timeout"
    stats = _read_stats(stats_file)
    return _judge(entry.key, started, time.monotonic() - clock, stats, reason)


def _read_stats(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _judge(
    key: str, started: dt.datetime, duration: float, stats: dict[str, Any], fallback: str
) -> CrawlResult:
    errors = {
        name.rsplit("/", 1)[-1]: int(value)
        for name, value in stats.items()
        if name.startswith("leadradar/errors/")
    }
    forbidden = int(stats.get("robotstxt/forbidden", 0))
    if forbidden:
        errors["robots_forbidden"] = forbidden
    return CrawlResult(
        source_key=key,
        started_at=started,
        duration_s=round(duration, 3),
        finish_reason=str(stats.get("finish_reason") or fallback),
        items=int(stats.get("leadradar/items", 0)),
        new_items=int(stats.get("leadradar/new_items", 0)),
        requests=int(stats.get("downloader/request_count", 0)),
        errors=errors,
    )
