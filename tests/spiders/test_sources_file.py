"""The sources file: a malformed one gets exit 2 naming the file, the line, the entry and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

import cli

GOOD = """\
sources:
  - key: js_news
    name: 江苏新闻
    kind: feed
    url: https://example.gov.cn/rss.xml
    lang: zh
  - key: yz_list
    name: 扬州招商
    kind: listing
    url: https://example.gov.cn/list.html
    lang: zh
    links: "ul.news-list a"
    next_page: "a.next"
    max_pages: 3
"""


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("    lang: zh\n  - key: yz_list", "    lang: zh\n    colour: red\n  - key: yz_list",
         ":7: field sources[0].colour: entry 'js_news': unknown key"),
        ("key: yz_list", "key: js_news", ":7: field sources[1].key: duplicate key 'js_news'"),
        ("    kind: feed\n", "", ":2: field sources[0].kind: entry 'js_news': missing required key"),
        ("kind: feed", "kind: podcast", ":4: field sources[0].kind: entry 'js_news':"),
        ("url: https://example.gov.cn/rss.xml", "url: ftp://example.gov.cn/rss.xml",
         ":5: field sources[0].url: entry 'js_news':"),
        ('    links: "ul.news-list a"\n', "", ":7: field sources[1]: entry 'yz_list': listing needs 'links'"),
        ("    lang: zh\n  - key: yz_list", "    lang: zh\n    lang: en\n  - key: yz_list",
         ":7: field sources[0].lang: duplicate key 'lang'"),
        ("max_pages: 3", "max_pages: [3", ":", ),
    ],
)  # fmt: skip
def test_malformed_sources_file_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, where: str
) -> None:
    path = tmp_path / "sources.yml"
    assert old in GOOD
    path.write_text(GOOD.replace(old, new), encoding="utf-8")
    assert cli.main(["sources", "--sources", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"sources.yml{where}" in err, err
    assert "Traceback" not in err


def test_a_good_file_lists_its_sources(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "sources.yml"
    path.write_text(GOOD, encoding="utf-8")
    assert cli.main(["sources", "--sources", str(path), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"key": "js_news"' in out and '"key": "yz_list"' in out


def test_unknown_source_key_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sources.yml"
    path.write_text(GOOD, encoding="utf-8")
    assert cli.main(["crawl", "--sources", str(path), "--source", "nope"]) == 2
    assert "unknown source 'nope'" in capsys.readouterr().err


def test_bundled_sources_file_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["sources", "--format", "json"]) == 0
    assert capsys.readouterr().out.count('"key"') >= 20
