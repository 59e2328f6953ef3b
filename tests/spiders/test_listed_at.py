"""A listing's relative date (`3小时前`) counts back from when the listing was read."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.test import get_crawler

from pipelines.extract import ExtractPipeline
from spiders.dates import parse_date
from spiders.items import ArticlePage
from spiders.jsonapi import JsonSpider
from spiders.listing import ListingSpider
from spiders.source import SourceSpec

LISTED_AT = datetime(2024, 11, 23, 12, 0, tzinfo=UTC)
# no date anywhere in the page or its URL: only the listing's hint can date it
ARTICLE = (
    "<html><head><title>新能源项目签约</title></head><body><h1>新能源项目签约</h1>"
    "<p>某新能源科技有限公司与县政府签约，建设电池材料生产基地，项目分两期建设。</p>"
    "</body></html>"
).encode()


def page(listed_at: datetime | None, fetched_at: datetime) -> ArticlePage:
    url = "https://news.example.cn/a/energy.html"
    return ArticlePage(
        source_key="api",
        url=url,
        requested_url=url,
        html=ARTICLE,
        http_charset="utf-8",
        fetched_at=fetched_at,
        lang="zh",
        hint_published="3小时前",
        listed_at=listed_at,
    )


def test_a_listing_hint_counts_back_from_the_listing_not_from_the_article_fetch() -> None:
    # the article was fetched two hours after its listing (a long queue, a slow site)
    extracted = ExtractPipeline(get_crawler()).process_item(
        page(LISTED_AT, LISTED_AT + timedelta(hours=2))
    )
    assert extracted.published_at == LISTED_AT - timedelta(hours=3)


def test_without_a_listing_time_the_hint_counts_back_from_the_article_fetch() -> None:
    extracted = ExtractPipeline(get_crawler()).process_item(page(None, LISTED_AT))
    assert extracted.published_at == LISTED_AT - timedelta(hours=3)


def test_the_spider_carries_the_listing_read_time_to_the_article_page(tmp_path: Path) -> None:
    spec = SourceSpec("api", "api", "json", "https://news.example.cn/api.json", "zh", items="data")
    source_file = tmp_path / "source.json"
    source_file.write_text(spec.to_json(), encoding="utf-8")
    spider = JsonSpider.from_crawler(get_crawler(JsonSpider), source_file=str(source_file))
    answer = {"data": [{"url": "/a/energy.html", "title": "签约", "published": "3小时前"}]}
    listing = TextResponse(spec.url, body=json.dumps(answer).encode(), encoding="utf-8")

    before = datetime.now(UTC)
    (request,) = spider.parse_start(listing)
    after = datetime.now(UTC)
    assert before <= request.meta["listed_at"] <= after

    response = HtmlResponse(
        request.url, body=ARTICLE, headers={"Content-Type": "text/html"}, request=request
    )
    (article,) = spider.parse_article(response)
    assert article.hint_published == "3小时前"
    assert article.listed_at == request.meta["listed_at"]
    assert article.fetched_at >= article.listed_at


LISTING = """<html><body>
<ul class="news">
  <li><a href="/a1.html">甲公司投资建厂</a><span class="time">3小时前</span></li>
  <li><a href="/a2.html">乙项目签约</a> <span class="date">2024-11-20</span></li>
  <li><a href="/a3.html">2024年11月工作简报</a></li>
</ul>
<table><tr><td><a href="/c1.html">丙项目开工</a></td><td>2024/11/18</td></tr></table>
<div class="block"><a href="/b1.html">一</a> <a href="/b2.html">二</a> 2024-11-01 2024-11-02</div>
</body></html>"""


def test_a_listing_row_gives_its_date_to_the_article_it_links(tmp_path: Path) -> None:
    spec = SourceSpec("list", "list", "listing", "https://gov.example.cn/news/", "zh", links="a")
    source_file = tmp_path / "source.json"
    source_file.write_text(spec.to_json(), encoding="utf-8")
    spider = ListingSpider.from_crawler(get_crawler(ListingSpider), source_file=str(source_file))
    response = HtmlResponse(
        spec.url, body=LISTING.encode(), encoding="utf-8", request=Request(spec.url)
    )
    hints = {
        r.url.rsplit("/", 1)[1]: r.meta["hint_published"] for r in spider.parse_start(response)
    }
    assert hints == {
        "a1.html": "3小时前",
        "a2.html": "2024-11-20",
        "a3.html": None,  # the date in a title is not when it was published
        "c1.html": "2024/11/18",
        "b1.html": None,  # one block of links and dates: which date is whose is unknown
        "b2.html": None,
    }
    dated = {name: parse_date(hint, now=LISTED_AT) for name, hint in hints.items() if hint}
    assert dated["a1.html"] == LISTED_AT - timedelta(hours=3)
    assert dated["a2.html"] is not None and dated["a2.html"].date().isoformat() == "2024-11-19"
