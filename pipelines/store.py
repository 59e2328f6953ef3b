"""Scrapy item pipeline: store each extracted article once and count the new ones."""

from __future__ import annotations

from scrapy.crawler import Crawler

from pipelines.db import Database, open_database
from pipelines.db.articles import NewArticle, store_article


class StorePipeline:
    """Writes NewArticle records; an URL already stored is left as it is."""

    def __init__(self, database: Database, crawler: Crawler) -> None:
        self.database = database
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        url = crawler.settings.get("LEADRADAR_DATABASE_URL")
        if not url:
            raise ValueError("LEADRADAR_DATABASE_URL setting is required")
        return cls(open_database(url, migrate=False), crawler)

    def process_item(self, item: NewArticle) -> NewArticle:
        with self.database.session() as session:
            new = store_article(session, item)
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("leadradar/items")
            if new:
                self.crawler.stats.inc_value("leadradar/new_items")
        return item

    def close_spider(self) -> None:
        self.database.dispose()
