"""The sitemap spider: urlsets, sitemap indexes and Google News sitemaps."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import scrapy
from lxml import etree
from scrapy.http import Response

from spiders.base import SourceSpider

MAX_SITEMAP_BYTES = 10_000_000
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def _parser() -> etree.XMLParser:
    # no entities, no network, no huge trees: a hostile sitemap cannot expand or fetch anything
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, recover=True, remove_pis=True
    )


class SitemapSpider(SourceSpider):
    """Follows sitemap indexes (same hosts only) and requests every listed article."""

    name = "sitemap"

    def parse_start(self, response: Response) -> Iterator[scrapy.Request]:
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = gzip.decompress(body)[:MAX_SITEMAP_BYTES]
        try:
            root = etree.fromstring(body[:MAX_SITEMAP_BYTES], parser=_parser())
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            self.count_error("bad_sitemap")
            return
        local = etree.QName(root).localname
        for node in root:
            loc = _child_text(node, "loc")
            if not loc:
                continue
            if local == "sitemapindex":
                yield scrapy.Request(
                    response.urljoin(loc), callback=self.parse_start, errback=self.on_error
                )
            else:
                yield self.article_request(
                    response.urljoin(loc),
                    title=_news_text(node, "title"),
                    published=_news_text(node, "publication_date") or _child_text(node, "lastmod"),
                )


def _child_text(node: etree._Element, name: str) -> str | None:
    for child in node:
        if isinstance(child.tag, str) and etree.QName(child).localname == name:
            return (child.text or "").strip() or None
    return None


def _news_text(node: etree._Element, name: str) -> str | None:
    found = node.find(f".//{NEWS}{name}")
    return (found.text or "").strip() or None if found is not None else None
