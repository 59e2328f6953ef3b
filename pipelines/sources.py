"""The sources file: validated entries, each becoming a SourceSpec for its spider."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from catalog.errors import CatalogError
from catalog.load import first_error
from catalog.yamlfile import read_yaml
from spiders.source import SourceSpec

Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$", min_length=1, max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ArticleSelectors(Strict):
    title: Text | None = None
    body: Text | None = None
    published: Text | None = None


class JsonFields(Strict):
    url: Text = "url"
    title: Text = "title"
    published: Text = "published"


class SourceEntry(Strict):
    """One entry of sources.yml (see CONTRACT.md)."""

    key: Key
    name: Text
    kind: Literal["feed", "sitemap", "listing", "json"]
    url: Text
    lang: Literal["zh", "en"]
    enabled: bool = True
    links: Text | None = None
    next_page: Text | None = None
    max_pages: Annotated[int, Field(ge=1, le=100)] = 1
    items: Text | None = None
    fields: JsonFields = JsonFields()
    article: ArticleSelectors = ArticleSelectors()
    allowed_domains: list[Text] = []

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http(s) URL with a host")
        return value

    def spec(self) -> SourceSpec:
        return SourceSpec(
            key=self.key, name=self.name, kind=self.kind, url=self.url, lang=self.lang,
            links=self.links, next_page=self.next_page, max_pages=self.max_pages,
            items=self.items, fields=self.fields.model_dump(),
            article={k: v for k, v in self.article.model_dump().items() if v},
            allowed_domains=tuple(self.allowed_domains),
        )  # fmt: skip


class SourcesFile(Strict):
    sources: list[SourceEntry]


def load_sources(path: Path) -> list[SourceEntry]:
    """Read and validate the sources file; every problem names the file, line, entry and field."""
    doc = read_yaml(path)
    try:
        parsed = SourcesFile.model_validate(doc.data)
    except ValidationError as exc:
        first = first_error(exc)
        loc = tuple(first["loc"])
        problem = {"missing": "missing required key", "extra_forbidden": "unknown key"}.get(
            first["type"], first["msg"]
        )
        raise doc.error(loc, _with_entry(doc.data, loc, problem)) from None
    seen: dict[str, int] = {}
    for i, entry in enumerate(parsed.sources):
        if entry.key in seen:
            raise doc.error(("sources", i, "key"), f"duplicate key {entry.key!r}")
        seen[entry.key] = i
        if entry.kind == "listing" and not entry.links:
            raise doc.error(("sources", i), f"entry {entry.key!r}: listing needs 'links'")
    return parsed.sources


def _with_entry(data: object, loc: tuple[object, ...], problem: str) -> str:
    if len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):
        entries = data.get("sources") if isinstance(data, dict) else None
        if (
            isinstance(entries, list)
            and loc[1] < len(entries)
            and isinstance(entries[loc[1]], dict)
        ):
            key = entries[loc[1]].get("key")
            if key:
                return f"entry {key!r}: {problem}"
    return problem


__all__ = ["CatalogError", "SourceEntry", "load_sources"]
