"""Each company's role in the item: investor, partner, target or mentioned; investor first."""

from __future__ import annotations

import re
from dataclasses import replace

from pipelines.companies import Mention
from pipelines.orgnames import strip_legal

TARGET_BEFORE = re.compile(
    r"(收购|并购|控股|入股|购买|买下|接手|acquire[sd]?|acquisition of|buy(?:s|ing)?|bought|takeover of|"
    r"stake in)\s*(?:了|其|旗下)?\s*$",
    re.I,
)
TARGET_AFTER = re.compile(r"^\s*(?:的)?\s*\d*(?:\.\d+)?%?\s*(?:股权|股份|被.{0,12}收购)")
PARTNER_BEFORE = re.compile(r"(与|和|同|携手|联合|牵手|联手|together with|with|and)\s*$", re.I)
JOINT = re.compile(r"合资|共同|联合|合作|携手|joint venture|jointly|partner", re.I)
NOT_INVESTOR_BEFORE = re.compile(r"(为|给|向|供应|配套|客户|supplier to|customer|for)\s*$", re.I)


def assign_roles(mentions: list[Mention], text: str, event_type: str) -> list[Mention]:
    """One mention per company, investor first, then partners, targets, the rest."""
    unique = _first_per_company(mentions)
    for mention in unique:
        before = text[max(0, mention.start - 10) : mention.start]
        after = text[mention.end : mention.end + 16]
        if TARGET_BEFORE.search(before) or TARGET_AFTER.match(after):
            mention.role = "target"
        elif PARTNER_BEFORE.search(before) and JOINT.search(text[mention.end : mention.end + 40]):
            mention.role = "partner"
    if event_type != "none":
        for mention in unique:
            before = text[max(0, mention.start - 8) : mention.start]
            if mention.role == "mentioned" and not NOT_INVESTOR_BEFORE.search(before):
                mention.role = "investor"
                break
        else:  # a deal "with" a company and nobody else named: that company invests
            partners = [m for m in unique if m.role == "partner"]
            if partners:
                partners[0].role = "investor"
    order = {"investor": 0, "partner": 1, "target": 2, "mentioned": 3}
    return sorted(unique, key=lambda m: (order[m.role], m.start))


def _first_per_company(mentions: list[Mention]) -> list[Mention]:
    """One entry per company (健盛集团 = 浙江健盛集团股份有限公司), two when a subsidiary is
    named as itself beside a name of its group (Zeekr and Geely, 新华三 and 紫光股份)."""
    same: dict[str, list[Mention]] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        same.setdefault(mention.registry_id or strip_legal(mention.name).casefold(), []).append(
            mention
        )
    return sorted((e for group in same.values() for e in _entries(group)), key=lambda m: m.start)


def _entries(same: list[Mention]) -> list[Mention]:
    own = [m for m in same if m.subsidiary]
    if not own:
        return [same[0]]
    named = [
        m
        for m in same
        if not m.subsidiary and not any(m.mention.lower() in o.mention.lower() for o in own)
    ]
    if named:
        return [named[0], own[0]]
    # 宇通 … 宇通客车: one company, by its longest name, where it is first mentioned
    longest = max(own, key=lambda m: len(m.mention))
    return [replace(longest, start=same[0].start, end=same[0].end)]
