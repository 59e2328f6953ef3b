"""The stage model and how it joins the rules: explicit evidence decides, the model fills the gaps."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from pipelines.events import FEATURES as EVENT_FEATURES
from pipelines.stage import STAGES, detect_stage
from pipelines.textmodel import TextModel

BUNDLED_STAGE_MODEL = Path(__file__).resolve().parent / "models" / "stage.json"
# the model's answer replaces a silent or merely "announced" rule result from this confidence on
FILL_CONFIDENCE = 0.7
# and overrides explicit 签约/开工/投产 evidence only from this one: on the corpus alone it never
# gets there (the dev set's highest is below 0.6); analysts' repeated corrections can take it there
OVERRIDE_CONFIDENCE = 0.9
EXPLICIT = ("signed", "construction", "production")


class StageModel(TextModel):
    """Probabilities per project stage, from the same input as the event model."""

    FEATURES: ClassVar[dict[str, Any]] = {**EVENT_FEATURES, "labels": list(STAGES)}


@dataclass(frozen=True)
class StageDecision:
    stage: str
    source: str  # "rules" or "model"
    confidence: float | None


def decide_stage(rules: str | None, predicted: tuple[str, float] | None) -> StageDecision:
    """Rules on explicit evidence win unless the model is very sure; elsewhere a sure model wins."""
    fallback = StageDecision(rules or "announced", "rules", None)
    if predicted is None:
        return fallback
    stage, confidence = predicted
    needed = OVERRIDE_CONFIDENCE if rules in EXPLICIT else FILL_CONFIDENCE
    if stage != fallback.stage and confidence >= needed:
        return StageDecision(stage, "model", round(confidence, 4))
    return fallback


def stage_of(title: str, text: str, predicted: tuple[str, float] | None) -> StageDecision:
    """The stage of normalised title and text, given the model's prediction (None: rules only)."""
    return decide_stage(detect_stage(title, text), predicted)
