"""The event-type model: TF-IDF character n-grams of title and lead, a linear classifier, as JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from pipelines.normalise import normalise
from pipelines.textmodel import ModelMismatch, TextModel, data_hash

__all__ = ["BUNDLED_MODEL", "EVENT_TYPES", "FEATURES", "EventModel", "ModelMismatch", "data_hash",
           "lead_input", "model_input"]  # fmt: skip

EVENT_TYPES = ("new_plant", "expansion", "relocation", "joint_venture", "acquisition", "none")
LEAD_CHARS = 400
# what the code computes from a text; a saved model built on anything else is refused
FEATURES: dict[str, Any] = {
    "input": f"normalised lower-case title + ' | ' + first {LEAD_CHARS} characters of text",
    "analyzer": "char_wb",
    "ngram_range": [1, 3],
    "sublinear_tf": True,
    "version": 1,
}
BUNDLED_MODEL = Path(__file__).resolve().parent / "models" / "events.json"


def model_input(title: str, text: str) -> str:
    return lead_input(normalise(title), normalise(text))


def lead_input(title: str, text: str) -> str:
    """The model's input from already normalised title and text."""
    return f"{title} | {text[:LEAD_CHARS]}".lower()


class EventModel(TextModel):
    """Probabilities per event type."""

    FEATURES: ClassVar[dict[str, Any]] = FEATURES
