"""Read news items (and their labels) from JSON lines, with file:line:field errors."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from catalog.errors import CatalogError
from pipelines.analyse import NewsItem

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
REQUIRED = ("id", "title", "text")


def read_items(
    handle: IO[str], name: str, check: Callable[[dict[str, Any], str, int], None] | None = None
) -> Iterator[tuple[NewsItem, dict[str, Any]]]:
    """Each line → (item, the whole record); a bad line raises CatalogError naming it (`check`
    looks at the rest of the record too, e.g. eval's labels)."""
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CatalogError(name, number, None, f"not JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise CatalogError(name, number, None, "a line must be a JSON object")
        for field in REQUIRED:
            value = record.get(field)
            if field not in record or value is None:
                raise CatalogError(name, number, field, "missing required field")
            if not isinstance(value, str | int) or (field != "id" and not isinstance(value, str)):
                raise CatalogError(name, number, field, "must be text")
        for field in ("url", "published", "lang"):
            if record.get(field) is not None and not isinstance(record[field], str):
                raise CatalogError(name, number, field, "must be text or null")
        if check is not None:
            check(record, name, number)
        yield (
            NewsItem(
                id=str(record["id"]), title=record["title"], text=record["text"],
                url=record.get("url"), published=record.get("published"), lang=record.get("lang"),
            ),
            record,
        )  # fmt: skip


def corpus_records(split: str) -> list[dict[str, Any]]:
    """The bundled labelled corpus: split is 'train' or 'dev'."""
    records: list[dict[str, Any]] = []
    for path in sorted((CORPUS_DIR / split).glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            records.extend(record for _, record in read_items(handle, str(path)))
    return records
