"""Learn from the analysts: retrain the event model on the corpus plus judgements, behind a gate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipelines.corpus import corpus_records
from pipelines.db import Database
from pipelines.db.learning import active_model, add_version, judged_articles
from pipelines.events import BUNDLED_MODEL, EventModel, model_input
from pipelines.training import dev_metrics, inputs_and_labels

TOLERANCE = 0.01  # a retrained model may be this much worse on dev macro-F1 and still be promoted
GATE = "macro_f1"


@dataclass(frozen=True)
class TrainOutcome:
    version: str
    metrics: dict[str, Any]
    current: dict[str, Any]
    promoted: bool
    judged: int
    reason: str


def current_model(database: Database) -> tuple[Path, dict[str, Any]]:
    """The model in use (the active version, else the bundled one) and its dev metrics."""
    with database.session() as session:
        row = active_model(session)
        if row is not None:
            return Path(row.path), dict(row.metrics)
    return BUNDLED_MODEL, dict(EventModel.load(BUNDLED_MODEL).meta.get("dev_metrics", {}))


def retrain(database: Database, models_dir: Path, now: dt.datetime | None = None,
            extra: list[tuple[str, str]] | None = None) -> TrainOutcome:  # fmt: skip
    """Fit on the bundled training corpus plus every judged article; promote only if not worse."""
    now = now or dt.datetime.now(dt.UTC)
    with database.session() as session:
        judged = judged_articles(session)
    inputs, labels = inputs_and_labels(corpus_records("train"))
    inputs += [model_input(j.title, j.body) for j in judged] + [t for t, _ in extra or []]
    labels += [j.event_type for j in judged] + [label for _, label in extra or []]
    model = EventModel.fit(inputs, labels)
    metrics = dev_metrics(model, corpus_records("dev"))
    version = f"{now:%Y%m%d%H%M%S}-{model.meta['data_hash'][:8]}"
    model.meta.update({"version": version, "dev_metrics": metrics, "judged_items": len(judged),
                       "created_at": now.isoformat(timespec="seconds")})  # fmt: skip
    path = models_dir / f"events-{version}.json"
    model.save(path)
    _, current = current_model(database)
    promoted, reason = gate(metrics, current)
    with database.session() as session:
        add_version(
            session, "events", version, str(path), model.meta["data_hash"], metrics, promoted, now
        )
    return TrainOutcome(version, metrics, current, promoted, len(judged), reason)


def gate(candidate: dict[str, Any], current: dict[str, Any]) -> tuple[bool, str]:
    """Promote when the dev-set score is not worse than the current model's beyond the tolerance."""
    new, old = candidate.get(GATE, 0.0), current.get(GATE, 0.0)
    if new + TOLERANCE >= old:
        return True, f"dev {GATE} {new:.4f} vs current {old:.4f}: promoted"
    return (
        False,
        f"dev {GATE} {new:.4f} is worse than current {old:.4f} by more than {TOLERANCE}: kept as candidate",
    )
