"""Scrapy downloader middleware: an article URL already stored is never fetched again."""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from pipelines.db import Database
from pipelines.db.articles import article_known
from pipelines.db.crawl_db import crawler_database


class SeenArticlesMiddleware:
    """Drops article requests whose URL is in the database; feeds and listings pass."""

    def __init__(self, database: Database, crawler: Crawler) -> None:
        self.database = database
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeenArticlesMiddleware:
        return cls(crawler_database(crawler), crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if not request.meta.get("leadradar_article"):
            return
        with self.database.session() as session:
            known = article_known(session, request.url)
        if known:
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("leadradar/skipped_known")
            raise IgnoreRequest(f"already stored: {request.url}")
