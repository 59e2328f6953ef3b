"""A text classifier saved as plain JSON: TF-IDF character n-grams and a logistic regression."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Self

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from catalog.errors import CatalogError

SAVED_KEYS = ("vocabulary", "idf", "classes", "coef", "intercept")


class ModelMismatch(CatalogError):
    """A saved model whose features differ from the code's."""


@dataclass
class TextModel:
    """A fitted vectoriser and classifier; probabilities per label.

    Subclasses name their FEATURES (what the code computes from a text, and which labels the model
    predicts); a saved model built on anything else is refused on load.
    """

    FEATURES: ClassVar[dict[str, Any]]
    vectoriser: TfidfVectorizer
    classifier: LogisticRegression
    meta: dict[str, Any]

    @classmethod
    def fit(cls, inputs: Sequence[str], labels: Sequence[str], c: float = 8.0) -> Self:
        vectoriser = cls._vectoriser(min_df=2, max_features=40000)
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
            "features": self.FEATURES,
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
    def load(cls, path: Path) -> Self:
        """Read a JSON model (no code runs on load); refuse one built on other features."""
        payload = read_json_model(path)
        if payload.get("features") != cls.FEATURES:
            raise ModelMismatch(path, None, "features", "model features differ from the code's; retrain it")  # fmt: skip
        for key in SAVED_KEYS:
            if key not in payload:
                raise CatalogError(path, None, key, "missing from the saved model")
        vectoriser = cls._vectoriser(vocabulary=payload["vocabulary"])
        vectoriser.idf_ = np.asarray(payload["idf"], dtype=np.float64)
        classifier = LogisticRegression()
        classifier.classes_ = np.asarray(payload["classes"])
        classifier.coef_ = np.asarray(payload["coef"], dtype=np.float64)
        classifier.intercept_ = np.asarray(payload["intercept"], dtype=np.float64)
        return cls(vectoriser, classifier, payload.get("meta", {}))

    @classmethod
    def _vectoriser(cls, **options: Any) -> TfidfVectorizer:
        return TfidfVectorizer(
            analyzer=cls.FEATURES["analyzer"], ngram_range=tuple(cls.FEATURES["ngram_range"]),
            sublinear_tf=cls.FEATURES["sublinear_tf"], dtype=np.float32, **options,
        )  # fmt: skip


def read_json_model(path: Path) -> dict[str, Any]:
    """The JSON object of a saved model file; a missing or broken file names itself."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogError(path, None, None, "model file not found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CatalogError(path, None, None, f"not a JSON model file ({exc})") from None
    if not isinstance(payload, dict):
        raise CatalogError(path, None, None, "a model file must hold a JSON object")
    return payload


def data_hash(inputs: Sequence[str], labels: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for text, label in zip(inputs, labels, strict=True):
        digest.update(f"{label}\t{text}\n".encode())
    return digest.hexdigest()
