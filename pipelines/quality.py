"""The quality gate: dev-set metrics against pinned floors (lowering one needs a flag and a reason)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from catalog.load import load_catalog
from catalog.registry import load_registry
from pipelines.analyse import AnalysisContext, NewsItem, analyse
from pipelines.corpus import corpus_records
from pipelines.evaluate import evaluate
from pipelines.settings import BUNDLED_CATALOG, BUNDLED_REGISTRY
from spiders.dates import parse_date

FLOORS = Path(__file__).resolve().parent / "corpus" / "floors.json"
# the targets; a floor may never be pinned below them
MINIMUMS = {"event_macro_f1": 0.85, "is_lead_precision": 0.90, "is_lead_recall": 0.85,
            "capex_precision": 0.95, "capex_recall": 0.90, "destination_province_precision": 0.90}  # fmt: skip


def dev_report(context: AnalysisContext | None = None) -> dict[str, Any]:
    """Analyse the bundled dev set, each item as of the day after it was published."""
    context = context or AnalysisContext.build(
        load_catalog(BUNDLED_CATALOG), load_registry(BUNDLED_REGISTRY)
    )
    pairs = []
    for record in corpus_records("dev"):
        published = parse_date(record["published"], dt.datetime.now(dt.UTC))
        context.now = published + dt.timedelta(days=1) if published else None
        item = NewsItem(
            record["id"], record["title"], record["text"], None, record["published"], record["lang"]
        )
        pairs.append((analyse(item, context), record))
    return evaluate(pairs)


def measures(report: dict[str, Any]) -> dict[str, float]:
    """The flat metrics the floors pin."""
    flat = {
        "event_macro_f1": report["event_type"]["macro_f1"],
        "precision_at_10": report["precision_at_10"],
    }
    for name, scores in report["fields"].items():
        for kind in ("precision", "recall", "f1"):
            flat[f"{name}_{kind}"] = scores[kind]
    return flat


def below_floors(found: dict[str, float], floors: dict[str, float]) -> list[str]:
    return [
        f"{k}: {found.get(k)} < floor {v}"
        for k, v in floors.items()
        if found.get(k, 0.0) + 1e-9 < v
    ]


def update_floors(
    found: dict[str, float], allow_lower: bool, reason: str | None
) -> dict[str, float]:
    """Pin the measured values; refuses to lower a floor without --allow-lower and a reason."""
    old: dict[str, float] = (
        json.loads(FLOORS.read_text(encoding="utf-8"))["floors"] if FLOORS.exists() else {}
    )
    new = {k: round(v - 0.005, 3) for k, v in sorted(found.items()) if v is not None}
    lowered = [k for k, v in new.items() if k in old and v < old[k]]
    if lowered and not (allow_lower and reason):
        raise SystemExit(
            f"would lower floors {', '.join(lowered)}: pass --allow-lower --reason TEXT"
        )
    for name, minimum in MINIMUMS.items():
        if new.get(name, 0.0) < minimum:
            raise SystemExit(f"{name} {new.get(name)} is below the target {minimum}; not pinned")
    kept = {k: max(v, old.get(k, 0.0)) if not allow_lower else v for k, v in new.items()}
    FLOORS.write_text(json.dumps({"floors": kept, "reason": reason or "raised to the measured values"},
                                 ensure_ascii=False, indent=2) + "\n", encoding="utf-8")  # fmt: skip
    return kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="pin the dev-set quality floors")
    parser.add_argument("--allow-lower", action="store_true")
    parser.add_argument("--reason")
    args = parser.parse_args(argv)
    found = measures(dev_report())
    sys.stdout.write(
        json.dumps(update_floors(found, args.allow_lower, args.reason), indent=2) + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
