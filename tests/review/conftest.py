"""A small district for review tests: the proposal office, a staff committee of five voting
members (three external), proposals under review created directly (the intake app's
`proposal_accept_for_review` ends in the same state)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from gamdong.accounts.models import Role, UserKind
from gamdong.ideas.models import CoProposer, Proposal, ProposalKind, ProposalStatus
from gamdong.org import services as org
from gamdong.org.models import Department, DepartmentKind, Series
from gamdong.review import services
from gamdong.review.models import Committee, CommitteeMember, MemberRole
from tests.factories import make_user


@dataclass
class ReviewDistrict:
    roads: Department
    innovation: Department
    parks: Department
    planner: object
    chair: object  # external
    ext2: object
    ext3: object
    staff_member: object  # internal, in 공원녹지과
    roads_member: object  # internal, in 도로과 (same department as the proposer)
    secretary: object
    proposer: object
    co1: object
    outsider_staff: object
    resident: object
    committee: Committee
    seats: dict


def _employee(number, name, dept, roles=(Role.OFFICER,), email=""):
    employee = org.employee_create(actor=None, employee_number=number, name=name, department=dept, grade=7,
                                   series=Series.objects.get(code="admin"), hire_date=dt.date(2018, 3, 2),
                                   roles=roles, office_phone="02-0000-1234", password="gamdong-test-pw-1")
    if email:
        employee.user.email = email
        employee.user.save(update_fields=["email"])
    return employee.user


@pytest.fixture
def rd(db):
    specs = [
        org.DepartmentSpec(code="R", name="감동구청", kind=DepartmentKind.DISTRICT, phone="02-0000-2114"),
        org.DepartmentSpec(code="ROADS", name="도로과", kind=DepartmentKind.DIVISION, parent_code="R"),
        org.DepartmentSpec(code="INNOV", name="창의혁신팀", kind=DepartmentKind.TEAM, parent_code="R", phone="02-0000-5000"),
        org.DepartmentSpec(code="PARKS", name="공원녹지과", kind=DepartmentKind.DIVISION, parent_code="R"),
    ]
    depts = {d.code: d for d in org.departments_create_many(actor=None, specs=specs)}
    planner = _employee("20190001", "간사준", depts["INNOV"], roles=(Role.OFFICER, Role.PLANNER), email="planner@gamdong.go.kr")

    def external(username, name):
        return make_user(username, Role.COMMITTEE, name=name, kind=UserKind.EXTERNAL, email=f"{username}@example.com")

    d = ReviewDistrict(
        roads=depts["ROADS"], innovation=depts["INNOV"], parks=depts["PARKS"], planner=planner,
        chair=external("ext1", "외부장"), ext2=external("ext2", "외부이"), ext3=external("ext3", "외부삼"),
        staff_member=_employee("20190002", "공원위", depts["PARKS"], roles=(Role.OFFICER, Role.COMMITTEE)),
        roads_member=_employee("20190003", "도로위", depts["ROADS"], roles=(Role.OFFICER, Role.COMMITTEE)),
        secretary=_employee("20190004", "간사보", depts["INNOV"], roles=(Role.OFFICER,)),
        proposer=_employee("20190005", "제안자", depts["ROADS"], email="proposer@gamdong.go.kr"),
        co1=_employee("20190006", "공동일", depts["PARKS"], email="co1@gamdong.go.kr"),
        outsider_staff=_employee("20190007", "무관직", depts["PARKS"]),
        resident=make_user("res1", Role.RESIDENT, name="주민갑", email="res1@example.com"),
        committee=None, seats={},
    )
    committee = services.committee_form(actor=planner, name="제안심사위원회")
    seats = {
        "chair": services.committee_member_add(actor=planner, committee=committee, user=d.chair, role=MemberRole.CHAIR),
        "ext2": services.committee_member_add(actor=planner, committee=committee, user=d.ext2),
        "ext3": services.committee_member_add(actor=planner, committee=committee, user=d.ext3),
        "staff": services.committee_member_add(actor=planner, committee=committee, user=d.staff_member),
        "roads": services.committee_member_add(actor=planner, committee=committee, user=d.roads_member),
        "secretary": services.committee_member_add(actor=planner, committee=committee, user=d.secretary,
                                                   role=MemberRole.SECRETARY),
    }
    d.committee, d.seats = committee, seats
    return d


def make_proposal(rd, *, title="보도블록 교체 주기 알림", proposer=None, co=(), department=None, kind=ProposalKind.STAFF,
                  status=ProposalStatus.UNDER_REVIEW):
    proposer = proposer or rd.proposer
    now = timezone.now()
    proposal = Proposal.objects.create(
        title=title, kind=kind, status=status, proposer=proposer,
        department=department if department is not None else rd.roads,
        current_situation="현황", problem="문제점", improvement="개선 방안", expected_effect="기대 효과",
        submitted_at=now, received_at=now, number=f"2026-{Proposal.objects.count() + 1:04d}",
    )
    for user in co:
        CoProposer.objects.create(proposal=proposal, user=user)
    return proposal


@pytest.fixture
def proposal(rd):
    return make_proposal(rd, co=[rd.co1])


@pytest.fixture
def meeting(rd):
    return services.meeting_convene(actor=rd.planner, committee=rd.committee, title="2026년 제1차 제안심사위원회",
                                    scheduled_at=timezone.now() + dt.timedelta(days=1), place="구청 3층 회의실")


def all_fives(committee: Committee, value: int = 5) -> dict[str, int]:
    return {name: value for name in committee.criteria_weights}


@pytest.fixture
def scored_item(rd, proposal, meeting):
    """The proposal on the agenda, all five voting members present, scoring open."""
    item = services.agenda_add(actor=rd.planner, meeting=meeting, proposal=proposal)
    present = [s for key, s in rd.seats.items()]
    services.meeting_record_attendance(actor=rd.planner, meeting=meeting, present=present)
    services.scoring_open(actor=rd.planner, item=item)
    return item


def seat(rd, key) -> CommitteeMember:
    return rd.seats[key]
