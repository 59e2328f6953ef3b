"""`leadradar eval`: precision, recall and F1 per field, the event confusion matrix, P@10."""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from catalog.places import gazetteer
from pipelines.events import EVENT_TYPES


@dataclass
class Tally:
    """True positives, false positives, false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: Any, truth: Any, same: bool) -> None:
        if predicted is not None and truth is not None and same:
            self.tp += 1
            return
        if predicted is not None:
            self.fp += 1
        if truth is not None:
            self.fn += 1

    def scores(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "support": self.tp + self.fn,
        }


@dataclass
class Report:
    fields: dict[str, Tally] = field(default_factory=dict)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    ranking: list[tuple[float, bool]] = field(default_factory=list)

    def tally(self, name: str) -> Tally:
        return self.fields.setdefault(name, Tally())


def evaluate(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    """pairs of (analysis, labelled record) → the report as JSON-ready data."""
    report = Report()
    for result, label in pairs:
        _score_item(report, result, label)
    per_type = {kind: _per_type(report.confusion, kind) for kind in EVENT_TYPES}
    ranked = sorted(report.ranking, key=lambda pair: -pair[0])
    return {
        "items": len(pairs),
        "fields": {name: tally.scores() for name, tally in sorted(report.fields.items())},
        "event_type": {"macro_f1": round(sum(v["f1"] for v in per_type.values()) / len(per_type), 4),
                       "per_type": per_type},
        "confusion": {t: {g: report.confusion[(t, g)] for g in EVENT_TYPES} for t in EVENT_TYPES},
        "precision_at_10": round(sum(hit for _, hit in ranked[:10]) / min(10, len(ranked)), 4) if ranked else None,
    }  # fmt: skip


def _score_item(report: Report, result: dict[str, Any], label: dict[str, Any]) -> None:
    truth_lead = (
        bool(label["is_lead"]) if "is_lead" in label else label.get("event_type", "none") != "none"
    )
    report.tally("is_lead").add(
        True if result["is_lead"] else None, True if truth_lead else None, True
    )
    report.ranking.append((result["score"], truth_lead))
    if "event_type" in label:
        report.confusion[(label["event_type"], result["event_type"])] += 1
    if "stage" in label:
        report.tally("stage").add(
            result["stage"], label["stage"], result["stage"] == label["stage"]
        )
    capex = _label_capex(label)
    if not isinstance(capex, bool):
        found = result.get("capex")
        report.tally("capex").add(
            found, capex, bool(found and capex and _same_amount(found, capex))
        )
    if "destination" in label and label.get("event_type") != "none":  # where a project goes
        _score_destination(report, result.get("destination"), label["destination"])
    if "sector" in label:
        report.tally("sector").add(
            result.get("sector"), label["sector"], result.get("sector") == label["sector"]
        )
    if "companies" in label:
        _score_companies(report.tally("companies"), result["companies"], label["companies"] or [])


def _label_capex(label: dict[str, Any]) -> dict[str, Any] | bool | None:
    """The labelled amount, None when labelled absent, False when not labelled at all."""
    if "capex_amount" in label:
        amount = label["capex_amount"]
        return (
            None
            if amount is None
            else {"amount": amount, "currency": label.get("capex_currency") or "CNY"}
        )
    found: dict[str, Any] | bool | None = label.get("capex", False)
    return found


def _same_amount(found: dict[str, Any], label: dict[str, Any]) -> bool:
    return (
        abs(float(found["amount"]) - float(label["amount"])) < 0.5
        and found["currency"] == label["currency"]
    )


def _score_destination(
    report: Report, found: dict[str, Any] | None, label: dict[str, Any] | None
) -> None:
    """Province right (country for projects abroad)."""
    report.tally("destination_province").add(
        _place_key(found), _place_key(label), _place_key(found) == _place_key(label)
    )


def _place_key(place: dict[str, Any] | None) -> str | None:
    if not place:
        return None
    if place.get("country") == "中国" and place.get("province"):
        return str(place["province"])
    known = gazetteer().get(str(place.get("country")))  # 印尼 and 印度尼西亚 are one country
    return known.country if known else place.get("country")


def _score_companies(
    tally: Tally, found: list[dict[str, Any]], labels: list[dict[str, Any]]
) -> None:
    """Per company: a labelled name matches a found company by its mention or canonical names."""
    wanted = [c if isinstance(c, str) else c["name"] for c in labels if c]  # names or objects
    wanted = [w for w in wanted if w]
    matched_labels: set[int] = set()
    for company in found:
        names = {
            str(n)
            for n in (company.get("mention"), company.get("name_zh"), company.get("name_en"))
            if n
        }
        # its mention first: "Zeekr" is the label Zeekr before the label Geely (its group)
        hit = next(
            (
                i
                for candidates in ({str(company.get("mention") or "")}, names)
                for i, w in enumerate(wanted)
                if i not in matched_labels and _same_name(w, candidates)
            ),
            None,
        )
        if hit is None:
            tally.fp += 1
        else:
            matched_labels.add(hit)
            tally.tp += 1
    tally.fn += len(wanted) - len(matched_labels)


def _same_name(wanted: str, names: set[str]) -> bool:
    wanted = unicodedata.normalize("NFKC", wanted)
    names = {unicodedata.normalize("NFKC", n) for n in names}
    return any(wanted in n or n in wanted for n in names if len(n) >= 2)


def _per_type(confusion: Counter[tuple[str, str]], kind: str) -> dict[str, float | int]:
    tally = Tally(
        tp=confusion[(kind, kind)],
        fp=sum(v for (t, g), v in confusion.items() if g == kind and t != kind),
        fn=sum(v for (t, g), v in confusion.items() if t == kind and g != kind),
    )
    return tally.scores()
