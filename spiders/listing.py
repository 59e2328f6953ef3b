"""The listing spider: article links by CSS or XPath selector, with pagination."""

from __future__ import annotations

from collections.abc import Iterator

import scrapy
from parsel import SelectorList
from scrapy.http import Response, TextResponse

from spiders.base import SourceSpider


def select(response: TextResponse, selector: str) -> SelectorList:  # type: ignore[type-arg]
    """XPath when the selector starts with / or (, else CSS."""
    if selector.startswith(("/", "(")):
        return response.xpath(selector)
    return response.css(selector)


class ListingSpider(SourceSpider):
    """Reads up to max_pages listing pages and requests the linked articles."""

    name = "listing"

    def parse_start(self, response: Response) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            self.count_error("non_html")
            return
        page = int(response.meta.get("listing_page", 1))
        for link in select(response, self.source.links or "a"):
            # an <a> element, or an XPath that selected the href attribute or text itself
            element = getattr(link.root, "tag", None) is not None
            href = link.attrib.get("href") if element else link.get()
            if href and not href.startswith(("javascript:", "mailto:", "#")):
                title = " ".join(link.css("::text").getall()).strip() or None if element else None
                yield self.article_request(response.urljoin(href.strip()), title=title)
        if self.source.next_page and page < self.source.max_pages:
            nxt = select(response, self.source.next_page)
            href = nxt.attrib.get("href") if nxt else None
            if href:
                yield scrapy.Request(
                    response.urljoin(href),
                    callback=self.parse_start,
                    errback=self.on_error,
                    meta={"listing_page": page + 1},
                )
