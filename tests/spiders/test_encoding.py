"""Charset repair, script-based language and traditional-to-simplified conversion."""

from __future__ import annotations

import pytest

from spiders.encoding import (
    charset_name,
    decode_html,
    detect_lang,
    looks_like_mojibake,
    to_simplified,
)

ZH_PAGE = "<html><head>{meta}</head><body><p>宝应县招商局今天签约一个新能源项目，总投资五十亿元。</p></body></html>"
TEXT = "宝应县招商局今天签约一个新能源项目，总投资五十亿元。"


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("gb2312", "gb18030"),
        ("GBK", "gb18030"),
        ("x-gbk", "gb18030"),
        ("big5", "big5hkscs"),
        ("iso-8859-1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("UTF8", "utf-8"),
        ('"utf-8"', "utf-8"),
        ("no-such-charset", None),
        ("base64", None),
        ("zlib", None),
        ("", None),
        (None, None),
    ],
)
def test_charset_labels(label: str | None, codec: str | None) -> None:
    assert charset_name(label) == codec


@pytest.mark.parametrize("http_charset", [None, "utf-8", "iso-8859-1", "gbk", "bogus"])
@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="gb2312">',
        '<meta http-equiv="Content-Type" content="text/html; charset=GBK">',
    ],
)
def test_gb_page_is_repaired_whatever_the_header_says(http_charset: str | None, meta: str) -> None:
    raw = ZH_PAGE.format(meta=meta).encode("gb18030")
    assert TEXT in decode_html(raw, http_charset)


@pytest.mark.parametrize("http_charset", [None, "utf-8", "iso-8859-1"])
def test_undeclared_gb_page_is_detected(http_charset: str | None) -> None:
    raw = ZH_PAGE.format(meta="").encode("gb18030")
    assert TEXT in decode_html(raw, http_charset)


@pytest.mark.parametrize("label", ["base64", "idna", "undefined", "punycode", "hex", "utf-7"])
def test_odd_codec_labels_never_raise(label: str) -> None:
    raw = ZH_PAGE.format(meta=f'<meta charset="{label}">').encode("gb18030")
    assert isinstance(decode_html(raw, label), str)


def test_utf8_page_served_as_gbk_stays_utf8() -> None:
    raw = ZH_PAGE.format(meta='<meta charset="gbk">').encode("utf-8")
    assert TEXT in decode_html(raw, "gbk")


def test_latin1_page_keeps_its_accents() -> None:
    assert decode_html("Ça va très bien, café".encode("latin-1"), "iso-8859-1") == (
        "Ça va très bien, café"
    )


def test_utf8_cut_in_the_middle_of_a_character() -> None:
    raw = TEXT.encode("utf-8")[:-1]
    assert decode_html(raw).startswith(TEXT[:-1])


def test_byte_order_mark_wins() -> None:
    assert TEXT in decode_html(ZH_PAGE.format(meta="").encode("utf-16"), "iso-8859-1")


def test_mojibake_signs() -> None:
    gb_as_latin = TEXT.encode("gb18030").decode("cp1252", errors="replace")
    assert looks_like_mojibake(gb_as_latin, "gb18030")
    assert looks_like_mojibake("\ufffd" * 10 + "abc")
    assert not looks_like_mojibake(TEXT, "gb18030")
    assert not looks_like_mojibake("plain ascii", "utf-8")


@pytest.mark.parametrize(
    ("text", "html_lang", "lang"),
    [
        (TEXT, None, "zh"),
        ("比亚迪（BYD）与 Tesla 在 Shanghai 合作建设新的电池工厂。", None, "zh"),
        ("The plant in Baoying county will make battery cells.", None, "en"),
        ("Xi Jinping (习近平) met the chief executives of several companies.", None, "en"),
        ("Das Werk in Baoying wird Batteriezellen herstellen.", "de-DE", "de"),
        ("The plant will make battery cells.", "zh-CN", "en"),
        ("新しい工場は電池を生産する予定です。", None, "ja"),
        ("새 공장은 배터리를 생산할 예정입니다.", None, "ko"),
        ("Завод в Баоине будет выпускать аккумуляторы.", "ru", "ru"),
        ("Завод в Баоине будет выпускать аккумуляторы.", None, None),
        ("", "en", None),
        ("123 456", None, None),
    ],
)
def test_language_by_script(text: str, html_lang: str | None, lang: str | None) -> None:
    assert detect_lang(text, html_lang) == lang


def test_traditional_text_is_simplified_and_simplified_is_left_alone() -> None:
    assert to_simplified("台灣電子大廠宣布赴江蘇設廠") == "台湾电子大厂宣布赴江苏设厂"
    assert to_simplified(TEXT) == TEXT
    assert to_simplified("") == ""
