"""The dev set (never trained on) against the pinned floors; the bundled model matches the corpus."""

from __future__ import annotations

import json

import pytest

from pipelines.corpus import corpus_records
from pipelines.events import BUNDLED_MODEL, EventModel, ModelMismatch
from pipelines.quality import FLOORS, MINIMUMS, below_floors, dev_report, measures
from pipelines.training import inputs_and_labels


def test_dev_metrics_meet_the_floors() -> None:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))["floors"]
    found = measures(dev_report())
    assert below_floors(found, floors) == []


def test_floors_never_below_the_targets() -> None:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))["floors"]
    for name, minimum in MINIMUMS.items():
        assert floors[name] >= minimum, name


def test_corpus_sizes_and_separation() -> None:
    train, dev = corpus_records("train"), corpus_records("dev")
    assert len(train) >= 800 and len(dev) >= 200
    assert not {r["id"] for r in train} & {r["id"] for r in dev}
    assert not {r["title"] for r in train} & {r["title"] for r in dev}
    kinds = {r["event_type"] for r in train}
    assert kinds == {"new_plant", "expansion", "relocation", "joint_venture", "acquisition", "none"}
    negatives = {r["negative_kind"] for r in train if r["event_type"] == "none"}
    assert {"earnings", "product_launch", "ipo_proceeds", "credit_line", "lawsuit", "executive_change",
            "ranking", "policy", "roundup", "non_manufacturer"} <= negatives  # fmt: skip


def test_bundled_model_was_trained_on_this_corpus() -> None:
    model = EventModel.load(BUNDLED_MODEL)
    from pipelines.events import data_hash

    assert model.meta["data_hash"] == data_hash(*inputs_and_labels(corpus_records("train"))), (
        "the training corpus changed: run `python -m pipelines.training` and commit the model"
    )


def test_a_model_with_other_features_is_refused(tmp_path: pytest.TempPathFactory) -> None:
    payload = json.loads(BUNDLED_MODEL.read_text(encoding="utf-8"))
    payload["features"]["ngram_range"] = [2, 5]
    path = tmp_path / "other.json"  # type: ignore[operator]
    path.write_text(json.dumps(payload), encoding="utf-8")
    with pytest.raises(ModelMismatch):
        EventModel.load(path)


def test_bundled_stage_model_was_trained_on_this_corpus() -> None:
    from pipelines.events import data_hash
    from pipelines.stage_model import BUNDLED_STAGE_MODEL, StageModel
    from pipelines.stage_training import stage_dev_metrics, stage_examples

    model = StageModel.load(BUNDLED_STAGE_MODEL)
    assert model.meta["data_hash"] == data_hash(*stage_examples(corpus_records("train"))), (
        "the training corpus changed: run `python -m pipelines.training` and commit the models"
    )
    with_model, rules_only = (stage_dev_metrics(m, corpus_records("dev")) for m in (model, None))
    assert with_model["macro_f1"] >= rules_only["macro_f1"]  # the model only ever adds to the rules
