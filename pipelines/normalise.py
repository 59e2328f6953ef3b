"""Normalise text for analysis: traditional → simplified, full-width → half-width, whitespace."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_SPACE = re.compile(r"[ \t\u3000\xa0]+")
_LINES = re.compile(r"\s*\n\s*")
_CJK = re.compile(r"[\u3400-\u9fff]")
_RETURNS = re.compile(r"\r\n?")
# C0/C1 controls but tab and newline (terminal escapes: "\x1b[2J"), zero-width characters
# (比亚\u200b迪 must still read as 比亚迪) and bidirectional overrides (a name shown backwards)
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)
_LATIN = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return str(_t2s().convert(text))


def normalise(text: str) -> str:
    """Simplified characters, half-width letters and digits, single spaces, no empty lines,
    and none of the invisible characters a hostile page could hide in a name."""
    text = _CONTROL.sub("", _RETURNS.sub("\n", text))
    text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text)
    text = _SPACE.sub(" ", text)
    return _LINES.sub("\n", text).strip()


def detect_lang(text: str) -> str:
    """zh when CJK characters are at least a fifth of the letters, else en (or und when empty)."""
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    if cjk + latin == 0:
        return "und"
    return "zh" if cjk * 5 >= cjk + latin else "en"
