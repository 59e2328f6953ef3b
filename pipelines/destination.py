"""Where a project goes: place names scored by the words around them (落户, 迁至, in) and origin cues."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ahocorasick

from catalog.model import Catalog
from catalog.places import Place, gazetteer

TOWARD = re.compile(
    r"(落户|落地|落子|选址|位于|入驻|布局|建在|建于|设在|设于|迁至|迁往|迁入|搬迁至|搬至|转移至|移至|"
    r"回迁|扎根|在|于|赴|到|进军|登陆|\bin|\bat|\bto|\binto|near|\b(?:city|town|county|province) of)\s*$",
    re.I,
)
TOWARD_EN = re.compile(r"\b(?:in|at|to|into|near)\s+(?:[A-Z][\w.'-]*[\s,]+){0,4}$")
ORIGIN = re.compile(
    r"(总部位于|总部设在|总部在|来自|总部|从|自|由|原|headquartered in|based in|from|out of)\s*$",
    re.I,
)
MOVE_FROM = re.compile(
    r"(从|自|由|将|把)\s*$|(?:from|out of|leave|leaving|exit(?:ing)?|relocat\w* (?:\w+ )?from)\s+(?:[A-Z][\w.'-]*[\s,]+){0,3}$",
    re.I,
)
ORIGIN_AFTER = re.compile(
    r"^\s*(总部|企业|的|籍|-based|based)|^['’]s (?:largest |biggest |leading |top |second-largest |"
    r"own |state-owned |private )?(?:[\w-]+ )?(?:maker|carmaker|automaker|company|firm|group|giant|"
    r"manufacturer|supplier|producer|conglomerate|chipmaker|steelmaker)s?\b",
    re.I,
)
_LATIN = re.compile(r"[A-Za-z]")
# what may stand between the parts of one place: 江苏省扬州市, "Suzhou, Jiangsu", "Zhejiang
# Province's Quzhou", "Hubei province, Wuhan"
RUN_GAP = re.compile(
    r"[ ,，]*|\s*(?:province|municipality|prefecture|state)?(?:['’]s)?[ ,，]*", re.I
)
# short forms of counties that are everyday words in business news (深汕特别合作区, 中方持股,
# 新兴产业, 资源优势, 期限延长, 龙门吊): only the full name (合作市, 中方县) means the place
COMMON_WORDS = frozenset((
    "合作", "中方", "南部", "新兴", "大方", "方正", "和平", "平和", "富裕", "同心", "安宁", "东方", "共和",
    "龙门", "兴业", "延长", "平原", "资源", "会同", "台前", "乐业", "江山", "凤凰", "石门", "武功", "清水",
))  # fmt: skip


@dataclass(frozen=True)
class Destination:
    country: str
    province: str | None
    city: str | None
    county: str | None
    text: str

    def as_json(self) -> dict[str, str | None]:
        return dict(self.__dict__)


class DestinationFinder:
    """Scores every place mention; the best one toward which the project moves is the destination."""

    def __init__(self, catalog: Catalog) -> None:
        self._automaton = ahocorasick.Automaton()
        names = dict(gazetteer())
        county = catalog.county
        home = Place("county", county.name_zh, "中国", county.province, county.city, county.name_zh)
        for alias in [
            *county.aliases_zh,
            *county.aliases_en,
            *(a for p in catalog.parks for a in [p.name_zh, *p.aliases_zh]),
        ]:
            names[alias] = home
        for name, place in names.items():
            if name in COMMON_WORDS and place.level == "county":
                continue
            self._automaton.add_word(name, (name, place))
        self._automaton.make_automaton()

    def find(
        self, title: str, text: str, taken: Sequence[tuple[int, int]] = ()
    ) -> Destination | None:
        """The destination; `taken` are spans (in title + newline + text) of company names."""
        scored: list[tuple[float, int, int, Place, Destination]] = []
        for offset, source in ((0, title), (len(title) + 1, text)):
            for start, end, place in self._mentions(source):
                if any(s < offset + end and offset + start < e for s, e in taken):
                    continue  # 宁德 inside 宁德时代 is a company, not a place
                score = _score(source, start, end) + (0.5 if offset == 0 else 0.0)
                if score > 0:
                    found = _destination(source, start, end, place)
                    scored.append((score, place.rank, -(offset + start), place, found))
        if not scored:
            return None
        best = max(scored, key=lambda c: c[:3])
        return _narrowed(best, scored)[4]

    def find_origin(
        self, title: str, text: str, taken: Sequence[tuple[int, int]] = ()
    ) -> Destination | None:
        """Where a relocating project moves from (从上海迁至…, moving production out of Shenzhen)."""
        for offset, source in ((0, title), (len(title) + 1, text)):
            for start, end, place in self._mentions(source):
                if any(s < offset + end and offset + start < e for s, e in taken):
                    continue
                if MOVE_FROM.search(source[max(0, start - 16) : start]):
                    return _destination(source, start, end, place)
        return None

    def _mentions(self, text: str) -> Iterable[tuple[int, int, Place]]:
        """Place mentions; a run like 江苏省扬州市宝应县 is one mention of its most specific place."""
        runs: list[tuple[int, int, Place]] = []
        for end, (name, place) in self._automaton.iter_long(text):
            start = end - len(name) + 1
            if _LATIN.search(name) and not _latin_ok(text, start, end + 1, name):
                continue
            if runs and RUN_GAP.fullmatch(text[runs[-1][1] : start]):
                first, _, previous = runs[-1]
                # 江苏省扬州市宝应县 narrows down; 茂名滨海(新区) does not: keep the first place then
                narrower = place.rank >= previous.rank and place.within(previous)
                runs[-1] = (first, end + 1, place if narrower else previous)
            else:
                runs.append((start, end + 1, place))
        return runs


def _narrowed(
    best: tuple[float, int, int, Place, Destination],
    scored: list[tuple[float, int, int, Place, Destination]],
) -> tuple[float, int, int, Place, Destination]:
    """ "a new assembly plant in Eastern China … the new Hangzhou plant": a country or province
    as the destination gives way to the first place inside it that the item also points at."""
    if best[3].rank > 1:
        return best
    inside = [c for c in scored if c[3].rank > best[3].rank and c[3].within(best[3])]
    return max(inside, key=lambda c: (c[0], c[2])) if inside else best


def _latin_ok(text: str, start: int, end: int, name: str) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum() and text[start:end] == name


def _score(text: str, start: int, end: int) -> float:
    before = text[max(0, start - 12) : start]
    if ORIGIN.search(before) or ORIGIN_AFTER.match(text[end : end + 60]):
        return -1.0
    if TOWARD.search(before) or TOWARD_EN.search(text[max(0, start - 60) : start]):
        return 2.0
    return 0.5 if _near_investment(text, start, end) else 0.0


def _near_investment(text: str, start: int, end: int) -> bool:
    window = text[max(0, start - 60) : end + 60]
    return bool(
        re.search(r"项目|工厂|基地|产线|生产线|建设|投资|plant|factory|facility|site", window, re.I)
    )


def _destination(text: str, start: int, end: int, place: Place) -> Destination:
    surface = text[start:end]
    return Destination(place.country, place.province, place.city, place.county, surface)
