"""KPIs with hand-computed answers: annual progress, milestones, the three rates, offices behind."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from catalog.load import load_catalog
from catalog.model import Targets
from pipelines.assessment import assessment_rates, kpi_report, offices_behind_schedule
from pipelines.bootstrap import initialise
from pipelines.db.kpi_queries import project_records
from pipelines.db.models import Lead, Task
from pipelines.kpi import ProjectRecord, annual_progress, expected_share, milestone_statuses
from pipelines.lifecycle import StepAmounts, record_step
from pipelines.settings import BUNDLED_CATALOG, load_settings

d = dt.date
TARGETS = Targets.model_validate(
    {
        "year": 2026,
        "annual": {"total_investment_cny": 4_500_000_000, "projects_10m": 150, "projects_100m": 20,
                   "fdi_contracted_usd": 150_000_000, "fdi_used_usd": 50_000_000},
        "thresholds": {"project_min_cny": 10_000_000, "big_project_cny": 30_000_000,
                       "major_project_cny": 100_000_000, "mega_project_cny": 1_000_000_000},
        "milestones": [
            {"id": "yanhua_sanyue", "name_zh": "烟花三月", "name_en": "Fireworks",
             "date": "2026-04-18", "target_share": 0.5},
            {"id": "lotus_festival", "name_zh": "荷藕节", "name_en": "Lotus",
             "date": "2026-07-18", "target_share": 1.0},
            {"id": "autumn_campaign", "name_zh": "秋季招商", "name_en": "Autumn",
             "date": "2026-10-20", "target_share": None},
        ],
        "deadlines": {"respond_days": 1, "assess_days": 3, "feedback_days": 7},
    }
)  # fmt: skip
# A: a foreign 15亿 project, started and producing; B: 7.5亿 with more capital in place than
# registered (capped); C: below 1000万; D: signed last year; E: signed after the summer.
A = ProjectRecord(1, "devzone_bureau", d(2026, 2, 10), 1.5e9, 1.0e9, 6e8, 1e8, 3e7,
                  d(2026, 3, 20), d(2026, 6, 30), is_foreign=True)  # fmt: skip
B = ProjectRecord(
    2, "kunshan_office", d(2026, 4, 1), 7.5e8, 4e8, 5e8, construction_at=d(2026, 5, 10)
)
C = ProjectRecord(3, "kunshan_office", d(2026, 5, 20), 5e6)
D = ProjectRecord(4, "devzone_bureau", d(2025, 12, 30), 9e8, construction_at=d(2026, 2, 1))
E = ProjectRecord(5, "devzone_bureau", d(2026, 9, 1), 1e8)
PROJECTS = [A, B, C, D, E]
OFFICES = ["devzone_bureau", "kunshan_office", "hangzhou_office"]


def test_the_bundled_targets_are_the_seeds() -> None:
    bundled = load_catalog(BUNDLED_CATALOG).targets
    assert (bundled.annual, bundled.thresholds) == (TARGETS.annual, TARGETS.thresholds)
    assert [(m.date.month, m.date.day, m.target_share) for m in bundled.milestones] == [
        (m.date.month, m.date.day, m.target_share) for m in TARGETS.milestones
    ]


@pytest.mark.parametrize(
    ("as_of", "values"),
    [
        # total, ≥1000万 projects, ≥亿元 projects, FDI contracted, FDI used
        (d(2026, 1, 15), [0.0, 0, 0, 0.0, 0.0]),
        (d(2026, 3, 1), [1.5e9, 1, 1, 1e8, 3e7]),
        (d(2026, 7, 31), [1.5e9 + 7.5e8 + 5e6, 2, 2, 1e8, 3e7]),
        (d(2026, 12, 31), [1.5e9 + 7.5e8 + 5e6 + 1e8, 3, 3, 1e8, 3e7]),  # E: exactly 1亿
        (d(2027, 3, 1), [1.5e9 + 7.5e8 + 5e6 + 1e8, 3, 3, 1e8, 3e7]),  # the year is closed
    ],
)
def test_annual_progress(as_of: dt.date, values: list[float]) -> None:
    progress = annual_progress(PROJECTS, TARGETS, as_of)
    wanted = [4.5e9, 150, 20, 1.5e8, 5e7]
    assert [t.key for t in progress.targets] == [
        "total_investment_cny", "projects_10m", "projects_100m", "fdi_contracted_usd",
        "fdi_used_usd",
    ]  # fmt: skip
    assert [t.value for t in progress.targets] == values
    assert [t.target for t in progress.targets] == wanted
    assert [t.share for t in progress.targets] == pytest.approx(
        [v / w for v, w in zip(values, wanted, strict=True)]
    )


def test_a_target_of_zero_has_no_share() -> None:
    targets = TARGETS.model_copy(
        update={"annual": TARGETS.annual.model_copy(update={"fdi_contracted_usd": 0})}
    )
    progress = annual_progress(PROJECTS, targets, d(2026, 7, 31))
    assert progress.target("fdi_contracted_usd").share is None


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (d(2026, 4, 10), [  # B signed on 1 April: exactly half already, but not yet due
            ("yanhua_sanyue", 2.25e9, 0.5, "pending"),
            ("lotus_festival", 2.25e9, 0.5, "pending"),
            ("autumn_campaign", 2.25e9, None, "pending"),
        ]),
        (d(2026, 7, 31), [  # exactly 50% on 18 April is met; 50.1% on 18 July is not 100%
            ("yanhua_sanyue", 2.25e9, 0.5, "met"),
            ("lotus_festival", 2.255e9, 2.255e9 / 4.5e9, "missed"),
            ("autumn_campaign", 2.255e9, None, "pending"),
        ]),
        (d(2026, 12, 31), [  # the autumn campaign has no share: reported, with its value
            ("yanhua_sanyue", 2.25e9, 0.5, "met"),
            ("lotus_festival", 2.255e9, 2.255e9 / 4.5e9, "missed"),
            ("autumn_campaign", 2.355e9, None, "reported"),
        ]),
    ],
)  # fmt: skip
def test_milestones(as_of: dt.date, expected: list[tuple[str, float, float | None, str]]) -> None:
    statuses = milestone_statuses(PROJECTS, TARGETS, as_of)
    assert [(m.id, m.value_cny, m.status) for m in statuses] == [
        (i, value, status) for i, value, _, status in expected
    ]
    assert [m.share for m in statuses] == pytest.approx([share for _, _, share, _ in expected])
    assert [m.target_share for m in statuses] == [0.5, 1.0, None]


@pytest.mark.parametrize(
    ("day", "share"),
    [
        (d(2025, 12, 31), 0.0),
        (d(2026, 1, 1), 0.0),
        (d(2026, 3, 1), 0.5 * 59 / 107),  # 59 of the 107 days to 18 April
        (d(2026, 4, 18), 0.5),
        (d(2026, 6, 1), 0.5 + 0.5 * 44 / 91),  # 44 of the 91 days to 18 July
        (d(2026, 7, 18), 1.0),
        (d(2026, 11, 30), 1.0),
    ],
)
def test_expected_share_follows_the_milestones(day: dt.date, share: float) -> None:
    assert expected_share(TARGETS, day) == pytest.approx(share)


@pytest.mark.parametrize(
    ("as_of", "county", "offices"),
    [
        # (signed, 注册资金到位率, 开工落地率, 投产达产率); B's capital counts 4亿, not 5亿
        (d(2026, 1, 15), (0, None, None, None), {}),
        (d(2026, 3, 1), (1, 0.6, 0.0, None), {"devzone_bureau": (1, 0.6, 0.0, None)}),
        (d(2026, 6, 1), (3, 1e9 / 1.4e9, 2 / 3, 0.0),
         {"devzone_bureau": (1, 0.6, 1.0, 0.0), "kunshan_office": (2, 1.0, 0.5, 0.0)}),
        (d(2026, 7, 31), (3, 1e9 / 1.4e9, 2 / 3, 0.5),
         {"devzone_bureau": (1, 0.6, 1.0, 1.0), "kunshan_office": (2, 1.0, 0.5, 0.0)}),
    ],
)  # fmt: skip
def test_three_rates(
    as_of: dt.date,
    county: tuple[int, float | None, float | None, float | None],
    offices: dict[str, tuple[int, float | None, float | None, float | None]],
) -> None:
    report = assessment_rates(PROJECTS, TARGETS, as_of)

    def row(r: object) -> tuple[object, ...]:
        return tuple(getattr(r, k) for k in ("signed", "capital_rate", "construction_rate",
                                             "production_rate"))  # fmt: skip

    assert report.county.office_id is None
    assert row(report.county) == pytest.approx(county)
    assert [r.office_id for r in report.offices] == list(offices)
    for rates in report.offices:
        assert row(rates) == pytest.approx(offices[rates.office_id or "county"])


@pytest.mark.parametrize(
    ("in_place", "rate"),
    [([150.0], 1.0), ([150.0, 0.0], 0.5), ([50.0, 50.0], 0.5), ([None, None], 0.0)],
)
def test_capital_beyond_registered_is_capped_per_project(
    in_place: list[float | None], rate: float
) -> None:
    projects = [
        ProjectRecord(i, "county_bureau", d(2026, 2, 1), 100.0, 100.0, amount)
        for i, amount in enumerate(in_place)
    ]
    assert assessment_rates(projects, TARGETS, d(2026, 3, 1)).county.capital_rate == rate


@pytest.mark.parametrize(
    ("as_of", "quotas", "expected"),
    [
        # (office, signed, share, behind), least advanced first; equal parts of 1.5e9 by default
        (d(2026, 3, 1), None, [("hangzhou_office", 0.0, 0.0, True),
                               ("kunshan_office", 0.0, 0.0, True),
                               ("devzone_bureau", 1.5e9, 1.0, False)]),
        (d(2026, 7, 31), None, [("hangzhou_office", 0.0, 0.0, True),
                                ("kunshan_office", 7.55e8, 7.55e8 / 1.5e9, True),
                                ("devzone_bureau", 1.5e9, 1.0, False)]),
        # expected 74.2% on 1 June; hangzhou has no quota, so nothing is expected of it
        (d(2026, 6, 1), {"devzone_bureau": 3e9, "kunshan_office": 1e9},
         [("devzone_bureau", 1.5e9, 0.5, True), ("kunshan_office", 7.55e8, 0.755, False),
          ("hangzhou_office", 0.0, None, False)]),
    ],
)  # fmt: skip
def test_offices_behind_schedule(
    as_of: dt.date,
    quotas: dict[str, float] | None,
    expected: list[tuple[str, float, float | None, bool]],
) -> None:
    check = offices_behind_schedule(PROJECTS, TARGETS, OFFICES, as_of, quotas)
    assert check.expected_share == pytest.approx(expected_share(TARGETS, as_of))
    assert [(o.office_id, o.signed_cny, o.behind) for o in check.offices] == [
        (office, signed, behind) for office, signed, _, behind in expected
    ]
    assert [o.share for o in check.offices] == pytest.approx([s for _, _, s, _ in expected])
    assert check.behind == tuple(o for o, _, _, behind in expected if behind)


def test_no_projects_gives_zeros_and_no_rates() -> None:
    report = kpi_report([], TARGETS, ["county_bureau"], d(2026, 12, 31))
    assert {t.value for t in report.progress.targets} == {0.0}
    assert {t.share for t in report.progress.targets} == {0.0}
    assert [m.status for m in report.milestones] == ["missed", "missed", "reported"]
    county = report.rates.county
    assert (county.signed, county.capital_rate, county.construction_rate) == (0, None, None)
    assert county.production_rate is None and report.rates.offices == ()
    assert report.schedule.behind == ("county_bureau",)


def test_the_report_is_plain_json() -> None:
    report = kpi_report(PROJECTS, TARGETS, OFFICES, d(2026, 7, 31)).as_json()
    assert json.loads(json.dumps(report, ensure_ascii=False)) == report
    assert report["milestones"][0]["date"] == "2026-04-18"  # type: ignore[index]
    assert report["schedule"]["behind"] == ["hangzhou_office", "kunshan_office"]  # type: ignore[index]
    assert A.as_json()["signed_at"] == "2026-02-10"


# -- through the database -------------------------------------------------------------------------


def _utc(year: int, month: int, day: int, hour: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=dt.UTC)


def _task(session: Session, key: str, office: str, kind: str, company: str | None = None) -> int:
    lead = session.query(Lead).filter_by(project_key=key).one_or_none()
    if lead is None:
        lead = Lead(project_key=key, company_id=company, company_name=company or key,
                    event_type="new_plant", score=0.7, company_key=key)  # fmt: skip
        session.add(lead)
        session.flush()
    task = Task(lead_id=lead.id, office_id=office, kind=kind, due_at=_utc(2026, 1, 1))
    session.add(task)
    session.flush()
    return task.id


Step = tuple[str, dt.datetime, StepAmounts | None]


def _steps(session: Session, task_id: int, steps: list[Step]) -> None:
    for step, at, amounts in steps:
        record_step(session, task_id, step, None, at, amounts)


def _record_history(session: Session) -> list[int]:
    """Five leads; three are 2026 projects (one signed at 01:00 on 1 January, county time)."""
    assess = _task(session, "p1", "mech_elec_bureau", "assess", company="amazon")
    register = _task(session, "p1", "county_bureau", "register")
    _steps(session, assess, [
        ("contact", _utc(2026, 1, 5, 2), None), ("visit", _utc(2026, 1, 20, 2), None),
        ("signed", _utc(2026, 2, 10, 2), StepAmounts(1.5e9, fdi_contracted_usd=1e8)),
        ("capital_in_place", _utc(2026, 3, 1, 2), StepAmounts(None, 6e8, fdi_used_usd=3e7)),
        ("construction", _utc(2026, 3, 20, 2), None), ("production", _utc(2026, 6, 30, 2), None),
    ])  # fmt: skip
    _steps(session, register, [("signed", _utc(2026, 2, 12, 2), StepAmounts(1.4e9)),
                               ("closed", _utc(2026, 3, 1, 2), None)])  # fmt: skip
    _steps(session, _task(session, "p2", "kunshan_office", "contact"), [
        ("contact", _utc(2026, 3, 1, 2), None),
        ("signed", _utc(2026, 3, 31, 17), StepAmounts(7.5e8)),  # 1 April in Baoying
        ("capital_in_place", _utc(2026, 4, 20, 2), StepAmounts(None, 5e8)),
        ("construction", _utc(2026, 5, 10, 2), None),
    ])  # fmt: skip
    _steps(session, _task(session, "p3", "county_bureau", "register", company="state_grid"),
           [("signed", _utc(2025, 12, 31, 17), StepAmounts(5e6))])  # fmt: skip
    _steps(session, _task(session, "p4", "devzone_bureau", "assess"),
           [("visit", _utc(2026, 2, 1), None), ("rejected", _utc(2026, 2, 2), None)])  # fmt: skip
    _steps(session, _task(session, "p5", "county_bureau", "register"),
           [("signed", _utc(2025, 6, 1), StepAmounts(8e8))])  # fmt: skip
    return [session.query(Lead).filter_by(project_key=k).one().id for k in ("p1", "p2", "p3")]


def test_kpis_from_recorded_steps(tmp_path: Path) -> None:
    settings = load_settings(database_url=f"sqlite:///{tmp_path}/x.db")
    database, _ = initialise(settings)
    with database.session() as session:
        p1, p2, p3 = _record_history(session)
    with database.session() as session:
        records = project_records(session, 2026)
    database.dispose()
    assert records == [
        ProjectRecord(p1, "mech_elec_bureau", d(2026, 2, 10), 1.5e9, 1.5e9, 6e8, 1e8, 3e7,
                      d(2026, 3, 20), d(2026, 6, 30), is_foreign=True),
        ProjectRecord(p2, "kunshan_office", d(2026, 4, 1), 7.5e8, 7.5e8, 5e8,
                      construction_at=d(2026, 5, 10)),
        ProjectRecord(p3, "county_bureau", d(2026, 1, 1), 5e6, 5e6),
    ]  # fmt: skip
    offices = [o.id for o in load_catalog(settings.catalog_dir).offices]
    report = kpi_report(records, TARGETS, offices, d(2026, 7, 31))
    assert report.progress.target("total_investment_cny").value == 2.255e9
    assert report.milestones[0].status == "met"
    county = report.rates.county
    rates = (county.capital_rate, county.construction_rate, county.production_rate)
    assert rates == pytest.approx((1.1e9 / 2.255e9, 2 / 3, 0.5))
    assert set(report.schedule.behind) == set(offices) - {"mech_elec_bureau", "kunshan_office"}
