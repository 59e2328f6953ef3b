"""The feed spider: RSS and Atom, parsed by feedparser from the bytes Scrapy fetched."""

from __future__ import annotations

from collections.abc import Iterator

import feedparser
import scrapy
from scrapy.http import Response

from spiders.base import SourceSpider

MAX_FEED_BYTES = 5_000_000


class FeedSpider(SourceSpider):
    """Reads a feed each run and requests the articles it lists."""

    name = "feed"

    def parse_start(self, response: Response) -> Iterator[scrapy.Request]:
        # feedparser never fetches anything itself here: it gets bytes, so robots.txt and
        # throttling stay with Scrapy.
        parsed = feedparser.parse(response.body[:MAX_FEED_BYTES])
        if parsed.get("bozo") and not parsed.entries:
            self.count_error("bad_feed")
            return
        for entry in parsed.entries:
            link = entry.get("link")
            if not link:
                continue
            yield self.article_request(
                response.urljoin(link),
                title=entry.get("title"),
                published=entry.get("published") or entry.get("updated"),
            )
