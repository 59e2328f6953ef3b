"""English firm names outside the registry, found by the positions news gives organisations."""

from __future__ import annotations

import re
from collections.abc import Iterator

# a capitalised token ("Cleveland-Cliffs", "FläktGroup", "3M" is not one), names up to four long,
# joined by single spaces only: a name never runs across a line (headline ▸ body)
_WORD = r"[A-Z][^\W_]*(?:[&-][^\W_]+)*"
NAME = rf"{_WORD}(?: (?:of |& )?{_WORD}){{0,3}}"
_HEADLINE_VERBS = (
    r"to|will|plans?|signs?|breaks?|begins?|starts?|opens?|builds?|invests?|lays|agrees?|completes?|"
    r"closes?|moves?|expands?|ramps?|fires|secures?|inks?|commissions?|picks?|weighs|eyes|adds|"
    r"in talks|announces?|unveils?|launch(?:es)?|buys?|acquires?|sets? up|shifts?|boosts?|doubles|"
    r"triples|breaks ground|kicks off|chooses|selects|wins|gets|receives|raises|reports|posts|names|"
    r"appoints|sues|faces|cuts|extends|prices|narrows|returns|debuts|lists|halts|files|"
    r"building|opening|investing|expanding|moving|adding|buying|acquiring|weighing|eyeing|"
    r"considering|planning|starting|launching|cutting|closing"
)
# "VinFast lays foundation", "Heineken Mexico building brewery": a headline opening with a name
_SUBJECT = re.compile(rf"^({NAME})(?:'s)? (?:{_HEADLINE_VERBS})\b")
# the company a deal is with or about: "to acquire Kellanova", "takeover of Canada's Stelco"
_OBJECT = re.compile(
    r"\b(?:acquire|acquires|acquired|acquisition of|buy|buys|bought|purchase of|takeover of|stake in|"
    r"merge with|venture with|partnership with|deal with|unit of|subsidiary of|owned by|sold to|"
    rf"spun off from|offer for|bid for) (?:[A-Z][a-z]+(?: [A-Z][a-z]+)?'s )?({NAME})\b"
    r"(?! (?:maker|makers|owner|brand)\b)"  # "to acquire Pringles maker Kellanova"
)
# a name in apposition to a word for a firm: "private equity firm Triton", "its parent Vingroup"
_APPOSITION = re.compile(
    r"\b(?:firm|company|maker|carmaker|automaker|steelmaker|chipmaker|parent|brand|"
    rf"start-?up|manufacturer|supplier|giant|conglomerate|venture called|venture named) "
    rf"({NAME})\b"
)
# "their Ultium CAM joint venture", "Sinopec SABIC Tianjin, a 50-50 joint venture"
_VENTURE = re.compile(
    rf"\b(?:their|its|the|a|new) ({NAME}) joint venture\b|(?:^|\. |\n)({NAME}), an? "
    r"(?:[\w-]+ ){0,2}joint venture\b"
)
# "Stelco's shareholders", "Masimo's new plant": a possessive before what only firms have
_POSSESSIVE = re.compile(
    rf"\b({NAME})'s (?:new |planned |first |main )?(?:plants?|factor(?:y|ies)|shareholders|"
    r"board|shares|stock|subsidiary|parent|mill|brewery|smelter|refinery|chief executive)\b"
)
# a sentence that opens with a name which then speaks of itself as "it" (people are "he" or
# "she"): "Johnson Controls said it was forming a joint venture"
_SAID_IT = re.compile(
    rf"(?:^|(?<=\. )|(?<=\n))({NAME}) (?:said|says|announced|confirmed) (?:on \w+ )?(?:that )?it\b"
)
# a sentence that opens with a name set off by what kind of firm it is: "Yulon Motor, Taiwan's
# largest automaker by revenue, said", "Keer Group, a Chinese textile manufacturer, will"
_DESCRIBED = re.compile(
    rf"(?:^|(?<=\. )|(?<=\n))({NAME}), (?:an? |the |[A-Z][\w.-]*['’]s )(?:[\w-]+ ){{0,3}}"
    r"(?:maker|carmaker|automaker|manufacturer|producer|supplier|company|firm|group|giant|"
    r"chipmaker|steelmaker|conglomerate)\b"
)
# tokens that open sentences or name places, times, people's titles, never a firm by themselves
NOT_NAMES = frozenset(
    """China Chinese US U.S. UK EU Asia Europe Japan Beijing Shanghai The A An New Global World
    Fortune Counterpoint EV Asian European American It Its Their This That These Those He She
    They We In On At For But And After Before While When However Analysts Shares Officials State
    Chairman President Chief CEO Minister Mr Ms Dr Prime January February March April May June
    July August September October November December Monday Tuesday Wednesday Thursday Friday
    Saturday Sunday North South East West Northern Southern Eastern Western Georgia Bay Province
    Federal National Korean German Japanese Indian French British Italian Spanish Mexican
    Canadian Saudi Vietnamese Thai Taiwanese Inc Ltd Corp Co LLC plc AG SE GmbH""".split()  # noqa: SIM905
)


def english_names(text: str) -> Iterator[tuple[str, int, int]]:
    """Candidate firm names in English text with their spans; places and sentence words dropped."""
    headline = text.split("\n", 1)[0]
    found = [m for m in (_SUBJECT.match(headline),) if m]
    found += list(_OBJECT.finditer(text[:400]))
    for pattern in (_APPOSITION, _VENTURE, _POSSESSIVE, _SAID_IT, _DESCRIBED):
        found += list(pattern.finditer(text))
    for match in found:
        group = next(g for g in range(1, (match.re.groups or 0) + 1) if match.group(g))
        name, start = match.group(group), match.start(group)
        if name_like(name):
            yield name, start, start + len(name)


def name_like(name: str) -> bool:
    """Could stand for a firm: not a place, a month, a title or a sentence word."""
    first = name.split(" ", 1)[0]
    if " " not in name and name.endswith("ly") and name[:-2].islower():
        return False  # "Hopefully", "Oddly"
    if first in NOT_NAMES or name in NOT_NAMES or len(name) < 2 or _is_place(name):
        return False
    return not all(_is_place(token) or token in NOT_NAMES for token in name.split(" "))


def listed_names(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Names listed with a firm's name where a list of firms is the subject of a deal verb or
    follows "including" / "such as": "OpenAI, SoftBank and Oracle unveiled", "INEOS and Sinopec
    signed"; not "iPhone, Apple Watch and AirPods." nor "Disney, Pixar and Star Wars movies"."""
    found, joints = [], []
    for match in _LISTED_AFTER.finditer(text, end, min(len(text), end + 80)):
        if match.start() != end:
            break
        found.append((match.group(1), match.start(1), match.end(1)))
        joints.append(match.group(0))
        end = match.end(1)
    before = _LISTED_BEFORE.search(text, max(0, start - 60), start)
    listed_on = any(" and " in j or " & " in j for j in joints)  # "OpenAI, SoftBank and Oracle"
    if before and before.end() == start and (listed_on or not _opens_sentence(text, before)):
        found.append((before.group(1), before.start(1), before.end(1)))
        joints.append(before.group(0))
        start = before.start(1)
    if not any(" and " in j or " & " in j for j in joints):
        return []  # "such as CBS All Access, Disney has …" is no list
    if _LIST_VERB.match(text, end) or _LIST_INTRO.search(text[max(0, start - 30) : start]):
        return found
    return []


_LIST_VERB = re.compile(
    r" (?:have |has |had |will |would |also |jointly )?(?:sign|signed|agree|agreed|unveil|unveiled|"
    r"launch|launched|announce|announced|form|formed|set up|plan|planned|invest|invested|build|"
    r"built|will|are to|to form|to build|to invest|to set up)\b"
)
_LIST_INTRO = re.compile(
    r"\b(?:including|such as|between|like|companies|firms|carmakers|automakers|makers|brands|customers|clients|suppliers|partners|rivals) $"
)


def _opens_sentence(text: str, match: re.Match[str]) -> bool:
    """ "Eventually, Disney …", "Mayer, Disney's chairman": a word and a comma open a sentence."""
    opening = text[max(0, match.start(1) - 2) : match.start(1)].strip()
    return (
        match.group(0).endswith(", ")
        and " and " not in match.group(0)
        and (opening == "" or opening[-1] in ".!?\"“”'‘’:;")
    )


_LISTED_AFTER = re.compile(rf"(?:,? and |, | & )({NAME})\b(?!'s)")
_LISTED_BEFORE = re.compile(rf"(?:^|(?<=[\s,(]))({NAME})(?:,? and |, | & )$")


def _is_place(name: str) -> bool:
    from catalog.places import gazetteer  # late: the gazetteer is built once, on first use

    return name in gazetteer()
