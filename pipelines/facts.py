"""Facts of a project: the investment amount (capex) chosen among the amounts the text states."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.amounts import Amount, find_amounts

POSITIVE = [
    (re.compile(r"总投资|计划总投资|项目总投资|total investment", re.I), 3.0),
    (re.compile(r"投资|投建|出资|注资|投入|斥资|建设|收购|并购|入股|合资|"
                r"invest|capex|capital expenditure|spend|build|plant|factory|facility|acquire|deal", re.I), 2.0),
]  # fmt: skip
NEGATIVE = re.compile(
    r"营收|营业收入|收入|净利润|利润|销售额|营业额|授信|贷款|融资|募资|募集|市值|估值|产值|税收|纳税|"
    r"出口额|进出口|年销售|年产值|分红|回购|罚款|赔偿|"
    r"revenue|profit|sales|earnings|credit|loan|raise[ds]?|ipo|market value|valuation|output value|"
    r"dividend|buyback|fine|damages|turnover",
    re.I,
)
WINDOW = 14


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


def find_capex(title: str, text: str) -> Capex | None:
    """The amount most clearly said to be invested; None when only other money is mentioned."""
    best: tuple[float, Amount, str] | None = None
    for bonus, source in ((0.5, title), (0.0, text)):
        for amount in find_amounts(source):
            score = _score(source, amount) + bonus
            if score > 0 and (best is None or score > best[0]):
                best = (score, amount, source)
    if best is None:
        return None
    _, amount, source = best
    return Capex(
        amount.amount, amount.currency, amount.text, False, sentence_of(source, amount.start)
    )


def _score(text: str, amount: Amount) -> float:
    before = text[max(0, amount.start - WINDOW) : amount.start]
    after = text[amount.end : amount.end + 6]
    if NEGATIVE.search(before) or NEGATIVE.search(after):
        return -1.0
    return max((weight for pattern, weight in POSITIVE if pattern.search(before)), default=0.0)


def sentence_of(text: str, position: int) -> str:
    """The sentence around `position` (Chinese and English sentence ends)."""
    start = max(text.rfind(mark, 0, position) for mark in "。！？!?\n") + 1
    ends = [i for i in (text.find(mark, position) for mark in "。！？!?\n") if i >= 0]
    dot = re.search(r"\.(\s|$)", text[position:])
    if dot:
        ends.append(position + dot.start())
    end = min(ends) + 1 if ends else len(text)
    return text[start:end].strip()
