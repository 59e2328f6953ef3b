"""`python -m spiders.scaffold`: one entry appended to a sources file, one fixture folder to fill."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from pipelines.sources import load_sources
from spiders.scaffold import main

ROOT = Path(__file__).resolve().parents[2]
SOURCES = """\
# a comment that must survive
sources:
  - key: existing_feed
    name: 已有的源
    kind: feed
    url: https://example.gov.cn/rss.xml
    lang: zh
"""


@pytest.fixture
def sources_file(tmp_path: Path) -> Path:
    path = tmp_path / "sources.yml"
    path.write_text(SOURCES, encoding="utf-8")
    return path


def scaffold(sources_file: Path, *args: str) -> int:
    fixtures = sources_file.parent / "fixtures"
    return main([*args, "--sources", str(sources_file), "--fixtures", str(fixtures)])


def test_a_listing_is_appended_and_its_fixture_made(
    sources_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = scaffold(
        sources_file, "yz_news", "--kind", "listing", "--url", "https://www.example.cn/news/",
        "--name", "扬州 \"要闻\"", "--lang", "zh", "--links", "ul.list a[href*='/art/']",
    )  # fmt: skip
    assert code == 0
    assert sources_file.read_text(encoding="utf-8").startswith(SOURCES)
    entries = load_sources(sources_file)  # the loader `leadradar crawl` uses accepts it
    added = entries[-1]
    assert (added.key, added.kind, added.name, added.enabled) == (
        "yz_news", "listing", '扬州 "要闻"', False,
    )  # fmt: skip
    assert added.links == "ul.list a[href*='/art/']"
    folder = sources_file.parent / "fixtures" / "yz_news"
    assert sorted(p.name for p in folder.iterdir()) == [
        "article.html",
        "expected.json",
        "start.html",
    ]
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    assert expected["links"] == [] and expected["article"]["lang"] == "zh"
    assert datetime.fromisoformat(expected["fetched_at"]).tzinfo is not None
    out = capsys.readouterr().out
    assert "Next:" in out and "test_sources_registry.py -k yz_news" in out


def test_a_json_source_keeps_its_fields(sources_file: Path) -> None:
    code = scaffold(
        sources_file, "api_news", "--kind", "json", "--url", "https://api.example.cn/list?page=1",
        "--name", "Example API", "--lang", "en", "--items", "data.list",
        "--field", "url=link", "--field", "published=pubDate",
    )  # fmt: skip
    assert code == 0
    added = load_sources(sources_file)[-1]
    assert added.items == "data.list"
    assert (added.fields.url, added.fields.title, added.fields.published) == (
        "link", "title", "pubDate",
    )  # fmt: skip
    assert (sources_file.parent / "fixtures" / "api_news" / "start.json").is_file()


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["existing_feed", "--kind", "feed", "--url", "https://a.cn/", "--name", "x", "--lang", "zh"],
         "already there"),
        (["Bad-Key", "--kind", "feed", "--url", "https://a.cn/", "--name", "x", "--lang", "zh"],
         "a-z, 0-9"),
        (["new_one", "--kind", "listing", "--url", "https://a.cn/", "--name", "x", "--lang", "zh"],
         "needs --links"),
        (["new_one", "--kind", "feed", "--url", "ftp://a.cn/", "--name", "x", "--lang", "zh"],
         "http(s)"),
        (["new_one", "--kind", "json", "--url", "https://a.cn/", "--name", "x", "--lang", "zh",
          "--items", ".", "--field", "link"], "--field 'link'"),
        (["new_one", "--kind", "feed"], "needs --url, --name, --lang"),
    ],
)  # fmt: skip
def test_a_wrong_request_changes_nothing(
    sources_file: Path, capsys: pytest.CaptureFixture[str], args: list[str], problem: str
) -> None:
    assert scaffold(sources_file, *args) == 2
    assert problem in capsys.readouterr().err
    assert sources_file.read_text(encoding="utf-8") == SOURCES
    assert not (sources_file.parent / "fixtures").exists()


def test_an_existing_fixture_folder_is_never_overwritten(sources_file: Path) -> None:
    folder = sources_file.parent / "fixtures" / "new_feed"
    folder.mkdir(parents=True)
    args = [
        "new_feed",
        "--kind",
        "feed",
        "--url",
        "https://a.cn/rss",
        "--name",
        "x",
        "--lang",
        "en",
    ]
    assert scaffold(sources_file, *args) == 2
    assert sources_file.read_text(encoding="utf-8") == SOURCES
    assert list(folder.iterdir()) == []


def test_fixture_only_for_an_entry_added_by_hand(sources_file: Path) -> None:
    assert scaffold(sources_file, "existing_feed", "--fixture-only") == 0
    assert sources_file.read_text(encoding="utf-8") == SOURCES
    folder = sources_file.parent / "fixtures" / "existing_feed"
    assert (folder / "start.xml").is_file() and (folder / "article.html").is_file()
    assert scaffold(sources_file, "no_such_key", "--fixture-only") == 2


def test_runs_as_a_module(sources_file: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "spiders.scaffold", "mod_feed", "--kind", "sitemap",
         "--url", "https://www.example.com/sitemap.xml", "--name", "Example", "--lang", "en",
         "--sources", str(sources_file), "--fixtures", str(sources_file.parent / "fx")],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Added 'mod_feed'" in done.stdout
    assert (sources_file.parent / "fx" / "mod_feed" / "start.xml").is_file()
