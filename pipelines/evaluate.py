"""`leadradar eval`: compare analyses with labels, field by field."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sklearn.metrics import precision_recall_fscore_support

from pipelines.events import EVENT_TYPES

DEST_FIELDS = ("country", "province", "city", "county")


def evaluate(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    """pairs of (analysis, labelled record) → a report of accuracies and per-type scores."""
    truth = [label["event_type"] for _, label in pairs if "event_type" in label]
    guess = [result["event_type"] for result, label in pairs if "event_type" in label]
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, guess, labels=list(EVENT_TYPES), zero_division=0
    )
    per_type = {
        kind: {"precision": round(float(p), 3), "recall": round(float(r), 3), "f1": round(float(f), 3), "support": int(s)}
        for kind, p, r, f, s in zip(EVENT_TYPES, precision, recall, f1, support, strict=True)
    }  # fmt: skip
    events = [(r, lab) for r, lab in pairs if lab.get("event_type") not in (None, "none")]
    report = {
        "items": len(pairs),
        "event_accuracy": _rate(t == g for t, g in zip(truth, guess, strict=True)),
        "event_macro_f1": round(sum(v["f1"] for v in per_type.values()) / len(per_type), 3),
        "lead_detection": _binary(truth, guess),
        "per_type": per_type,
        "stage_accuracy": _rate(r["stage"] == lab.get("stage") for r, lab in events),
        "capex_accuracy": _rate(_same_capex(r["capex"], lab.get("capex")) for r, lab in pairs if "capex" in lab),
        "destination_accuracy": _rate(
            _same_place(r["destination"], lab.get("destination")) for r, lab in pairs if "destination" in lab and lab.get("event_type") != "none"
        ),
        "investor_accuracy": _rate(_same_investor(r["companies"], lab.get("companies") or []) for r, lab in events),
        "confusions": Counter(f"{t}→{g}" for t, g in zip(truth, guess, strict=True) if t != g).most_common(8),
    }  # fmt: skip
    return report


def _rate(flags: Any) -> float | None:
    values = list(flags)
    return round(sum(values) / len(values), 3) if values else None


def _binary(truth: list[str], guess: list[str]) -> dict[str, float]:
    tp = sum(t != "none" and g != "none" for t, g in zip(truth, guess, strict=True))
    fp = sum(t == "none" and g != "none" for t, g in zip(truth, guess, strict=True))
    fn = sum(t != "none" and g == "none" for t, g in zip(truth, guess, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def _same_capex(found: dict[str, Any] | None, label: dict[str, Any] | None) -> bool:
    if not found or not label:
        return found is None and label is None
    return (
        abs(float(found["amount"]) - float(label["amount"])) < 0.5
        and found["currency"] == label["currency"]
    )


def _same_place(found: dict[str, Any] | None, label: dict[str, Any] | None) -> bool:
    if not found or not label:
        return found is None and label is None
    wanted = [f for f in DEST_FIELDS if label.get(f)]
    return bool(wanted) and all(found.get(f) == label.get(f) for f in wanted[:3])


def _same_investor(found: list[dict[str, Any]], labels: list[dict[str, Any]]) -> bool:
    wanted = next((c["name"] for c in labels if c.get("role") == "investor"), None)
    ours = next((c for c in found if c["role"] == "investor"), None)
    if wanted is None or ours is None:
        return wanted is None and ours is None
    names = {ours["mention"], ours.get("name_zh"), ours.get("name_en")} - {None}
    return any(wanted in n or n in wanted for n in names)
