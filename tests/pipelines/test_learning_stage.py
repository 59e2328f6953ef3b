"""The stage model learns from the analysts' stage corrections: retraining, gate, rollback, use."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipelines.bootstrap import initialise
from pipelines.db import Database
from pipelines.db.judged import judged_stages
from pipelines.db.learning import activate, add_version, model_versions
from pipelines.db.models import Analysis, Article, Judgement, Lead, LeadArticle
from pipelines.events import model_input
from pipelines.learning import active_models, current_model
from pipelines.learning_stage import retrain_stage
from pipelines.normalise import normalise
from pipelines.settings import load_settings
from pipelines.stage_model import BUNDLED_STAGE_MODEL, StageModel, decide_stage, stage_of
from pipelines.textmodel import ModelMismatch

NOW = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
COMPANIES = ["比亚迪", "格力电器", "海尔智家", "美的集团", "三一重工", "徐工集团", "立讯精密",
             "亨通光电", "中天科技", "正泰电器", "隆基绿能", "天合光能", "宁德时代"]  # fmt: skip
PLACES = ["宝应", "高邮", "仪征", "江都", "兴化", "泗阳", "沭阳", "涟水"]


def land_deal(i: int) -> tuple[str, str]:
    """Written for this test: a manufacturer wins a land auction for a plant. The county counts
    that as signed (the land contract is signed), but no 签约/开工/投产 word says so."""
    company, place, mu = COMPANIES[i % 13], PLACES[i % 8], 80 + 13 * i
    title = [f"{company}摘得{place}{mu}亩工业用地", f"{company}竞得{place}经开区地块",
             f"{place}{mu}亩工业地块由{company}摘牌"][i % 3]  # fmt: skip
    text = (f"{company}日前以{3 + i % 7}亿元摘得{place}经济开发区{mu}亩工业用地，"
            f"用于新能源零部件工厂项目。")  # fmt: skip
    return title, text


@pytest.fixture
def database(tmp_path: Path) -> Database:
    settings = load_settings(
        database_url=f"sqlite:///{tmp_path / 's.db'}", env={"LEADRADAR_HOME": str(tmp_path)}
    )
    return initialise(settings)[0]


def add_lead(database: Database, title: str, text: str, stage: str, n: int) -> int:
    """An article analysed at `stage`, the only source of its lead."""
    with database.session() as session:
        url = f"http://127.0.0.1/s/{n}"
        article = Article(url=url, fetched_url=url, title=title, body=text, fetched_at=NOW,
                          content_hash=f"s{n}")  # fmt: skip
        session.add(article)
        session.flush()
        session.add(Analysis(article_id=article.id, model_version="t", catalog_version="t",
                             event_type="new_plant", stage=stage, score=0.6, is_lead=True, result={}))  # fmt: skip
        lead = Lead(project_key=f"s{n}", company_key=f"c{n}", company_name="x",
                    event_type="new_plant", stage=stage, score=0.6)  # fmt: skip
        session.add(lead)
        session.flush()
        session.add(LeadArticle(lead_id=lead.id, article_id=article.id, added_at=NOW))
        return lead.id


def judge(database: Database, lead_id: int, action: str, **fields: str) -> None:
    with database.session() as session:
        session.add(Judgement(lead_id=lead_id, at=NOW, action=action, **fields))


def share_signed(model: StageModel | None, items: list[tuple[str, str]]) -> float:
    predictions = model.predict([model_input(t, x) for t, x in items]) if model else [None] * len(items)  # fmt: skip
    decided = [stage_of(normalise(t), normalise(x), p).stage
               for (t, x), p in zip(items, predictions, strict=True)]  # fmt: skip
    return sum(stage == "signed" for stage in decided) / len(items)


def test_rules_decide_on_explicit_evidence_and_the_model_fills_gaps() -> None:
    assert decide_stage("production", ("signed", 0.8)).stage == "production"
    assert decide_stage("production", ("signed", 0.95)).stage == "signed"  # taught by analysts
    assert decide_stage(None, ("construction", 0.75)) == decide_stage(
        "announced", ("construction", 0.75)
    )
    assert decide_stage(None, ("construction", 0.75)).source == "model"
    assert decide_stage(None, ("construction", 0.5)).stage == "announced"
    assert decide_stage("signed", None).source == "rules"


def test_stage_corrections_and_accepts_become_labels(database: Database) -> None:
    corrected = add_lead(database, *land_deal(1), "announced", 1)
    accepted = add_lead(
        database, "宁德时代宝应电池工厂开工", "宁德时代宝应工厂今日开工。", "construction", 2
    )
    rejected = add_lead(database, "某公司发布财报", "营收增长。", "announced", 3)
    judge(database, corrected, "correct", field="stage", old_value="announced", new_value="signed")
    judge(database, accepted, "accept", field="status")
    judge(database, rejected, "reject", field="status", reason="财报不是投资")
    with database.session() as session:
        labels = sorted((j.title[:4], j.stage) for j in judged_stages(session))
    assert labels == [("宁德时代", "construction"), (land_deal(1)[0][:4], "signed")]


def test_simulation_stage_corrections_teach_the_model(database: Database, tmp_path: Path) -> None:
    stream, held_out = [land_deal(i) for i in range(40)], [land_deal(i) for i in range(100, 130)]
    rules_only = share_signed(None, held_out)
    before = share_signed(StageModel.load(BUNDLED_STAGE_MODEL), held_out)
    for n, (title, text) in enumerate(stream):
        lead_id = add_lead(database, title, text, "announced", n)
        judge(
            database, lead_id, "correct", field="stage", old_value="announced", new_value="signed"
        )
    outcome = retrain_stage(database, tmp_path / "models", NOW)
    after = share_signed(StageModel.load(current_model(database, "stage")[0]), held_out)
    print(f"land deals staged as signed on held-out items: rules only {rules_only:.2f}, "
          f"bundled model {before:.2f}, after 40 corrections {after:.2f}; dev stage {outcome.metrics}")  # fmt: skip
    assert outcome.kind == "stage" and outcome.judged == 40 and outcome.promoted
    assert rules_only == 0.0 and before <= 0.1
    assert after >= 0.9
    assert outcome.metrics["macro_f1"] >= StageModel.load(BUNDLED_STAGE_MODEL).meta["dev_metrics"]["macro_f1"] - 0.01  # fmt: skip
    assert active_models(database).stage.name == f"stage-{outcome.version}.json"


def test_worse_stage_model_is_a_candidate_and_rollback_works(
    database: Database, tmp_path: Path
) -> None:
    with database.session() as session:  # a current model claiming a dev score no retrain reaches
        add_version(session, "stage", "best", str(BUNDLED_STAGE_MODEL), "h", {"macro_f1": 0.999}, True, NOW)  # fmt: skip
    outcome = retrain_stage(database, tmp_path / "models", NOW + dt.timedelta(hours=1))
    assert outcome.promoted is False and "kept as candidate" in outcome.reason
    assert active_models(database).stage == BUNDLED_STAGE_MODEL
    with database.session() as session:
        assert activate(session, "stage", outcome.version)
    assert active_models(database).stage.name == f"stage-{outcome.version}.json"
    with database.session() as session:
        assert activate(session, "stage", "best")
        assert [v.active for v in model_versions(session, "stage")] == [False, True]
        assert model_versions(session, "events") == []


def test_an_event_model_is_refused_as_a_stage_model() -> None:
    from pipelines.events import BUNDLED_MODEL

    with pytest.raises(ModelMismatch, match="features"):
        StageModel.load(BUNDLED_MODEL)
