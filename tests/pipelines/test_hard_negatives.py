"""Hard negatives written for this test (not in the corpus): keyword bait that is no investment."""

from __future__ import annotations

import pytest

from catalog.load import load_catalog
from catalog.registry import load_registry
from pipelines.analyse import AnalysisContext, NewsItem, analyse
from pipelines.settings import BUNDLED_CATALOG, BUNDLED_REGISTRY


@pytest.fixture(scope="module")
def context() -> AnalysisContext:
    return AnalysisContext.build(load_catalog(BUNDLED_CATALOG), load_registry(BUNDLED_REGISTRY))


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("格力电器前三季度净利润同比增长12%", "格力电器披露三季报，前三季度实现营业收入1500亿元，产能利用率保持高位。"),
        ("海尔智家发布新一代智慧冰箱", "海尔智家在上海发布新品，公司表示新产品将在青岛工厂生产，起售价6999元。"),
        ("某电池材料企业IPO募资20亿元", "公司本次募集资金将用于年产5万吨正极材料项目建设和补充流动资金。"),
        ("工商银行与比亚迪签署战略合作协议 授信500亿元", "双方将在供应链金融、绿色信贷等领域深化合作。"),
        ("宝应县出台支持先进制造业发展十条措施", "对新引进的亿元以上工业项目给予用地、用电等支持。"),
        ("一季度全省签约亿元以上产业项目326个", "总投资超过2800亿元，涉及新能源、新材料等领域。"),
        ("万科40亿元商业综合体项目开工", "项目位于南京河西，包括购物中心、写字楼和酒店。"),
        ("Tesla recalls 200,000 vehicles over camera fault", "The recall covers cars built at its Shanghai plant and Fremont factory."),
        ("Foxconn names new chief executive", "The appointment comes as the company expands capacity in India and Mexico."),
        ("Siemens reports record quarterly orders", "Revenue rose 8% as the company invested in digital industries."),
    ],
)  # fmt: skip
def test_hard_negative_is_not_a_lead(context: AnalysisContext, title: str, text: str) -> None:
    result = analyse(NewsItem("x", title, text), context)
    assert result["event_type"] == "none", result["event_type"]
    assert result["is_lead"] is False
    assert result["score"] < context.catalog.weights.threshold
