"""Normalising text: simplified characters, half-width forms, whitespace, hidden characters."""

from __future__ import annotations

import pytest

from catalog.load import load_catalog
from catalog.registry import load_registry
from pipelines.analyse import AnalysisContext, NewsItem, analyse
from pipelines.normalise import detect_lang, normalise
from pipelines.settings import BUNDLED_CATALOG, BUNDLED_REGISTRY


@pytest.fixture(scope="module")
def context() -> AnalysisContext:
    return AnalysisContext.build(load_catalog(BUNDLED_CATALOG), load_registry(BUNDLED_REGISTRY))


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("台積電在高雄投資設廠", "台积电在高雄投资设厂"),  # traditional → simplified
        ("ＢＹＤ投资１２．５亿元", "BYD投资12.5亿元"),  # full-width → half-width
        ("总投资\u3000 约\xa05亿元", "总投资 约 5亿元"),  # every kind of space → one
        ("第一段\r\n\r\n  第二段\r第三段", "第一段\n第二段\n第三段"),  # line ends, no empty lines
        ("比亚\u200b迪在宝应建厂", "比亚迪在宝应建厂"),  # a zero-width space inside a name
        ("\ufeff宁德时代", "宁德时代"),  # a byte-order mark
        ("Tesla\x1b[2J\x1b]0;owned\x07 plant", "Tesla[2J]0;owned plant"),  # terminal escapes
        ("\u202eevil\u202c 工厂", "evil 工厂"),  # a bidirectional override shows text backwards
        ("a\x00b\x85c\td", "abc d"),  # NUL, C1 control, tab
    ],
)
def test_normalise(raw: str, clean: str) -> None:
    assert normalise(raw) == clean


@pytest.mark.parametrize(
    ("text", "lang"),
    [("比亚迪宣布在匈牙利建厂", "zh"), ("BYD to build a plant in Hungary", "en"),
     ("BYD在匈牙利建设新能源汽车工厂", "zh"), ("2026 — 12.5", "und")],
)  # fmt: skip
def test_detect_lang(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


def test_a_name_hidden_behind_invisible_characters_is_still_found(
    context: AnalysisContext,
) -> None:
    item = NewsItem(id="x", title="比亚\u200b迪\x1b[31m宣布在宝应投资建厂",
                    text="比亚\u200b迪将在宝应经济开发区投资20亿元建设电池工厂。")  # fmt: skip
    result = analyse(item, context)
    names = [c["mention"] for c in result["companies"]]
    assert "比亚迪" in names
    assert not any(ch in "".join(names) for ch in "\x1b\u200b")
