"""The lead queue: order, filters, search, paging, exports, and scraped text kept as text."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
from fastapi import FastAPI
from sqlalchemy import insert, select

from pipelines.db.learning import add_version
from pipelines.db.models import Analysis, Article, Lead, LeadArticle
from pipelines.db.review_queries import Cursor, QueueFilter, queue_page
from pipelines.score_weights import LearnedWeights
from tests.review.conftest import PROCESSED_AT, Session, lead_ids

SCRIPT = "<script>alert('x')</script>"


def _ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'class="company" href="/leads/(\d+)"', html)]


def _scores(html: str) -> list[float]:
    return [float(s) for s in re.findall(r'<span class="score" title="评分">([\d.]+)</span>', html)]


def test_the_queue_is_ranked_best_first(as_role: Callable[[str], Session], app: FastAPI) -> None:
    html = as_role("analyst").get("/leads").text
    assert _ids(html) == lead_ids(app)
    assert _scores(html) == sorted(_scores(html), reverse=True)
    assert f"共 <strong>{len(lead_ids(app))}</strong> 条线索" in html


def test_filters(as_role: Callable[[str], Session], app: FastAPI) -> None:
    analyst = as_role("analyst")
    checks = {  # query -> a predicate on the leads shown
        "sector=electronics": lambda lead: lead.sector == "electronics",
        "event=relocation": lambda lead: lead.event_type == "relocation",
        "stage=signed": lambda lead: lead.stage == "signed",
        "min_score=0.9": lambda lead: lead.score >= 0.9,
        "list=fortune_global_500": lambda lead: lead.company_id is not None,
    }
    with app.state.site.database.session() as session:
        leads = {lead.id: lead for lead in session.scalars(select(Lead))}
    for query, wanted in checks.items():
        shown = _ids(analyst.get(f"/leads?{query}").text)
        assert shown, query
        assert all(wanted(leads[i]) for i in shown), query
        assert len(shown) < len(leads), query
    assert set(_ids(analyst.get("/leads?office=kunshan_office").text)) == set(
        lead_ids(app, "kunshan_office")
    )
    assert _ids(analyst.get("/leads?since=2026-11-26").text) == []
    assert len(_ids(analyst.get("/leads?since=2026-11-25&until=2026-11-25").text)) == len(leads)
    assert len(_ids(analyst.get("/leads?min_score=abc&sector=nonsense").text)) == len(leads)


def test_search_finds_company_names_and_titles(as_role: Callable[[str], Session]) -> None:
    analyst = as_role("analyst")
    by_company = analyst.get("/leads?q=亨通").text
    assert len(_ids(by_company)) == 1 and "亨通集团有限公司" in by_company
    by_title = analyst.get("/leads?q=battery").text  # English titles, any case
    assert _ids(by_title) and "CATL" in by_title
    assert _ids(analyst.get("/leads?q=亨%25团").text) == []  # LIKE wildcards are literal


def test_htmx_gets_only_the_queue(as_role: Callable[[str], Session]) -> None:
    response = as_role("analyst").get(
        "/leads?sector=electronics", headers={"HX-Request": "true", "HX-Target": "queue"}
    )
    assert response.text.lstrip().startswith('<div id="queue">')
    assert "<html" not in response.text


def _add_leads(app: FastAPI, count: int, **values: Any) -> list[int]:
    rows = [
        {"project_key": f"test:{i}", "company_name": values.get("company_name", f"测试企业{i}"),
         "event_type": "new_plant", "score": values.get("score", 0.5) - i * 1e-6, "status": "new",
         "company_key": f"test:{i}", "first_seen_at": PROCESSED_AT, "updated_at": PROCESSED_AT,
         "facts": {}, "explanation": []}
        for i in range(count)
    ]  # fmt: skip
    with app.state.site.database.session() as session:
        return list(session.scalars(insert(Lead).returning(Lead.id), rows))


def test_keyset_paging_walks_every_lead_once(
    as_role: Callable[[str], Session], app: FastAPI
) -> None:
    _add_leads(app, 70, score=0.3)
    analyst, seen, url = as_role("analyst"), [], "/leads"
    while url:
        html = analyst.get(url).text
        seen += _ids(html)
        found = re.search(r'href="(/leads\?[^"]*after=[^"]*)" rel="next"', html)
        url = found.group(1).replace("&amp;", "&") if found else ""
    assert seen == lead_ids(app)
    assert len(seen) == len(set(seen)) > 50


def test_paging_with_ties_and_a_bad_cursor(app: FastAPI) -> None:
    _add_leads(app, 7, score=0.42)
    with app.state.site.database.session() as session:
        everything = [r.lead_id for r in queue_page(session, QueueFilter(), None, 1000).rows]
        walked, cursor = [], None
        while True:
            page = queue_page(session, QueueFilter(), cursor, 4)
            walked += [r.lead_id for r in page.rows]
            if page.next_cursor is None:
                break
            cursor = Cursor.decode(page.next_cursor.encode())
    assert walked == everything
    assert Cursor.decode("nonsense") is None and Cursor.decode(None) is None


def _lead_with_article(app: FastAPI, title: str, body: str, company: str) -> int:
    analysis = {"companies": [{"mention": company, "role": "investor"}], "stage": "announced",
                "capex": {"text": "5亿元"}, "destination": {"text": "宝应"}}  # fmt: skip
    with app.state.site.database.session() as session:
        article = Article(url="https://example.com/x?a=<b>", fetched_url="https://example.com/x",
                          title=title, body=body, fetched_at=PROCESSED_AT, content_hash="h",
                          published_at=PROCESSED_AT)  # fmt: skip
        session.add(article)
        session.flush()
        session.add(Analysis(article_id=article.id, model_version="t", catalog_version="t",
                             event_type="new_plant", score=0.99, is_lead=True, result=analysis))  # fmt: skip
        lead = Lead(project_key="xss", company_name=company, event_type="new_plant", score=0.999,
                    company_key="xss", first_seen_at=PROCESSED_AT, updated_at=PROCESSED_AT,
                    facts={"companies": analysis["companies"], "capex": analysis["capex"]},
                    explanation=[{"feature": "novelty", "value": 1, "contribution": 0.05, "why": SCRIPT}])  # fmt: skip
        session.add(lead)
        session.flush()
        session.add(LeadArticle(lead_id=lead.id, article_id=article.id, added_at=PROCESSED_AT))
        return lead.id


def test_scraped_text_is_escaped_everywhere(
    as_role: Callable[[str], Session], app: FastAPI
) -> None:
    company = '<img src=x onerror="alert(1)">公司'
    lead = _lead_with_article(
        app, f"{SCRIPT}投资5亿元", f"{company}在宝应投资5亿元。{SCRIPT}", company
    )
    analyst = as_role("analyst")
    for url in ("/leads", f"/leads/{lead}", "/board?office=county_bureau"):
        html = analyst.get(url).text
        assert "<script>alert" not in html and "<img src=x" not in html, url
    page = analyst.get(f"/leads/{lead}").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert (
        '<mark class="ev ev-investor" title="投资方">&lt;img src=x onerror=&#34;alert(1)&#34;&gt;公司</mark>'
        in page
    )
    assert '<mark class="ev ev-capex" title="投资额">5亿元</mark>' in page
    assert 'href="https://example.com/x?a=&lt;b&gt;"' in page


def test_exports_follow_the_filter_and_neutralise_formulas(
    as_role: Callable[[str], Session], app: FastAPI
) -> None:
    _add_leads(app, 1, company_name='=HYPERLINK("http://evil","x")', score=0.999)
    analyst = as_role("analyst")
    response = analyst.get("/leads/export.csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [int(r["lead_id"]) for r in rows] == lead_ids(app)
    assert rows[0]["company"].startswith("'=HYPERLINK")
    electronics = list(
        csv.DictReader(
            io.StringIO(analyst.get("/leads/export.csv?sector=electronics").text.lstrip("\ufeff"))
        )
    )
    assert electronics and {r["sector"] for r in electronics} == {"electronics"}
    sheet = openpyxl.load_workbook(io.BytesIO(analyst.get("/leads/export.xlsx").content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("rank", "lead_id", "score")
    assert str(values[1][4]).startswith("'=HYPERLINK") and len(values) == len(rows) + 1


def test_the_day_filter_uses_county_days(app: FastAPI) -> None:
    from review.routes_leads import _day

    start = _day("2026-11-25")
    assert start == dt.datetime(2026, 11, 24, 16, tzinfo=dt.UTC)
    assert _day("not a day") is None


def test_uncertain_first_puts_scores_nearest_the_threshold_first(
    as_role: Callable[[str], Session], app: FastAPI
) -> None:
    html = as_role("analyst").get("/leads", params={"order": "uncertain"}).text
    scores = _scores(html)
    threshold = 0.40
    assert len(scores) >= 5
    distances = [abs(s - threshold) for s in scores]
    assert distances == sorted(distances)
    assert "最不确定优先" in html


def test_uncertain_first_follows_the_learned_threshold(
    as_role: Callable[[str], Session], app: FastAPI, tmp_path: Path
) -> None:
    """After `leadradar train` promotes weights with another threshold, that one is the centre."""
    site = app.state.site
    learned = LearnedWeights(dict(site.catalog.weights.weights), 0.85, {})
    learned.save(tmp_path / "weights.json")
    with site.database.session() as session:
        add_version(
            session, "weights", "w1", str(tmp_path / "weights.json"), "h", {}, True, PROCESSED_AT
        )
    scores = _scores(as_role("analyst").get("/leads", params={"order": "uncertain"}).text)
    distances = [abs(s - 0.85) for s in scores]
    assert len(scores) >= 5 and distances == sorted(distances)
    old = [abs(s - 0.40) for s in scores]
    assert old != sorted(old)  # not ordered around the catalog's 0.40 any more
