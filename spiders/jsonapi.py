"""The json spider: an API answer that lists items, with keys for url, title and date."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from spiders.base import SourceSpider


def dig(data: Any, path: str | None) -> Any:
    """Follow a dotted path ('data.list', 'result.0.items') into parsed JSON."""
    for part in (path or "").split("."):
        if not part:
            continue
        if isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        elif isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


class JsonSpider(SourceSpider):
    """Requests the article of every item of the API answer."""

    name = "json"

    def parse_start(self, response: Response) -> Iterator[scrapy.Request]:
        try:
            data = json.loads(response.body)
        except (ValueError, UnicodeDecodeError):
            self.count_error("bad_json")
            return
        items = dig(data, self.source.items)
        if not isinstance(items, list):
            self.count_error("bad_json")
            return
        keys = {"url": "url", "title": "title", "published": "published", **self.source.fields}
        for item in items:
            url = dig(item, keys["url"]) if isinstance(item, dict) else None
            if isinstance(url, str) and url:
                title, published = dig(item, keys["title"]), dig(item, keys["published"])
                yield self.article_request(
                    response.urljoin(url),
                    title=title if isinstance(title, str) else None,
                    published=str(published) if published is not None else None,
                )
