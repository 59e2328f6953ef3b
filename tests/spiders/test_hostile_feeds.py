"""Hostile feeds: entity bombs and links to addresses the sources file did not name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy.http import XmlResponse
from scrapy.utils.test import get_crawler

from pipelines.crawl import crawl_source
from pipelines.crawling import register_sources
from pipelines.db import open_database
from pipelines.sources import SourceEntry
from spiders.demo_server import DemoSite
from spiders.feeds import FeedSpider
from spiders.sitemaps import SitemapSpider
from spiders.source import SourceSpec

LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'.encode()
        for i in range(1, 10)
    )
    + b"]><rss><channel><item><title>&lol9;</title><link>http://a.example/x</link></item></channel></rss>"
)


@pytest.mark.parametrize("spider_class", [FeedSpider, SitemapSpider])
def test_billion_laughs_is_refused_quickly(tmp_path: Path, spider_class: type) -> None:
    spec = SourceSpec("bomb", "bomb", spider_class.name, "http://a.example/feed.xml", "en")
    source_file = tmp_path / "s.json"
    source_file.write_text(spec.to_json(), encoding="utf-8")
    crawler = get_crawler(spider_class)
    spider = spider_class.from_crawler(crawler, source_file=str(source_file))
    response = XmlResponse(url=spec.url, body=LAUGHS, encoding="utf-8")
    requests = list(spider.parse_start(response))
    assert all(len(r.url) < 200 for r in requests)  # nothing expanded into a giant URL or title
    for request in requests:
        assert len(request.meta.get("hint_title") or "") < 10_000


def test_links_to_unnamed_addresses_are_never_fetched(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    with DemoSite(root=site) as named, DemoSite(root=site, host="127.0.0.2") as other:
        (site / "feed.xml").write_text(
            "<rss><channel>"
            f"<item><title>t1</title><link>{other.base}/secret.html</link></item>"
            "<item><title>t2</title><link>http://10.0.0.1/intranet.html</link></item>"
            "<item><title>t3</title><link>http://169.254.169.254/latest/meta-data/</link></item>"
            "</channel></rss>",
            encoding="utf-8",
        )
        entry = SourceEntry(
            key="named", name="named", kind="feed", url=f"{named.base}/feed.xml", lang="en"
        )
        url = f"sqlite:///{tmp_path / 'x.db'}"
        register_sources(open_database(url), [entry])
        result = crawl_source(
            entry,
            url,
            tmp_path / "work",
            extra_settings={"DOWNLOAD_DELAY": "0", "DOWNLOAD_TIMEOUT": "3"},
        )
        other_hits = dict(other.hits)
    assert result.ok
    assert other_hits == {}
    stats = json.loads(next((tmp_path / "work").glob("*.stats.json")).read_text(encoding="utf-8"))
    assert stats.get("offsite/filtered", 0) >= 3
    assert stats.get("downloader/request_count", 0) <= 2  # robots.txt and the feed, nothing else


def test_the_sample_site_is_quiet_when_a_client_hangs_up(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The crawler giving up on the slow page prints no traceback on the demo's screen; a real
    fault of the site still does."""
    with DemoSite() as site:
        for error in (
            ConnectionResetError(104, "reset"),
            BrokenPipeError(32, "pipe"),
            KeyError("x"),
        ):
            try:
                raise error
            except Exception:
                site.server.handle_error(None, ("127.0.0.1", 1))
    printed = capsys.readouterr().err
    assert "ConnectionResetError" not in printed and "BrokenPipeError" not in printed
    assert "KeyError" in printed
