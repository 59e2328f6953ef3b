"""Recognise companies: registry aliases in one Aho-Corasick automaton, plus unknown firm names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick

from catalog.registry import Alias, Company, Registry
from pipelines.ennames import listed_names, name_like
from pipelines.orgnames import PLACE_PREFIX, OrgLinker, candidate_names

CONTEXT_AFTER = (
    "集团", "公司", "股份", "控股", "旗下", "宣布", "拟", "计划", "投资", "将在", "将于", "与",
    "签约", "签署", "方面", "称", "表示", "牵头", "总部", "项目", "工厂", "基地", "汽车", "电气",
    "科技", "电子", "新能源", "在", "于", "和", "携手", "联合", "牵手", "落户", "建设",
    "也", "已", "正", "等", "合资", "收购", "入股", "、", "(", "（",
)  # fmt: skip
# a deal verb before a short alias is context; a conjunction only when a firm stands on its
# other side ("比亚迪与丰田", not "基础设施和民生保障")
CONTEXT_BEFORE = ("携手", "联合", "牵手", "收购", "并购", "入股", "由")
_LIST_BEFORE = re.compile(r"(?:,? and |, | & |、|与|和|及|同)$")
_LIST_AFTER = re.compile(r"^(?:,? and |, | & |、|与|和|及|同)")
_ORG_END = ("公司", "集团", "股份", "控股")
_LEGAL = ("公司", "集团", "Inc.", "Ltd.", "Ltd", "Co.", "Corp.", "Group")
_WORD = re.compile(r"[0-9A-Za-z]")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Entry:
    """One alias of one company, as stored in the automaton."""

    company_id: str
    text: str
    needs_context: bool
    ambiguous: bool
    latin: bool
    subsidiary: bool = False


@dataclass
class Mention:
    """A company found in the text; registry_id is None for firms outside the registry."""

    registry_id: str | None
    name: str
    mention: str
    start: int
    end: int
    role: str = "mentioned"
    company: Company | None = field(default=None, repr=False)
    subsidiary: bool = False  # a subsidiary's (or a local entity's) own name


class CompanyRecogniser:
    """Finds registry companies by alias and links other firm names to the registry by fuzzy match."""

    def __init__(
        self,
        registry: Registry,
        learned: Iterable[tuple[str, str]] = (),
        blocked: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.registry = registry
        self._blocked = {(cid, text.lower()) for cid, text in blocked}
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[Entry]] = {}
        for company in registry.companies.values():
            for alias in _all_aliases(company):
                self._add(entries, company.id, alias)
        for company_id, text in learned:
            if company_id in registry.companies:
                self._add(entries, company_id, Alias(text, "zh", "learned", False, False))
        for key, found in entries.items():
            self._automaton.add_word(key, (key, found))
        self._automaton.make_automaton()
        self.linker = OrgLinker(registry)

    def _add(self, entries: dict[str, list[Entry]], company_id: str, alias: Alias) -> None:
        key = alias.text.lower()
        if len(key) < 2 or (company_id, key) in self._blocked:
            return
        latin = not re.search(r"[\u3400-\u9fff]", key)
        bucket = entries.setdefault(key, [])
        if all(e.company_id != company_id for e in bucket):
            bucket.append(
                Entry(
                    company_id,
                    alias.text,
                    alias.needs_context,
                    alias.ambiguous,
                    latin,
                    alias.kind == "subsidiary",
                )
            )

    def find(self, text: str) -> list[Mention]:
        """Every company mention in normalised `text`, in order, longest match first."""
        lowered = text.lower() if len(text.lower()) == len(text) else text
        raw = [(end - len(key) + 1, end + 1, found) for end, (key, found) in self._iter(lowered)]
        strong = {e.company_id for start, end, found in raw for e in found if not e.needs_context}
        solid = Spans([(s, e) for s, e, found in raw if any(not x.needs_context for x in found)])
        mentions = []
        for start, end, found in raw:
            entry = self._choose(text, start, end, found, strong, solid)
            if entry:
                company = self.registry.companies[entry.company_id]
                mentions.append(
                    Mention(
                        entry.company_id, company.name_zh, text[start:end], start, end,
                        company=company, subsidiary=entry.subsidiary,
                    )
                )  # fmt: skip
        return self._with_unknown(text, mentions)

    def _iter(self, lowered: str) -> Iterable[tuple[int, tuple[str, list[Entry]]]]:
        yield from self._automaton.iter_long(lowered)

    def _choose(
        self,
        text: str,
        start: int,
        end: int,
        found: list[Entry],
        strong: set[str],
        solid: Spans,
    ) -> Entry | None:
        usable = [e for e in found if self._acceptable(text, start, end, e, strong, solid)]
        if len(usable) == 1:
            return usable[0]
        confirmed = [e for e in usable if e.company_id in strong]
        return confirmed[0] if len(confirmed) == 1 else None

    def _acceptable(
        self, text: str, start: int, end: int, entry: Entry, strong: set[str], solid: Spans
    ) -> bool:
        if entry.latin and not _word_bounded(text, start, end):
            return False
        if entry.latin and entry.needs_context and not _latin_in_context(text, start, end, entry):
            # "apple", "Orange County", "Dow Jones" …, but "Vivo and Apple" lists firms
            return entry.company_id in strong or (
                text[start:end] == entry.text and solid.listed_beside(text, start, end)
            )
        if entry.latin and len(entry.text) <= 4 and _cjk_next_to(text, start, end):
            return entry.company_id in strong  # "HDI扩产" is a product word, not the insurer
        if entry.needs_context and entry.company_id not in strong and not entry.latin:
            return _zh_in_context(text, start, end, solid)
        return True

    def _with_unknown(self, text: str, known: list[Mention]) -> list[Mention]:
        """Add firm names that are not aliases. A legal name that opens with a registry alias
        (宝钢湛江钢铁有限公司, 思源电气(扬州)有限公司) is that company, written in full."""
        result: list[Mention] = []
        for name, start, end in candidate_names(text):
            inside = [m for m in known if m.start < end and start < m.end]
            company = self.linker.link(name)
            if inside:
                holder = inside[0]
                if company is not None or not _opens_with(name, start, holder):
                    continue
                company = holder.company
            result.append(
                Mention(
                    company.id if company else None, company.name_zh if company else name,
                    name, start, end, company=company, subsidiary=bool(inside),
                )
            )  # fmt: skip
        found = _merged(text, known, _without_overlaps(result))
        return found + self._listed(text, found)

    def _listed(self, text: str, found: list[Mention]) -> list[Mention]:
        """English names listed beside a found firm ("OpenAI, SoftBank and Oracle")."""
        taken = [(m.start, m.end) for m in found]
        result = []
        for mention in found:
            if _CJK.search(mention.mention) or not _word_bounded(text, mention.start, mention.end):
                continue
            for name, start, end in listed_names(text, mention.start, mention.end):
                if name_like(name) and all(e <= start or end <= s for s, e in taken):
                    taken.append((start, end))
                    company = self.linker.link(name)
                    result.append(
                        Mention(
                            company.id if company else None, company.name_zh if company else name,
                            name, start, end, company=company,
                        )
                    )  # fmt: skip
        return result


class Spans:
    """Where firm names that need no context start and end, to accept a name listed beside one."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = {start for start, _ in spans}
        self.ends = {end for _, end in spans}

    def listed_beside(self, text: str, start: int, end: int) -> bool:
        before = _LIST_BEFORE.search(text[max(0, start - 6) : start])
        if before:
            joint = start - len(before.group(0))
            if joint in self.ends or text[:joint].endswith(_ORG_END):
                return True
        after = _LIST_AFTER.match(text[end : end + 6])
        return bool(after and end + len(after.group(0)) in self.starts)


def _zh_in_context(text: str, start: int, end: int, solid: Spans) -> bool:
    """A short Chinese alias counts before a company word or after a deal verb or another firm."""
    return (
        text[end : end + 2].startswith(CONTEXT_AFTER)
        or text[:start].endswith(CONTEXT_BEFORE)
        or solid.listed_beside(text, start, end)
    )


def _whole_latin_name(text: str, mention: Mention) -> bool:
    """A Latin name not part of a longer proper noun ("Apple" in "Apple Watch" is not)."""
    return (
        not _CJK.search(mention.mention)
        and _word_bounded(text, mention.start, mention.end)
        and not _NEXT_WORD.match(text[mention.end : mention.end + 30])
        and not re.search(r"[A-Z][\w-]* $", text[max(0, mention.start - 30) : mention.start])
    )


def _opens_with(name: str, start: int, holder: Mention) -> bool:
    """The alias opens the legal name, after a place at most, and the name goes on after it."""
    prefix = name[: holder.start - start]
    rest = name[holder.end - start :]
    return (
        holder.company is not None
        and (not prefix or bool(PLACE_PREFIX.fullmatch(prefix)))
        and bool(rest)
        and (name.endswith(_LEGAL) or " " in name)
    )


def _merged(text: str, known: list[Mention], unknown: list[Mention]) -> list[Mention]:
    """Registry mentions, minus an English one that only opens a longer unknown name found
    elsewhere ("Hanwha" in "Hanwha Qcells" once "Qcells" is a firm), plus the unknown names."""
    names = {m.mention for m in unknown if m.registry_id is None and not _CJK.search(m.mention)}
    kept = [
        m
        for m in known
        if not any(
            text.startswith(" " + n, m.end) and _word_bounded(text, m.end + 1, m.end + 1 + len(n))
            for n in names
        )
    ]
    return kept + unknown


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Of candidate names that overlap, the longest."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        if all(m.end <= mention.start or mention.end <= m.start for m in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def _all_aliases(company: Company) -> list[Alias]:
    canonical = [
        Alias(company.name_zh, "zh", "legal", False, False),
        Alias(company.name_en, "en", "legal", False, False),
    ]
    # the aliases first: for a text that is both (Lucid, Foton), the alias's flags win, so a
    # common word marked "needs context" stays so even when it is the company's name too
    return list(company.aliases) + canonical


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not _WORD.match(before) and not _WORD.match(after)


def _cjk_next_to(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return any("\u3400" <= ch <= "\u9fff" for ch in before + after)


_NEXT_WORD = re.compile(r"^\s+([A-Z][A-Za-z]+)")
_COMPANY_WORDS = re.compile(
    r"\b(?:compan(?:y|ies)|Inc|Corp|shares?|stock|CEO|chief executive|executives?|makers?|manufactur\w*|"
    r"plants?|factor(?:y|ies)|brands?|said|announced|carrier|airline|group|firm|retailer|telecom|"
    r"operator|bank|investors?|revenue|profit|billion|million|deal|supplier|customers?|launch\w*)\b|"
    r"公司|集团|宣布|工厂|投资|品牌",
    re.I,
)
_NAME_TAILS = frozenset(
    [
        "Inc",
        "Corp",
        "Co",
        "Group",
        "Motor",
        "Motors",
        "Energy",
        "Electric",
        "Holdings",
        "Ltd",
        "AG",
        "SE",
        "Company",
        "Corporation",
        "Technologies",
        "Technology",
        "Industries",
        "International",
    ]
)


def _latin_in_context(text: str, start: int, end: int, entry: Entry) -> bool:
    """A common-word alias counts only as written and not inside a longer proper noun (Dow Jones)."""
    if text[start:end] != entry.text:
        return False
    following = _NEXT_WORD.match(text[end : end + 30])
    if following is not None:
        return following.group(1) in _NAME_TAILS  # "Great Wall Motor", not "Dow Jones"
    return bool(_COMPANY_WORDS.search(text[max(0, start - 60) : end + 60]))
