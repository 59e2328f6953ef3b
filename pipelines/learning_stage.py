"""Retrain the stage model on the corpus stages plus the analysts' stage judgements, behind a gate."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipelines.corpus import corpus_records
from pipelines.db import Database
from pipelines.db.judged import judged_stages
from pipelines.db.learning import add_version
from pipelines.events import model_input
from pipelines.learning import TrainOutcome, current_model, gate, version_name
from pipelines.stage_model import StageModel
from pipelines.stage_training import stage_dev_metrics, stage_examples


def retrain_stage(database: Database, models_dir: Path, now: dt.datetime | None = None,
                  extra: list[tuple[str, str]] | None = None) -> TrainOutcome:  # fmt: skip
    """Fit on the corpus stages plus every judged stage; promote only if the dev stage macro-F1
    (rules + model, the way analysis decides) is not worse than the current model's."""
    now = now or dt.datetime.now(dt.UTC)
    with database.session() as session:
        judged = judged_stages(session)
    inputs, labels = stage_examples(corpus_records("train"))
    inputs += [model_input(j.title, j.body) for j in judged] + [t for t, _ in extra or []]
    labels += [j.stage for j in judged] + [label for _, label in extra or []]
    model = StageModel.fit(inputs, labels)
    metrics = stage_dev_metrics(model, corpus_records("dev"))
    version = version_name(now, model.meta["data_hash"])
    model.meta.update({"version": version, "dev_metrics": metrics, "judged_items": len(judged),
                       "created_at": now.isoformat(timespec="seconds")})  # fmt: skip
    path = models_dir / f"stage-{version}.json"
    model.save(path)
    _, current = current_model(database, "stage")
    promoted, reason = gate(metrics, current, what="dev stage")
    with database.session() as session:
        add_version(
            session, "stage", version, str(path), model.meta["data_hash"], metrics, promoted, now
        )
    return TrainOutcome(version, metrics, current, promoted, len(judged), reason, "stage")
