"""Score weights refitted from the analysts' judgements, saved as JSON, applied over the catalog's."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from catalog.errors import CatalogError
from catalog.model import Weights
from pipelines.db.learning import active_model
from pipelines.score import FEATURES
from pipelines.textmodel import ModelMismatch, read_json_model

# the score's features, in order; a weights file fitted on other features is refused
WEIGHT_FEATURES = [feature.__name__ for feature in FEATURES]


@dataclass(frozen=True)
class LearnedWeights:
    """One weight per score feature (summing to 1) and the lead threshold that goes with them."""

    weights: dict[str, float]
    threshold: float
    meta: dict[str, Any]

    def apply(self, base: Weights) -> Weights:
        """The catalog's weights.yml with these weights and threshold; bands and rates stay."""
        return base.model_copy(update={"weights": dict(self.weights), "threshold": self.threshold})

    def save(self, path: Path) -> None:
        payload = {"features": WEIGHT_FEATURES, "weights": self.weights,
                   "threshold": self.threshold, "meta": self.meta}  # fmt: skip
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
        partial.replace(path)

    @classmethod
    def load(cls, path: Path) -> LearnedWeights:
        """Read and check a weights file; a bad one raises naming the file and the field."""
        payload = read_json_model(path)
        if payload.get("features") != WEIGHT_FEATURES:
            raise ModelMismatch(path, None, "features",
                                f"weights were fitted on other score features than {WEIGHT_FEATURES}")  # fmt: skip
        weights = payload.get("weights")
        if not isinstance(weights, dict) or sorted(weights) != sorted(WEIGHT_FEATURES):
            raise CatalogError(path, None, "weights", "needs one weight for each score feature")
        for name in WEIGHT_FEATURES:
            if not _number(weights[name]) or weights[name] < 0:
                raise CatalogError(path, None, f"weights.{name}", "must be a number >= 0")
        if sum(weights.values()) <= 0:
            raise CatalogError(path, None, "weights", "all weights are zero")
        threshold: Any = payload.get("threshold")
        if not _number(threshold) or not 0 <= threshold <= 1:
            raise CatalogError(path, None, "threshold", "must be a number between 0 and 1")
        meta = payload.get("meta", {})
        return cls({n: float(weights[n]) for n in WEIGHT_FEATURES}, float(threshold),
                   meta if isinstance(meta, dict) else {})  # fmt: skip


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def active_weights(session: Session, catalog_weights: Weights) -> Weights:
    """The weights and threshold in use: the active learned version over the catalog's, if any."""
    row = active_model(session, "weights")
    return LearnedWeights.load(Path(row.path)).apply(catalog_weights) if row else catalog_weights
