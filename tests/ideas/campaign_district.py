"""A small district for the campaign and club tests, made through the real org services.

구청 ─ 행정국 ─ 총무과 ─ 총무팀 (김총무, 이서무), 인사팀 (박인사)
     │        └ 회계과 (최회계, 정출납)
     └ 복지국 ─ 복지과 (한복지, 윤돌봄, 강나눔)
The 총무과장 (조과장, supervisor) heads 총무과; 서기획 (planner) works in 회계과; the mayor and a
resident have accounts without an employee row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from gamdong.accounts.models import Role
from gamdong.ideas.models import CoProposer, Proposal, ProposalStatus
from gamdong.ideas.participation import participation_refresh, standing_of
from gamdong.org import services as org
from gamdong.org.models import Department, DepartmentKind, Employee, Series
from tests.factories import make_user

SEOUL = ZoneInfo("Asia/Seoul")
TODAY = dt.date(2026, 11, 26)


def seoul(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SEOUL)


@dataclass
class Office:
    root: Department
    admin_bureau: Department
    general: Department
    general_team: Department
    hr_team: Department
    accounts: Department
    welfare_bureau: Department
    welfare: Department
    staff: dict[str, Employee]
    supervisor: Employee
    planner: Employee
    mayor: object
    resident: object

    def user(self, name: str):
        return self.staff[name].user


@pytest.fixture(name="office")
def office_fixture(db) -> Office:
    specs = [
        org.DepartmentSpec(code="R", name="감동구청", kind=DepartmentKind.DISTRICT),
        org.DepartmentSpec(code="B1", name="행정국", kind=DepartmentKind.BUREAU, parent_code="R"),
        org.DepartmentSpec(code="B1-1", name="총무과", kind=DepartmentKind.DIVISION, parent_code="B1"),
        org.DepartmentSpec(code="B1-1-1", name="총무팀", kind=DepartmentKind.TEAM, parent_code="B1-1"),
        org.DepartmentSpec(code="B1-1-2", name="인사팀", kind=DepartmentKind.TEAM, parent_code="B1-1"),
        org.DepartmentSpec(code="B1-2", name="회계과", kind=DepartmentKind.DIVISION, parent_code="B1"),
        org.DepartmentSpec(code="B2", name="복지국", kind=DepartmentKind.BUREAU, parent_code="R"),
        org.DepartmentSpec(code="B2-1", name="복지과", kind=DepartmentKind.DIVISION, parent_code="B2"),
    ]
    d = {x.code: x for x in org.departments_create_many(actor=None, specs=specs)}
    series = Series.objects.get(code="admin")
    number = iter(range(20200001, 20209999))

    def employee(name, dept, roles=(Role.OFFICER,), grade=7, email=""):
        return org.employee_create(actor=None, employee_number=str(next(number)), name=name, department=dept,
                                   grade=grade, series=series, hire_date=dt.date(2018, 3, 2), roles=roles,
                                   password="gamdong-test-pw-1", email=email)

    staff = {
        "김총무": employee("김총무", d["B1-1-1"], email="kim@gamdong.go.kr"),
        "이서무": employee("이서무", d["B1-1-1"], email="lee@gamdong.go.kr"),
        "박인사": employee("박인사", d["B1-1-2"], email="park@gamdong.go.kr"),
        "최회계": employee("최회계", d["B1-2"]),
        "정출납": employee("정출납", d["B1-2"]),
        "한복지": employee("한복지", d["B2-1"]),
        "윤돌봄": employee("윤돌봄", d["B2-1"]),
        "강나눔": employee("강나눔", d["B2-1"]),
    }
    supervisor = employee("조과장", d["B1-1"], roles=(Role.SUPERVISOR,), grade=5)
    planner = employee("서기획", d["B1-2"], roles=(Role.OFFICER, Role.PLANNER), grade=6)
    staff["조과장"], staff["서기획"] = supervisor, planner
    org.department_set_head(actor=None, department=d["B1-1"], head=supervisor)
    return Office(
        root=d["R"], admin_bureau=d["B1"], general=d["B1-1"], general_team=d["B1-1-1"], hr_team=d["B1-1-2"],
        accounts=d["B1-2"], welfare_bureau=d["B2"], welfare=d["B2-1"], staff=staff, supervisor=supervisor,
        planner=planner, mayor=make_user("mayor", Role.MAYOR, name="구청장"),
        resident=make_user("r1", Role.RESIDENT, name="정주민"),
    )


def propose(user, *, when: dt.datetime | None = None, status: str = ProposalStatus.SUBMITTED, co=(),
            campaign=None, club=None, title: str = "민원 서식 간소화") -> Proposal:
    """A proposal row as the proposal services will leave it (those are built elsewhere), with the
    campaigns' participation rows recounted as the services do (gamdong.ideas.participation)."""
    employee = Employee.objects.filter(user=user).first()
    submitted_at = None if status == ProposalStatus.DRAFT else (when or timezone.now())
    proposal = Proposal.objects.create(
        title=title, current_situation="현황", problem="문제", improvement="개선", expected_effect="효과",
        proposer=user, department=employee.department if employee else None, status=status,
        submitted_at=submitted_at, campaign=campaign, club=club,
        ineligible_reason="complaint" if status == ProposalStatus.INELIGIBLE else "",
    )
    for person in co:
        CoProposer.objects.create(proposal=proposal, user=person)
    participation_refresh(before=None, after=standing_of(proposal))
    return proposal


def proposal_facts(campaign) -> list:
    """Every proposal that may count for the campaign, as the pure rule's facts (a themed call
    counts only its own proposals) — what the tests compare the pages and the table with."""
    from gamdong.ideas import campaign_rules as rules
    from gamdong.ideas.models import CampaignKind

    facts = []
    for p in Proposal.objects.all():
        if campaign.kind == CampaignKind.THEMED_CALL and p.campaign_id != campaign.pk:
            continue
        co = tuple(CoProposer.objects.filter(proposal=p).values_list("user_id", flat=True))
        facts.append(rules.ProposalFact(p.status, p.submitted_at, p.proposer_id, co))
    return facts
