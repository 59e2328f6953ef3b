"""Scrapy item pipeline: ArticlePage → NewArticle through the pure extractor of spiders/."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from pipelines.db.articles import NewArticle
from spiders.dates import parse_date
from spiders.extract import Overrides, extract_article
from spiders.items import ArticlePage

MIN_BODY_CHARS = 20


class ExtractPipeline:
    """Extracts title, body, date and language; drops pages without an article."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        return cls(crawler)

    def process_item(self, item: ArticlePage) -> NewArticle:
        overrides = Overrides(
            title=item.overrides.get("title"),
            body=item.overrides.get("body"),
            published=item.overrides.get("published"),
        )
        extracted = extract_article(
            item.html,
            item.url,
            item.fetched_at,
            overrides=overrides,
            http_charset=item.http_charset,
        )
        if len(extracted.body.strip()) < MIN_BODY_CHARS:
            self._count("empty")
            raise DropItem(f"no article text: {item.url}")
        published = extracted.published
        if published is None and item.hint_published:
            published = parse_date(item.hint_published, now=item.listed_at or item.fetched_at)
        return NewArticle(
            url=extracted.url or item.url,
            fetched_url=item.requested_url,
            source_key=item.source_key,
            title=extracted.title or item.hint_title or "",
            body=extracted.body,
            body_simplified=extracted.body_simplified,
            lang=extracted.lang or item.lang,
            published_at=published,
            fetched_at=item.fetched_at,
            meta={"site_name": extracted.site_name} if extracted.site_name else {},
        )

    def _count(self, kind: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"leadradar/errors/{kind}")
