"""Company recognition: aliases, boundaries, short aliases in context, unknown firms, roles."""

from __future__ import annotations

import pytest

from catalog.registry import Registry, load_registry
from pipelines.companies import CompanyRecogniser
from pipelines.normalise import normalise
from pipelines.orgnames import strip_legal
from pipelines.roles import assign_roles
from pipelines.settings import BUNDLED_REGISTRY


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(BUNDLED_REGISTRY)


@pytest.fixture(scope="module")
def recogniser(registry: Registry) -> CompanyRecogniser:
    return CompanyRecogniser(registry)


def _ids(recogniser: CompanyRecogniser, text: str) -> list[str | None]:
    return [m.registry_id for m in recogniser.find(normalise(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("比亚迪在宝应投资建厂", ["byd"]),
        ("BYD and Toyota agreed", ["byd", "toyota"]),
        ("鴻海精密宣布擴產", ["foxconn"]),  # traditional characters normalised first
        ("国网江苏电力与国家电网有限公司", ["state_grid"]),
        ("美的集团宣布", ["midea"]),
        ("格力电器发布新品", ["gree_electric"]),
        ("蔚来宣布在合肥建设第三工厂", ["nio"]),
        ("北新建材拟投资建设石膏板生产线", ["bnbm"]),
        ("延锋在扬州投资建设内饰件工厂", ["yanfeng"]),
        ("Continental said it will build a tyre plant", ["continental"]),
        ("Lear Corp will open a seating plant", ["lear"]),
        ("3M said it would close a factory", ["3m"]),
        ("Hanwha Qcells will build a solar plant", ["hanwha_qcells"]),
        ("三星SDI与Stellantis合资", ["samsung_sdi", "stellantis"]),
    ],
)
def test_registry_aliases(recogniser: CompanyRecogniser, text: str, expected: list[str]) -> None:
    assert [i for i in dict.fromkeys(_ids(recogniser, text))] == expected


@pytest.mark.parametrize(
    "text",
    [
        "他觉得很美的风景",  # 美的 without company context
        "登上长城远眺",  # 长城 the wall
        "an apple a day",  # apple the fruit, lower case
        "the BYDx project",  # no word boundary
        "We had a continental breakfast before the show.",  # Continental, a common word
        "A new production of King Lear opens tonight.",  # Lear the play
        "Flex your muscles; the board is 3m long.",  # Flex, 3M as words and units
        "Anand Mahindra tweeted; Komatsu city hosts a festival.",  # person and place names
        "他在北新桥下车，小松鼠在树上跳，天马行空。",  # 北新, 小松, 天马 inside words
        "中国大陆汽车市场与液化空气储能技术",  # 大陆汽车, 液化空气 as ordinary words
        "She kept telling me to fasten my belt; agile teams agreed.",  # Telling, Fasten, Agile
    ],
)
def test_short_or_common_aliases_need_context(recogniser: CompanyRecogniser, text: str) -> None:
    assert [i for i in _ids(recogniser, text) if i is not None] == []


def test_unknown_firms_are_reported_and_linked(recogniser: CompanyRecogniser) -> None:
    found = recogniser.find(normalise("近日，江苏宝华新材料科技有限公司与比亚迪股份有限公司签约。"))
    names = {m.mention: m.registry_id for m in found}
    assert names["比亚迪股份有限公司"] == "byd"
    assert names["江苏宝华新材料科技有限公司"] is None
    english = recogniser.find("Acme Widgets Co., Ltd. will build a plant.")
    assert [(m.mention, m.registry_id) for m in english] == [("Acme Widgets Co., Ltd.", None)]


def test_fuzzy_link_after_stripping_legal_suffixes(recogniser: CompanyRecogniser) -> None:
    assert strip_legal("比亚迪股份有限公司") == "比亚迪"
    assert strip_legal("BYD Company Limited") == "BYD"
    assert strip_legal("江苏亨通光电股份有限公司") == "亨通光电"
    company = recogniser.linker.link("深圳市比亚迪股份有限公司")
    assert company is not None and company.id == "byd"
    assert recogniser.linker.link("完全不相干的某某有限公司") is None


@pytest.mark.parametrize(
    ("text", "event", "roles"),
    [
        ("比亚迪与丰田合资成立电池公司", "joint_venture", {"byd": "investor", "toyota": "partner"}),
        ("比亚迪拟收购华为旗下业务", "acquisition", {"byd": "investor", "huawei": "target"}),
        ("比亚迪发布三季报，丰田也发布了财报", "none", {"byd": "mentioned", "toyota": "mentioned"}),
    ],
)
def test_roles(recogniser: CompanyRecogniser, text: str, event: str, roles: dict[str, str]) -> None:
    mentions = assign_roles(recogniser.find(text), text, event)
    assert {m.registry_id: m.role for m in mentions} == roles
    if event != "none":
        assert mentions[0].role == "investor"


def test_learned_and_blocked_aliases(registry: Registry) -> None:
    text = "宝华智造宣布扩产，长城在望"
    learned = CompanyRecogniser(
        registry, learned=[("byd", "宝华智造")], blocked=[("great_wall_motor", "长城")]
    )
    assert [m.registry_id for m in learned.find(text) if m.registry_id] == ["byd"]


def _names(recogniser: CompanyRecogniser, text: str) -> set[str]:
    return {m.mention for m in recogniser.find(normalise(text))}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mars to acquire Pringles maker Kellanova in $35.9 billion snack deal", "Kellanova"),
        ("Samsung will buy it from private equity firm Triton for €1.5 billion.", "Triton"),
        ("VinFast said its parent Vingroup would provide support.", "Vingroup"),
        ("Chicago-based Kellanova was spun off from Kellogg last year.", "Kellogg"),
        ("Cleveland-Cliffs completes takeover of Canada's Stelco", "Stelco"),
        ("GM and POSCO are building it through their Ultium CAM joint venture.", "Ultium CAM"),
        ("Heineken Mexico building brewery in Yucatán", "Heineken Mexico"),
        ("Ather Energy debuts after IPO", "Ather Energy"),
        ("OpenAI, SoftBank and Oracle unveiled a joint venture.", "OpenAI"),
        ("INEOS and Sinopec signed agreements to set up a venture.", "INEOS"),
        ("Huawei topped the ranking, followed by Vivo and Apple.", "Apple"),
        ("Stelco's shareholders approved the transaction.", "Stelco"),
    ],
)
def test_english_firms_by_position(recogniser: CompanyRecogniser, text: str, expected: str) -> None:
    assert expected in _names(recogniser, text)


@pytest.mark.parametrize(
    ("text", "not_expected"),
    [
        ("Eventually, Disney is expected to switch gears.", "Eventually"),
        ("Hopefully, Walmart will have these available soon.", "Hopefully"),
        ("However, BYD and Toyota agreed to talk.", "However"),
        ("It charges an iPhone, Apple Watch, and AirPods.", "AirPods"),
        ("Watch Disney, Pixar, Marvel, and Star Wars movies.", "Star Wars"),
        ("Services such as CBS All Access, Disney has made a bet.", "CBS All Access"),
        ("The company buys plants in Texas and Mexico.", "Texas"),
        ("In March, Tesla and BYD signed supply deals.", "March"),
        ("Apple pie is an apple dish; her coat was Orange.", "Orange"),
        ("Stelco\nCleveland-Cliffs closed its takeover of Stelco.", "Stelco\nCleveland-Cliffs"),
    ],
)
def test_english_hard_negatives(
    recogniser: CompanyRecogniser, text: str, not_expected: str
) -> None:
    assert not_expected not in _names(recogniser, text)


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("Geely's premium brand Zeekr raised $441 million; Zeekr makes cars.", ["geely", "geely"]),
        ("紫光股份以现金收购新华三30%股权", ["unisplendour", "unisplendour"]),
        ("宇通客车扩产，宇通表示", ["yutong_group"]),  # 宇通 is shorthand for 宇通客车 here
    ],
)
def test_subsidiaries_named_as_themselves(
    recogniser: CompanyRecogniser, text: str, ids: list[str]
) -> None:
    text = normalise(text)
    mentions = assign_roles(recogniser.find(text), text, "none")
    assert [m.registry_id for m in mentions] == ids


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("安阳钢铁集团周口钢铁有限责任公司全线投产", "安阳钢铁集团周口钢铁有限责任公司"),
        ("思源电气(扬州)有限公司扩产，思源电气表示", "思源电气(扬州)有限公司"),
        ("宝华精工股份公司宣布换帅", "宝华精工股份公司"),  # 股份公司 is a legal suffix
        ("中国铝业与广西投资集团签约", "广西投资集团"),
    ],
)
def test_chinese_legal_names(recogniser: CompanyRecogniser, text: str, mention: str) -> None:
    text = normalise(text)
    mentions = assign_roles(recogniser.find(text), text, "none")
    assert mention in {m.mention for m in mentions}


@pytest.mark.parametrize(
    "text",
    ["涵盖制造业、基础设施和民生保障等领域", "小米SU7、问界M9等车型展台前人头攒动"],
)
def test_short_alias_after_conjunction_needs_a_firm(
    recogniser: CompanyRecogniser, text: str
) -> None:
    assert [i for i in _ids(recogniser, text) if i is not None] == []


def test_a_firm_outside_the_registry_written_in_two_cases_is_one_company(
    recogniser: CompanyRecogniser,
) -> None:
    text = "Wolfspeed to open US plant. American chipmaker WolfSpeed opened its first overseas factory."
    found = assign_roles(recogniser.find(text), text, "new_plant")
    assert [m.mention for m in found if m.registry_id is None] == ["Wolfspeed"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The minister gave a lucid explanation of the budget.", []),
        ("Lucid Group will build a factory in Saudi Arabia.", ["lucid"]),
        ("深圳福田区新开一家商场", []),
        ("福田汽车在山东诸城扩建工厂", ["foton"]),
    ],
)
def test_a_company_named_by_a_common_word_needs_its_context(
    recogniser: CompanyRecogniser, text: str, found: list[str]
) -> None:
    """The alias's "needs context" holds even when that word is also the company's own name."""
    assert [m.registry_id for m in recogniser.find(text) if m.registry_id] == found
