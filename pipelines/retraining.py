"""One retraining run: the event model, the stage model and the score weights, each behind its gate."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from catalog.model import Weights
from pipelines.db import Database
from pipelines.learning import TrainOutcome, retrain
from pipelines.learning_stage import retrain_stage
from pipelines.learning_weights import refit_weights


def retrain_all(database: Database, models_dir: Path, catalog_weights: Weights,
                now: dt.datetime | None = None) -> list[TrainOutcome]:  # fmt: skip
    """What `leadradar train` and the weekly `retrain` flow run, in this order."""
    now = now or dt.datetime.now(dt.UTC)
    return [
        retrain(database, models_dir, now),
        retrain_stage(database, models_dir, now),
        refit_weights(database, models_dir, catalog_weights, now),
    ]
