"""One test walks both sources files: each source's recorded start page and article page
against its expected.json, so a new source adds a fixture folder and no test code.

The registry walk is fundus' habit. A folder holds `start.xml` (feed, sitemap), `start.html`
(listing) or `start.json` (json), one `article.html` and `expected.json`; see
docs/adding-a-source.md and tests/spiders/fixtures/sources/README.md.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from scrapy import Request
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.http import HtmlResponse, Response, TextResponse, XmlResponse
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.test import get_crawler

from pipelines.sources import SourceEntry
from spiders.base import SourceSpider
from spiders.extract import Overrides, extract_article
from spiders.scaffold import START_FILES

ROOT = Path(__file__).resolve().parents[2]
SOURCES_FILES = (ROOT / "spiders" / "sources.yml", ROOT / "spiders" / "demo_site" / "sources.yml")
DEMO_BASE = "http://127.0.0.1:8000"  # what the demo server puts for {{BASE}}
FIXTURES = Path(__file__).parent / "fixtures" / "sources"
# the clock of fixtures that name none ("fetched_at"): later dates count as impossible
FETCHED_AT = datetime(2026, 12, 1, tzinfo=UTC)
ARTICLE_KEYS = {"url", "title", "published", "body_starts_with", "body_excludes", "lang"}


def registry() -> list[SourceEntry]:
    """Every entry of both sources files, validated as `leadradar crawl` validates them."""
    entries = []
    for path in SOURCES_FILES:
        text = path.read_text(encoding="utf-8").replace("{{BASE}}", DEMO_BASE)
        entries += [SourceEntry.model_validate(e) for e in yaml.safe_load(text)["sources"]]
    return entries


ENTRIES = registry()
SPIDERS = SpiderLoader.from_settings(Settings({"SPIDER_MODULES": ["spiders"]}))


def start_response(spider: SourceSpider, page: Path) -> Response:
    """The start page as Scrapy hands it to the spider: answering the spider's own first
    request, as XML, HTML or JSON text, the charset taken from the bytes (no charset header)."""

    async def first() -> Request:
        return await anext(aiter(spider.start()))

    request = asyncio.run(first())
    if page.suffix == ".json":
        return TextResponse(request.url, body=page.read_bytes(), request=request, encoding="utf-8")
    kind = XmlResponse if page.suffix == ".xml" else HtmlResponse
    return kind(request.url, body=page.read_bytes(), request=request)


def requested_links(spider: SourceSpider, page: Path) -> list[str]:
    """Article URLs the spider requests from the start page that pass the offsite filter,
    each once (the scheduler drops repeats), in order."""
    offsite = OffsiteMiddleware.from_crawler(spider.crawler)
    links: list[str] = []
    for request in spider.parse_start(start_response(spider, page)):
        if (
            request.meta.get("leadradar_article")
            and offsite.should_follow(request, spider)
            and request.url not in links
        ):
            links.append(request.url)
    return links


def read_expected(folder: Path) -> dict[str, Any]:
    expected: dict[str, Any] = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    article = expected.get("article", {})
    shape = set(expected) - {"fetched_at"} == {"links", "article"} and set(article) == ARTICLE_KEYS
    assert shape, f"{folder}/expected.json needs links, article{sorted(ARTICLE_KEYS)}, fetched_at?"
    filled = expected["links"] and article["url"] and article["title"]
    assert filled and article["body_starts_with"], f"fill in {folder}/expected.json"
    return expected


def check_article(entry: SourceEntry, folder: Path, expected: dict[str, Any]) -> None:
    """article.html through the extractor with the source's overrides, against expected.json."""
    want = expected["article"]
    assert want["url"] in expected["links"], "the article must be one the start page links to"
    fetched_at = datetime.fromisoformat(expected.get("fetched_at") or FETCHED_AT.isoformat())
    page = (folder / "article.html").read_bytes()
    article = extract_article(page, want["url"], fetched_at, Overrides(**entry.spec().article))
    assert article.title == want["title"]
    assert (article.published.isoformat() if article.published else None) == want["published"]
    assert article.body.startswith(want["body_starts_with"]), article.body[:200]
    assert [text for text in want["body_excludes"] if text in article.body] == []
    assert article.lang == want["lang"]


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.key for e in ENTRIES])
def test_source_against_its_fixture(entry: SourceEntry, tmp_path: Path) -> None:
    folder = FIXTURES / entry.key
    assert folder.is_dir(), (
        f"source {entry.key!r} has no fixture folder {folder.relative_to(ROOT)}: make one with "
        f"`python -m spiders.scaffold {entry.key} --fixture-only` and fill it in "
        f"(docs/adding-a-source.md)"
    )
    start = folder / START_FILES[entry.kind]
    assert start.is_file(), f"a {entry.kind} source needs {start.relative_to(ROOT)}"
    expected = read_expected(folder)

    source_file = tmp_path / "source.json"
    source_file.write_text(entry.spec().to_json(), encoding="utf-8")
    spider_class = SPIDERS.load(entry.kind)  # as `scrapy crawl <kind>` finds it
    spider = spider_class.from_crawler(get_crawler(spider_class), source_file=str(source_file))
    assert requested_links(spider, start) == expected["links"]
    assert spider.crawler.stats is not None
    errors = {k: v for k, v in spider.crawler.stats.get_stats().items() if "/errors/" in k}
    assert errors == {}
    check_article(entry, folder, expected)


def test_every_fixture_folder_belongs_to_a_source() -> None:
    keys = {entry.key for entry in ENTRIES}
    orphans = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and p.name not in keys)
    assert orphans == [], f"fixture folders of no source (removed or renamed?): {orphans}"


def test_source_keys_are_unique_across_both_files() -> None:
    # fixture folders are named by key, so the demo and the real sources share one namespace
    keys = [entry.key for entry in ENTRIES]
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []
