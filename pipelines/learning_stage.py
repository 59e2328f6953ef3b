"""Retrain the stage model on the corpus stages plus the analysts' stage judgements, behind a gate."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipelines.db import Database
from pipelines.db.judged import judged_stages
from pipelines.events import model_input
from pipelines.learning import TextKind, TrainOutcome, retrain_text_model
from pipelines.stage_model import StageModel
from pipelines.stage_training import stage_dev_metrics, stage_examples

# gated on the dev stage macro-F1 of rules + model, the way analysis decides
STAGE = TextKind("stage", StageModel, stage_examples, stage_dev_metrics, "dev stage")


def retrain_stage(database: Database, models_dir: Path, now: dt.datetime | None = None,
                  extra: list[tuple[str, str]] | None = None) -> TrainOutcome:  # fmt: skip
    """Fit on the corpus stages plus every judged stage; promote only if not worse."""
    with database.session() as session:
        judged = [(model_input(j.title, j.body), j.stage) for j in judged_stages(session)]
    return retrain_text_model(database, models_dir, STAGE, judged, extra, now)
