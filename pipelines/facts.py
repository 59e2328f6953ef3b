"""Facts of a project: the investment amount (capex) chosen among the amounts the text states."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.amounts import Amount, find_amounts

POSITIVE = [
    (re.compile(r"总投资|计划总投资|项目总投资|投资总额|总投入|total investment|in total", re.I), 3.0),
    (re.compile(r"一期|首期|二期|三期|一阶段|first phase|phase one|initial", re.I), 1.5),
    (re.compile(r"注册资本|注册资金|registered capital", re.I), 0.5),
    (re.compile(r"投资|投建|出资|注资|投入|斥资|建设|收购|并购|入股|合资|"
                r"invest|capex|capital expenditure|spend|spent|build|plant|factory|facility|acquire|deal|"
                r"cost|valued at|worth|"
                r"for (?:about |around |roughly |approximately |nearly |some |up to |an estimated )?$",
                re.I), 2.0),
]  # fmt: skip
NEGATIVE = re.compile(
    r"营收|营业收入|收入|净利润|利润|销售额|营业额|授信|贷款|融资|募资|募集|市值|估值|产值|税收|纳税|"
    r"出口额|进出口|年销售|年产值|分红|回购|罚款|赔偿|售价|价格|起售|定价|罚没|处罚|退还|起诉|补贴|奖励|"
    r"扶持|资助|给予|最高|不超过|以上项目|亿元级|"
    r"revenue|profit|sales|earnings|credit|loan|raise[ds]?|ipo|market value|valuation|output value|"
    r"dividend|buyback|fine|damages|turnover|price[ds]?|priced|subsid|grant|incentive",
    re.I,
)
WINDOW = 22
ROUNDUP = re.compile(
    r"\d+个(?:重大|重点|产业|签约)?项目|项目\d+个|个项目|\d+ (?:[\w-]+ ){0,2}projects|projects worth",
    re.I,
)
# "137 projects involving 91.15 billion yuan were signed", "81 foreign-funded projects": a tally
# of many projects, in the headline or the opening, is a roundup and no one investment event
ROUNDUP_EN = re.compile(r"\b(?:[3-9]|\d{2,}|\d{1,3}(?:,\d{3})+) (?:[\w-]+ ){0,2}projects\b", re.I)


def english_roundup(title: str, text: str) -> bool:
    """The item opens by counting many projects (a signing-ceremony or statistics roundup)."""
    return bool(ROUNDUP_EN.search(title) or ROUNDUP_EN.search(text[:200]))


_COUNT = r"(?:\d+|[两三四五六七八九十百]+)个"
# a count of projects signed or started together: the item reports a campaign, not one move
MANY_PROJECTS = re.compile(
    rf"(?:共|集中|一批|合计|累计|已|此次|本次|当天)[^。,;；]{{0,12}}?{_COUNT}[^。,]{{0,8}}?项目(?!之一)|"
    rf"{_COUNT}[^。,]{{0,6}}?项目(?:集中|总投资|计划总投资|协议|签约|将?开工|动工|分别)|"
    rf"(?:签约|开工|动工|集中)项目(?:\d+|[两三四五六七八九十百]+)个"
)
AFTER = re.compile(
    r"^\s*(?:的|现金|左右|的价格|对价)?\s*(?:项目|工厂|基地|产线|生产线|新建|建设|用于建设|收购|并购|受让|购买|"
    r"plant|factory|facility|project|investment|expansion|deal|acquisition|takeover|"
    r"of (?:new |fresh |additional )?investments?|(?:production |manufacturing )?base|campus|"
    r"headquarters|industrial park|production line)",
    re.I,
)


@dataclass(frozen=True)
class Capex:
    amount: float
    currency: str
    text: str
    estimated: bool
    sentence: str

    def as_json(self) -> dict[str, object]:
        amount: float | int = int(self.amount) if self.amount.is_integer() else self.amount
        return {
            "amount": amount,
            "currency": self.currency,
            "text": self.text,
            "estimated": self.estimated,
        }


def find_capex(title: str, text: str, event: bool = True) -> Capex | None:
    """The amount most clearly said to be invested; None when only other money is mentioned.

    For an item that is not an investment event only a stated total project investment counts,
    and never in a roundup of many projects.
    """
    best: tuple[float, Amount, str] | None = None
    for bonus, source in ((0.5, title), (0.0, text)):
        for amount in find_amounts(source):
            score = _score(source, amount) + bonus
            if score > 0 and (best is None or score > best[0]):
                best = (score, amount, source)
    if best is None or (not event and (best[0] < 3.0 or ROUNDUP.search(f"{title}\n{text}"))):
        return None
    _, amount, source = best
    amount = _original(source, amount)
    if source is title:  # headlines round: prefer the body's figure for the same sum
        close = [
            a for a in find_amounts(text)
            if a.currency == amount.currency and abs(a.amount - amount.amount) <= 0.1 * amount.amount
        ]  # fmt: skip
        if close:
            amount, source = _original(text, close[0]), text
    sentence = sentence_of(source, amount.start)
    return Capex(amount.amount, amount.currency, amount.text, False, sentence)


def many_projects(title: str, text: str) -> str | None:
    """The words saying several projects were signed or started together (此次共开工4个项目,
    29个项目集中签约), or None: such a roundup is not one company's move."""
    found = MANY_PROJECTS.search(f"{title}\n{text}")
    return found.group(0) if found else None


def _score(text: str, amount: Amount) -> float:
    before = text[max(0, amount.start - WINDOW) : amount.start]
    after = text[amount.end : amount.end + 6]
    if NEGATIVE.search(before) or NEGATIVE.search(after):
        return -1.0
    for pattern, weight in POSITIVE:  # the first (most specific) kind of cue that is there decides
        if pattern.search(before):
            return weight
    end = amount.end + _conversion_length(text, amount.end)
    return 1.0 if AFTER.match(text[end : end + 24]) else 0.0


# "4.23 billion yuan ($680 million)": the figure in brackets converts the one before it
CONVERSION = re.compile(
    r"\s*\((?:about |around |approx\.? |approximately |roughly |some |or |~)?[^()]{1,40}\)"
)
CONVERTED = re.compile(r"\(\s*(?:about|around|approx\.?|approximately|roughly|some|or|~)?\s*$")


def _conversion_length(text: str, end: int) -> int:
    """Length of a bracketed conversion right after an amount (0 when there is none)."""
    match = CONVERSION.match(text, end)
    return match.end() - end if match and find_amounts(match.group(0)) else 0


def _original(text: str, amount: Amount) -> Amount:
    """The amount as first stated when `amount` is the bracketed conversion of another one:
    amounts stay in the stated currency, never converted (CNY8 billion (USD1.1 billion) → CNY)."""
    if not CONVERTED.search(text[max(0, amount.start - 16) : amount.start]):
        return amount
    before = [a for a in find_amounts(text) if a.end <= amount.start]
    if before and CONVERTED.fullmatch(text[before[-1].end : amount.start].lstrip()):
        return before[-1]
    return amount


def sentence_of(text: str, position: int) -> str:
    """The sentence around `position` (Chinese and English sentence ends)."""
    start = max(text.rfind(mark, 0, position) for mark in "。！？!?\n") + 1
    ends = [i for i in (text.find(mark, position) for mark in "。！？!?\n") if i >= 0]
    dot = re.search(r"\.(\s|$)", text[position:])
    if dot:
        ends.append(position + dot.start())
    end = min(ends) + 1 if ends else len(text)
    return text[start:end].strip()


JOBS = re.compile(r"(?:新增|带动|提供|创造|解决)?(?:就业)?(?P<n>\d[\d,]*)\s*(?:多|余)?\s*(?:个)?(?:就业岗位|岗位|个就业|人就业)|"
                  r"(?P<en>\d[\d,]*)\s+(?:new\s+)?jobs", re.I)  # fmt: skip
LAND = re.compile(r"(?:占地|用地|土地)(?:面积)?(?:约|近|超)?\s*(?P<mu>\d+(?:\.\d+)?)\s*亩|"
                  r"(?P<ha>\d+(?:\.\d+)?)\s*(?:hectares|ha)\b|(?P<acre>\d+(?:\.\d+)?)\s*acres", re.I)  # fmt: skip


def find_details(title: str, text: str) -> dict[str, object]:
    """Jobs and land the text states (stated facts only; None when absent)."""
    combined = f"{title}\n{text}"
    jobs = JOBS.search(combined)
    land = LAND.search(combined)
    land_mu: float | None = None
    if land:
        if land["mu"]:
            land_mu = float(land["mu"])
        elif land["ha"]:
            land_mu = round(float(land["ha"]) * 15, 1)
        elif land["acre"]:
            land_mu = round(float(land["acre"]) * 6.07, 1)
    count = (jobs["n"] or jobs["en"]) if jobs else None
    return {
        "jobs": int(count.replace(",", "")) if count else None,
        "land_mu": land_mu,
        "land_text": land.group(0) if land else None,
    }
