"""Normalise text for analysis: traditional → simplified, full-width → half-width, whitespace."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_SPACE = re.compile(r"[ \t\u3000\xa0]+")
_LINES = re.compile(r"\s*\n\s*")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return str(_t2s().convert(text))


def normalise(text: str) -> str:
    """Simplified characters, half-width letters and digits, single spaces, no empty lines."""
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
