"""Train the event model (and, from the command line, the stage model) on the bundled corpus."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from sklearn.metrics import accuracy_score, f1_score

from pipelines.corpus import corpus_records
from pipelines.events import BUNDLED_MODEL, EVENT_TYPES, EventModel, model_input


def inputs_and_labels(records: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    return (
        [model_input(r["title"], r["text"]) for r in records],
        [r["event_type"] for r in records],
    )


def dev_metrics(model: EventModel, records: list[dict[str, Any]]) -> dict[str, float]:
    if not records:
        return {"items": 0}
    inputs, labels = inputs_and_labels(records)
    predicted = [label for label, _ in model.predict(inputs)]
    binary_true = [label != "none" for label in labels]
    binary_pred = [label != "none" for label in predicted]
    return {
        "accuracy": round(float(accuracy_score(labels, predicted)), 4),
        "macro_f1": round(
            float(f1_score(labels, predicted, average="macro", labels=list(EVENT_TYPES))), 4
        ),
        "event_f1": round(float(f1_score(binary_true, binary_pred)), 4),
        "items": len(records),
    }


def train_bundled(path: Path = BUNDLED_MODEL) -> dict[str, float]:
    """Fit on train/, measure on dev/, save the JSON model with its metrics."""
    train = corpus_records("train")
    model = EventModel.fit(*inputs_and_labels(train))
    metrics = dev_metrics(model, corpus_records("dev"))
    model.meta.update(
        {"version": model.meta["data_hash"][:12], "dev_metrics": metrics,
         "train_items": len(train), "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    )  # fmt: skip
    model.save(path)
    return metrics


if __name__ == "__main__":
    from pipelines.stage_training import train_bundled_stage

    sys.stdout.write(f"events: {train_bundled()}\nstage: {train_bundled_stage()}\n")
