"""The score weights learn from accepts and rejects: refit, shrinkage, gate, rollback, use in scoring."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

import cli
from catalog.load import load_catalog
from catalog.registry import load_registry
from pipelines.analyse import AnalysisContext, NewsItem, analyse
from pipelines.bootstrap import initialise
from pipelines.db import Database
from pipelines.db.judged import judged_leads
from pipelines.db.learning import activate, add_version
from pipelines.db.models import Analysis, Article, Judgement, Lead
from pipelines.learning import active_models
from pipelines.learning_weights import refit_weights
from pipelines.parallel import ContextRecipe
from pipelines.score_weights import WEIGHT_FEATURES, LearnedWeights
from pipelines.settings import BUNDLED_CATALOG, BUNDLED_REGISTRY, load_settings
from pipelines.textmodel import ModelMismatch

NOW = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
CATALOG = load_catalog(BUNDLED_CATALOG)
# the values each score feature can take (pipelines/score.py)
CHOICES = {"company_tier": [0.0, 0.2, 0.35, 0.8, 0.85, 1.0], "event_type": [0.4, 0.7, 0.8, 1.0],
           "stage": [0.4, 0.5, 0.7, 1.0], "amount_band": [0.35, 0.4, 0.65, 0.85, 1.0],
           "sector_fit": [0.0, 0.6, 1.0], "chain_gap": [0.0, 0.4, 0.7, 1.0],
           "actionability": [0.2, 0.4, 0.5, 0.8, 0.9, 1.0], "recency": [0.6, 0.8, 0.9, 1.0],
           "novelty": [0.3, 1.0]}  # fmt: skip


def lead_values(i: int) -> dict[str, float]:
    chooser = random.Random(i)
    return {name: chooser.choice(CHOICES[name]) for name in WEIGHT_FEATURES}


@pytest.fixture
def database(tmp_path: Path) -> Database:
    settings = load_settings(database_url=f"sqlite:///{tmp_path / 'w.db'}", env={"LEADRADAR_HOME": str(tmp_path)})  # fmt: skip
    return initialise(settings)[0]


def judged_stream(database: Database, leads: list[dict[str, float]], accepted: list[bool],
                  reason: str = "不值得跟进") -> None:  # fmt: skip
    """Each lead stored with its explanation (and its article's analysis), then judged."""
    with database.session() as session:
        for n, (values, ok) in enumerate(zip(leads, accepted, strict=True)):
            explanation = [{"feature": k, "value": v, "contribution": 0.0, "why": ""} for k, v in values.items()]  # fmt: skip
            url = f"http://127.0.0.1/w/{n}"
            article = Article(url=url, fetched_url=url, title=f"t{n}", body="b", fetched_at=NOW, content_hash=f"w{n}")  # fmt: skip
            lead = Lead(project_key=f"w{n}", company_key=f"c{n}", company_name="x", event_type="new_plant",
                        score=0.5, explanation=explanation)  # fmt: skip
            session.add_all([article, lead])
            session.flush()
            session.add(Analysis(article_id=article.id, model_version="t", catalog_version="t", event_type="new_plant",
                                 score=0.5, is_lead=True, result={"explanation": explanation}))  # fmt: skip
            session.add(Judgement(lead_id=lead.id, at=NOW, action="accept" if ok else "reject",
                                  field="status", reason=None if ok else reason))  # fmt: skip


def test_simulation_rejected_big_projects_lower_the_amount_weight(database: Database, tmp_path: Path) -> None:  # fmt: skip
    """Analysts of a county short of land reject every project of 1亿元 and more (amount_band ≥ 0.85)
    and every project outside its industries (sector_fit 0); they accept the rest."""
    leads = [lead_values(i) for i in range(150)]
    accepted = [v["amount_band"] < 0.85 and v["sector_fit"] > 0 for v in leads]
    judged_stream(database, leads, accepted)
    outcome = refit_weights(database, tmp_path / "models", CATALOG.weights, NOW)
    learned = LearnedWeights.load(active_models(database).weights or Path("-"))
    before, after = CATALOG.weights.weights["amount_band"], learned.weights["amount_band"]
    print(f"amount_band weight before {before:.3f}, after {after:.3f}; judged-lead AUC before "
          f"{outcome.current['auc']:.3f}, after {outcome.metrics['auc']:.3f} (cross-validated); "
          f"threshold {CATALOG.weights.threshold} -> {learned.threshold}; weights {learned.weights}")  # fmt: skip
    assert outcome.kind == "weights" and outcome.judged == 150 and outcome.promoted
    assert before == 0.12 and after < 0.05  # measured: 0.12 -> 0.033
    assert learned.weights["sector_fit"] > 0.3  # measured: 0.14 -> 0.374
    assert outcome.metrics["auc"] > outcome.current["auc"] + 0.05  # measured: 0.609 -> 0.706
    assert abs(sum(learned.weights.values()) - 1) < 1e-3 and min(learned.weights.values()) >= 0
    assert 0.2 <= learned.threshold <= 0.6  # measured: 0.40 -> 0.277, the same share of leads
    assert learned.meta["prior"] == CATALOG.weights.weights and learned.meta["data_hash"]


def test_a_few_judgements_move_the_weights_little(database: Database, tmp_path: Path) -> None:
    leads = [lead_values(i) for i in range(24)]
    judged_stream(database, leads, [v["amount_band"] < 0.85 and v["sector_fit"] > 0 for v in leads])
    outcome = refit_weights(database, tmp_path / "models", CATALOG.weights, NOW)
    learned = LearnedWeights.load(
        Path(json.loads(json.dumps(str(tmp_path / "models" / f"weights-{outcome.version}.json"))))
    )
    moved = {k: abs(learned.weights[k] - v) for k, v in CATALOG.weights.weights.items()}
    assert max(moved.values()) < 0.05  # 24 judgements against a prior worth 60


def test_too_few_judgements_refit_nothing(database: Database, tmp_path: Path) -> None:
    judged_stream(database, [lead_values(i) for i in range(8)], [True] * 4 + [False] * 4)
    outcome = refit_weights(database, tmp_path / "models", CATALOG.weights, NOW)
    assert outcome.version == "-" and not outcome.promoted and "needs 20" in outcome.reason
    assert not (tmp_path / "models").exists()


def test_duplicate_rejections_are_no_score_label(database: Database) -> None:
    judged_stream(
        database, [lead_values(1), lead_values(2)], [False, False], reason="重复线索，已知项目"
    )
    judged_stream_more = [lead_values(3)]
    with database.session() as session:
        assert judged_leads(session, WEIGHT_FEATURES) == []
    assert judged_stream_more  # the third lead is never stored: only the two duplicates exist


def test_worse_weights_are_a_candidate_and_rollback_works(database: Database, tmp_path: Path) -> None:  # fmt: skip
    """The analysts accept exactly the 补链 leads; weights on chain_gap alone rank them perfectly."""
    leads = [lead_values(i) for i in range(40)]
    judged_stream(database, leads, [v["chain_gap"] == 1.0 for v in leads])
    oracle = LearnedWeights(
        {n: float(n == "chain_gap") for n in WEIGHT_FEATURES}, 0.5, {"version": "oracle"}
    )
    oracle.save(tmp_path / "oracle.json")
    with database.session() as session:
        add_version(
            session,
            "weights",
            "oracle",
            str(tmp_path / "oracle.json"),
            "h",
            {"auc": 1.0},
            True,
            NOW,
        )
    outcome = refit_weights(database, tmp_path / "models", CATALOG.weights, NOW)
    assert outcome.current["auc"] == 1.0 and outcome.metrics["auc"] < 0.99
    assert outcome.promoted is False and "kept as candidate" in outcome.reason
    assert active_models(database).weights == tmp_path / "oracle.json"
    assert cli.main(["models", "use", outcome.version, "--db", str(database.engine.url)]) == 0
    assert (
        active_models(database).weights == tmp_path / "models" / f"weights-{outcome.version}.json"
    )
    with database.session() as session:
        assert activate(session, "weights", "oracle")
    assert active_models(database).weights == tmp_path / "oracle.json"


def test_scoring_uses_the_active_weights(tmp_path: Path) -> None:
    weights = {n: 0.0 for n in WEIGHT_FEATURES} | {"company_tier": 1.0}
    path = tmp_path / "weights.json"
    LearnedWeights(weights, 0.9, {"version": "only-tier"}).save(path)
    item = NewsItem("n1", "比亚迪宣布在宝应投资50亿元新建电池工厂", "比亚迪宣布在宝应经济开发区投资50亿元新建动力电池工厂。", None, "2026-11-20", "zh")  # fmt: skip
    registry = load_registry(BUNDLED_REGISTRY)
    catalog_result = analyse(item, AnalysisContext.build(CATALOG, registry, now=NOW))
    recipe = ContextRecipe(BUNDLED_CATALOG, BUNDLED_REGISTRY, None, NOW, weights_path=path)
    learned_result = analyse(item, recipe.build())  # as a worker process builds its context
    tier = next(e["value"] for e in learned_result["explanation"] if e["feature"] == "company_tier")
    assert learned_result["score"] == pytest.approx(tier, abs=1e-3)
    assert catalog_result["score"] != learned_result["score"]
    assert learned_result["model_versions"]["weights"] == "only-tier"
    assert catalog_result["model_versions"]["weights"] == "catalog"


@pytest.mark.parametrize(
    ("change", "field"),
    [(lambda p: p["features"].pop(), "features"), (lambda p: p["weights"].update(stage=-1), "weights.stage"),
     (lambda p: p.update(threshold=2), "threshold"), (lambda p: p.pop("weights"), "weights")],
)  # fmt: skip
def test_a_bad_weights_file_is_refused_naming_the_field(tmp_path: Path, change: object, field: str) -> None:  # fmt: skip
    path = tmp_path / "weights.json"
    LearnedWeights({n: 1 / 9 for n in WEIGHT_FEATURES}, 0.4, {}).save(path)
    payload = json.loads(path.read_text(encoding="utf-8"))
    change(payload)  # type: ignore[operator]
    path.write_text(json.dumps(payload), encoding="utf-8")
    with pytest.raises(ValueError, match=f"{path}: field {field}:"):
        LearnedWeights.load(path)
    if field == "features":
        with pytest.raises(ModelMismatch):
            LearnedWeights.load(path)


def test_process_with_a_broken_active_weights_file_exits_2(
    database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with database.session() as session:
        add_version(session, "weights", "broken", str(broken), "h", {}, True, NOW)
    assert cli.main(["process", "--db", str(database.engine.url)]) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 1 and str(broken) in errors[0] and "not a JSON model file" in errors[0]
