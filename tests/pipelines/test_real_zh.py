"""Error classes seen on real Chinese news, as tables of sentences written for the tests."""

from __future__ import annotations

import pytest

from catalog.load import load_catalog
from catalog.registry import load_registry
from pipelines.companies import CompanyRecogniser
from pipelines.destination import DestinationFinder
from pipelines.facts import many_projects
from pipelines.normalise import normalise
from pipelines.settings import BUNDLED_CATALOG, BUNDLED_REGISTRY
from pipelines.stage import detect_stage


@pytest.fixture(scope="module")
def recogniser() -> CompanyRecogniser:
    return CompanyRecogniser(load_registry(BUNDLED_REGISTRY))


@pytest.fixture(scope="module")
def finder() -> DestinationFinder:
    return DestinationFinder(load_catalog(BUNDLED_CATALOG))


@pytest.mark.parametrize(
    ("title", "text", "roundup"),
    [
        ("某县一季度集中签约", "现场共签约八个项目,总投资12亿元。", True),
        (
            "某区举行项目集中开工仪式",
            "此次集中开工的5个项目总投资40亿元,其中一家电机企业投资6亿元。",
            True,
        ),
        ("31个重点工业项目集中开工", "当天开工的项目涵盖汽车零部件和新材料。", True),
        ("某市签约活动", "本次活动集中签约项目18个,协议总投资约90亿元。", True),
        ("数据产业园再添新项目", "产业园已签约落户3个大型数据中心项目,计划总投资百亿元。", True),
        ("某电池企业新基地签约", "该企业拟投资30亿元建设电池基地,项目分两期建设。", False),
        ("某车企扩产", "该项目是本次签约的12个项目之一,总投资20亿元。", False),
        ("某集团新工厂开工", "项目一期建设两个车间,二期建设一栋研发楼。", False),
    ],
)
def test_a_campaign_of_many_projects_is_a_roundup(title: str, text: str, roundup: bool) -> None:
    assert (many_projects(normalise(title), normalise(text)) is not None) is roundup


@pytest.mark.parametrize(
    ("text", "province", "city"),
    [
        ("项目位于深汕特别合作区,建设零部件基地", "广东省", "汕尾市"),
        ("双方合作建设电池工厂,项目选址湖北荆门", "湖北省", "荆门市"),
        ("合资公司中方持股51%,工厂建在安徽芜湖", "安徽省", "芜湖市"),
        ("项目落户甘肃合作市,建设乳制品工厂", "甘肃省", "甘南藏族自治州"),
    ],
)
def test_everyday_words_are_not_counties(
    finder: DestinationFinder, text: str, province: str, city: str
) -> None:
    found = finder.find("", normalise(text))
    assert found is not None
    assert (found.province, found.city) == (province, city)


@pytest.mark.parametrize(
    "text",
    ["发挥资源优势,推动新兴产业项目建设", "双方深化合作,合作期限延长十年,建设龙门吊生产线项目"],
)
def test_no_place_in_everyday_words(finder: DestinationFinder, text: str) -> None:
    assert finder.find("", normalise(text)) is None


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("日本丸星精工株式会社在当地投资建设轴承工厂。", ["日本丸星精工株式会社"]),
        ("华峰新材(300999.SZ)公告,拟投资8亿元建设薄膜基地。", ["华峰新材"]),
        ("远达精密拟投资6亿元新建齿轮工厂\n该项目位于某县开发区。", ["远达精密"]),
        ("近日,远达精密公告称,公司拟在越南建设齿轮工厂。", ["远达精密"]),
        ("宝应县拟投资建设标准厂房\n项目位于开发区。", []),
        ("上交所发布公告,终止某企业上市审核。", []),
        ("和泰光电拟扩建面板产线\n上海和泰光电股份有限公司公告,拟扩产。", ["和泰光电"] * 2),
    ],
)
def test_firms_without_registry_aliases(
    recogniser: CompanyRecogniser, text: str, names: list[str]
) -> None:
    found = recogniser.find(normalise(text))
    assert [m.mention[: len(n)] for m, n in zip(found, names, strict=False)] == names
    assert len(found) == len(names)


@pytest.mark.parametrize(
    ("title", "text", "stage"),
    [
        ("某汽车零部件基地一期竣工", "一期主厂房已经竣工,即将投产。", "production"),
        ("某项目建设顺利", "项目主体结构已经封顶,预计明年竣工。", "construction"),
        ("某项目进展", "项目竣工后将形成年产10万吨产能,目前正在施工。", "construction"),
    ],
)
def test_completion_is_production(title: str, text: str, stage: str) -> None:
    assert detect_stage(normalise(title), normalise(text)) == stage


@pytest.mark.parametrize(
    ("title", "text", "stage"),
    [
        ("宝华精工项目落户宝应", "该项目已于今年3月正式开工建设，预计明年投产。", "construction"),
        ("某食品工业园落户港区", "目前一期工厂已开工建设，预计年底建成投产。", "construction"),
        ("某新厂落户开发区", "项目目前已全面开工。", "construction"),
        ("某电池项目签约落户", "项目已经竣工投产，产品供应长三角车企。", "production"),
        ("某公司项目签约", "双方签约后，项目将于下月开工。", "signed"),  # planned, not done
        ("某公司项目签约", "项目开工仪式定于下月举行。", "signed"),  # no 已: not yet
        ("某公司项目投产", "项目去年已开工。", "production"),  # never earlier than the headline
    ],
)
def test_a_step_the_body_says_is_done_beats_an_earlier_headline(
    title: str, text: str, stage: str
) -> None:
    assert detect_stage(normalise(title), normalise(text)) == stage
