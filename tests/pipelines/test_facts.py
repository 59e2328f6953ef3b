"""Amounts, capex choice, stage rules and destinations, as tables of cases."""

from __future__ import annotations

import pytest

from catalog.load import load_catalog
from pipelines.amounts import find_amounts
from pipelines.destination import DestinationFinder
from pipelines.facts import find_capex
from pipelines.settings import BUNDLED_CATALOG
from pipelines.stage import detect_stage


@pytest.mark.parametrize(
    ("text", "amount", "currency", "surface"),
    [
        ("计划总投资50亿元建设", 5e9, "CNY", "50亿元"),
        ("拟投资5亿美元建厂", 5e8, "USD", "5亿美元"),
        ("总投资人民币120亿元", 1.2e10, "CNY", "人民币120亿元"),
        ("项目投资五十亿元", 5e9, "CNY", "五十亿元"),
        ("投资1.5万亿元", 1.5e12, "CNY", "1.5万亿元"),
        ("投资3000万元", 3e7, "CNY", "3000万元"),
        ("总投资50亿，建设", 5e9, "CNY", "50亿"),
        ("3.5亿欧元", 3.5e8, "EUR", "3.5亿欧元"),
        ("a $1.2 billion plant", 1.2e9, "USD", "$1.2 billion"),
        ("invest 2 billion yuan in", 2e9, "CNY", "2 billion yuan"),
        ("a €500 million factory", 5e8, "EUR", "€500 million"),
        ("US$350m", 3.5e8, "USD", "US$350m"),
        ("USD 1.2 billion", 1.2e9, "USD", "USD 1.2 billion"),
    ],
)
def test_amounts(text: str, amount: float, currency: str, surface: str) -> None:
    found = find_amounts(text)
    assert [(a.amount, a.currency, a.text) for a in found] == [(amount, currency, surface)]


@pytest.mark.parametrize("text", ["产能50亿只", "年产10亿片芯片", "2025年11月", "第3季度"])
def test_counts_are_not_money(text: str) -> None:
    assert find_amounts(text) == []


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("比亚迪投资50亿元建电池厂", "公司去年营收6000亿元。", "50亿元"),
        ("宁德时代前三季度营收2000亿元", "净利润同比增长10%。", None),
        ("某银行给予集团授信300亿元", "双方签署战略合作协议。", None),
        ("公司拟募资20亿元用于新建产线", "", None),
        (
            "Tesla to invest $5 billion in Mexico plant",
            "Revenue rose to $25 billion.",
            "$5 billion",
        ),
        ("", "项目总投资约12.5亿元，其中一期投资5亿元", "12.5亿元"),
        ("", "The JV has registered capital of US$30 million", "US$30 million"),
        ("", "注册资本5000万元，总投资3亿元", "3亿元"),
        ("", "a $1.2bn plant will be built", "$1.2bn"),
        ("", "计划投资逾百亿元建设基地", "百亿元"),
        ("", "拟投资50-60亿元建设", "50-60亿元"),
    ],
)
def test_capex_is_the_invested_amount(title: str, text: str, expected: str | None) -> None:
    capex = find_capex(title, text)
    assert (capex.text if capex else None) == expected
    if capex:
        assert capex.estimated is False
        assert capex.text in capex.sentence


@pytest.mark.parametrize(
    ("title", "text", "stage"),
    [
        ("比亚迪50亿元电池项目签约落户宝应", "项目预计2027年投产。", "signed"),
        ("宁德时代宜宾基地正式投产", "", "production"),
        ("亨通光电海缆项目开工", "该项目去年签约。", "construction"),
        ("某集团拟在江苏新建工厂", "", "announced"),
        (
            "LG breaks ground on Arizona plant",
            "It is expected to start production in 2026.",
            "construction",
        ),
        ("Toyota starts production at new Kentucky line", "", "production"),
        ("Tesla plans to build a plant in Mexico", "", "announced"),
        (
            "First vehicles roll off the line",
            "The plant rolled off its first car on Monday.",
            "production",
        ),
    ],
)
def test_stage_rules(title: str, text: str, stage: str) -> None:
    assert detect_stage(title, text) == stage


@pytest.fixture(scope="module")
def finder() -> DestinationFinder:
    return DestinationFinder(load_catalog(BUNDLED_CATALOG))


@pytest.mark.parametrize(
    ("text", "country", "province", "city", "county"),
    [
        (
            "总部位于深圳的比亚迪宣布在江苏省扬州市宝应县投资建设电池工厂",
            "中国",
            "江苏省",
            "扬州市",
            "宝应县",
        ),
        ("某公司将从上海整体搬迁至宝应经济开发区", "中国", "江苏省", "扬州市", "宝应县"),
        ("亨通光电拟在越南新建海缆工厂", "越南", None, None, None),
        (
            "The company, based in Shenzhen, opened a factory in Monterrey, Mexico.",
            "墨西哥",
            None,
            None,
            None,
        ),
        ("A $1.4 billion plant in Queen Creek, Arizona, United States.", "美国", None, None, None),
        ("项目落户苏州工业园区", "中国", "江苏省", "苏州市", None),
    ],
)
def test_destinations(
    finder: DestinationFinder, text: str, country: str, province: str | None, city: str | None,
    county: str | None,
) -> None:  # fmt: skip
    found = finder.find("", text)
    assert found is not None
    assert (found.country, found.province, found.city, found.county) == (
        country,
        province,
        city,
        county,
    )
    assert found.text in text


def test_company_names_are_not_places(finder: DestinationFinder) -> None:
    text = "宁德时代发布三季报"
    assert finder.find("", text, taken=[(1, 5)]) is None
