"""`make bench`: every benchmark, results to bench/results.md and bench/results.json."""

from __future__ import annotations

import os
import sys

from bench import analysis, extraction, process, recognition, review_queue, scaling, storage
from bench.harness import Report


def main() -> int:
    report = Report()
    report.figures.update(extraction.run())
    recognition.run(report)
    storage.run(report)
    analysis.run(report)
    process.run(report)
    scaling.run(report)
    review_queue.run(report, pg_url=os.environ.get("LEADRADAR_BENCH_PG_URL"))  # an empty database
    report.write()
    print("written bench/results.md and bench/results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
