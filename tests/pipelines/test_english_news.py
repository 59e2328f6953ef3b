"""Forms English news uses for money, places and firms, as tables of sentences written for them."""

from __future__ import annotations

import pytest

from catalog.load import load_catalog
from pipelines.amounts import find_amounts
from pipelines.destination import DestinationFinder
from pipelines.ennames import english_names
from pipelines.facts import english_roundup, find_capex
from pipelines.settings import BUNDLED_CATALOG
from pipelines.stage import detect_stage


@pytest.mark.parametrize(
    ("text", "amount", "currency", "surface"),
    [
        ("a plant costing 4 billion U.S. dollars", 4e9, "USD", "4 billion U.S. dollars"),
        ("some 600 million US dollars", 6e8, "USD", "600 million US dollars"),
        ("a 900-million-yuan line", 9e8, "CNY", "900-million-yuan"),
        ("the $2.5-billion mill", 2.5e9, "USD", "$2.5-billion"),
        ("spent NZ$120 million on it", 1.2e8, "NZD", "NZ$120 million"),
        ("a HUF 40 billion cathode plant", 4e10, "HUF", "HUF 40 billion"),
        ("SEK 3 billion", 3e9, "SEK", "SEK 3 billion"),
        ("a 2 billion Hong Kong dollars deal", 2e9, "HKD", "2 billion Hong Kong dollars"),
    ],
)
def test_english_amount_forms(text: str, amount: float, currency: str, surface: str) -> None:
    assert [(a.amount, a.currency, a.text) for a in find_amounts(text)] == [
        (amount, currency, surface)
    ]


@pytest.mark.parametrize(
    ("title", "text", "amount", "currency"),
    [
        # the figure in brackets converts the one before it: the stated original counts
        ("Maker breaks ground on USD2 billion plant",
         "The carmaker began work on its CNY14 billion (USD2 billion) factory in Anhui.", 1.4e10, "CNY"),
        ("x", "The RMB3bn (US$420m) factory started output on Monday.", 3e9, "CNY"),
        ("x", "It will build a 6-billion-yuan (about 830 million U.S. dollars) plant.", 6e9, "CNY"),
        # cue words English news puts around the sum invested
        ("x", "The group announced $310 million of new investments for the Thai site.", 3.1e8, "USD"),
        ("x", "It will buy the mill for approximately $75 million in cash.", 7.5e7, "USD"),
        ("x", "With a total investment of 12 billion U.S. dollars, the complex opened.", 1.2e10, "USD"),
        ("x", "The 5-billion-yuan ($700-million) production base will make motors.", 5e9, "CNY"),
        ("x", "The dairy spent NZ$150 million constructing the factory.", 1.5e8, "NZD"),
    ],
)  # fmt: skip
def test_english_capex(title: str, text: str, amount: float, currency: str) -> None:
    capex = find_capex(title, text)
    assert capex is not None
    assert (capex.amount, capex.currency) == (amount, currency)


@pytest.fixture(scope="module")
def finder() -> DestinationFinder:
    return DestinationFinder(load_catalog(BUNDLED_CATALOG))


@pytest.mark.parametrize(
    ("title", "text", "country", "province"),
    [
        # a country named as the destination gives way to the place inside it the item points at
        ("Carmaker to build assembly plant in eastern China",
         "The new Ningbo plant will double its capacity.", "中国", "浙江省"),
        ("x", "It will make the cells in the Chinese southern city of Foshan.", "中国", "广东省"),
        # a possessive of nationality before a firm word says where the firm is from
        ("Korea's biggest tyre maker to open a plant in Hungary", "", "匈牙利", None),
        ("x", "Japan's largest motor manufacturer opened a factory in Mexico.", "墨西哥", None),
        # US states beyond the first list
        ("x", "The chipmaker will build a fab in Lehi, Utah.", "美国", None),
        ("x", "It bought a plant in Roanoke, Virginia.", "美国", None),
    ],
)  # fmt: skip
def test_english_destinations(
    finder: DestinationFinder, title: str, text: str, country: str, province: str | None
) -> None:
    found = finder.find(title, text)
    assert found is not None
    assert (found.country, found.province) == (country, province)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Brightline Controls said it was forming a venture with a local maker.", "Brightline Controls"),
        ("Harlow Motor, Taiwan's second-largest automaker, said on Monday it would add a line.",
         "Harlow Motor"),
        ("Osgood Textiles, a Chinese yarn manufacturer, will invest in Ohio.", "Osgood Textiles"),
    ],
)  # fmt: skip
def test_english_firm_positions(text: str, name: str) -> None:
    assert name in [found for found, _, _ in english_names(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Peter Lang said he would visit the plant.",  # a person speaks of himself as "he"
        "Officials said it was too early to tell.",
    ],
)
def test_people_are_not_firms(text: str) -> None:
    assert [n for n, _, _ in english_names(text) if n in ("Peter Lang", "Officials")] == []


@pytest.mark.parametrize(
    ("title", "text", "stage"),
    [
        ("x", "Guests attended the plant's ground-breaking ceremony on Friday.", "construction"),
        ("Tyre maker holds groundbreaking for Serbian plant", "", "construction"),
        # "plan" inside "plant" is no plan: the headline names a plant, the body says it is built
        ("Glassmaker's $300 million Ohio plant", "Work began on the site in May.", "construction"),
        ("Brewer's new plant", "The company signed an agreement with the city.", "signed"),
        ("Brewer plans a new plant", "The company signed an agreement with the city.", "announced"),
    ],
)
def test_english_stage_words(title: str, text: str, stage: str) -> None:
    assert detect_stage(title, text) == stage


@pytest.mark.parametrize(
    ("title", "text", "roundup"),
    [
        ("42 projects worth 30 billion yuan signed in coastal city", "", True),
        ("x", "In 5 days, 64 foreign-funded projects were signed at the fair.", True),
        ("Carmaker signs 2 projects with city", "", False),
        ("Maker to build its 3rd plant", "The project will cost $1 billion.", False),
    ],
)
def test_english_roundups(title: str, text: str, roundup: bool) -> None:
    assert english_roundup(title, text) is roundup
