"""Firm names that are not registry aliases (XX股份有限公司, XX Co., Ltd.), linked by rapidfuzz."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rapidfuzz import fuzz, process

from catalog.registry import Company, Registry
from pipelines.ennames import english_names

ZH_SUFFIXES = (
    "股份有限公司", "有限责任公司", "集团有限公司", "控股有限公司", "有限公司", "株式会社", "控股集团",
    "集团公司", "集团", "控股", "股份公司", "公司",
)  # fmt: skip
EN_SUFFIXES = re.compile(
    r"[,.]?\s*\b(co\.?,?\s*ltd\.?|company limited|limited|ltd\.?|inc\.?|incorporated|corp\.?|"
    r"corporation|group|holdings?|gmbh|ag|se|s\.a\.|n\.v\.|plc|llc|co\.)$",
    re.I,
)
PLACE_PREFIX = re.compile(
    r"^(中国|江苏|浙江|上海|北京|广东|深圳|山东|安徽|湖北|湖南|四川|重庆|天津|福建|河南|河北|"
    r"江西|辽宁|陕西|广西|云南|贵州|山西|吉林|黑龙江|内蒙古|新疆|甘肃|宁夏|青海|海南|西藏|香港|台湾)(省|市)?"
)
# words a news sentence puts right before a firm name; a candidate never starts with them
# words a sentence puts before a firm name; a candidate is cut after the last of them
LEAD_NOISE = re.compile(
    r"^.*(?:近日|日前|方面|今天|今日|昨日|昨天|据悉|宣布|表示|公告|消息|其中|以及|和|与|由|同|向|对|从|至|到|以|及|等|"
    r"在|于|是|为|将|已|拟|据|的|记者|获悉|了解到|收购|并购|购买|通过|方式|现金|分管|负责|长期|旗下|子公司|"
    r"全资|控股的|签约|签署|投资|出资|成立|设立|联合|携手|牵手|合作|引进|落户|\d|[,，、。:：;；\s\"“”'%])"
)
NAME_WORDS = ("投资", "联合", "合作")  # sentence words that are also parts of firm names
GENERIC = re.compile(
    r"^(?:央企|国企|民企|外企|该|本|其|母|国有|县属|市属|省属|区属|龙头|上市|合资|新|老|一家|某)"
)
_ZH_ORG = re.compile(
    r"(?P<name>[\u4e00-\u9fa5A-Za-z0-9()（）]{2,24}?"
    r"(?P<suffix>(?:集团|控股)?(?:股份有限公司|有限责任公司|有限公司|股份公司|株式会社)|集团|控股))(?![)）]|权|股东|子公司|的子)"
)
# a listed firm by its short name and stock code: 浙江华业(301616.SZ), 比亚迪股份(01211.HK)
_LISTED = re.compile(
    r"(?P<name>[\u4e00-\u9fa5A-Za-z]{2,12}?)\s?\((?:\d{6}(?:\.(?:SZ|SH|BJ))?|\d{4,5}\.HK)\)", re.I
)
# a short firm name as the subject of a headline or of a filing: 浙江华业拟投资…, 优彩资源公告称
_SUBJECT = re.compile(
    r"(?:^|[。\n])(?:(?:近日|日前|今天|今日|昨日|昨天|据悉|此前|同时|此外|另外),?)?(?P<name>[\u4e00-\u9fa5A-Za-z]{2,8}?)(?:\([^)]{0,14}\))?[:：]?"
    r"(?:拟(?:约|斥资|出资)?(?:投资|投建|新建|扩建|扩产|建设|在)|(?:发布)?公告(?:称|,|:))"
)
NOT_FIRM = re.compile(
    r"(?:县|市|区|省|镇|乡|村|州|政府|局|委|所|会|院|部|厅|署|办|园|港|项目|企业|公司|工厂|基地|双方|我们)$|"
    r"^(?:我|本|该|其|公司)"
)
# a subject opens a sentence: only time and source words go before it (和辉光电 keeps its 和)
SUBJECT_LEAD = re.compile(r"^(?:近日|日前|今天|今日|昨日|昨天|据悉|此前|目前|同时|此外|另外|其中)")
_EN_ORG = re.compile(
    r"\b(?<!'s )((?:[A-Z][A-Za-z0-9&\-]* ){0,4}[A-Z][A-Za-z0-9&'\-]*,? "
    r"(?:Co\.,?\s?Ltd\.?|Company Limited|Inc\.|Corp\.|Corporation|GmbH|AG|SE|plc|Ltd\.?|LLC|Group))"
)


def strip_legal(name: str) -> str:
    """比亚迪股份有限公司 → 比亚迪; BYD Company Limited → BYD; 江苏亨通光电 → 亨通光电."""
    name = name.strip()
    previous = None
    while previous != name:
        previous = name
        for suffix in ZH_SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                name = name[: -len(suffix)]
                break
        name = EN_SUFFIXES.sub("", name).strip()
    stripped = PLACE_PREFIX.sub("", name)
    return stripped if len(stripped) >= 2 else name


def candidate_names(text: str) -> Iterator[tuple[str, int, int]]:
    """Organisation names by their legal suffix (sentence words before them cut off), and English
    names where news puts firms (headline subject, deal object, apposition …)."""
    shorts = [name for name, _, _ in _short_names(text)]
    for match in _zh_orgs(text):
        name, start = match["name"], match.start("name")
        cut = _name_start(name, len(match["suffix"]))
        cut -= _cut_back(name[:cut], name[cut : -len(match["suffix"])], shorts)
        start, name = start + cut, name[cut:]
        stem = name[: -len(match["suffix"])]
        if len(stem) >= 2 and not GENERIC.match(stem) and not stem.startswith(("(", "（")):
            yield name, start, match.end("name")
    yield from _short_names(text)
    for match in _EN_ORG.finditer(text):
        yield match.group(1), match.start(1), match.end(1)
    yield from english_names(text)


def _cut_back(before: str, stem: str, shorts: list[str]) -> int:
    """How many cut-off characters belong to the name after all: the headline calls 上海和辉光电
    股份有限公司 和辉光电, so its 和 is no conjunction."""
    for short in shorts:
        extra = len(short) - len(stem)
        if extra > 0 and short.endswith(stem) and before.endswith(short[:extra]):
            return extra
    return 0


def _short_names(text: str) -> Iterator[tuple[str, int, int]]:
    """Firm names without a legal suffix where news puts them: beside a stock code, or as the
    subject of a headline or a filing (拟投资, 公告称)."""
    for pattern in (_LISTED, _SUBJECT):
        for match in pattern.finditer(text):
            name, start = match["name"], match.start("name")
            lead = SUBJECT_LEAD.match(name) if pattern is _SUBJECT else None
            cut = lead.end() if lead else 0 if pattern is _SUBJECT else _name_start(name, 0)
            start, name = start + cut, name[cut:]
            if len(name) >= 2 and not GENERIC.match(name) and not NOT_FIRM.search(name):
                yield name, start, start + len(name)


def _zh_orgs(text: str) -> Iterator[re.Match[str]]:
    """Legal names; 安阳钢铁集团周口钢铁有限责任公司 is one name, not a group and a firm."""
    matches = list(_ZH_ORG.finditer(text))
    for i, match in enumerate(matches):
        if (
            i
            and matches[i - 1].end() == match.start()
            and matches[i - 1]["suffix"] in ("集团", "控股")
        ):
            continue
        following = matches[i + 1] if i + 1 < len(matches) else None
        if following and following.start() == match.end() and match["suffix"] in ("集团", "控股"):
            joined = _ZH_ORG.fullmatch(text, match.start(), following.end())
            if joined:
                yield joined
                continue
        yield match


def _name_start(name: str, suffix: int) -> int:
    """Where the name starts: after the last sentence word, unless that word belongs to the
    name (爱信(中国)投资有限公司, 广西投资集团), then after the one before it."""
    end = len(name)
    while noise := LEAD_NOISE.match(name[:end]):
        if len(name) - noise.end() - suffix >= 2 or not noise.group(0).endswith(NAME_WORDS):
            return noise.end()
        word = next(w for w in NAME_WORDS if noise.group(0).endswith(w))
        end = noise.end() - len(word)
    return 0


class OrgLinker:
    """Links a firm name to the registry when its stripped form is close to a company's.

    A ratio of 90 or more needs the same first or last character in practice, so candidates are
    looked up by those two characters first: linking costs the same with 1k or 100k names.
    """

    def __init__(self, registry: Registry, cutoff: float = 90.0) -> None:
        self.cutoff = cutoff
        self._blocks: dict[str, dict[str, Company]] = {}
        self._exact: dict[str, Company] = {}
        for company in registry.companies.values():
            names = {
                company.name_zh,
                company.name_en,
                *(a.text for a in company.aliases if not a.needs_context),
            }
            for alias in company.aliases:  # "Micron" where a headline puts a firm
                if not alias.ambiguous:
                    self._exact.setdefault(alias.text.lower(), company)
            for name in names:
                key = strip_legal(name).lower()
                if len(key) >= 2:
                    for block in (key[0], key[-1]):
                        self._blocks.setdefault(block, {}).setdefault(key, company)

    def link(self, name: str) -> Company | None:
        if name.lower() in self._exact:
            return self._exact[name.lower()]
        key = strip_legal(name).lower()
        if len(key) < 2:
            return None
        choices = {**self._blocks.get(key[0], {}), **self._blocks.get(key[-1], {})}
        if key in choices:
            return choices[key]
        best = process.extractOne(key, list(choices), scorer=fuzz.ratio, score_cutoff=self.cutoff)
        return choices[best[0]] if best else None
