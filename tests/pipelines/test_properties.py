"""Property tests: no text makes the parsers or the analyser raise."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.load import load_catalog
from catalog.registry import load_registry
from pipelines.amounts import find_amounts
from pipelines.analyse import AnalysisContext, NewsItem, analyse
from pipelines.facts import find_capex, find_details
from pipelines.settings import BUNDLED_CATALOG, BUNDLED_REGISTRY

CONTEXT = AnalysisContext.build(load_catalog(BUNDLED_CATALOG), load_registry(BUNDLED_REGISTRY))
PIECES = st.sampled_from(["亿元", "万", "美元", "$", "billion", "总投资", "约", "逾", "-", "至", "在", "宝应",
                          "比亚迪", "签约", "投产", "收购", "与", "合资", "（", "）", "%", ",", "五十", "百"])  # fmt: skip
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=40).map("".join),
)


@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_amounts_never_raise(text: str) -> None:
    for amount in find_amounts(text):
        assert amount.amount > 0
        assert text[amount.start : amount.end].strip() == amount.text
    find_capex(text[:20], text)
    find_details("", text)


@given(TEXTS, TEXTS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_analyse_never_raises(title: str, text: str) -> None:
    result = analyse(NewsItem("p", title, text), CONTEXT)
    assert 0.0 <= result["score"] <= 1.0
    assert result["event_type"] in {
        "new_plant",
        "expansion",
        "relocation",
        "joint_venture",
        "acquisition",
        "none",
    }
