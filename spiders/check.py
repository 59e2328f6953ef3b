"""The check spider: fetch each start URL once (robots.txt obeyed) and record the answer."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from spiders.errors import error_kind
from spiders.source import SourceSpec


class CheckSpider(scrapy.Spider):
    """Used by `leadradar sources --check`; stores nothing."""

    name = "check"
    custom_settings = {"ITEM_PIPELINES": {}, "DOWNLOADER_MIDDLEWARES": {}}  # noqa: RUF012

    def __init__(self, sources_file: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entries = json.loads(Path(sources_file).read_text(encoding="utf-8"))
        self.specs = [SourceSpec.from_json(json.dumps(e)) for e in entries]
        self.allowed_domains = sorted({d for spec in self.specs for d in spec.domains})

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for spec in self.specs:
            yield scrapy.Request(
                spec.url,
                callback=self.answered,
                errback=self.failed,
                dont_filter=True,
                meta={"key": spec.key, "handle_httpstatus_all": True},
            )

    def answered(self, response: Response) -> None:
        self._record(response.meta["key"], f"HTTP {response.status}", 200 <= response.status < 400)

    def failed(self, failure: Failure) -> None:
        request = getattr(failure, "request", None)
        key = request.meta["key"] if request is not None else "?"
        self._record(key, error_kind(failure), False)

    def _record(self, key: str, answer: str, ok: bool) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.set_value(f"leadradar/check/{key}", {"answer": answer, "ok": ok})
