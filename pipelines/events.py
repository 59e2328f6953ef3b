"""The event-type model: TF-IDF character n-grams of title and lead, a linear classifier, as JSON."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from pipelines.normalise import normalise

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


class ModelMismatch(ValueError):
    """A saved model whose features differ from the code's."""


def model_input(title: str, text: str) -> str:
    return lead_input(normalise(title), normalise(text))


def lead_input(title: str, text: str) -> str:
    """The model's input from already normalised title and text."""
    return f"{title} | {text[:LEAD_CHARS]}".lower()


@dataclass
class EventModel:
    """A fitted vectoriser and classifier; probabilities per event type."""

    vectoriser: TfidfVectorizer
    classifier: LogisticRegression
    meta: dict[str, Any]

    @classmethod
    def fit(cls, inputs: Sequence[str], labels: Sequence[str], c: float = 8.0) -> EventModel:
        vectoriser = TfidfVectorizer(
            analyzer=FEATURES["analyzer"], ngram_range=tuple(FEATURES["ngram_range"]),
            sublinear_tf=FEATURES["sublinear_tf"], min_df=2, max_features=40000, dtype=np.float32,
        )  # fmt: skip
        matrix = vectoriser.fit_transform(inputs)
        classifier = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
        classifier.fit(matrix, list(labels))
        return cls(vectoriser, classifier, {"data_hash": data_hash(inputs, labels)})

    def predict(self, inputs: Sequence[str]) -> list[tuple[str, float]]:
        probabilities = self.classifier.predict_proba(self.vectoriser.transform(inputs))
        classes = list(self.classifier.classes_)
        best = probabilities.argmax(axis=1)
        return [
            (str(classes[i]), float(row[i])) for i, row in zip(best, probabilities, strict=True)
        ]

    def save(self, path: Path) -> None:
        payload = {
            "features": FEATURES,
            "meta": self.meta,
            "vocabulary": {k: int(v) for k, v in self.vectoriser.vocabulary_.items()},
            "idf": np.round(self.vectoriser.idf_, 6).tolist(),
            "classes": [str(c) for c in self.classifier.classes_],
            "coef": np.round(self.classifier.coef_, 6).tolist(),
            "intercept": np.round(self.classifier.intercept_, 6).tolist(),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        partial.replace(path)

    @classmethod
    def load(cls, path: Path) -> EventModel:
        """Read a JSON model (no code runs on load); refuse one built on other features."""
        payload = json.loads(path.read_text(encoding="utf-8"))
        if payload.get("features") != FEATURES:
            raise ModelMismatch(f"{path}: model features differ from the code's; retrain it")
        vectoriser = TfidfVectorizer(
            analyzer=FEATURES["analyzer"], ngram_range=tuple(FEATURES["ngram_range"]),
            sublinear_tf=FEATURES["sublinear_tf"], vocabulary=payload["vocabulary"], dtype=np.float32,
        )  # fmt: skip
        vectoriser.idf_ = np.asarray(payload["idf"], dtype=np.float64)
        classifier = LogisticRegression()
        classifier.classes_ = np.asarray(payload["classes"])
        classifier.coef_ = np.asarray(payload["coef"], dtype=np.float64)
        classifier.intercept_ = np.asarray(payload["intercept"], dtype=np.float64)
        return cls(vectoriser, classifier, payload.get("meta", {}))


def data_hash(inputs: Sequence[str], labels: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for text, label in zip(inputs, labels, strict=True):
        digest.update(f"{label}\t{text}\n".encode())
    return digest.hexdigest()
