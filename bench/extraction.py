"""Extraction quality: F1 of our article bodies on the 181 real benchmark pages and the Chinese pages.

Score as the benchmark publishes it: lower-cased word tokens (each Han character a token), sets
of token 4-grams, F1 per page, mean over pages.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from spiders.extract import extract_article

BENCHMARK = Path(__file__).resolve().parents[1].parent / "shared/data/article-extraction-benchmark"
ZH_PAGES = Path(__file__).resolve().parent / "zh_pages"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKENS = re.compile(rf"[{HAN}]|[^\W{HAN}]+")
FETCHED_AT = datetime(2026, 11, 25, tzinfo=UTC)


def shingles(text: str, size: int = 4) -> set[tuple[str, ...]]:
    tokens = TOKENS.findall(text.lower())
    return {tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1))}


def shingle_f1(extracted: str, expected: str) -> float:
    ours, truth = shingles(extracted), shingles(expected)
    common = len(ours & truth)
    if not common:
        return 0.0
    precision, recall = common / len(ours), common / len(truth)
    return 2 * precision * recall / (precision + recall)


def benchmark_scores() -> list[float]:
    """F1 per page over the 181 pages of ../shared/data/article-extraction-benchmark."""
    truth = json.loads((BENCHMARK / "ground-truth.json").read_text(encoding="utf-8"))
    scores = []
    for key, expected in sorted(truth.items()):
        page = gzip.decompress((BENCHMARK / "html" / f"{key}.html.gz").read_bytes())
        scores.append(
            shingle_f1(
                extract_article(page, expected["url"], FETCHED_AT).body, expected["articleBody"]
            )
        )
    return scores


def chinese_scores() -> list[float]:
    """F1 per page over the Chinese pages written for the project (bench/zh_pages)."""
    scores = []
    for expected_file in sorted(ZH_PAGES.glob("*.json")):
        expected = json.loads(expected_file.read_text(encoding="utf-8"))
        page = expected_file.with_suffix(".html").read_bytes()
        scores.append(
            shingle_f1(extract_article(page, expected["url"], FETCHED_AT).body, expected["body"])
        )
    return scores


def run() -> dict[str, float]:
    start = time.perf_counter()
    real = benchmark_scores()
    pages_per_second = len(real) / (time.perf_counter() - start)
    chinese = chinese_scores()
    result = {"benchmark_pages": len(real), "benchmark_f1": round(statistics.mean(real), 4),
              "extraction pages/s (HTML bytes → article, one core)": round(pages_per_second, 1)}  # fmt: skip
    if chinese:
        result |= {"zh_pages": len(chinese), "zh_f1": round(statistics.mean(chinese), 4)}
    print(f"extraction F1: {result}", flush=True)
    return result
