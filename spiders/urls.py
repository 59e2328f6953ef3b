"""Canonical article URLs: resolve rel=canonical, drop tracking parameters and fragments."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset(
    {
        "spm",
        "scm",
        "from",
        "share",
        "share_from",
        "share_medium",
        "share_source",
        "share_token",
        "sharer_sharetime",
        "sharer_shareid",
        "isappinstalled",
        "wxfrom",
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "mkt_tok",
        "_hsenc",
        "_hsmi",
        "ocid",
        "cmpid",
    }
)
TRACKING_PREFIXES = ("utm_",)


def canonical_url(page_url: str, canonical_href: str | None = None) -> str:
    """The article's URL: `canonical_href` resolved against `page_url` when usable, cleaned.

    The canonical link is ignored when it is not http(s) or points at a site's front page
    while the page itself is deeper (a common CMS mistake that would merge every article).
    """
    page = clean_url(page_url)
    if not canonical_href or not canonical_href.strip():
        return page
    try:
        candidate = clean_url(urljoin(page_url, canonical_href.strip()))
        parts, page_parts = urlsplit(candidate), urlsplit(page)
    except ValueError:
        return page
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return page
    if parts.path in ("", "/") and not parts.query and page_parts.path not in ("", "/"):
        return page
    return candidate


def clean_url(url: str) -> str:
    """`url` without fragment and tracking parameters, scheme and host lower-cased."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    query = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(key, value) for key, value in query if not is_tracking_param(key)]
    new_query = parts.query if len(kept) == len(query) else urlencode(kept)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, new_query, ""))


def is_tracking_param(name: str) -> bool:
    """Whether a query parameter only tracks the visitor (utm_*, spm, fbclid, ...)."""
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)
