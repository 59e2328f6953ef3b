"""`leadradar demo` writes digest previews; the leaders' one opens in headless Chromium."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from cli import main

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium)"
)
def test_demo_preview_shows_the_leads_and_the_chart(monkeypatch: pytest.MonkeyPatch) -> None:
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("LEADRADAR_CRAWL_DELAY", "0")
    out = io.StringIO()
    assert main(["demo"], out=out) == 0
    previews = re.findall(r"^  (\S+\.html)$", out.getvalue(), flags=re.MULTILINE)
    leaders = next(Path(p) for p in previews if p.endswith("-leaders.html"))
    assert len(previews) >= 2 and all(Path(p).exists() for p in previews)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page(viewport={"width": 900, "height": 1400})
        page.goto(leaders.as_uri())
        assert page.locator("#leads").is_visible()
        assert page.locator("#leads tbody tr").count() >= 2
        assert "世界500强" in page.locator("#leads").inner_text()
        chart = page.locator("#progress-chart")
        chart.scroll_into_view_if_needed()
        assert chart.is_visible()
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
        page.screenshot(path=str(ARTIFACTS / "digest-leaders.png"), full_page=True)
        browser.close()
    assert (ARTIFACTS / "digest-leaders.png").stat().st_size > 10_000
