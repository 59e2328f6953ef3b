"""Refit the score weights from the analysts' accepts and rejects; promoted only if they rank better."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np

from catalog.model import Weights
from pipelines.db import Database
from pipelines.db.judged import JudgedLead, investment_explanations, judged_leads
from pipelines.db.learning import add_version
from pipelines.learning import TrainOutcome, gate, version_name
from pipelines.score_weights import WEIGHT_FEATURES, LearnedWeights, active_weights
from pipelines.weights_fit import (
    Matrix,
    cross_validated_auc,
    enough,
    fit_weights,
    matched_threshold,
    ranking_auc,
)

GATE = "auc"


def refit_weights(database: Database, models_dir: Path, catalog_weights: Weights,
                  now: dt.datetime | None = None) -> TrainOutcome:  # fmt: skip
    """Fit weights on every accept/reject, shrunk toward the catalog's; gate on ranking AUC."""
    now = now or dt.datetime.now(dt.UTC)
    with database.session() as session:
        judged = judged_leads(session, WEIGHT_FEATURES)
        population = _matrix(investment_explanations(session))
    current = _current_weights(database, catalog_weights)
    too_few = enough([j.accepted for j in judged])
    if too_few:
        return TrainOutcome("-", {}, {}, False, len(judged), f"not refitted: {too_few}", "weights")
    values, accepted = _matrix([j.values for j in judged]), np.array([j.accepted for j in judged])
    prior, old = _vector(catalog_weights.weights), _vector(current.weights)
    weights = fit_weights(values, accepted, prior)
    threshold = matched_threshold(population, old, weights, current.threshold)
    metrics = _metrics(values, accepted, prior, weights, threshold)
    current_metrics = {GATE: ranking_auc(values, accepted, old), "threshold": current.threshold}
    digest = _data_hash(judged)
    version = version_name(now, digest)
    learned = LearnedWeights(
        {n: round(float(w), 4) for n, w in zip(WEIGHT_FEATURES, weights, strict=True)}, threshold,
        {"version": version, "data_hash": digest, "judged_metrics": metrics,
         "current_metrics": current_metrics, "prior": dict(catalog_weights.weights),
         "created_at": now.isoformat(timespec="seconds")},
    )  # fmt: skip
    path = models_dir / f"weights-{version}.json"
    learned.save(path)
    promoted, reason = gate(metrics, current_metrics, GATE, what="judged-lead ranking")
    with database.session() as session:
        add_version(session, "weights", version, str(path), digest, metrics, promoted, now)
    return TrainOutcome(version, metrics, current_metrics, promoted, len(judged), reason, "weights")


def _metrics(values: Matrix, accepted: np.ndarray[Any, np.dtype[np.bool_]], prior: Matrix,
             weights: Matrix, threshold: float) -> dict[str, Any]:  # fmt: skip
    """Cross-validated AUC (the gate), in-sample AUC, accuracy of the lead decision at the threshold."""
    decided = values @ weights >= threshold
    return {
        GATE: cross_validated_auc(values, accepted, prior),
        "auc_in_sample": ranking_auc(values, accepted, weights),
        "accuracy": round(float((decided == accepted).mean()), 4),
        "items": len(accepted),
        "accepted": int(accepted.sum()),
        "threshold": threshold,
    }


def _current_weights(database: Database, catalog_weights: Weights) -> Weights:
    with database.session() as session:
        return active_weights(session, catalog_weights)


def _vector(weights: dict[str, float]) -> Matrix:
    vector = np.array([weights.get(name, 0.0) for name in WEIGHT_FEATURES], dtype=np.float64)
    return vector if vector.sum() > 0 else np.ones(len(WEIGHT_FEATURES))


def _matrix(rows: list[dict[str, float]]) -> Matrix:
    complete = [r for r in rows if all(name in r for name in WEIGHT_FEATURES)]
    return np.array([[r[n] for n in WEIGHT_FEATURES] for r in complete], dtype=np.float64).reshape(
        len(complete), len(WEIGHT_FEATURES)
    )


def _data_hash(judged: list[JudgedLead]) -> str:
    lines = (json.dumps([j.lead_id, j.accepted, j.values], sort_keys=True) for j in judged)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()
