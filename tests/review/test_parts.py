"""The review page's small parts as tables: highlighting, charts, money, sessions, throttles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pipelines.corrections import parse_amount
from pipelines.db import open_database
from pipelines.db.models import LoginFailure
from pipelines.db.users import lock_length
from pipelines.decisions import DecisionError
from review import charts
from review.formatting import amount, safe_url
from review.highlight import Term, highlight, spans
from review.routes_tasks import next_steps, parse_amounts
from review.sessions import SessionSigner, new_session
from review.throttle import ClientThrottle


@pytest.mark.parametrize(
    ("text", "terms", "html"),
    [
        ("比亚迪投资5亿元", [Term("比亚迪", "investor"), Term("5亿元", "capex")],
         '<mark class="ev ev-investor" title="投资方">比亚迪</mark>投资'
         '<mark class="ev ev-capex" title="投资额">5亿元</mark>'),
        ("<b>A&B</b>", [Term("A&B", "company")],
         '&lt;b&gt;<mark class="ev ev-company" title="企业">A&amp;B</mark>&lt;/b&gt;'),
        ("宝应经济开发区", [Term("宝应", "place"), Term("宝应经济开发区", "place")],
         '<mark class="ev ev-place" title="地点">宝应经济开发区</mark>'),
        ("x<script>", [Term("<script>", "stage")], 'x<mark class="ev ev-stage" title="阶段用语">&lt;script&gt;</mark>'),
        ("无证据", [], "无证据"),
    ],
)  # fmt: skip
def test_highlight_escapes_then_marks(text: str, terms: list[Term], html: str) -> None:
    assert str(highlight(text, terms)) == html


def test_spans_do_not_overlap_and_find_every_occurrence() -> None:
    found = spans("美的美的集团", [Term("美的", "company"), Term("美的集团", "investor")])
    assert found == [(0, 2, "company"), (2, 6, "investor")]


def test_charts_escape_their_labels_and_use_no_inline_style() -> None:
    rows = [charts.BarRow("<b>办</b>", 0.5, "1亿元 / 2亿元"), charts.BarRow("x", None, "—")]
    svg = str(charts.bar_chart(rows, expected=0.7))
    assert "&lt;b&gt;办&lt;/b&gt;" in svg and "<b>" not in svg and "style=" not in svg
    assert 'fill="#c23b3b"' in svg  # behind the expected share
    bar = str(charts.bar(1.7, label='"><script>'))
    assert 'width="160.0"' in bar and "<script>" not in bar
    year = str(charts.year_chart(2026, [(dt.date(2026, 3, 1), 0.2)], [(dt.date(2026, 1, 1), 0.0),
               (dt.date(2026, 12, 31), 1.0)], [charts.Mark(dt.date(2026, 4, 18), "烟花<三月>", 0.5)],
               dt.date(2026, 11, 25)))  # fmt: skip
    assert "烟花&lt;三月&gt;" in year and year.count("<polyline") == 2


@pytest.mark.parametrize(
    ("value", "currency", "text"),
    [(5e8, "CNY", "5.00亿元"), (3e7, "USD", "3000万美元"), (1234, "CNY", "1234元"), (None, "CNY", "—"),
     (2e9, "XYZ", "20.00亿 XYZ")],
)  # fmt: skip
def test_amounts_in_wan_and_yi(value: float | None, currency: str, text: str) -> None:
    assert amount(value, currency) == text


def test_only_web_links_are_linked() -> None:
    assert safe_url("https://a.example/x") == "https://a.example/x"
    assert safe_url("javascript:alert(1)") == "#"
    assert safe_url(" JAVASCRIPT:x") == "#"
    assert safe_url(None) == "#"


@pytest.mark.parametrize(("text", "parsed"), [("5亿元", (5e8, "CNY")), ("3000万美元", (3e7, "USD")),
                                              ("5000万", (5e7, "CNY")), ("1,200", (1200.0, "CNY"))])  # fmt: skip
def test_corrected_amounts(text: str, parsed: tuple[float, str]) -> None:
    assert parse_amount(text) == parsed


@pytest.mark.parametrize("text", ["lots", "-5", "nan"])
def test_bad_corrected_amounts(text: str) -> None:
    with pytest.raises(DecisionError):
        parse_amount(text)


def test_step_amounts_are_typed_in_wan() -> None:
    amounts = parse_amounts(
        {"contract_amount_cny": "3,000", "fdi_used_usd": "", "fdi_contracted_usd": "12.5"}
    )
    assert amounts.given() == {"contract_amount_cny": 3e7, "fdi_contracted_usd": 125000.0}
    for bad in ("abc", "-1", "inf"):
        with pytest.raises(DecisionError):
            parse_amounts({"contract_amount_cny": bad})


def test_next_steps() -> None:
    assert next_steps("signed") == [
        "signed",
        "capital_in_place",
        "construction",
        "production",
        "rejected",
        "closed",
    ]
    assert next_steps("closed") == []


def test_failed_logins_lock_longer_and_longer() -> None:
    assert [lock_length(n).total_seconds() for n in (1, 4, 5, 6, 7, 20)] == [0, 0, 30, 60, 120, 900]


def test_the_client_throttle_forgets_old_failures(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'throttle.db'}")
    window, now = dt.timedelta(minutes=10), dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    throttle = ClientThrottle(database, limit=3, window=window)
    for minute in range(3):
        throttle.failed("1.2.3.4", now + dt.timedelta(minutes=minute))
    assert throttle.blocked("1.2.3.4", now + dt.timedelta(minutes=5))
    assert not throttle.blocked("5.6.7.8", now)
    assert not throttle.blocked("1.2.3.4", now + dt.timedelta(minutes=11))
    # a second server process (another worker) counts the same failures
    assert ClientThrottle(database, limit=3, window=window).blocked(
        "1.2.3.4", now + dt.timedelta(minutes=5)
    )
    throttle.failed("5.6.7.8", now + dt.timedelta(minutes=30))  # and old ones are dropped
    with database.session() as session:
        assert session.scalar(select(func.count(LoginFailure.id))) == 1
    database.dispose()


def test_session_cookies_are_signed_and_end() -> None:
    signer = SessionSigner("secret", max_age_s=60)
    data = new_session(1000.0, user_id=7, password_mark="m")
    token = signer.dumps(data)
    assert signer.loads(token, 1030.0) == data
    assert signer.loads(token, 1061.0) is None
    assert signer.loads(token, 999.0) is None  # issued in the future: refused
    assert SessionSigner("other", 60).loads(token, 1030.0) is None
    assert signer.loads(token + "x", 1030.0) is None and signer.loads("", 1030.0) is None
    assert signer.password_mark("hash1") != signer.password_mark("hash2")
