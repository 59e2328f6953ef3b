"""Train the stage model on the bundled corpus; measure rules + model on the dev set."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sklearn.metrics import accuracy_score, f1_score

from pipelines.corpus import corpus_records
from pipelines.events import model_input
from pipelines.normalise import normalise
from pipelines.stage import STAGES
from pipelines.stage_model import BUNDLED_STAGE_MODEL, StageModel, stage_of


def stage_examples(records: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """Model inputs and stage labels of the records that have a stage (the investment events)."""
    staged = [r for r in records if r.get("stage")]
    return [model_input(r["title"], r["text"]) for r in staged], [r["stage"] for r in staged]


def stage_dev_metrics(model: StageModel | None, records: list[dict[str, Any]]) -> dict[str, Any]:
    """Accuracy and macro-F1 of the stage decision (rules + model; rules alone when None)."""
    staged = [r for r in records if r.get("stage")]
    if not staged:
        return {"items": 0}
    inputs, labels = stage_examples(staged)
    predictions = model.predict(inputs) if model else [None] * len(staged)
    decided = [
        stage_of(normalise(r["title"]), normalise(r["text"]), p).stage
        for r, p in zip(staged, predictions, strict=True)
    ]
    return {
        "accuracy": round(float(accuracy_score(labels, decided)), 4),
        "macro_f1": round(float(f1_score(labels, decided, average="macro", labels=list(STAGES))), 4),
        "items": len(staged),
    }  # fmt: skip


def train_bundled_stage(path: Path = BUNDLED_STAGE_MODEL) -> dict[str, Any]:
    """Fit on train/, measure on dev/, save the JSON stage model with its metrics."""
    inputs, labels = stage_examples(corpus_records("train"))
    model = StageModel.fit(inputs, labels)
    metrics = stage_dev_metrics(model, corpus_records("dev"))
    model.meta.update(
        {"version": model.meta["data_hash"][:12], "dev_metrics": metrics,
         "rules_only_dev_metrics": stage_dev_metrics(None, corpus_records("dev")),
         "train_items": len(inputs),
         "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    )  # fmt: skip
    model.save(path)
    return metrics
