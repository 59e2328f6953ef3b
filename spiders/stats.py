"""A Scrapy extension that writes the crawl stats to a JSON file when the spider closes."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler


class StatsFile:
    """`scrapy crawl` exits 0 even when pages fail, so runs are judged from this file."""

    def __init__(self, crawler: Crawler, path: str) -> None:
        self.crawler = crawler
        self.path = Path(path)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsFile:
        extension = cls(crawler, crawler.settings.get("LEADRADAR_STATS_FILE") or "")
        # a bound method, kept alive by the extension: signal handlers are weak references
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if not self.path.name or self.crawler.stats is None:
            return
        stats: dict[str, Any] = dict(self.crawler.stats.get_stats())
        stats["finish_reason"] = reason
        payload = json.dumps(stats, default=_plain, ensure_ascii=False)
        partial = self.path.with_suffix(".partial")
        partial.write_text(payload, encoding="utf-8")
        os.replace(partial, self.path)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value)
