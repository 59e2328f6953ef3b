"""`make bench`: every benchmark, results to bench/results.md and bench/results.json."""

from __future__ import annotations

import sys

from bench import analysis, extraction, process, recognition, scaling, storage
from bench.harness import Report


def main() -> int:
    report = Report()
    report.figures.update(extraction.run())
    recognition.run(report)
    storage.run(report)
    analysis.run(report)
    process.run(report)
    scaling.run(report)
    report.write()
    print("written bench/results.md and bench/results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
