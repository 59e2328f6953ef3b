"""Learn from the analysts: retrain the event model on the corpus plus judgements, behind a gate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipelines.corpus import corpus_records
from pipelines.db import Database
from pipelines.db.learning import active_model, add_version, judged_articles
from pipelines.events import BUNDLED_MODEL, EventModel, model_input
from pipelines.stage_model import BUNDLED_STAGE_MODEL, StageModel
from pipelines.textmodel import TextModel
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


@dataclass(frozen=True)
class TextKind:
    """A text model that retrains the same way: corpus examples plus judged ones, dev metrics."""

    name: str  # the kind in model_versions, and the file name's prefix
    model_class: type[TextModel]
    examples: Callable[[list[dict[str, Any]]], tuple[list[str], list[str]]]
    dev_metrics: Callable[[Any, list[dict[str, Any]]], dict[str, Any]]
    what: str  # how the gate's reason names the metric


EVENTS = TextKind("events", EventModel, inputs_and_labels, dev_metrics, "dev")


def retrain(database: Database, models_dir: Path, now: dt.datetime | None = None,
            extra: list[tuple[str, str]] | None = None) -> TrainOutcome:  # fmt: skip
    """Fit on the bundled training corpus plus every judged article; promote only if not worse."""
    with database.session() as session:
        judged = [(model_input(j.title, j.body), j.event_type) for j in judged_articles(session)]
    return retrain_text_model(database, models_dir, EVENTS, judged, extra, now)


def retrain_text_model(
    database: Database, models_dir: Path, kind: TextKind, judged: list[tuple[str, str]],
    extra: list[tuple[str, str]] | None = None, now: dt.datetime | None = None,
) -> TrainOutcome:  # fmt: skip
    """Fit `kind` on its corpus examples plus the judged (input, label) pairs (and `extra`),
    save it as a version, and promote it only if its dev metrics pass the gate."""
    now = now or dt.datetime.now(dt.UTC)
    inputs, labels = kind.examples(corpus_records("train"))
    inputs += [text for text, _ in [*judged, *(extra or [])]]
    labels += [label for _, label in [*judged, *(extra or [])]]
    model = kind.model_class.fit(inputs, labels)
    metrics = kind.dev_metrics(model, corpus_records("dev"))
    version = version_name(now, model.meta["data_hash"])
    model.meta.update({"version": version, "dev_metrics": metrics, "judged_items": len(judged),
                       "created_at": now.isoformat(timespec="seconds")})  # fmt: skip
    path = models_dir / f"{kind.name}-{version}.json"
    model.save(path)
    _, current = current_model(database, kind.name)
    promoted, reason = gate(metrics, current, what=kind.what)
    with database.session() as session:
        add_version(
            session, kind.name, version, str(path), model.meta["data_hash"], metrics, promoted, now
        )
    return TrainOutcome(version, metrics, current, promoted, len(judged), reason, kind.name)


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
