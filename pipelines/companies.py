"""Recognise companies: registry aliases in one Aho-Corasick automaton, plus unknown firm names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick

from catalog.registry import Alias, Company, Registry
from pipelines.orgnames import OrgLinker, candidate_names

CONTEXT_AFTER = (
    "集团", "公司", "股份", "控股", "旗下", "宣布", "拟", "计划", "投资", "将在", "将于", "与",
    "签约", "签署", "方面", "称", "表示", "牵头", "总部", "项目", "工厂", "基地", "汽车", "电气",
    "科技", "电子", "新能源", "在", "于", "和", "携手", "联合", "牵手", "落户", "建设",
    "也", "已", "正", "等", "合资", "收购", "入股", "、", "(", "（",
)  # fmt: skip
CONTEXT_BEFORE = (
    "与",
    "和",
    "同",
    "携手",
    "联合",
    "牵手",
    "收购",
    "并购",
    "入股",
    "由",
    "、",
    "及",
)
_WORD = re.compile(r"[0-9A-Za-z]")


@dataclass(frozen=True)
class Entry:
    """One alias of one company, as stored in the automaton."""

    company_id: str
    text: str
    needs_context: bool
    ambiguous: bool
    latin: bool


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
                Entry(company_id, alias.text, alias.needs_context, alias.ambiguous, latin)
            )

    def find(self, text: str) -> list[Mention]:
        """Every company mention in normalised `text`, in order, longest match first."""
        lowered = text.lower() if len(text.lower()) == len(text) else text
        raw = [(end - len(key) + 1, end + 1, found) for end, (key, found) in self._iter(lowered)]
        strong = {e.company_id for start, end, found in raw for e in found if not e.needs_context}
        mentions = []
        for start, end, found in raw:
            company_id = self._choose(text, start, end, found, strong)
            if company_id:
                company = self.registry.companies[company_id]
                mentions.append(
                    Mention(
                        company_id, company.name_zh, text[start:end], start, end, company=company
                    )
                )
        return mentions + self._unknown(text, mentions)

    def _iter(self, lowered: str) -> Iterable[tuple[int, tuple[str, list[Entry]]]]:
        yield from self._automaton.iter_long(lowered)

    def _choose(
        self, text: str, start: int, end: int, found: list[Entry], strong: set[str]
    ) -> str | None:
        usable = [e for e in found if self._acceptable(text, start, end, e, strong)]
        if len(usable) == 1:
            return usable[0].company_id
        confirmed = [e for e in usable if e.company_id in strong]
        return confirmed[0].company_id if len(confirmed) == 1 else None

    def _acceptable(self, text: str, start: int, end: int, entry: Entry, strong: set[str]) -> bool:
        if entry.latin and not _word_bounded(text, start, end):
            return False
        if entry.latin and entry.needs_context and not _latin_in_context(text, start, end, entry):
            return entry.company_id in strong  # "apple", "Orange County", "Dow Jones" …
        if entry.latin and len(entry.text) <= 4 and _cjk_next_to(text, start, end):
            return entry.company_id in strong  # "HDI扩产" is a product word, not the insurer
        if entry.needs_context and entry.company_id not in strong and not entry.latin:
            return text[end : end + 2].startswith(CONTEXT_AFTER) or text[:start].endswith(
                CONTEXT_BEFORE
            )
        return True

    def _unknown(self, text: str, known: list[Mention]) -> list[Mention]:
        covered = [(m.start, m.end) for m in known]
        result = []
        for name, start, end in candidate_names(text):
            if any(s < end and start < e for s, e in covered):
                continue
            company = self.linker.link(name)
            registry_id = company.id if company else None
            result.append(
                Mention(
                    registry_id,
                    company.name_zh if company else name,
                    name,
                    start,
                    end,
                    company=company,
                )
            )
        return result


def _all_aliases(company: Company) -> list[Alias]:
    canonical = [
        Alias(company.name_zh, "zh", "legal", False, False),
        Alias(company.name_en, "en", "legal", False, False),
    ]
    return canonical + list(company.aliases)


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
    r"\b(?:compan(?:y|ies)|Inc|Corp|shares?|stock|CEO|chief executive|executives?|maker|manufactur\w*|"
    r"plants?|factor(?:y|ies)|brand|said|announced|carrier|airline|group|firm|retailer|telecom|"
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
    if following is not None and following.group(1) not in _NAME_TAILS:
        return False
    return bool(_COMPANY_WORDS.search(text[max(0, start - 60) : end + 60]))
