"""The lead score: small documented features, weighted by the catalog's weights.yml.

Each feature returns a value in [0, 1] and the specific reason; its docstring is the general
reason the review page and the digest show (nomenklatura style).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from catalog.match import ChainMatch
from catalog.model import Weights
from catalog.registry import LIST_NAMES_ZH, Company

EVENT_VALUES = {"new_plant": 1.0, "relocation": 1.0, "expansion": 0.8, "joint_venture": 0.7,
                "acquisition": 0.4, "none": 0.0}  # fmt: skip
STAGE_VALUES = {"announced": 1.0, "signed": 0.7, "construction": 0.5, "production": 0.4}
TIER_VALUES = {"fortune_global_500": 1.0, "china_500": 0.85, "china_manufacturing_500": 0.8,
               "city_top_100": 0.6}  # fmt: skip
RELATION_VALUES = {"补链": 1.0, "延链": 0.7, "强链": 0.4}
EVENT_ZH = {"new_plant": "新建工厂", "expansion": "扩产", "relocation": "产能转移/搬迁",
            "joint_venture": "合资", "acquisition": "并购", "none": "非投资事件"}  # fmt: skip
STAGE_ZH = {
    "announced": "意向/宣布",
    "signed": "已签约",
    "construction": "在建",
    "production": "已投产",
}


@dataclass(frozen=True)
class LeadFacts:
    """What the score looks at, gathered by the analysis."""

    event_type: str
    stage: str | None
    investor: Company | None
    investor_known: bool
    capex_cny: float | None
    chain: ChainMatch | None
    destination: dict[str, Any] | None
    origin: dict[str, Any] | None
    home_county: str
    published: dt.datetime | None
    now: dt.datetime
    already_lead: bool


Feature = Callable[[LeadFacts, Weights], tuple[float, str]]


def company_tier(f: LeadFacts, w: Weights) -> tuple[float, str]:
    """投资方层级：世界500强、中国500强、制造业500强、发达城市百强优先。"""
    company = f.investor
    if company is None:
        return (0.2 if f.investor_known else 0.0), (
            "投资方不在企业库" if f.investor_known else "未识别投资方"
        )
    value = max((TIER_VALUES[name] for name in company.lists), default=0.35)
    if not company.manufacturer:
        return value * 0.3, f"{company.name_zh}：非制造业企业"
    lists = "、".join(LIST_NAMES_ZH[name] for name in company.lists) or "榜外企业"
    return value, f"{company.name_zh}（{lists}）"


def event_type(f: LeadFacts, w: Weights) -> tuple[float, str]:
    """事件类型：新建工厂与产能转移价值最高，并购最低。"""
    return EVENT_VALUES.get(f.event_type, 0.0), EVENT_ZH.get(f.event_type, f.event_type)


def stage(f: LeadFacts, w: Weights) -> tuple[float, str]:
    """项目阶段：尚在意向阶段的项目最容易争取；落地本县的项目各阶段都要跟进。"""
    if f.stage is None:
        return 0.0, "无项目阶段"
    if (f.destination or {}).get("county") == f.home_county:
        return 1.0, f"{STAGE_ZH[f.stage]}（落地本县，跟进服务）"
    return STAGE_VALUES[f.stage], STAGE_ZH[f.stage]


def amount_band(f: LeadFacts, w: Weights) -> tuple[float, str]:
    """投资额档次：1000万、3000万（重大项目）、1亿、10亿元。"""
    if f.capex_cny is None:
        return w.unknown_amount, "未披露投资额"
    band = next(b for b in w.amount_bands if f.capex_cny >= b.min)
    return band.value, f"约{f.capex_cny / 1e8:.2f}亿元，{band.label}"


def sector_fit(f: LeadFacts, w: Weights) -> tuple[float, str]:
    """产业契合：属于本县主导或特色产业及其产业链环节。"""
    if f.chain is None:
        return 0.0, "与本县产业目录不符"
    return (1.0 if f.chain.link else 0.6), f.chain.reason()


def chain_gap(f: LeadFacts, w: Weights) -> tuple[float, str]:
    """补链优先于延链，延链优先于强链。"""
    relation = f.chain.relation if f.chain else None
    if relation is None:
        return 0.0, "未匹配产业链环节"
    return RELATION_VALUES[
        relation
    ], f"{relation}：{f.chain.link.name_zh if f.chain and f.chain.link else ''}"


def actionability(f: LeadFacts, w: Weights) -> tuple[float, str]:
    """可争取程度：去向未定或从高成本地区外迁的项目最可争取；已在外地签约的最难。"""
    dest, origin = f.destination or {}, f.origin or {}
    if dest.get("county") == f.home_county:
        return 0.9, "项目落地本县，需跟踪服务"
    if f.event_type == "relocation" and _high_cost(origin, w):
        return 1.0, f"从高成本地区外迁：{origin.get('text')}"
    if not dest:
        return (0.8, "去向未定") if f.stage in (None, "announced") else (0.5, "去向未披露")
    if dest.get("country") not in (None, "中国"):
        return 0.4, f"境外建厂（{dest.get('text')}），资本扩张信号"
    if f.stage in (None, "announced"):
        return 0.5, f"拟落地{dest.get('text')}，仍可争取"
    return 0.2, f"已在{dest.get('text')}推进"


def recency(f: LeadFacts, w: Weights) -> tuple[float, str]:
    """新闻越新越值得跟进。"""
    if f.published is None:
        return 0.5, "发布日期未知"
    days = max(0.0, (f.now - f.published).total_seconds() / 86400)
    return max(0.0, 1.0 - days / w.recency_days), f"{days:.0f}天前"


def novelty(f: LeadFacts, w: Weights) -> tuple[float, str]:
    """尚未成为线索的新项目优先。"""
    return (0.3, "已有同一企业的在办线索") if f.already_lead else (1.0, "新线索")


FEATURES: list[Feature] = [company_tier, event_type, stage, amount_band, sector_fit, chain_gap,
                           actionability, recency, novelty]  # fmt: skip


def score(f: LeadFacts, w: Weights) -> tuple[float, list[dict[str, Any]]]:
    """Weighted mean of the features and each feature's value, contribution and reason."""
    total = sum(w.weights.get(feature.__name__, 0.0) for feature in FEATURES) or 1.0
    explanation, result = [], 0.0
    for feature in FEATURES:
        value, why = feature(f, w)
        contribution = w.weights.get(feature.__name__, 0.0) * value / total
        result += contribution
        explanation.append({"feature": feature.__name__, "value": round(value, 3),
                            "contribution": round(contribution, 4), "why": why,
                            "rule": (feature.__doc__ or "").strip()})  # fmt: skip
    if f.event_type == "none":
        result *= 0.4  # not an investment event: keep a score for ranking, far below the leads
    return round(min(max(result, 0.0), 1.0), 4), explanation


def to_cny(amount: float | None, currency: str | None, w: Weights) -> float | None:
    if amount is None or currency is None:
        return None
    rate = w.cny_per_unit.get(currency)
    return amount * rate if rate else None


def _high_cost(origin: dict[str, Any], w: Weights) -> bool:
    return any(origin.get(k) in w.high_cost_regions for k in ("province", "city"))
