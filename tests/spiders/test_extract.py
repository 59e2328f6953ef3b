"""Article extraction on small recorded pages: structured data, short Chinese, charsets, overrides."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import trafilatura

from spiders.extract import ExtractedArticle, Overrides, extract_article

FIXTURES = Path(__file__).parent / "fixtures"
FETCHED_AT = datetime(2024, 11, 25, 8, 0, tzinfo=UTC)


def extract(
    name: str,
    url: str = "https://www.example.cn/a/1.html",
    overrides: Overrides | None = None,
    http_charset: str | None = None,
) -> ExtractedArticle:
    page = (FIXTURES / name).read_bytes()
    return extract_article(page, url, FETCHED_AT, overrides=overrides, http_charset=http_charset)


def test_chinese_page_with_json_ld() -> None:
    article = extract("zh_jsonld.html")
    assert article.title == "总投资50亿元新能源电池项目签约落户宝应"
    assert article.published == datetime(2024, 11, 22, 1, 30, tzinfo=UTC)
    assert article.body.startswith("11月21日，宝应县与某新能源科技有限公司")
    assert article.body.endswith("达产后可实现年开票销售80亿元。")
    assert "首页" not in article.body
    assert article.authors == ("王明", "李华")
    assert article.site_name == "扬州日报"
    assert article.description == "总投资50亿元的新能源电池项目签约落户宝应经济开发区。"
    assert article.lang == "zh"
    assert article.body_simplified == article.body


def test_short_chinese_article_among_navigation_junk() -> None:
    page = (FIXTURES / "zh_visible_date.html").read_bytes()
    article = extract_article(page, "https://www.example.gov.cn/zwgk/gzdt/index.html", FETCHED_AT)
    assert article.title == "宝应县召开招商引资工作推进会"
    assert article.body.startswith("11月22日下午，宝应县召开招商引资工作推进会")
    assert article.body.endswith("新能源和电力装备项目占比过半。")
    assert len(article.body) < 130
    # The visible date after the title, not today's date in the page header.
    assert article.published == datetime(2024, 11, 22, 8, 5, tzinfo=UTC)
    # Why the threshold is lowered: trafilatura's defaults return the navigation with it.
    default = trafilatura.extract(page) or ""
    assert "政务公开" in default
    assert "政务公开" not in article.body


@pytest.mark.parametrize("http_charset", ["utf-8", "iso-8859-1", "gb2312", None])
def test_gb2312_page_with_a_wrong_http_charset(http_charset: str | None) -> None:
    article = extract("zh_gb2312.html", http_charset=http_charset)
    assert article.title == "扬州市一批外资制造业项目集中开工"
    assert "宝应经济开发区投资建设的新工厂" in article.body
    assert article.published == datetime(2024, 11, 20, 2, 12, tzinfo=UTC)
    assert article.lang == "zh"


def test_traditional_chinese_page_gets_a_simplified_body() -> None:
    article = extract("zh_traditional.html")
    assert article.title == "台灣電子大廠宣布赴江蘇設廠"
    assert article.body.startswith("一家台灣電子零組件大廠今日宣布")
    assert article.body_simplified.startswith("一家台湾电子零组件大厂今日宣布")
    assert "扬州市" in article.body_simplified
    assert article.lang == "zh"
    assert article.site_name == "經濟日報"
    assert article.published == datetime(2024, 11, 21, 7, 20, tzinfo=UTC)


def test_english_page_with_open_graph() -> None:
    article = extract("en_opengraph.html", url="https://biz.example.com/a?utm_campaign=x")
    assert article.title == "Battery maker picks Jiangsu for $700 million plant"
    assert article.published == datetime(2024, 11, 20, 14, 5, tzinfo=UTC)
    assert article.body.startswith("A European battery maker said on Wednesday")
    assert "Most read" not in article.body
    assert article.lang == "en"
    assert article.site_name == "Example Business News"
    assert article.authors == ("Jane Doe",)
    assert article.url == "https://biz.example.com/a"
    assert article.body_simplified == article.body


def test_canonical_link_without_tracking_parameters() -> None:
    article = extract("canonical_utm.html", url="https://m.example.cn/p?id=7&from=timeline")
    assert article.url == "https://m.example.cn/news/2024/11/22/plant.html?id=7"
    # No date in the page: the one in the URL, local midnight.
    assert article.published == datetime(2024, 11, 21, 16, 0, tzinfo=UTC)


OVERRIDES = {
    "css": Overrides(title="h2.artTitle", body="div.TRS_Editor", published="#pubtime"),
    "xpath": Overrides(
        title="//h2[@class='artTitle']/text()",
        body="//div[@class='TRS_Editor']/p",
        published="(//span[@id='pubtime'])[1]",
    ),
}


@pytest.mark.parametrize("kind", sorted(OVERRIDES))
def test_selector_overrides_win_for_their_fields(kind: str) -> None:
    article = extract("zh_overrides.html", overrides=OVERRIDES[kind])
    assert article.title == "安宜工业园区光伏组件项目竣工投产"
    assert (
        article.body
        == "11月18日，安宜工业园区光伏组件项目竣工投产。\n项目总投资3.2亿元，年产高效光伏组件1GW。"
    )
    assert article.published == datetime(2024, 11, 18, 16, 0, tzinfo=UTC)


def test_without_overrides_the_same_page_is_read_wrongly() -> None:
    article = extract("zh_overrides.html")
    assert article.title != "安宜工业园区光伏组件项目竣工投产"


def test_an_override_that_finds_nothing_or_is_invalid_falls_back() -> None:
    broken = Overrides(title="div[", body="//div[", published="span.nowhere")
    assert extract("zh_jsonld.html", overrides=broken) == extract("zh_jsonld.html")


def test_a_partial_override_keeps_the_other_fields() -> None:
    article = extract("zh_jsonld.html", overrides=Overrides(title="div.info"))
    assert article.title == "2024-11-22 09:30 来源：扬州日报"
    assert article.published == datetime(2024, 11, 22, 1, 30, tzinfo=UTC)
    assert article.body.startswith("11月21日")
