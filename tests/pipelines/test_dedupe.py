"""Story clusters: a syndicated copy joins the story; other stories don't; the index stays bounded."""

from __future__ import annotations

import datetime as dt

from pipelines.dedupe import StoryIndex

T0 = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
ORIGINAL = (
    "11月20日，比亚迪股份有限公司与宝应县人民政府签署投资协议，计划总投资50亿元，"
    "在宝应经济开发区建设动力电池生产基地，项目分两期建设，预计2027年投产，达产后年产值约80亿元。"
)
SYNDICATED = (
    "据宝应县消息，11月20日比亚迪股份有限公司与宝应县政府签署了投资协议，计划总投资50亿元，"
    "在宝应经济开发区建设动力电池生产基地。项目分两期建设，预计2027年投产，达产后年产值约80亿元。"
)
OTHER = "宁德时代发布三季报，前三季度实现营业收入2000亿元，同比增长10%，净利润创历史新高。"


def test_syndicated_copy_joins_the_story() -> None:
    index = StoryIndex()
    assert index.add("a", ORIGINAL, T0) == "a"
    assert index.add("b", SYNDICATED, T0 + dt.timedelta(hours=3)) == "a"
    assert index.add("c", OTHER, T0 + dt.timedelta(hours=4)) == "c"


def test_old_stories_are_evicted() -> None:
    index = StoryIndex(window=dt.timedelta(days=7))
    index.add("a", ORIGINAL, T0)
    assert len(index) == 1
    assert index.add("b", SYNDICATED, T0 + dt.timedelta(days=30)) == "b"
    assert len(index) == 1


def test_entry_cap_bounds_memory() -> None:
    index = StoryIndex(max_entries=50)
    for i in range(200):
        index.add(
            f"k{i}", f"第{i}条完全不同的新闻内容，编号{i * 7919}，关于主题{i % 13}的报道。", T0
        )
    assert len(index) <= 51
