"""The analyst's actions and the offices' steps: what they change, and the audit trail they leave."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi import FastAPI
from sqlalchemy import select

from pipelines.db.models import (
    Article,
    AuditEntry,
    Judgement,
    Lead,
    LeadArticle,
    LearnedAlias,
    Task,
    TaskUpdate,
    User,
)
from pipelines.db.source_switch import admin_switches
from tests.review.conftest import Clock, Session, lead_ids, task_ids


def _db(app: FastAPI):  # type: ignore[no-untyped-def]
    return app.state.site.database.session()


def _lead(app: FastAPI, lead_id: int) -> Lead:
    with _db(app) as session:
        return session.get(Lead, lead_id)


def _tasks(app: FastAPI, lead_id: int) -> list[Task]:
    with _db(app) as session:
        return list(session.scalars(select(Task).where(Task.lead_id == lead_id).order_by(Task.id)))


def _judgements(app: FastAPI, lead_id: int) -> list[Judgement]:
    with _db(app) as session:
        return list(
            session.scalars(
                select(Judgement).where(Judgement.lead_id == lead_id).order_by(Judgement.id)
            )
        )


def _audit(app: FastAPI) -> list[AuditEntry]:
    with _db(app) as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def _user_id(app: FastAPI, name: str) -> int:
    with _db(app) as session:
        return session.scalars(select(User.id).where(User.name == name)).one()


def _lead_without_tasks(app: FastAPI) -> int:
    with _db(app) as session:
        return session.scalars(select(Lead.id).where(Lead.id.not_in(select(Task.lead_id)))).first()


def test_accept_confirms_the_routed_tasks_and_is_audited(
    as_role: Callable[[str], Session], app: FastAPI, clock: Clock
) -> None:
    lead = lead_ids(app)[0]
    before = _tasks(app, lead)
    response = as_role("analyst").post(f"/leads/{lead}/accept")
    assert (
        response.status_code == 303 and response.headers["location"] == f"/leads/{lead}?done=accept"
    )
    assert _lead(app, lead).status == "accepted"
    assert [t.id for t in _tasks(app, lead)] == [t.id for t in before]
    [judgement] = _judgements(app, lead)
    assert (judgement.action, judgement.field, judgement.old_value, judgement.new_value) == (
        "accept", "status", "new", "accepted")  # fmt: skip
    assert judgement.user_id == _user_id(app, "ana") and judgement.at == clock.now
    [entry] = _audit(app)
    assert (entry.action, entry.object_type, entry.object_id, entry.user_id, entry.at) == (
        "lead.accept", "lead", str(lead), _user_id(app, "ana"), clock.now)  # fmt: skip
    page = as_role("analyst").get(f"/leads/{lead}?done=accept").text
    assert "已采纳" in page and "审阅记录" in page


def test_accepting_a_lead_without_tasks_routes_them(
    as_role: Callable[[str], Session], app: FastAPI
) -> None:
    lead = _lead_without_tasks(app)
    assert lead is not None and _tasks(app, lead) == []
    assert as_role("analyst").post(f"/leads/{lead}/accept").status_code == 303
    tasks = _tasks(app, lead)
    assert tasks and "county_bureau" in {t.office_id for t in tasks}
    assert all(t.status == "open" and t.step == "lead" for t in tasks)
    assert _judgements(app, lead)[0].action == "accept"


def test_reject_needs_a_reason_and_closes_the_tasks(
    as_role: Callable[[str], Session], app: FastAPI
) -> None:
    analyst, lead = as_role("analyst"), lead_ids(app)[1]
    refused = analyst.post(f"/leads/{lead}/reject", {"reason": "  "})
    assert refused.status_code == 409 and "理由" in refused.text
    assert _lead(app, lead).status == "new" and _audit(app) == []
    assert (
        analyst.post(f"/leads/{lead}/reject", {"reason": "外地已落地，无法争取"}).status_code == 303
    )
    assert _lead(app, lead).status == "rejected"
    assert {t.step for t in _tasks(app, lead)} == {"closed"}
    [judgement] = _judgements(app, lead)
    assert (judgement.action, judgement.reason) == ("reject", "外地已落地，无法争取")
    assert lead not in [
        int(i) for i in re.findall(r'href="/leads/(\d+)"', analyst.get("/leads").text)
    ]
    assert f'href="/leads/{lead}"' in analyst.get("/leads?status=rejected").text
    again = analyst.post(f"/leads/{lead}/accept")
    assert again.status_code == 409 and "已否决" in again.text


def test_a_lead_with_a_signed_task_cannot_be_rejected(
    as_role: Callable[[str], Session], app: FastAPI
) -> None:
    task = task_ids(app, "kunshan_office")[0]
    office = as_role("office")
    assert (
        office.post(
            f"/tasks/{task}/step", {"step": "signed", "contract_amount_cny": "5000"}
        ).status_code
        == 303
    )
    lead = _tasks_lead(app, task)
    response = as_role("analyst").post(f"/leads/{lead}/reject", {"reason": "重复"})
    assert response.status_code == 409 and _lead(app, lead).status == "new"


def _tasks_lead(app: FastAPI, task_id: int) -> int:
    with _db(app) as session:
        return session.get(Task, task_id).lead_id


def test_merge_moves_articles_and_tasks(as_role: Callable[[str], Session], app: FastAPI) -> None:
    analyst = as_role("analyst")
    lead, into = lead_ids(app)[2], lead_ids(app)[3]
    with _db(app) as session:
        _articles_before_merge = set(
            session.scalars(select(LeadArticle.article_id).where(LeadArticle.lead_id == into))
        )
    assert analyst.post(f"/leads/{lead}/merge", {"into": str(lead)}).status_code == 409
    assert analyst.post(f"/leads/{lead}/merge", {"into": "abc"}).status_code == 409
    response = analyst.post(f"/leads/{lead}/merge", {"into": f"#{into}", "reason": "同一项目"})
    assert response.status_code == 303
    merged = _lead(app, lead)
    assert (merged.status, merged.merged_into_id) == ("merged", into)
    with _db(app) as session:
        theirs = set(
            session.scalars(select(LeadArticle.article_id).where(LeadArticle.lead_id == into))
        )
        ours = set(
            session.scalars(select(LeadArticle.article_id).where(LeadArticle.lead_id == lead))
        )
    assert ours <= theirs
    assert all(t.step == "closed" for t in _tasks(app, lead))
    [judgement] = _judgements(app, lead)
    assert (judgement.action, judgement.new_value, judgement.reason) == (
        "merge",
        str(into),
        "同一项目",
    )
    page = analyst.get(f"/leads/{into}").text
    assert f'href="/leads/{lead}"' in page
    with _db(app) as session:  # the merged lead's titles now find the lead it went into
        title = session.scalars(
            select(Article.title).where(Article.id.in_(ours - _articles_before_merge))
        ).first()
    assert (
        title and f'href="/leads/{into}"' in analyst.get("/leads", params={"q": title[-12:]}).text
    )


def test_corrections_keep_old_and_new_values(
    as_role: Callable[[str], Session], app: FastAPI
) -> None:
    analyst, lead = as_role("analyst"), lead_ids(app)[0]
    old = _lead(app, lead)
    assert (
        analyst.post(
            f"/leads/{lead}/correct", {"field": "capex", "value": "5亿元", "reason": "以合同为准"}
        ).status_code
        == 303
    )
    assert (
        analyst.post(f"/leads/{lead}/correct", {"field": "company", "value": "byd"}).status_code
        == 303
    )
    assert (
        analyst.post(f"/leads/{lead}/correct", {"field": "stage", "value": "bogus"}).status_code
        == 409
    )
    assert (
        analyst.post(f"/leads/{lead}/correct", {"field": "score", "value": "1"}).status_code == 409
    )
    new = _lead(app, lead)
    assert (float(new.capex_amount), new.capex_currency, float(new.capex_cny)) == (5e8, "CNY", 5e8)
    assert (new.company_id, new.company_name) == ("byd", "比亚迪股份有限公司")
    capex, company = _judgements(app, lead)
    assert (capex.field, capex.new_value, capex.reason) == ("capex", "5亿元", "以合同为准")
    assert (company.field, company.old_value) == (
        "company",
        f"{old.company_name} ({old.company_id})",
    )
    with _db(app) as session:
        learned = {(a.company_id, a.blocked) for a in session.scalars(select(LearnedAlias))}
    assert learned == {("byd", False), (old.company_id, True)}
    page = analyst.get(f"/leads/{lead}").text
    assert "人工更正" in page and "5.00亿元" in page
    for term in ("比亚迪", "BYD"):  # the search finds the corrected company by either name
        assert f'href="/leads/{lead}"' in analyst.get("/leads", params={"q": term}).text, term


def test_reassign_gives_the_task_to_another_office(
    as_role: Callable[[str], Session], app: FastAPI
) -> None:
    analyst = as_role("analyst")
    task = task_ids(app, "kunshan_office")[0]
    assert analyst.post(f"/tasks/{task}/reassign", {"office": "kunshan_office"}).status_code == 409
    assert (
        analyst.post(
            f"/tasks/{task}/reassign", {"office": "hangzhou_office", "reason": "人脉在杭州"}
        ).status_code
        == 303
    )
    with _db(app) as session:
        moved = session.get(Task, task)
        notes = list(session.scalars(select(TaskUpdate.note).where(TaskUpdate.task_id == task)))
    assert moved.office_id == "hangzhou_office" and "人脉在杭州" in notes[-1]
    [judgement] = _judgements(app, moved.lead_id)
    assert (judgement.action, judgement.field, judgement.old_value, judgement.new_value) == (
        "reassign", "office", "kunshan_office", "hangzhou_office")  # fmt: skip
    assert f'id="task-{task}"' in analyst.get("/board?office=hangzhou_office").text


def test_a_signed_task_moves_the_targets(as_role: Callable[[str], Session], app: FastAPI) -> None:
    office = as_role("office")
    targets = office.get("/targets").text
    assert re.search(
        r'id="target-total_investment_cny">.*?<td class="value">0元</td>', targets, re.S
    )
    task = task_ids(app, "kunshan_office")[0]
    refused = office.post(f"/tasks/{task}/step", {"step": "contact", "contract_amount_cny": "100"})
    assert refused.status_code == 409 and "amounts are recorded from signed" in refused.text
    response = office.post(
        f"/tasks/{task}/step",
        {"step": "signed", "contract_amount_cny": "30000", "note": "签约仪式"},
    )
    assert (
        response.status_code == 303
        and response.headers["location"] == "/board?office=kunshan_office"
    )
    with _db(app) as session:
        signed = session.get(Task, task)
    assert (signed.step, signed.status, float(signed.contract_amount_cny)) == (
        "signed",
        "in_progress",
        3e8,
    )
    targets = office.get("/targets").text
    assert re.search(
        r'id="target-total_investment_cny">.*?<td class="value">3.00亿元</td>', targets, re.S
    )
    backwards = office.post(f"/tasks/{task}/step", {"step": "contact"})
    assert backwards.status_code == 409
    [entry] = [e for e in _audit(app) if e.action == "task.step"]
    assert entry.detail["to"] == "signed" and entry.detail["amounts"] == {
        "contract_amount_cny": 3e8
    }


def test_htmx_step_returns_the_task_card(as_role: Callable[[str], Session], app: FastAPI) -> None:
    office = as_role("office")
    task = task_ids(app, "kunshan_office")[0]
    response = office.post(
        f"/tasks/{task}/step",
        {"step": "contact", "note": "已电话联系"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<article class="task step-contact" id="task-{task}"')
    assert "已电话联系" in response.text
    bad = office.post(
        f"/tasks/{task}/step",
        {"step": "signed", "fdi_used_usd": "-1"},
        headers={"HX-Request": "true"},
    )
    assert bad.status_code == 200 and 'class="error"' in bad.text


def test_admins_switch_sources_and_manage_users(
    as_role: Callable[[str], Session], app: FastAPI
) -> None:
    admin = as_role("admin")
    assert admin.post("/admin/sources/jsnews_feed", {"enabled": "0"}).status_code == 303
    assert re.search(r'id="source-jsnews_feed".*?<td>停用<br><small>（管理员设置）',
                     admin.get("/admin/sources").text, re.S)  # fmt: skip
    with _db(app) as session:
        assert admin_switches(session) == {"jsnews_feed": False}
    assert admin.post("/admin/sources/nope", {"enabled": "0"}).status_code == 404
    assert admin.post("/admin/users", {"name": "zhang", "office": "ningbo_office", "role": "office",
                                       "password": "short"}).status_code == 409  # fmt: skip
    assert admin.post("/admin/users", {"name": "zhang", "office": "ningbo_office", "role": "office",
                                       "password": "long enough 9"}).status_code == 303  # fmt: skip
    assert admin.post("/admin/users", {"name": "zhang", "office": "ningbo_office", "role": "office",
                                       "password": "long enough 9"}).status_code == 409  # fmt: skip
    own = _user_id(app, "root")
    assert admin.post(f"/admin/users/{own}/disable").status_code == 409
    actions = [e.action for e in _audit(app)]
    assert actions == ["source.disable", "user.add"]
    assert "user.add" in admin.get("/admin/users").text
