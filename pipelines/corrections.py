"""Analyst corrections: a fact or the company of a lead, a task's office, a task's lifecycle step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.model import Catalog
from pipelines.amounts import find_amounts
from pipelines.db.audit import Actor, Decision, record_action, record_decision
from pipelines.db.lead_detail import company_choice
from pipelines.db.lead_search import refresh_search_text
from pipelines.db.models import Lead, LeadHistory, LearnedAlias, OfficeRow, Task, TaskUpdate
from pipelines.decisions import DecisionError, open_lead
from pipelines.lifecycle import StepAmounts, record_step
from pipelines.score import EVENT_VALUES, to_cny
from pipelines.stage import STAGES

FIELD_NAMES_ZH = {
    "company": "投资方", "capex": "投资额", "stage": "项目阶段", "event_type": "事件类型",
    "sector": "产业", "destination": "落户地", "jobs": "就业岗位", "land_mu": "用地（亩）",
}  # fmt: skip
EVENT_TYPES = tuple(e for e in EVENT_VALUES if e != "none")


@dataclass(frozen=True)
class Change:
    old: str | None
    new: str | None


Fix = Callable[[Session, Lead, str, Catalog, Actor], Change]


def correct(
    session: Session, lead_id: int, field: str, value: str, actor: Actor, catalog: Catalog,
    reason: str = "",
) -> Change:  # fmt: skip
    """Set one field of the lead to the analyst's value; the old and new values are kept."""
    fix = FIXES.get(field)
    if fix is None:
        raise DecisionError(f"不能更正字段 {field!r} (fields: {', '.join(FIXES)})")
    lead = open_lead(session, lead_id)
    change = fix(session, lead, value.strip(), catalog, actor)
    corrected = sorted({*(lead.facts or {}).get("corrected", []), field})
    lead.facts = {**(lead.facts or {}), "corrected": corrected}
    lead.updated_at = actor.at
    session.add(LeadHistory(lead_id=lead.id, at=actor.at, kind="corrected",
                            detail={"user_id": actor.user_id, "field": field, "old": change.old,
                                    "new": change.new}))  # fmt: skip
    record_decision(session, actor, Decision("correct", lead.id, field, change.old, change.new,
                                             reason.strip() or None))  # fmt: skip
    return change


def _company(session: Session, lead: Lead, value: str, catalog: Catalog, actor: Actor) -> Change:
    """A registry id or exact name links the registry company; any other text is a bare name."""
    if not value:
        raise DecisionError("请填写公司名称或企业库编号")
    old = f"{lead.company_name} ({lead.company_id})" if lead.company_id else lead.company_name
    found = company_choice(session, value)
    if found is not None:
        _learn_alias(session, lead, found.id, actor)
    lead.company_id = found.id if found else None
    lead.company_name = found.name_zh if found else value
    lead.company_key = found.id if found else f"name:{value}"
    new = f"{lead.company_name} ({lead.company_id})" if lead.company_id else lead.company_name
    refresh_search_text(session, lead)
    return Change(old, new)


def _learn_alias(session: Session, lead: Lead, company_id: str, actor: Actor) -> None:
    """The investor's mention now means this company (and no longer the one it was linked to)."""
    investor = next(
        (c for c in (lead.facts or {}).get("companies", []) if c.get("role") == "investor"), None
    )
    mention = (investor or {}).get("mention")
    if not mention:
        return
    wanted = [(company_id, False)]
    if lead.company_id and lead.company_id != company_id:
        wanted.append((lead.company_id, True))
    for target, blocked in wanted:
        known = select(LearnedAlias.id).where(
            LearnedAlias.company_id == target, LearnedAlias.alias == mention
        )
        if session.scalar(known) is None:
            session.add(LearnedAlias(company_id=target, alias=mention, blocked=blocked,
                                     user_id=actor.user_id, created_at=actor.at))  # fmt: skip


def parse_amount(text: str) -> tuple[float, str]:
    """'5亿元', '3000万美元', '$1.2 billion', '5000万' or a plain number of yuan."""
    if text.startswith(("-", "−")):
        raise DecisionError(f"金额不能为负数：{text!r}")
    found = find_amounts(text) or find_amounts(text + "元")
    if found:
        return found[0].amount, found[0].currency
    try:
        amount = float(text.replace(",", ""))
    except ValueError:
        raise DecisionError(f"看不懂金额 {text!r}，例如 5亿元、3000万美元") from None
    if amount < 0 or amount != amount or amount == float("inf"):
        raise DecisionError(f"金额不能为 {text!r}")
    return amount, "CNY"


def _capex(session: Session, lead: Lead, value: str, catalog: Catalog, actor: Actor) -> Change:
    old = (lead.facts or {}).get("capex") or {}
    amount, currency = parse_amount(value)
    lead.capex_amount, lead.capex_currency = amount, currency
    lead.capex_cny = to_cny(amount, currency, catalog.weights)
    capex = {"amount": amount, "currency": currency, "text": value, "estimated": False,
             "corrected": True}  # fmt: skip
    lead.facts = {**(lead.facts or {}), "capex": capex}
    return Change(old.get("text"), value)


def _choice(column: str, allowed: Callable[[Catalog], tuple[str, ...]]) -> Fix:
    def fix(session: Session, lead: Lead, value: str, catalog: Catalog, actor: Actor) -> Change:
        if value not in allowed(catalog):
            raise DecisionError(f"{value!r} 不是可选值 ({', '.join(allowed(catalog))})")
        old = getattr(lead, column)
        setattr(lead, column, value)
        if column == "sector" and lead.chain_link and not lead.chain_link.startswith(value + "."):
            lead.chain_link = lead.relation = None
        return Change(old, value)

    return fix


def _destination(
    session: Session, lead: Lead, value: str, catalog: Catalog, actor: Actor
) -> Change:
    old = (lead.destination or {}).get("text")
    lead.destination = {"country": None, "province": None, "city": None, "county": None,
                        "text": value, "corrected": True} if value else None  # fmt: skip
    return Change(old, value or None)


def _detail(key: str, kind: type[int] | type[float]) -> Fix:
    def fix(session: Session, lead: Lead, value: str, catalog: Catalog, actor: Actor) -> Change:
        try:
            number = kind(value) if value else None
        except ValueError:
            raise DecisionError(f"{value!r} 不是数字") from None
        if number is not None and not 0 <= number < 1e12:
            raise DecisionError(f"{value!r} 超出范围")
        details: dict[str, Any] = dict((lead.facts or {}).get("details") or {})
        old = details.get(key)
        details[key] = number
        lead.facts = {**(lead.facts or {}), "details": details}
        return Change(None if old is None else str(old), None if number is None else str(number))

    return fix


FIXES: dict[str, Fix] = {
    "company": _company,
    "capex": _capex,
    "stage": _choice("stage", lambda c: STAGES),
    "event_type": _choice("event_type", lambda c: EVENT_TYPES),
    "sector": _choice("sector", lambda c: tuple(s.id for s in c.sectors)),
    "destination": _destination,
    "jobs": _detail("jobs", int),
    "land_mu": _detail("land_mu", float),
}


def reassign(
    session: Session, task_id: int, office_id: str, actor: Actor, reason: str = ""
) -> Change:
    """Give an unfinished task to another office."""
    task = session.get(Task, task_id)
    if task is None or task.status == "done":
        raise DecisionError(f"任务 #{task_id} 不存在或已结束")
    if session.get(OfficeRow, office_id) is None or office_id == task.office_id:
        raise DecisionError(f"请选择另一个办事处（不是 {office_id!r}）")
    open_lead(session, task.lead_id)
    twin = select(Task.id).where(Task.lead_id == task.lead_id, Task.office_id == office_id,
                                 Task.kind == task.kind)  # fmt: skip
    if session.scalar(twin) is not None:
        raise DecisionError(f"{office_id} 已有该线索的同类任务")
    old, task.office_id, task.updated_at = task.office_id, office_id, actor.at
    note = f"改派 {old} → {office_id}" + (f"：{reason.strip()}" if reason.strip() else "")
    session.add(TaskUpdate(task_id=task.id, user_id=actor.user_id, at=actor.at, note=note))
    session.add(LeadHistory(lead_id=task.lead_id, at=actor.at, kind="reassigned",
                            detail={"user_id": actor.user_id, "task_id": task.id, "from": old,
                                    "to": office_id}))  # fmt: skip
    record_decision(session, actor, Decision("reassign", task.lead_id, "office", old, office_id,
                                             reason.strip() or None, {"task_id": task.id}))  # fmt: skip
    return Change(old, office_id)


def move_task(
    session: Session, task_id: int, step: str, actor: Actor, amounts: StepAmounts | None = None,
    note: str | None = None,
) -> Change:  # fmt: skip
    """Record a lifecycle step of a task (with its amounts) and audit it."""
    task = session.get(Task, task_id)
    old = task.step if task is not None else None
    try:
        record_step(session, task_id, step, actor.user_id, actor.at, amounts, note or None)
    except ValueError as exc:
        raise DecisionError(str(exc)) from None
    assert task is not None  # record_step refuses a missing task
    given = amounts.given() if amounts else {}
    session.add(LeadHistory(lead_id=task.lead_id, at=actor.at, kind="task_step",
                            detail={"user_id": actor.user_id, "task_id": task.id,
                                    "office": task.office_id, "from": old, "to": step, **given}))  # fmt: skip
    record_action(session, actor, "task.step", "task", task.id,
                  {"from": old, "to": step, "amounts": given, "note": note or None})  # fmt: skip
    return Change(old, step)
