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
        tracemalloc.start()
        index, start, now = (
            StoryIndex(max_entries=50_000),
            time.perf_counter(),
            dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        )
        for i in range(size):
            index.add(f"a{i}", corpus[i % len(corpus)] + f" {i}", now + dt.timedelta(minutes=i))
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        seconds = time.perf_counter() - start
        report.figures[f"story index {size} articles: s / peak MB / kept"] = (
            f"{seconds:.1f} / {peak:.0f} / {len(index)}"
        )
        print(
            f"story index {size}: {seconds:.1f}s, peak {peak:.0f} MB, {len(index)} kept", flush=True
        )
