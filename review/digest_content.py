"""What an office's weekly digest says: its new leads of the week, ranked, and its open tasks."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from catalog.model import Catalog
from catalog.registry import LIST_NAMES_ZH
from pipelines.db.digests import week_leads
from pipelines.db.kpi_queries import COUNTY_TIMEZONE
from pipelines.db.queries import task_records
from pipelines.lifecycle import STEP_NAMES_ZH
from pipelines.score import EVENT_ZH, STAGE_ZH
from review.weeks import IsoWeek

MAX_TASKS = 30
TASK_KIND_ZH = {"register": "登记入库", "assess": "研判评估", "contact": "联系对接",
                "overseas": "境外对接", "leader": "县领导挂钩"}  # fmt: skip
CURRENCY_ZH = {"CNY": "元", "USD": "美元", "EUR": "欧元", "JPY": "日元", "HKD": "港元",
               "GBP": "英镑", "KRW": "韩元", "SGD": "新加坡元"}  # fmt: skip
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|\n+")


@dataclass(frozen=True)
class DigestLead:
    """A lead as a digest shows it: every fact in words, with the sentence that says it."""

    lead_id: int
    rank: int
    score: float
    company: str
    lists: tuple[str, ...]
    event: str
    stage: str | None
    amount: str | None
    capex_cny: float | None
    destination: str | None
    sector: str | None
    chain: str | None
    relation: str | None
    evidence: str | None
    source_url: str | None
    page_url: str
    reason: str


@dataclass(frozen=True)
class DigestTask:
    task_id: int
    company: str
    kind: str
    step: str
    due: str
    overdue: bool
    page_url: str


@dataclass(frozen=True)
class OfficeDigest:
    """One office's week: new leads routed to it and its open tasks (overdue first)."""

    week: IsoWeek
    office_id: str
    office_name: str
    recipients: tuple[str, ...]
    leads: tuple[DigestLead, ...]
    tasks: tuple[DigestTask, ...]
    more_tasks: int

    @property
    def audience(self) -> str:
        return self.office_id

    @property
    def overdue(self) -> int:
        return sum(1 for t in self.tasks if t.overdue)

    @property
    def empty(self) -> bool:
        return not self.leads and not self.tasks


def amount_zh(amount: float | None, currency: str | None) -> str | None:
    """50亿元, 3.2亿美元, 3000万元: the stated amount in its own currency, never converted."""
    if amount is None:
        return None
    unit = CURRENCY_ZH.get(currency or "", f" {currency}" if currency else "")
    for size, word in ((1e8, "亿"), (1e4, "万")):
        if abs(amount) >= size:
            return f"{amount / size:.2f}".rstrip("0").rstrip(".") + word + unit
    return f"{amount:g}{unit}"


def evidence_sentence(record: dict[str, Any]) -> str | None:
    """The amount's sentence; else the first sentence naming the investor; else the headline."""
    if record.get("evidence"):
        return str(record["evidence"]).strip()
    mention = record.get("mention") or record.get("company")
    for sentence in _SENTENCE_END.split(record.get("article_body") or ""):
        if mention and mention in sentence and sentence.strip():
            return sentence.strip()
    return record.get("article_title")


def digest_lead(record: dict[str, Any], catalog: Catalog, review_url: str) -> DigestLead:
    sector = next((s for s in catalog.sectors if s.id == record["sector"]), None)
    links = sector.links if sector else []
    link = next((k for k in links if f"{record['sector']}.{k.id}" == record["chain_link"]), None)
    return DigestLead(
        lead_id=record["lead_id"], rank=record["rank"], score=record["score"],
        company=record["company"], lists=tuple(LIST_NAMES_ZH.get(n, n) for n in record["lists"]),
        event=EVENT_ZH.get(record["event_type"], record["event_type"]),
        stage=STAGE_ZH.get(record["stage"]) if record["stage"] else None,
        amount=amount_zh(record["capex_amount"], record["capex_currency"]),
        capex_cny=record.get("capex_cny"), destination=_place(record),
        sector=sector.name_zh if sector else None, chain=link.name_zh if link else None,
        relation=record["relation"], evidence=evidence_sentence(record),
        source_url=record["url"], page_url=f"{review_url}/leads/{record['lead_id']}",
        reason=record["reason"],
    )  # fmt: skip


def _place(record: dict[str, Any]) -> str | None:
    detail = record.get("destination_detail") or {}
    parts = [detail.get(k) for k in ("country", "province", "city", "county")]
    named = "".join(p for p in parts if p and p != "中国")
    return named or record.get("destination")


def digest_task(record: dict[str, Any], review_url: str) -> DigestTask:
    due = dt.datetime.fromisoformat(record["due_at"]).astimezone(COUNTY_TIMEZONE)
    return DigestTask(
        task_id=record["task_id"], company=record["company"],
        kind=TASK_KIND_ZH.get(record["kind"], record["kind"]),
        step=STEP_NAMES_ZH.get(record["step"], record["step"]), due=due.strftime("%Y-%m-%d"),
        overdue=bool(record["overdue"]), page_url=f"{review_url}/leads/{record['lead_id']}",
    )  # fmt: skip


def office_digest(
    session: Session, catalog: Catalog, office_id: str, recipients: tuple[str, ...],
    week: IsoWeek, now: dt.datetime, review_url: str,
) -> OfficeDigest:  # fmt: skip
    """The office's new leads of `week` and its open tasks as of `now`."""
    leads = week_leads(session, week.start, week.end, office_id)
    tasks = [
        r for r in task_records(session, office_id, None, now)
        if r["status"] in ("open", "in_progress")
    ]  # fmt: skip
    return OfficeDigest(
        week, office_id, catalog.office(office_id).name_zh, recipients,
        tuple(digest_lead(r, catalog, review_url) for r in leads),
        tuple(digest_task(r, review_url) for r in tasks[:MAX_TASKS]),
        max(len(tasks) - MAX_TASKS, 0),
    )  # fmt: skip
