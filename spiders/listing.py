"""The listing spider: article links by CSS or XPath selector, with pagination."""

from __future__ import annotations

from collections.abc import Iterator

import scrapy
from parsel import Selector, SelectorList
from scrapy.http import Response, TextResponse

from spiders.base import SourceSpider

ROW_TAGS = frozenset({"li", "tr", "dd", "dt", "article"})
ROW_DEPTH = 3  # a row is at most this many levels above its link (li > div > span > a)
ROW_LINKS = 3  # a row with more links is a block of entries, not one entry
ROW_CHARS = 200  # more text than this is a summary or a block, not a dated row


def select(response: TextResponse, selector: str) -> SelectorList:  # type: ignore[type-arg]
    """XPath when the selector starts with / or (, else CSS."""
    if selector.startswith(("/", "(")):
        return response.xpath(selector)
    return response.css(selector)


def row_text(link: Selector) -> str | None:
    """The text printed beside a link in its own row of the listing (`<li><a>…</a><span>3小时前
    </span></li>`), where listings put the date: the extractor reads it only when the article
    page itself states none. None when the link has no row of its own (one block of many links
    would give every link the same dates)."""
    node, row = link.root, None
    for _ in range(ROW_DEPTH):
        node = node.getparent()
        if node is None or not isinstance(node.tag, str):
            break
        if node.tag in ROW_TAGS:
            row = node
            break
    if row is None:
        parent = link.root.getparent()
        row = parent if parent is not None and len(parent.xpath(".//a")) == 1 else None
    if row is None or len(row.xpath(".//a[@href]")) > ROW_LINKS:
        return None
    own = "".join(link.root.itertext())
    text = " ".join("".join(row.itertext()).replace(own, " ", 1).split())
    return text if 0 < len(text) <= ROW_CHARS else None


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
                published = row_text(link) if element else None
                yield self.article_request(response.urljoin(href.strip()), title, published)
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
