"""The common spider: one source entry in, ArticlePage items out, every fault counted by kind."""

from __future__ import annotations

import datetime as dt
from abc import ABCMeta, abstractmethod
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from spiders.errors import error_kind
from spiders.items import ArticlePage
from spiders.source import SourceSpec

HTML_TYPES = (b"text/html", b"application/xhtml+xml")


class SourceSpider(scrapy.Spider, metaclass=ABCMeta):
    """Base of the generic spiders; subclasses turn the start page into article requests."""

    name = "source"

    def __init__(self, source_file: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source = SourceSpec.from_file(source_file)
        self.allowed_domains = self.source.domains

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(
            self.source.url,
            callback=self.parse_start,
            errback=self.on_error,
            dont_filter=True,
            meta={"leadradar_start": True},
        )

    @abstractmethod
    def parse_start(self, response: Response) -> Iterator[scrapy.Request]:
        """Turn the start page (feed, sitemap, listing, API answer) into article requests."""

    def article_request(
        self, url: str, title: str | None = None, published: str | None = None
    ) -> scrapy.Request:
        """A request for an article page; the seen-articles middleware may drop it.

        Called while the start page is parsed, so now is (within the callback) when the listing
        that printed `published` was read.
        """
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.on_error,
            meta={
                "leadradar_article": True,
                "hint_title": title,
                "hint_published": published,
                "listed_at": dt.datetime.now(dt.UTC),
            },
        )

    def parse_article(self, response: Response) -> Iterator[ArticlePage]:
        content_type = response.headers.get(b"Content-Type", b"") or b""
        if content_type and content_type.split(b";")[0].strip().lower() not in HTML_TYPES:
            self.count_error("non_html")
            return
        charset = response.encoding if isinstance(response, TextResponse) else None
        header_charset = b"charset=" in content_type.lower()
        yield ArticlePage(
            source_key=self.source.key,
            url=response.url,
            requested_url=response.request.url if response.request else response.url,
            html=response.body,
            http_charset=charset if header_charset else None,
            fetched_at=dt.datetime.now(dt.UTC),
            lang=self.source.lang,
            hint_title=response.meta.get("hint_title"),
            hint_published=response.meta.get("hint_published"),
            listed_at=response.meta.get("listed_at"),
            overrides=dict(self.source.article),
        )

    def on_error(self, failure: Failure) -> None:
        kind = error_kind(failure)
        self.count_error(kind)
        request = getattr(failure, "request", None)
        if request is not None and request.meta.get("leadradar_start"):
            self.count_error("start_failed")
        self.logger.warning("%s %s: %s", kind, getattr(request, "url", "?"), failure.value)

    def count_error(self, kind: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"leadradar/errors/{kind}")
