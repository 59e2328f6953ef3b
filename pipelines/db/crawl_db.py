"""The database a Scrapy component writes to, named by the crawl's LEADRADAR_DATABASE_URL setting."""

from __future__ import annotations

from scrapy.crawler import Crawler

from pipelines.db import Database, open_database


def crawler_database(crawler: Crawler) -> Database:
    """The crawl's database; the parent process migrated it before starting the crawl."""
    url = crawler.settings.get("LEADRADAR_DATABASE_URL")
    if not url:
        raise ValueError("LEADRADAR_DATABASE_URL setting is required")
    return open_database(url, migrate=False)
