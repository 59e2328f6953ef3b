"""What a page's characters are: its charset (mojibake repaired), its script, its Chinese form."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from functools import cache

import charset_normalizer
import opencc

# A charset declared inside the page: <meta charset>, http-equiv Content-Type, or <?xml encoding>.
META_CHARSET = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([a-z0-9_.:-]{2,40})"""
    rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([a-z0-9_.:-]{2,40})""",
    re.IGNORECASE,
)
META_SCAN_BYTES = 16_384
DETECT_SAMPLE_BYTES = 200_000
MOJIBAKE_SAMPLE_CHARS = 100_000
LATIN1 = re.compile("[\u0080-\u00ff]")
# Web labels decoded with the superset browsers use (WHATWG Encoding): gb2312 pages hold GBK.
SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "gb_2312-80": "gb18030",
    "big5": "big5hkscs",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
}
# Charsets whose pages must not decode into runs of Latin-1 letters.
NON_LATIN = ("utf-8", "gb18030", "big5hkscs", "cp932", "euc_jp", "cp949", "utf-16", "utf-32")
CJK_LANGS = ("zh", "ja", "ko")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
KANA = re.compile(r"[\u3040-\u30ff]")
HANGUL = re.compile(r"[\uac00-\ud7af]")
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_html(raw: bytes, http_charset: str | None = None) -> str:
    """Decode page bytes; never raises.

    Order: a byte-order mark; valid UTF-8; the HTTP charset, then the page's own meta charset,
    each kept only when the text does not look like mojibake; then charset detection.
    """
    for bom, charset in BOMS:
        if raw.startswith(bom):
            return raw.decode(charset, errors="replace")
    if _is_utf8(raw):
        return raw.decode("utf-8", errors="replace")
    declared = charset_name(_meta_charset(raw))
    for charset in _candidates(http_charset, declared, raw):
        try:
            text = raw.decode(charset, errors="replace")
        except UnicodeError:  # codecs such as idna refuse errors="replace"
            continue
        if not looks_like_mojibake(text, declared):
            return text
    return raw.decode("utf-8", errors="replace")


def _candidates(http_charset: str | None, declared: str | None, raw: bytes) -> Iterator[str]:
    """Charsets to try in order; detection (the slow one) runs only when reached."""
    for charset in (charset_name(http_charset), declared):
        if charset is not None:
            yield charset
    detected = _detected_charset(raw)
    if detected is not None:
        yield detected


def charset_name(label: str | None) -> str | None:
    """Python codec for a web charset label (gb2312 -> gb18030), None when unknown."""
    if not label:
        return None
    cleaned = label.strip().strip("\"'").lower()
    try:
        name = SUPERSETS.get(cleaned) or codecs.lookup(cleaned).name
        b"a".decode(name, errors="replace")  # rejects non-text codecs: base64, zlib, idna
    except (LookupError, ValueError):
        return None
    return SUPERSETS.get(name, name)


def looks_like_mojibake(text: str, declared: str | None = None) -> bool:
    """Many U+FFFD, or Latin-1 letters standing in for a page declared CJK or UTF-8."""
    sample = text[:MOJIBAKE_SAMPLE_CHARS]
    non_ascii = len(sample) - len(sample.encode("ascii", errors="ignore"))
    if non_ascii == 0:
        return False
    if sample.count("\ufffd") > max(2, non_ascii // 50):
        return True
    latin1 = len(LATIN1.findall(sample))
    # Undeclared pages: real Latin-1 text has a few accented letters, mojibake has runs of them.
    return latin1 > non_ascii // 2 and (declared in NON_LATIN or latin1 > max(8, len(sample) // 20))


def _is_utf8(raw: bytes) -> bool:
    """Valid UTF-8; a character cut off at the end (a capped page) is allowed after other ones."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        text = decoder.decode(raw, final=False)
    except UnicodeDecodeError:
        return False
    complete = not decoder.getstate()[0]
    return complete or not text.isascii()


def _meta_charset(raw: bytes) -> str | None:
    match = META_CHARSET.search(raw[:META_SCAN_BYTES])
    if match is None:
        return None
    return (match.group(1) or match.group(2)).decode("ascii")


def _detected_charset(raw: bytes) -> str | None:
    best = charset_normalizer.from_bytes(raw[:DETECT_SAMPLE_BYTES]).best()
    return charset_name(best.encoding) if best is not None else None


def detect_lang(text: str, html_lang: str | None = None) -> str | None:
    """zh, ja or ko by script; other text in the page's declared language, else en (Latin
    script) or None (no letters, or an undeclared other script).

    Counted on the first 5,000 characters: Han characters count one per word, Latin letters
    five per word, so a third of Han among letters is already a Chinese text.
    """
    sample = text[:5000]
    han, latin = len(HAN.findall(sample)), len(LATIN.findall(sample))
    if len(KANA.findall(sample)) > max(5, han // 10):
        return "ja"
    if len(HANGUL.findall(sample)) > max(5, latin // 5):
        return "ko"
    declared = (html_lang or "").strip().lower().split("-")[0]
    if not (declared.isalpha() and 2 <= len(declared) <= 3) or declared in CJK_LANGS:
        declared = ""
    if han + latin < 5:
        return declared if declared and any(char.isalpha() for char in sample) else None
    return "zh" if han * 3 >= han + latin else declared or "en"


def to_simplified(text: str) -> str:
    """The text in simplified characters when it is traditional Chinese, else the text itself.

    Traditional means OpenCC t2s changes at least 5% of the Han characters of a sample; a
    simplified text may hold a few characters t2s rewrites, and those are left alone.
    """
    sample = text[:2000]
    converter = _t2s()
    changed = sum(1 for a, b in zip(sample, converter.convert(sample), strict=False) if a != b)
    if changed * 20 < len(HAN.findall(sample)) or changed == 0:
        return text
    return str(converter.convert(text))


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")
