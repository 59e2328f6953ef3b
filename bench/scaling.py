"""How cost grows: the recogniser with 1k-100k aliases, the story index with 10k-100k articles."""

from __future__ import annotations

import datetime as dt
import random
import time
import tracemalloc

from bench.corpus import texts
from bench.harness import Report
from catalog.registry import Alias, Company, Registry
from pipelines.companies import CompanyRecogniser
from pipelines.dedupe import StoryIndex

SYLLABLES = [
    "华",
    "宝",
    "应",
    "通",
    "达",
    "科",
    "技",
    "新",
    "能",
    "源",
    "电",
    "气",
    "材",
    "料",
    "精",
    "密",
    "智",
    "造",
    "光",
    "伏",
    "储",
    "动",
    "力",
    "机",
    "械",
    "装",
    "备",
    "食",
    "品",
    "纺",
    "织",
]


def synthetic_registry(size: int, seed: int = 3) -> Registry:
    """`size` invented companies with one four-character alias each (deterministic)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible inputs
    companies = {}
    for i in range(size):
        name = "".join(rng.choice(SYLLABLES) for _ in range(4)) + f"{i}"
        companies[f"c{i}"] = Company(f"c{i}", f"{name}有限公司", f"Co {i}", (), True, "other", "中国", None, None,
                                     None, None, (Alias(name, "zh", "short", False, False),))  # fmt: skip
    return Registry(companies)


def run(report: Report) -> None:
    documents = list(texts(500))
    for size in (1_000, 10_000, 100_000):
        recogniser = CompanyRecogniser(synthetic_registry(size))
        start = time.perf_counter()
        for document in documents:
            recogniser.find(document)
        rate = len(documents) / (time.perf_counter() - start)
        report.figures[f"recogniser with {size} aliases (docs/s)"] = round(rate)
        print(f"recogniser with {size} aliases: {rate:.0f} docs/s", flush=True)
    corpus = list(texts(10_000))
    for size in (10_000, 100_000):
        seconds, kept = _fill(corpus, size)
        report.figures[f"story index {size} articles: ms per article / kept"] = (
            f"{seconds / size * 1000:.2f} / {kept}"
        )
        print(
            f"story index {size}: {seconds / size * 1000:.2f} ms per article, {kept} kept",
            flush=True,
        )
    tracemalloc.start()  # slows allocation a lot: memory is measured in a separate pass
    _fill(corpus, 20_000)
    report.figures["story index peak MB (20k articles, cap 50k)"] = round(
        tracemalloc.get_traced_memory()[1] / 2**20
    )
    tracemalloc.stop()


def _fill(corpus: list[str], size: int) -> tuple[float, int]:
    index, start = StoryIndex(max_entries=50_000), time.perf_counter()
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for i in range(size):
        index.add(f"a{i}", corpus[i % len(corpus)] + f" {i}", now + dt.timedelta(minutes=i))
    return time.perf_counter() - start, len(index)
