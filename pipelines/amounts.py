"""Find money amounts in Chinese and English text: 50亿元, 5亿美元, $1.2 billion, 2 billion yuan."""

from __future__ import annotations

import re
from dataclasses import dataclass

ZH_UNITS = {"万亿": 1e12, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4}
EN_SCALES = {"trillion": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6, "mn": 1e6,
             "crore": 1e7, "lakh": 1e5,
             "m": 1e6, "mln": 1e6, "thousand": 1e3}  # fmt: skip
ZH_CURRENCIES = {
    "元人民币": "CNY", "人民币": "CNY", "元": "CNY", "美元": "USD", "美金": "USD", "欧元": "EUR",
    "日元": "JPY", "港元": "HKD", "港币": "HKD", "英镑": "GBP", "韩元": "KRW", "新台币": "TWD",
    "卢比": "INR", "越南盾": "VND", "泰铢": "THB", "林吉特": "MYR", "雷亚尔": "BRL", "比索": "MXN",
    "福林": "HUF", "瑞士法郎": "CHF", "加元": "CAD", "澳元": "AUD", "新加坡元": "SGD",
}  # fmt: skip
EN_CURRENCIES = {
    "us$": "USD", "usd": "USD", "$": "USD", "dollars": "USD", "dollar": "USD", "€": "EUR",
    "eur": "EUR", "euros": "EUR", "euro": "EUR", "£": "GBP", "gbp": "GBP", "pounds": "GBP",
    "¥": "CNY", "rmb": "CNY", "cny": "CNY", "yuan": "CNY", "renminbi": "CNY", "yen": "JPY",
    "jpy": "JPY", "hk$": "HKD", "hkd": "HKD", "won": "KRW", "krw": "KRW", "rupees": "INR",
    "inr": "INR", "rs": "INR", "rs.": "INR", "₹": "INR", "chf": "CHF", "swiss francs": "CHF",
    "c$": "CAD", "cad": "CAD", "a$": "AUD", "aud": "AUD", "s$": "SGD", "r$": "BRL", "nt$": "TWD",
    "pesos": "MXN", "reais": "BRL", "baht": "THB", "ringgit": "MYR", "forints": "HUF",
    "nz$": "NZD", "nzd": "NZD", "huf": "HUF", "sek": "SEK", "pln": "PLN", "czk": "CZK",
    "mxn": "MXN", "brl": "BRL", "thb": "THB", "vnd": "VND", "myr": "MYR", "idr": "IDR",
    "twd": "TWD", "sgd": "SGD", "u.s. dollars": "USD", "us dollars": "USD", "u.s. dollar": "USD",
    "us dollar": "USD", "american dollars": "USD", "hong kong dollars": "HKD",
    "singapore dollars": "SGD", "new zealand dollars": "NZD", "australian dollars": "AUD",
    "canadian dollars": "CAD", "forint": "HUF", "zlotys": "PLN", "crowns": "SEK", "rupiah": "IDR",
}  # fmt: skip
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}  # fmt: skip
CN_SMALL = {"十": 10, "百": 100, "千": 1000}

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CN_NUM = r"[零〇一二两三四五六七八九十百千]+"
_ZH_CUR = "|".join(sorted(map(re.escape, ZH_CURRENCIES), key=len, reverse=True))
_ZH = re.compile(
    rf"(?P<pre>人民币|美元|欧元)?\s*(?P<num>{_NUM}|{_CN_NUM})"
    rf"(?:\s*(?:-|~|～|—|至|到)\s*(?P<num2>{_NUM}|{_CN_NUM}))?\s*(?:多|余)?\s*"
    rf"(?P<unit>万亿|亿|千万|百万|万)?\s*(?P<cur>{_ZH_CUR})?"
)
_MONEY_BEFORE = re.compile(r"(?:投资|投入|出资|注资|金额|总额)[约近超逾达共计]*\s*$")
_EN_CUR = (
    r"US\$|HK\$|NZ\$|C\$|A\$|S\$|R\$|NT\$|USD|EUR|GBP|CNY|RMB|JPY|HKD|KRW|INR|CHF|CAD|AUD|"
    r"NZD|HUF|SEK|PLN|CZK|MXN|BRL|THB|VND|MYR|IDR|TWD|SGD|Rs\.?|₹|\$|€|£|¥"
)
_EN_SCALE = r"trillion|billion|million|crore|lakh|bn|mn|mln"
_EN_PRE = re.compile(
    rf"(?P<cur>{_EN_CUR})\s?(?P<num>{_NUM})(?:-|\s*)(?P<scale>{_EN_SCALE}|m|b)?\b",
    re.I,
)
_EN_POST = re.compile(
    rf"(?P<num>{_NUM})[\s-]*(?P<scale>{_EN_SCALE})?[\s-]+"
    r"(?P<cur>yuan|renminbi|(?:U\.S\.|US|American|Hong Kong|Singapore|New Zealand|Australian|"
    r"Canadian) dollars?|dollars|euros|yen|won|pounds|rupees|pesos|reais|baht|ringgit|forints?|"
    r"zlotys|rupiah|swiss francs|USD|EUR|CNY|RMB|JPY|HUF|SEK|PLN)\b",
    re.I,
)


@dataclass(frozen=True)
class Amount:
    """A money amount as stated: units of `currency`, never converted."""

    amount: float
    currency: str
    text: str
    start: int
    end: int


def find_amounts(text: str) -> list[Amount]:
    """Every money amount in `text`, in order of appearance, overlapping matches removed."""
    found = [*_zh_amounts(text), *_en_amounts(text)]
    found.sort(key=lambda a: (a.start, -(a.end - a.start)))
    result: list[Amount] = []
    for amount in found:
        if not result or amount.start >= result[-1].end:
            result.append(amount)
    return result


def _zh_amounts(text: str) -> list[Amount]:
    result = []
    for match in _ZH.finditer(text):
        unit, cur, pre = match["unit"], match["cur"], match["pre"]
        if not cur and not (
            unit and (pre or _MONEY_BEFORE.search(text, max(0, match.start() - 6), match.start()))
        ):
            continue  # "50亿" alone may count anything; only money words make it an amount
        value = _number(match["num"])
        if value is None or value <= 0:
            continue
        currency = ZH_CURRENCIES.get(cur or "") if cur and cur != "元" else None
        currency = currency or ZH_CURRENCIES.get(pre or "", "CNY")
        total = value * ZH_UNITS.get(unit or "", 1.0)
        start = match.start("pre") if pre else match.start("num")
        result.append(
            Amount(total, currency, text[start : match.end()].strip(), start, match.end())
        )
    return result


def _en_amounts(text: str) -> list[Amount]:
    result = []
    for pattern in (_EN_PRE, _EN_POST):
        for match in pattern.finditer(text):
            value = _number(match["num"])
            if value is None or value <= 0:
                continue
            scale = EN_SCALES.get((match["scale"] or "").lower(), 1.0)
            currency = EN_CURRENCIES.get(match["cur"].lower(), "USD")
            end = match.end("scale") if match["scale"] else match.end()
            if pattern is _EN_POST:
                end = match.end()
            start = match.start()
            result.append(Amount(value * scale, currency, text[start:end].strip(), start, end))
    return result


def _number(text: str) -> float | None:
    if text[0].isdigit():
        return float(text.replace(",", ""))
    return chinese_number(text)


def chinese_number(text: str) -> float | None:
    """五十 → 50, 一百二十 → 120, 三千五百 → 3500, 两 → 2; None when it is not a number."""
    total, digit = 0, None
    for char in text:
        if char in CN_DIGITS:
            digit = CN_DIGITS[char]
        elif char in CN_SMALL:
            total += (1 if digit is None else digit) * CN_SMALL[char]
            digit = None
        else:
            return None
    total += digit or 0
    return float(total) if total else None
