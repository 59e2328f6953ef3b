"""Scaffold a new source: one entry appended to a sources file, one fixture folder to fill in.

    python -m spiders.scaffold KEY --kind feed --url URL --name NAME --lang zh

Like city-scrapers' `genspider`, the entry and its test fixture are made together, so the
registry test (tests/spiders/test_sources_registry.py) fails until the fixture is filled in.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from spiders.source import SourceSpec

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = PROJECT_ROOT / "spiders" / "sources.yml"
DEFAULT_FIXTURES = PROJECT_ROOT / "tests" / "spiders" / "fixtures" / "sources"
KEY = re.compile(r"^[a-z0-9_]{1,64}$")
START_FILES = {
    "feed": "start.xml",
    "sitemap": "start.xml",
    "listing": "start.html",
    "json": "start.json",
}
JSON_FIELDS = ("url", "title", "published")


class ScaffoldError(Exception):
    """The source cannot be added as asked; the message says why."""


def entry_yaml(spec: SourceSpec) -> str:
    """The entry as it is appended to the sources file: disabled until `--check` passes."""
    lines = [
        "  # unverified: added with spiders.scaffold (say where the URL was found); "
        "run leadradar sources --check",
        f"  - key: {spec.key}",
        f"    name: {_quoted(spec.name)}",
        f"    kind: {spec.kind}",
        f"    url: {_quoted(spec.url)}",
        f"    lang: {spec.lang}",
        "    enabled: false",
    ]
    if spec.links:
        lines.append(f"    links: {_quoted(spec.links)}")
    if spec.items:
        lines.append(f"    items: {_quoted(spec.items)}")
    if spec.fields:
        pairs = ", ".join(f"{name}: {_quoted(value)}" for name, value in spec.fields.items())
        lines.append(f"    fields: {{{pairs}}}")
    return "\n".join(lines) + "\n"


def _quoted(value: str) -> str:
    # a JSON string is a valid YAML double-quoted scalar, whatever quotes the selector holds
    return json.dumps(value, ensure_ascii=False)


def append_entry(sources_file: Path, spec: SourceSpec) -> None:
    """Append the entry as text (comments and layout of the file stay as they are)."""
    text = sources_file.read_text(encoding="utf-8")
    entries = _entries(yaml.safe_load(text), sources_file)
    if any(isinstance(e, dict) and e.get("key") == spec.key for e in entries):
        raise ScaffoldError(f"{sources_file}: key {spec.key!r} is already there")
    new_text = text.rstrip("\n") + "\n\n" + entry_yaml(spec)
    added = _entries(yaml.safe_load(new_text), sources_file)
    if not added or not isinstance(added[-1], dict) or added[-1].get("key") != spec.key:
        raise ScaffoldError(
            f"{sources_file}: `sources:` is not the last block; add the entry by hand"
        )
    sources_file.write_text(new_text, encoding="utf-8")


def existing_spec(sources_file: Path, key: str) -> SourceSpec:
    """An entry already in the sources file (added by hand), for `--fixture-only`."""
    entries = _entries(yaml.safe_load(sources_file.read_text(encoding="utf-8")), sources_file)
    found = next((e for e in entries if isinstance(e, dict) and e.get("key") == key), None)
    if found is None:
        raise ScaffoldError(f"{sources_file}: no entry with key {key!r}")
    if found.get("kind") not in START_FILES or found.get("lang") not in ("zh", "en"):
        raise ScaffoldError(f"{sources_file}: entry {key!r} needs a valid kind and lang")
    name, url = str(found.get("name", "")), str(found.get("url", ""))
    return SourceSpec(key=key, name=name, kind=found["kind"], url=url, lang=found["lang"])


def _entries(doc: object, path: Path) -> list[object]:
    entries = doc.get("sources") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise ScaffoldError(f"{path}: no `sources:` list")
    return entries


def write_fixture(folder: Path, spec: SourceSpec) -> list[Path]:
    """The fixture folder with placeholder pages and an expected.json skeleton."""
    if folder.exists():
        raise ScaffoldError(f"{folder} already exists")
    start = START_FILES[spec.kind]
    todo = f"Replace this file with {spec.url} as fetched, trimmed to 3-6 items."
    article_todo = "Replace this file with one article page the start page links to, as fetched."
    placeholders = {
        "start.xml": f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- {todo} -->\n',
        "start.html": f"<!-- {todo} -->\n",
        "start.json": json.dumps({"todo": todo}) + "\n",
    }
    expected = {
        "fetched_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "links": [],
        "article": {
            "url": "",
            "title": "",
            "published": None,
            "body_starts_with": "",
            "body_excludes": [],
            "lang": spec.lang,
        },
    }
    folder.mkdir(parents=True)
    files = {
        start: placeholders[start],
        "article.html": f"<!-- {article_todo} -->\n",
        "expected.json": json.dumps(expected, ensure_ascii=False, indent=2) + "\n",
    }
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    return [folder / name for name in files]


def next_steps(spec: SourceSpec, added_to: Path | None, files: list[Path]) -> str:
    folder = files[0].parent
    return "\n".join(
        [
            *([f"Added {spec.key!r} to {added_to} (enabled: false)."] if added_to else []),
            f"Created {folder}/: {', '.join(f.name for f in files)}",
            "Next:",
            f"  1. Save {spec.url} into {files[0].name}, trimmed to 3-6 items.",
            "  2. Save one article it links to into article.html (keep the markup; the prose",
            "     may be replaced by your own short text).",
            "  3. Fill in expected.json: the article URLs the spider requests, in order, and",
            "     the article's url, title, published (UTC), body start, nav/footer strings",
            "     that must not be in the body, lang; fetched_at: when the pages were saved.",
            f"  4. .venv/bin/pytest tests/spiders/test_sources_registry.py -k {spec.key}",
            "  5. leadradar sources --check; set enabled: true once the live site answers.",
            "See docs/adding-a-source.md.",
        ]
    )


def spec_from_args(args: argparse.Namespace) -> SourceSpec:
    """The new entry, or ScaffoldError naming the argument that is wrong."""
    if not KEY.fullmatch(args.key):
        raise ScaffoldError(f"key {args.key!r}: use 1-64 of a-z, 0-9 and _")
    if missing := [f"--{n}" for n in ("kind", "url", "name", "lang") if not getattr(args, n)]:
        raise ScaffoldError(f"a new source needs {', '.join(missing)}")
    parts = urlsplit(args.url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ScaffoldError(f"url {args.url!r}: must be an http(s) URL with a host")
    if args.kind == "listing" and not args.links:
        raise ScaffoldError("a listing needs --links (CSS, or XPath starting with / or ()")
    if args.kind == "json" and not args.items:
        raise ScaffoldError('a json source needs --items (dotted path; "." for a bare list)')
    pairs = [field.partition("=") for field in args.field]
    if wrong := [f"{n}{eq}{v}" for n, eq, v in pairs if n not in JSON_FIELDS or not v]:
        raise ScaffoldError(f"--field {wrong[0]!r}: use url=KEY, title=KEY or published=KEY")
    fields = {name: value for name, _, value in pairs}
    return SourceSpec(
        key=args.key, name=args.name, kind=args.kind, url=args.url, lang=args.lang,
        links=args.links, items=args.items, fields=fields,
    )  # fmt: skip


def parser() -> argparse.ArgumentParser:
    found = argparse.ArgumentParser(
        prog="python -m spiders.scaffold",
        description="Add a news source: one entry in a sources file plus its test fixture.",
    )
    found.add_argument("key", help="unique key, a-z 0-9 _")
    found.add_argument("--kind", choices=sorted(START_FILES))
    found.add_argument("--url", help="start URL: the feed, sitemap, list or API")
    found.add_argument("--name", help="display name, e.g. 江苏省商务厅 外资动态")
    found.add_argument("--lang", choices=["zh", "en"])
    found.add_argument("--links", help="listing: selector of the article links")
    found.add_argument("--items", help="json: dotted path to the list of items")
    found.add_argument(
        "--field", action="append", default=[], metavar="NAME=KEY",
        help="json: item key of url, title or published (repeatable), e.g. url=link",
    )  # fmt: skip
    found.add_argument("--sources", type=Path, default=DEFAULT_SOURCES, help="sources file")
    found.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES, help="fixtures folder")
    found.add_argument(
        "--fixture-only", action="store_true",
        help="the entry is already in the sources file: make only its fixture folder",
    )  # fmt: skip
    return found


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.fixture_only:
            spec = existing_spec(args.sources, args.key)
        else:
            spec = spec_from_args(args)
            if (args.fixtures / spec.key).exists():
                raise ScaffoldError(f"{args.fixtures / spec.key} already exists")
            append_entry(args.sources, spec)
        files = write_fixture(args.fixtures / spec.key, spec)
    except (ScaffoldError, OSError, yaml.YAMLError) as exc:
        print(f"scaffold: error: {exc}", file=sys.stderr)
        return 2
    print(next_steps(spec, None if args.fixture_only else args.sources, files))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
