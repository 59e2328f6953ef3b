"""Deterministic inputs for benchmarks: the labelled corpus, repeated with varied numbers."""

from __future__ import annotations

import random
from collections.abc import Iterator

from pipelines.analyse import NewsItem
from pipelines.corpus import corpus_records


def news_items(count: int, seed: int = 7) -> list[NewsItem]:
    """`count` items cycling through the corpus, each with its own amount and id."""
    records = corpus_records("train") + corpus_records("dev")
    rng = random.Random(seed)  # noqa: S311 - reproducible inputs, not secrets
    return [_vary(records[i % len(records)], i, rng) for i in range(count)]


def _vary(record: dict[str, object], index: int, rng: random.Random) -> NewsItem:
    text = str(record["text"]) + f" 编号{index}，第{rng.randint(1, 9)}期。"
    return NewsItem(
        f"b{index}", str(record["title"]), text, None, str(record["published"]), str(record["lang"])
    )


def texts(count: int) -> Iterator[str]:
    for item in news_items(count):
        yield f"{item.title}\n{item.text}"
