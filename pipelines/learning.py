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
from pipelines.stage_model import BUNDLED_STAGE_MODEL, StageModel
from pipelines.training import dev_metrics, inputs_and_labels

TOLERANCE = 0.01  # a retrained model may be this much worse on dev macro-F1 and still be promoted
GATE = "macro_f1"
BUNDLED = {"events": BUNDLED_MODEL, "stage": BUNDLED_STAGE_MODEL}


@dataclass(frozen=True)
class TrainOutcome:
    version: str
    metrics: dict[str, Any]
    current: dict[str, Any]
    promoted: bool
    judged: int
    reason: str
    kind: str = "events"


@dataclass(frozen=True)
class ActiveModels:
    """The files analysis reads: trained versions in use, else the bundled ones (weights: catalog)."""

    events: Path
    stage: Path
    weights: Path | None


def current_model(database: Database, kind: str = "events") -> tuple[Path, dict[str, Any]]:
    """The model in use (the active version, else the bundled one) and its dev metrics."""
    with database.session() as session:
        row = active_model(session, kind)
        if row is not None:
            return Path(row.path), dict(row.metrics)
    bundled = BUNDLED[kind]
    model_class = StageModel if kind == "stage" else EventModel
    return bundled, dict(model_class.load(bundled).meta.get("dev_metrics", {}))


def active_models(database: Database) -> ActiveModels:
    with database.session() as session:
        rows = {kind: active_model(session, kind) for kind in ("events", "stage", "weights")}
        paths = {kind: Path(row.path) if row else None for kind, row in rows.items()}
    return ActiveModels(paths["events"] or BUNDLED_MODEL, paths["stage"] or BUNDLED_STAGE_MODEL,
                        paths["weights"])  # fmt: skip


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
    version = version_name(now, model.meta["data_hash"])
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


def version_name(now: dt.datetime, data_hash: str) -> str:
    return f"{now:%Y%m%d%H%M%S}-{data_hash[:8]}"


def gate(candidate: dict[str, Any], current: dict[str, Any], metric: str = GATE,
         what: str = "dev") -> tuple[bool, str]:  # fmt: skip
    """Promote when the candidate's score is not worse than the current one's beyond the tolerance."""
    new, old = candidate.get(metric, 0.0), current.get(metric, 0.0)
    if new + TOLERANCE >= old:
        return True, f"{what} {metric} {new:.4f} vs current {old:.4f}: promoted"
    return (
        False,
        f"{what} {metric} {new:.4f} is worse than current {old:.4f} by more than {TOLERANCE}: kept as candidate",
    )
