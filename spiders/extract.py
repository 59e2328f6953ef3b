"""Pure article extraction: page bytes, URL and fetch time in; title, body, date, language out."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from datetime import datetime
from html import unescape
from typing import Any

import lxml.html
import trafilatura
from cssselect import SelectorError
from lxml import etree
from trafilatura.settings import use_config

from spiders.dates import parse_date
from spiders.encoding import decode_html, detect_lang, to_simplified
from spiders.urls import canonical_url

LOGGER = logging.getLogger(__name__)
# Pages are cut to their first 5 MB, then to about 30,000 elements: articles sit near the top,
# and trafilatura spends about 40 µs per element (a 5 MB page of links would take 15 s).
MAX_HTML_BYTES = 5_000_000
MAX_ELEMENTS = 30_000
# trafilatura's default (250 characters) drops short Chinese articles and falls back to junk.
TRAFILATURA_CONFIG = use_config()
TRAFILATURA_CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "50")

ARTICLE_TYPES = frozenset({"blogposting", "liveblogposting", "report", "socialmediaposting"})
DATE_META = ("publishdate", "pubdate", "publish_date", "article:published", "dc.date", "date")
TITLE_META = ("og:title", "twitter:title", "articletitle")
SITE_META = ("og:site_name", "sitename", "application-name")
DESCRIPTION_META = ("og:description", "description", "twitter:description")
BLOCK_TAG = re.compile(r"p|div|br|li|[ou]l|h[1-6]|tr|table|section|article|blockquote|pre|d[dt]")
TEXT_NODES = etree.XPath(".//text()[not(ancestor::script or ancestor::style)]")
TITLE_SEPARATORS = re.compile(r"\s+[-|–—·]\s+|_|\s*\|\s*")
AFTER_TITLE = "(//h1)[1]/following::text()[not(parent::script or parent::style)][position() <= 40]"
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
URL_DATE = re.compile(r"(?<![0-9])(20[0-9]{2})[-/]?([01][0-9])[-/]?([0-3][0-9])(?![0-9])")


@dataclass(frozen=True)
class Overrides:
    """Per-source selectors that win for the fields they name: XPath when they start with `/`
    or `(`, CSS otherwise."""

    title: str | None = None
    body: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class ExtractedArticle:
    """What a page says about its article; an empty title or body means none was found.

    `url` is the canonical URL without tracking parameters. `published` is aware UTC.
    `lang` is zh, en, another code from the page's lang attribute, or None. `body_simplified`
    is always a string: the body converted with OpenCC t2s on a traditional-Chinese page,
    otherwise the body itself.
    """

    url: str
    title: str
    body: str
    published: datetime | None
    lang: str | None
    body_simplified: str
    authors: tuple[str, ...] = ()
    site_name: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class _Found:
    """Fields found by one layer of extraction; None means this layer does not know."""

    title: str | None = None
    body: str | None = None
    published: datetime | None = None
    authors: tuple[str, ...] | None = None
    site_name: str | None = None
    description: str | None = None
    canonical: str | None = None

    def fill(self, other: _Found) -> _Found:
        """This layer, with what it does not know taken from `other`."""
        missing = {
            f.name: getattr(other, f.name) for f in fields(self) if not getattr(self, f.name)
        }
        return replace(self, **missing)


def extract_article(
    html: bytes,
    url: str,
    fetched_at: datetime,
    overrides: Overrides | None = None,
    http_charset: str | None = None,
) -> ExtractedArticle:
    """Extract the article of one page; never raises.

    Hostile or empty input gives an article with an empty body (the caller counts and drops
    it). Only the first MAX_HTML_BYTES are parsed. Order per field: the source's selector
    overrides, then structured data (JSON-LD, Open Graph, <time>, meta), then trafilatura for
    the body (also when JSON-LD's articleBody is only a teaser of it), then the visible page
    (<h1>/<title>, a date in the text or in the URL).
    """
    tree = parse_html(html, http_charset)
    if tree is None:
        return _article(canonical_url(url), _Found(), None)
    selected = _selected(tree, overrides or Overrides(), fetched_at)
    found = selected.fill(structured_fields(tree, fetched_at))
    page_url = canonical_url(url, found.canonical)
    if not selected.body:
        found = replace(found, body=_complete_body(found.body, generic_body(tree, page_url)))
    if not found.title or not found.published:
        found = found.fill(_visible_fields(tree, page_url, fetched_at))
    return _article(page_url, found, tree.get("lang"))


def parse_html(page: bytes, http_charset: str | None = None) -> lxml.html.HtmlElement | None:
    """The page's tree, charset repaired, cut to MAX_HTML_BYTES and about MAX_ELEMENTS; or None."""
    text = decode_html(page[:MAX_HTML_BYTES], http_charset)
    tree = _parse_text(text)
    size = sum(1 for _ in tree.iter()) if tree is not None else 0
    if size > MAX_ELEMENTS:
        tree = _parse_text(text[: len(text) * MAX_ELEMENTS // size])
    return tree


def _parse_text(text: str) -> lxml.html.HtmlElement | None:
    if not text.strip():
        return None
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        tree = lxml.html.document_fromstring(text.encode("utf-8", errors="replace"), parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    return tree if isinstance(tree, lxml.html.HtmlElement) else None


def structured_fields(tree: lxml.html.HtmlElement, now: datetime) -> _Found:
    """Fields the page states as data: JSON-LD article, Open Graph, <time datetime>, meta."""
    article = json_ld_article(tree)
    meta = _meta_values(tree)
    dates = [
        article.get("datePublished"),
        meta.get("article:published_time"),
        *tree.xpath("//*[@itemprop='datePublished']/@content | //time/@datetime"),
        *(meta.get(name) for name in DATE_META),
    ]
    return _Found(
        title=_plain(article.get("headline")) or _first(meta, TITLE_META),
        body=_plain(article.get("articleBody")),
        published=_first_date(dates, now),
        authors=_names(article.get("author")) or _names(meta.get("author")),
        site_name=next(iter(_names(article.get("publisher"))), None) or _first(meta, SITE_META),
        description=_plain(article.get("description")) or _first(meta, DESCRIPTION_META),
        canonical=next(iter(tree.xpath("//link[@rel='canonical']/@href")), None),
    )


def json_ld_article(tree: lxml.html.HtmlElement) -> dict[str, Any]:
    """The first JSON-LD node typed as an article (NewsArticle, BlogPosting, ...), or {}."""
    for script in tree.xpath("//script[contains(@type, 'ld+json')]/text()"):
        try:
            data = json.loads(script.strip().removeprefix("<![CDATA[").removesuffix("]]>"))
        except (ValueError, RecursionError):
            continue
        for node in _ld_nodes(data):
            kinds = node.get("@type")
            names = kinds if isinstance(kinds, list) else [kinds]
            kinds = [k.lower() for k in names if isinstance(k, str)]
            if any(k.endswith("article") or k in ARTICLE_TYPES for k in kinds):
                return node
    return {}


def _ld_nodes(data: object, limit: int = 200) -> Iterator[dict[str, Any]]:
    """JSON-LD objects in document order, through lists and @graph, at most `limit`."""
    stack = [data]
    while stack and limit > 0:
        item = stack.pop()
        limit -= 1
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            yield item
            stack.append(item.get("@graph"))


def _meta_values(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """Content of <meta> by lower-cased name/property/itemprop; the first one wins."""
    values: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        content = (element.get("content") or "").strip()
        if key and content:
            values.setdefault(key.strip().lower(), content)
    return values


def _first(meta: dict[str, str], names: tuple[str, ...]) -> str | None:
    return next((meta[name] for name in names if meta.get(name)), None)


def _first_date(values: list[Any], now: datetime) -> datetime | None:
    for value in values:
        if isinstance(value, str) and (when := parse_date(value, now)) is not None:
            return when
    return None


def _names(value: object) -> tuple[str, ...]:
    """Names of JSON-LD persons or organisations (string, object or list), or a meta string."""
    items = value if isinstance(value, list) else [value]
    names = (item.get("name") if isinstance(item, dict) else item for item in items)
    return tuple(dict.fromkeys(n.strip() for n in names if isinstance(n, str) and n.strip()))


def _plain(value: object) -> str | None:
    """Text of a JSON-LD value that may hold HTML or entities."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = unescape(re.sub(r"<br\s*/?>|</p>", "\n", value)) if "<" in value else value
    return unescape(re.sub(r"<[^>]{0,2000}>", "", text)).strip() or None


def _selected(tree: lxml.html.HtmlElement, overrides: Overrides, now: datetime) -> _Found:
    """Fields named by the source's selectors."""
    published = select_text(tree, overrides.published)
    return _Found(
        title=select_text(tree, overrides.title),
        body=select_text(tree, overrides.body),
        published=parse_date(published, now) if published else None,
    )


def select_text(tree: lxml.html.HtmlElement, selector: str | None) -> str | None:
    """Text of what a selector finds: XPath when it starts with `/` or `(`, CSS otherwise."""
    if not selector or not selector.strip():
        return None
    try:
        if selector.lstrip().startswith(("/", "(")):
            found = tree.xpath(selector)
        else:
            found = tree.cssselect(selector)
    except (etree.XPathError, SelectorError, ValueError):
        return None
    nodes = found if isinstance(found, list) else [found]
    texts = (element_text(n) if isinstance(n, etree._Element) else str(n) for n in nodes)
    return "\n".join(t.strip() for t in texts if t and t.strip()) or None


def element_text(element: etree._Element) -> str:
    """Visible text of an element, one line per block (p, div, br, li, ...)."""
    lines: list[list[str]] = [[]]
    for piece in TEXT_NODES(element):
        owner = piece.getparent()
        if owner is not None and isinstance(owner.tag, str) and BLOCK_TAG.fullmatch(owner.tag):
            lines.append([])
        lines[-1].append(piece)
    joined = (" ".join("".join(line).split()) for line in lines)
    return "\n".join(line for line in joined if line)


def generic_body(tree: lxml.html.HtmlElement, url: str) -> str | None:
    """The main text as trafilatura finds it (comments left out), or None."""
    try:
        document = trafilatura.bare_extraction(
            tree, url=url, include_comments=False, favor_precision=False, config=TRAFILATURA_CONFIG
        )
    except Exception:  # a heuristic library's bug on one odd page must cost that page only
        LOGGER.warning("trafilatura failed on %s", url, exc_info=True)
        return None
    text = getattr(document, "text", None)
    return text if isinstance(text, str) and text.strip() else None


def _complete_body(structured: str | None, generic: str | None) -> str | None:
    """JSON-LD's articleBody, unless it is a teaser: shorter than trafilatura's body, which
    opens with the same words (many sites cut articleBody to a few hundred characters)."""
    if not structured or not generic:
        return structured or generic
    opening = " ".join(structured.split())[:80]
    is_teaser = len(structured) < 0.8 * len(generic) and opening in " ".join(generic.split())
    return generic if is_teaser else structured


def _visible_fields(tree: lxml.html.HtmlElement, url: str, now: datetime) -> _Found:
    """Last resort: the title from <h1>/<title>, a date near the title, in the page or the URL."""
    return _Found(title=page_title(tree), published=_visible_date(tree, now) or _url_date(url, now))


def page_title(tree: lxml.html.HtmlElement) -> str | None:
    """The <h1> that <title> repeats, else the longest part of <title> (site name cut off)."""
    title = " ".join(" ".join(tree.xpath("//title[1]//text()")).split())
    headings = [" ".join(element_text(h).split()) for h in tree.xpath("//h1")[:5]]
    for heading in headings:
        if heading and heading in title:
            return heading
    parts = [part.strip() for part in TITLE_SEPARATORS.split(title)]
    return max(parts, key=len) if title else next((h for h in headings if h), None)


def _visible_date(tree: lxml.html.HtmlElement, now: datetime) -> datetime | None:
    """A date in the text right after the first <h1>, else in an element named like a date."""
    after_title = "".join(tree.xpath(AFTER_TITLE))
    if when := parse_date(after_title, now):
        return when
    named = "//*[contains(@class, 'date') or contains(@class, 'time') or contains(@id, 'date')]"
    return _first_date([element_text(e) for e in tree.xpath(named)[:10]], now)


def _url_date(url: str, now: datetime) -> datetime | None:
    """A date written in the URL (/2024/11/22/, t20241122_, 2024-11/22)."""
    match = URL_DATE.search(url)
    return parse_date("-".join(match.groups()), now) if match else None


def _article(url: str, found: _Found, html_lang: str | None) -> ExtractedArticle:
    """The article as returned: text tidied (the title not repeated as the first body line)."""
    title = " ".join(CONTROL_CHARS.sub("", found.title or "").split())
    lines = [
        " ".join(line.split()) for line in CONTROL_CHARS.sub("", found.body or "").splitlines()
    ]
    lines = [line for line in lines if line]
    body = "\n".join(lines[1:] if lines and lines[0] == title else lines)
    lang = detect_lang(f"{title}\n{body}", html_lang)
    return ExtractedArticle(
        url=url,
        title=title,
        body=body,
        published=found.published,
        lang=lang,
        body_simplified=to_simplified(body) if lang == "zh" else body,
        authors=found.authors or (),
        site_name=found.site_name,
        description=found.description,
    )
