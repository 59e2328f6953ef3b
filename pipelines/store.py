"""Scrapy item pipeline: store each extracted article once and count the new ones."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from sqlalchemy.exc import SQLAlchemyError

from pipelines.db import Database
from pipelines.db.articles import NewArticle, store_article
from pipelines.db.crawl_db import crawler_database


class StorePipeline:
    """Writes NewArticle records; an URL already stored is left as it is."""

    def __init__(self, database: Database, crawler: Crawler) -> None:
        self.database = database
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler_database(crawler), crawler)

    def process_item(self, item: NewArticle) -> NewArticle:
        try:
            with self.database.session() as session:
                new = store_article(session, item)
        except SQLAlchemyError as exc:  # counted and dropped; the crawl goes on
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("leadradar/errors/store")
            raise DropItem(f"not stored: {item.url}: {type(exc).__name__}") from exc
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("leadradar/items")
            if new:
                self.crawler.stats.inc_value("leadradar/new_items")
        return item

    def close_spider(self) -> None:
        self.database.dispose()
