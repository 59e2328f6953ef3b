"""A source entry as the spiders receive it (validated beforehand by the sources-file loader)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class SourceSpec:
    """One entry of sources.yml, plain data."""

    key: str
    name: str
    kind: str
    url: str
    lang: str
    links: str | None = None
    next_page: str | None = None
    max_pages: int = 1
    items: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    article: dict[str, str] = field(default_factory=dict)
    allowed_domains: tuple[str, ...] = ()

    @property
    def domains(self) -> list[str]:
        """Hosts this source may reach: its start URL's host plus the ones it names."""
        host = urlsplit(self.url).hostname or ""
        return sorted({host, *self.allowed_domains} - {""})

    def to_json(self) -> str:
        data = dict(self.__dict__)
        data["allowed_domains"] = list(self.allowed_domains)
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> SourceSpec:
        data: dict[str, Any] = json.loads(text)
        data["allowed_domains"] = tuple(data.get("allowed_domains") or ())
        return cls(**data)

    @classmethod
    def from_file(cls, path: str | Path) -> SourceSpec:
        return cls.from_json(Path(path).read_text(encoding="utf-8"))
