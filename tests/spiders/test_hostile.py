"""Hostile pages never make extraction raise: empty, noise, truncated, huge, deeply nested."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spiders.extract import MAX_HTML_BYTES, ExtractedArticle, Overrides, extract_article

FIXTURES = Path(__file__).parent / "fixtures"
FETCHED_AT = datetime(2024, 11, 25, 8, 0, tzinfo=UTC)
URL = "https://www.example.cn/a/1.html"


def check(article: ExtractedArticle) -> None:
    assert isinstance(article.body, str)
    assert isinstance(article.title, str)
    assert isinstance(article.body_simplified, str)
    assert article.published is None or article.published.tzinfo is not None
    assert article.url.startswith("https://www.example.cn/")


LINK_ROWS = b'<div class="row"><a href="/x">link</a></div>' * 1_200_000
HOSTILE = {
    "empty": b"",
    "whitespace": b" \n\t ",
    "nul bytes": b"\x00" * 4096,
    "binary noise": random.Random(7).randbytes(200_000),
    "truncated mid-character": (FIXTURES / "zh_jsonld.html").read_bytes()[:1501],
    "unclosed tags": b"<html><body><div><p>" + "宝应县招商项目".encode() * 30 + b"<table><tr><td>",
    "deeply nested": b"<html><body>" + b"<div>" * 200_000 + b"text",
    "nested inline": b"<b><i>" * 100_000,
    "deep JSON-LD": b'<script type="application/ld+json">' + b"[" * 200_000 + b"</script><p>x</p>",
    "bad JSON-LD": b'<script type="application/ld+json">{"@type": "NewsArticle",</script>',
    "odd JSON-LD": b'<script type="application/ld+json">[{"@type": [5, null]}, {"@type": "Article",'
    b' "headline": {"a": 1}, "author": [3, {"name": 4}], "datePublished": 20241122}]</script>',
    "xml declaration": b'<?xml version="1.0" encoding="utf-8"?><html><body><p>hi</p></body></html>',
    "utf-16 with BOM": "<html><body><p>宝应县召开招商引资工作推进会。</p></body></html>".encode(
        "utf-16"
    ),
    "huge 50 MB page of links": b"<html><body><article><p>text</p>" + LINK_ROWS,
    "huge script": b"<script>" + b"var a = 1;" * 5_000_000 + b"</script><p>tail</p>",
}


@pytest.mark.parametrize("page", HOSTILE.values(), ids=list(HOSTILE))
def test_hostile_page_gives_an_article(page: bytes) -> None:
    started = time.perf_counter()
    check(extract_article(page, URL, FETCHED_AT, http_charset="utf-8"))
    assert time.perf_counter() - started < 10


def test_pages_are_cut_at_the_documented_size() -> None:
    page = b"<html><body>" + b"<p>x</p>" * (MAX_HTML_BYTES // 8) + "<p>尾巴在这里</p>".encode()
    assert "尾巴" not in extract_article(page, URL, FETCHED_AT).body


TAGS = st.sampled_from(
    [
        "<html>",
        "<body>",
        "</body>",
        "<p>",
        "</p>",
        "<div class='date'>",
        "</div>",
        "<h1>",
        "</h1>",
        "<title>",
        "</title>",
        "<meta charset='gb2312'>",
        "<script>",
        "</script>",
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":',
        '<link rel="canonical" href="',
        '<time datetime="',
        '">',
        "2024-11-22",
        "11月22日",
        "昨天",
        '{"@type": [1, null], "author": {"name": 2}, "datePublished": 5}',
        "宝应县",
        "招商引资",
        "新能源",
        "The plant",
        " ",
        "&amp;",
        "&#0;",
        "\x00",
    ]
)
HTMLISH = st.lists(TAGS, max_size=60).map("".join)


OVERRIDES = st.sampled_from([None, Overrides(title="h1", body="p", published="//time/@datetime")])
CHARSETS = st.sampled_from([None, "utf-8", "gb2312", "iso-8859-1", "bogus", "idna", "base64"])


@settings(max_examples=150, deadline=None)
@given(
    page=st.binary(max_size=3000) | HTMLISH.map(str.encode), charset=CHARSETS, overrides=OVERRIDES
)
def test_never_raises_for_any_bytes(
    page: bytes, charset: str | None, overrides: Overrides | None
) -> None:
    check(extract_article(page, URL, FETCHED_AT, overrides, charset))
