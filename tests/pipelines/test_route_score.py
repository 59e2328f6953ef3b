"""Routing rules and score features, as tables with known answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from catalog.load import load_catalog
from catalog.match import ChainMatcher
from catalog.model import Catalog
from catalog.registry import Company, Registry, load_registry
from pipelines.route import RouteInput, route
from pipelines.score import FEATURES, LeadFacts, score
from pipelines.settings import BUNDLED_CATALOG, BUNDLED_REGISTRY

NOW = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(BUNDLED_CATALOG)


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(BUNDLED_REGISTRY)


def _company(registry: Registry, company_id: str) -> Company:
    company = registry.get(company_id)
    assert company is not None
    return company


@pytest.mark.parametrize(
    ("investor", "origin", "capex", "sector", "expected"),
    [
        # Shenzhen HQ → Dongguan office; ≥1亿 → leader of the Guangdong region
        ("byd", None, 5e9, "new_energy",
         {("county_bureau", "register"), ("eco_office", "assess"), ("dongguan_office", "contact"),
          ("county_bureau", "leader")}),
        # Suzhou (southern Jiangsu) HQ → Kunshan office; small project: no leader task
        ("hengtong_group", None, 2e7, "power_equipment",
         {("county_bureau", "register"), ("mech_elec_bureau", "assess"), ("kunshan_office", "contact")}),
        # foreign investor → overseas bureau; no stationed office region
        ("toyota", None, None, "auto_parts",
         {("county_bureau", "register"), ("gengeng_park_bureau", "assess"), ("overseas_bureau", "overseas")}),
        # the place the project moves from wins over the headquarters: Ningbo
        ("byd", ("浙江省", "宁波市"), None, None,
         {("county_bureau", "register"), ("county_bureau", "assess"), ("ningbo_office", "contact")}),
        # Hangzhou (Zhejiang except Ningbo)
        ("byd", ("浙江省", "杭州市"), 2e8, "electronics",
         {("county_bureau", "register"), ("devzone_bureau", "assess"), ("hangzhou_office", "contact"),
          ("county_bureau", "leader")}),
    ],
)  # fmt: skip
def test_routing_rules(
    catalog: Catalog, registry: Registry, investor: str, origin: tuple[str, str] | None,
    capex: float | None, sector: str | None, expected: set[tuple[str, str]],
) -> None:  # fmt: skip
    lead = RouteInput(sector, _company(registry, investor), origin[0] if origin else None,
                      origin[1] if origin else None, capex)  # fmt: skip
    tasks = route(lead, catalog)
    assert {(t.office_id, t.kind) for t in tasks} == expected
    assert tasks[0].kind == "register"
    due = {t.kind: t.due_days for t in tasks}
    assert due["register"] == 1 and due["assess"] == 3
    if "leader" in due:
        assert due["leader"] == 7
        leader = next(t for t in tasks if t.kind == "leader")
        assert leader.leader_region in {"guangdong", "zhejiang", "south_jiangsu_shanghai"}


def _facts(registry: Registry, catalog: Catalog, **changes: object) -> LeadFacts:
    chain = ChainMatcher(catalog).match("动力电池项目", "电芯 储能电池", "batteries")
    base = LeadFacts(
        event_type="new_plant", stage="announced", investor=_company(registry, "byd"),
        investor_known=True, capex_cny=5e9, chain=chain, destination=None, origin=None,
        home_county="宝应县", published=NOW - dt.timedelta(days=1), now=NOW, already_lead=False,
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "feature", "value"),
    [
        ({}, "company_tier", 1.0),
        ({"investor": None, "investor_known": False}, "company_tier", 0.0),
        ({"event_type": "acquisition"}, "event_type", 0.4),
        ({"stage": "production"}, "stage", 0.4),
        ({"capex_cny": 2e7}, "amount_band", 0.4),
        ({"capex_cny": 5e7}, "amount_band", 0.65),
        ({"capex_cny": None}, "amount_band", 0.35),
        ({"chain": None}, "sector_fit", 0.0),
        ({"destination": {"country": "越南", "text": "越南"}}, "actionability", 0.4),
        ({"destination": {"country": "中国", "county": "宝应县", "text": "宝应"}}, "actionability", 0.9),
        ({"event_type": "relocation", "origin": {"province": "上海市", "text": "上海"},
          "destination": {"country": "中国", "province": "安徽省", "text": "安徽"}}, "actionability", 1.0),
        ({"stage": "signed", "destination": {"country": "中国", "province": "安徽省", "text": "滁州"}},
         "actionability", 0.2),
        ({"published": NOW - dt.timedelta(days=45)}, "recency", 0.5),
        ({"already_lead": True}, "novelty", 0.3),
    ],
)  # fmt: skip
def test_features(
    registry: Registry, catalog: Catalog, changes: dict[str, object], feature: str, value: float
) -> None:
    facts = _facts(registry, catalog, **changes)
    function = next(f for f in FEATURES if f.__name__ == feature)
    found, why = function(facts, catalog.weights)
    assert found == pytest.approx(value, abs=0.01)
    assert why


def test_explanation_adds_up(registry: Registry, catalog: Catalog) -> None:
    total, explanation = score(_facts(registry, catalog), catalog.weights)
    assert {e["feature"] for e in explanation} == {f.__name__ for f in FEATURES}
    assert sum(e["contribution"] for e in explanation) == pytest.approx(total, abs=0.002)
    for entry in explanation:
        assert entry["rule"] and entry["why"]
    assert 0.0 <= total <= 1.0


def test_score_orders_the_obvious_cases(registry: Registry, catalog: Catalog) -> None:
    best, _ = score(_facts(registry, catalog), catalog.weights)
    abroad, _ = score(_facts(registry, catalog, destination={"country": "越南", "text": "越南"}),
                      catalog.weights)  # fmt: skip
    small, _ = score(_facts(registry, catalog, capex_cny=5e6, investor=None), catalog.weights)
    none, _ = score(_facts(registry, catalog, event_type="none", stage=None), catalog.weights)
    assert best > abroad > none
    assert best > small
    assert best >= catalog.weights.threshold > none
