"""Canonical URLs: rel=canonical resolved, tracking parameters and fragments dropped."""

from __future__ import annotations

import pytest

from spiders.urls import canonical_url, clean_url

PAGE = "https://News.Example.cn/a/2024/1122/123.html?utm_source=wx&id=5#comments"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (PAGE, "https://news.example.cn/a/2024/1122/123.html?id=5"),
        ("https://e.cn/a?spm=a.b.c&from=timeline&isappinstalled=0", "https://e.cn/a"),
        ("https://e.cn/a?fbclid=x&gclid=y&UTM_MEDIUM=z&page=2", "https://e.cn/a?page=2"),
        ("https://e.cn/a?b=2&a=1", "https://e.cn/a?b=2&a=1"),
        ("https://e.cn/a?q=%E5%AE%9D", "https://e.cn/a?q=%E5%AE%9D"),
        ("http://[::1", "http://[::1"),
    ],
)
def test_clean_url(url: str, expected: str) -> None:
    assert clean_url(url) == expected


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        (None, "https://news.example.cn/a/2024/1122/123.html?id=5"),
        ("", "https://news.example.cn/a/2024/1122/123.html?id=5"),
        ("/a/123.html?utm_campaign=x", "https://news.example.cn/a/123.html"),
        ("//www.example.cn/a/123.html", "https://www.example.cn/a/123.html"),
        ("https://www.example.cn/a/123.html#top", "https://www.example.cn/a/123.html"),
        ("javascript:void(0)", "https://news.example.cn/a/2024/1122/123.html?id=5"),
        ("mailto:editor@example.cn", "https://news.example.cn/a/2024/1122/123.html?id=5"),
        ("/", "https://news.example.cn/a/2024/1122/123.html?id=5"),
        ("https://www.example.cn/", "https://news.example.cn/a/2024/1122/123.html?id=5"),
        ("http://[::1/x", "https://news.example.cn/a/2024/1122/123.html?id=5"),
    ],
)
def test_canonical_url(href: str | None, expected: str) -> None:
    assert canonical_url(PAGE, href) == expected
