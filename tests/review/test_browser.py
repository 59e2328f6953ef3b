"""The review page in Debian's Chromium against a real uvicorn server on loopback.

An analyst logs in, filters the queue, opens a lead, accepts it and finds its task on the office
board, rejects another with a reason; an office user records 签约 with an amount and the targets
page moves. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from pipelines.bootstrap import Reference
from pipelines.settings import load_settings
from review.app import create_app
from tests.review.conftest import CHEAP, PASSWORD, PROCESSED_AT, Clock, copy_database

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, template_db: Path, reference: Reference
) -> Iterator[str]:
    """The app under uvicorn in a thread, on a socket that listens before the thread starts."""
    home = tmp_path_factory.mktemp("browser")
    copy_database(template_db, home / "leadradar.db")
    app = create_app(load_settings(env={"LEADRADAR_HOME": str(home)}), hasher=CHEAP, reference=reference,
                     clock=Clock(PROCESSED_AT.replace(hour=9)))  # fmt: skip
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    uvicorn_server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=uvicorn_server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    uvicorn_server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    context.set_default_timeout(10_000)
    tab = context.new_page()
    problems: list[str] = []
    tab.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    tab.on("pageerror", lambda error: problems.append(str(error)))
    yield tab
    context.close()
    assert not problems, problems  # a CSP violation or a script error shows up here


def shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"review-{name}.png"), full_page=True)  # type: ignore[attr-defined]


def log_in(page: object, base: str, name: str) -> None:
    page.goto(f"{base}/login")  # type: ignore[attr-defined]
    page.fill("input[name=username]", name)  # type: ignore[attr-defined]
    page.fill("input[name=password]", PASSWORD)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]


def test_analyst_filters_accepts_and_rejects(page: object, server: str) -> None:
    expect = playwright.expect
    log_in(page, server, "ana")
    expect(page.locator("h1")).to_contain_text("线索队列")  # type: ignore[attr-defined]
    cards = page.locator(".lead-card")  # type: ignore[attr-defined]
    everything = cards.count()
    page.select_option("select[name=sector]", "electronics")  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"sector=electronics"))  # type: ignore[attr-defined]
    expect(page.locator(".lead-card .meta").first).to_contain_text("电子信息")  # type: ignore[attr-defined]
    expect(cards).not_to_have_count(everything)
    shot(page, "1-queue-filtered")

    first = cards.first.locator("a.company")
    company = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_contain_text(company)  # type: ignore[attr-defined]
    expect(page.locator("mark.ev-investor").first).to_be_visible()  # type: ignore[attr-defined]
    page.click("#accept")  # type: ignore[attr-defined]
    expect(page.locator(".notice")).to_contain_text("已采纳")  # type: ignore[attr-defined]
    shot(page, "2-lead-accepted")
    office = page.locator(".task-line").last.get_attribute("data-office")  # type: ignore[attr-defined]
    page.goto(f"{server}/board")  # type: ignore[attr-defined]
    page.select_option("select[name=office]", office)  # type: ignore[attr-defined]
    page.click("text=查看")  # type: ignore[attr-defined]
    expect(page.locator(".task header a", has_text=company)).to_be_visible()  # type: ignore[attr-defined]
    shot(page, "3-office-board")

    page.goto(f"{server}/leads")  # type: ignore[attr-defined]
    other = page.locator(".lead-card a.company").nth(1)  # type: ignore[attr-defined]
    rejected = other.get_attribute("href")
    other.click()
    page.click("summary:has-text('否决')")  # type: ignore[attr-defined]
    page.fill("textarea[name=reason]", "已在外地投产，无法争取")  # type: ignore[attr-defined]
    page.click("button:has-text('否决该线索')")  # type: ignore[attr-defined]
    expect(page.locator(".notice")).to_contain_text("已否决")  # type: ignore[attr-defined]
    expect(page.locator("table.judgements")).to_contain_text("已在外地投产，无法争取")  # type: ignore[attr-defined]
    page.goto(f"{server}/leads")  # type: ignore[attr-defined]
    expect(page.locator(f'.lead-card a[href="{rejected}"]')).to_have_count(0)  # type: ignore[attr-defined]


def test_office_signs_a_task_and_the_targets_move(page: object, server: str) -> None:
    expect = playwright.expect
    log_in(page, server, "kun")
    expect(page.locator("h1")).to_contain_text("任务看板")  # type: ignore[attr-defined]
    page.goto(f"{server}/targets")  # type: ignore[attr-defined]
    total = page.locator("#target-total_investment_cny td.value")  # type: ignore[attr-defined]
    before = total.inner_text()
    page.goto(f"{server}/board")  # type: ignore[attr-defined]
    card = page.locator("article.task").first  # type: ignore[attr-defined]
    card_id = card.get_attribute("id")
    card.locator("select[name=step]").select_option("signed")
    card.locator("input[name=contract_amount_cny]").fill("30000")
    card.locator("input[name=note]").fill("签约仪式已举行")
    card.locator("button:has-text('记录')").click()
    updated = page.locator(f"#{card_id}")  # type: ignore[attr-defined]
    expect(updated.locator(".step-name")).to_have_text("签约")
    expect(updated.locator(".amounts")).to_contain_text("3.00亿元")
    shot(page, "4-task-signed")
    page.goto(f"{server}/targets")  # type: ignore[attr-defined]
    expect(total).not_to_have_text(before)
    expect(total).to_contain_text("亿元")
    expect(page.locator("table.rates tr.total")).to_contain_text("1")  # type: ignore[attr-defined]
    shot(page, "5-targets")


def test_the_lead_page_on_a_phone(browser: object, server: str) -> None:
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True
    )  # type: ignore[attr-defined]
    phone = context.new_page()
    log_in(phone, server, "ana")
    phone.locator(".lead-card a.company").first.click()
    playwright.expect(phone.locator("table.facts")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # nothing wider than the screen
    shot(phone, "6-phone-lead")
    context.close()
