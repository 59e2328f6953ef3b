"""`leadradar digest` on crawled sample sites, mailed to a real SMTP server on loopback, once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
import io
import sqlite3
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from cli import main
from pipelines.db import open_database
from pipelines.db.digests import claim_digest, digest_ledger, mark_digest_sent
from pipelines.db.models import Article, Lead, LeadArticle, Task
from pipelines.settings import load_settings
from pipelines.sources import load_sources
from review.cmd_crawl import crawl_into
from review.cmd_leads import run_process
from review.mailer import Mailer
from spiders.demo_server import DemoSite
from tests.loopback import Inbox, smtp_server

FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_TIMEOUT": "2",
        "RETRY_TIMES": "0"}  # fmt: skip
NOW = dt.datetime(2026, 11, 25, 8, tzinfo=dt.UTC)  # in 2026-W48
SCRIPT_TITLE = "<script>alert('leadradar')</script>神秘公司宣布新建工厂"
CRLF_COMPANY = "注入测试有限公司\r\nBcc: victim@example.com"
OFFICE_EMAILS = "county_bureau=bureau@example.cn,devzone_bureau=zone@example.cn"
LEADERS = ("leader1@example.cn", "leader2@example.cn")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database of the crawled and processed sample sites, plus two hostile leads."""
    home = tmp_path_factory.mktemp("digest-world")
    settings = dataclasses.replace(
        load_settings(env={"LEADRADAR_HOME": str(home)}), sources_file=home / "sources.yml"
    )
    with DemoSite() as site:
        settings.sources_file.write_text(site.sources_yaml(), encoding="utf-8")
        crawl_into(settings, load_sources(settings.sources_file), None, None, FAST)
    run_process(settings, now=NOW)
    database = open_database(settings.database_url)
    with database.session() as session:
        _hostile_lead(session, "神秘公司", SCRIPT_TITLE, 0.5)
        _hostile_lead(session, CRLF_COMPANY, "注入测试有限公司扩产", 0.999)
    database.dispose()
    return home / "leadradar.db"


def _hostile_lead(session: Any, company: str, title: str, score: float) -> None:
    article = Article(url=f"https://evil.example/{score}", fetched_url=f"https://evil.example/{score}",
                      title=title, body="", fetched_at=NOW, content_hash=str(score), meta={})  # fmt: skip
    lead = Lead(project_key=f"name:{company}|?|2026", company_name=company, company_key=company,
                event_type="new_plant", score=score, first_seen_at=NOW, updated_at=NOW)  # fmt: skip
    session.add_all([article, lead])
    session.flush()
    session.add(LeadArticle(lead_id=lead.id, article_id=article.id, added_at=NOW))
    session.add(Task(lead_id=lead.id, office_id="county_bureau", kind="register", status="open",
                     step="lead", due_at=NOW + dt.timedelta(days=1), created_at=NOW,
                     updated_at=NOW))  # fmt: skip


@pytest.fixture
def inbox(world: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """A copy of the world, the mail settings pointing at a fresh SMTP server."""
    copy = tmp_path / "leadradar.db"
    with sqlite3.connect(world) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with smtp_server() as (handler, port):
        settings = {
            "LEADRADAR_DATABASE_URL": f"sqlite:///{copy}",
            "LEADRADAR_SMTP_URL": f"smtp://127.0.0.1:{port}",
            "LEADRADAR_MAIL_FROM": "radar@example.cn",
            "LEADRADAR_OFFICE_EMAILS": OFFICE_EMAILS,
            "LEADRADAR_LEADER_EMAILS": ",".join(LEADERS),
            "LEADRADAR_REVIEW_URL": "http://review.local/",
        }
        for name, value in settings.items():
            monkeypatch.setenv(name, value)
        yield handler


def digest(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(["digest", "--week", "2026-W48", *args], out=out), out.getvalue()


def by_recipient(handler: Inbox) -> dict[str, EmailMessage]:
    found = {}
    for recipients, mail in handler.deliveries():
        assert len(recipients) == 1, recipients  # one message per recipient, never a Bcc
        assert recipients[0] not in found, f"{recipients[0]} got the digest twice"
        found[recipients[0]] = mail
    return found


def test_send_mails_each_audience_once(inbox: Inbox) -> None:
    code, output = digest("--send")
    assert code == 0, output
    mails = by_recipient(inbox)
    assert set(mails) == {"bureau@example.cn", "zone@example.cn", *LEADERS}
    bureau, leader = mails["bureau@example.cn"], mails[LEADERS[0]]
    assert bureau["Subject"].startswith("【招商线索周报】2026-W48 宝应县招商局：新线索")
    assert bureau["Bcc"] is None and "首条 注入测试有限公司 Bcc" in bureau["Subject"]
    assert leader["Subject"].startswith("【招商工作周报】2026-W48 宝应县：新线索")
    for mail in mails.values():
        assert mail["From"] == "radar@example.cn" and mail.get_body(("plain",)) is not None
    html = bureau.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "宁德时代新能源科技股份有限公司" in html and "世界500强" in html
    assert "&lt;script&gt;alert(" in html and "<script>" not in html
    assert "http://review.local/leads/" in html
    images = [p for p in leader.walk() if p.get_content_type() == "image/png"]
    assert len(images) == 1 and images[0].get_content().startswith(b"\x89PNG")
    assert "cid:progress-chart" in leader.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "无收件地址 no address" in output and "kunshan_office" in output


def test_a_second_send_of_the_week_sends_nothing(inbox: Inbox) -> None:
    assert digest("--send")[0] == 0
    sent = len(inbox.envelopes)
    code, output = digest("--send")
    assert code == 0 and len(inbox.envelopes) == sent
    assert f"digests sent: 0, already sent before: {sent}" in output
    database = open_database(load_settings().database_url)
    with database.session() as session:
        assert {row.status for row in digest_ledger(session, "2026-W48")} == {"sent"}
    database.dispose()


class Crash(BaseException):
    """The process dying between two messages (not an error any code would catch)."""


def test_a_crash_between_pending_and_sent_retries_only_the_unsent(
    inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_send, calls = Mailer.send, []

    def crashing_send(self: Mailer, message: EmailMessage) -> None:
        calls.append(message["To"])
        if len(calls) == 3:
            raise Crash
        real_send(self, message)

    monkeypatch.setattr(Mailer, "send", crashing_send)
    with pytest.raises(Crash):
        digest("--send")
    database = open_database(load_settings().database_url)
    with database.session() as session:
        ledger = {row.recipient: row.status for row in digest_ledger(session, "2026-W48")}
    assert sorted(ledger.values()) == ["pending", "sent", "sent"]
    monkeypatch.setattr(Mailer, "send", real_send)
    code, output = digest("--send")
    assert code == 0 and "already sent before: 2" in output
    mails = by_recipient(inbox)  # no recipient twice
    assert set(mails) == {"bureau@example.cn", "zone@example.cn", *LEADERS}
    with database.session() as session:
        assert {row.status for row in digest_ledger(session, "2026-W48")} == {"sent"}
    database.dispose()


def test_previews_are_written_and_nothing_is_sent(inbox: Inbox, tmp_path: Path) -> None:
    code, output = digest("--out", str(tmp_path / "previews"))
    assert code == 0 and not inbox.envelopes
    files = sorted(p.name for p in (tmp_path / "previews").iterdir())
    assert "2026-W48-leaders.html" in files and "2026-W48-county_bureau.eml" in files
    assert len(files) % 2 == 0 and str(tmp_path / "previews" / "2026-W48-leaders.html") in output
    preview = (tmp_path / "previews" / "2026-W48-leaders.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in preview
    eml = (tmp_path / "previews" / "2026-W48-leaders.eml").read_bytes()
    mail = email.message_from_bytes(eml, policy=email.policy.default)
    assert mail["To"] == ", ".join(LEADERS)


def test_one_office_only(inbox: Inbox) -> None:
    assert digest("--office", "devzone_bureau", "--send")[0] == 0
    assert set(by_recipient(inbox)) == {"zone@example.cn"}
    assert digest("--office", "nowhere")[0] == 2


def test_without_smtp_the_digests_go_to_the_outbox(
    inbox: Inbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("LEADRADAR_SMTP_URL")
    code, output = digest("--send")
    assert code == 0 and not inbox.envelopes and "not set" in output
    assert (load_settings().outbox / "2026-W48-leaders.eml").exists()
    monkeypatch.delenv("LEADRADAR_OFFICE_EMAILS")
    monkeypatch.delenv("LEADRADAR_LEADER_EMAILS")
    assert digest("--send")[0] == 2  # nobody to send to is a usage error


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_the_ledger_claims_each_message_once(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'l.db'}"
        if backend == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    database = open_database(url)
    with database.session() as session:
        assert claim_digest(session, "2026-W48", "eco_office", "eco@example.cn", "<m1@x>")
    with database.session() as session:  # pending (a crash): claimed again
        assert claim_digest(session, "2026-W48", "eco_office", "eco@example.cn", "<m1@x>")
        mark_digest_sent(session, "2026-W48", "eco_office", "eco@example.cn", NOW)
    with database.session() as session:
        assert not claim_digest(session, "2026-W48", "eco_office", "eco@example.cn", "<m1@x>")
        assert claim_digest(session, "2026-W49", "eco_office", "eco@example.cn", "<m2@x>")
        rows = digest_ledger(session, "2026-W48")
    database.dispose()
    assert [(r.status, r.sent_at, r.message_id) for r in rows] == [("sent", NOW, "<m1@x>")]
