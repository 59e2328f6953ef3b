"""The records spiders yield: a fetched article page, not yet extracted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class ArticlePage:
    """An article page as fetched; extraction happens in the item pipeline."""

    source_key: str
    url: str
    requested_url: str
    html: bytes = field(repr=False)
    http_charset: str | None
    fetched_at: dt.datetime
    lang: str | None = None
    hint_title: str | None = None
    hint_published: str | None = None
    # when the listing, feed or API answer that gave hint_published was read: `3小时前` there
    # counts back from that moment, not from this page's fetch
    listed_at: dt.datetime | None = None
    overrides: dict[str, str] = field(default_factory=dict)
