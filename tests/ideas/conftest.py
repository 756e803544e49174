"""A small district for idea and proposal tests, made through the real org services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from gamdong.accounts.models import Role
from gamdong.ideas import services
from gamdong.org import services as org
from gamdong.org.models import DepartmentKind, Series
from tests.factories import make_user

SEOUL = ZoneInfo("Asia/Seoul")


def seoul(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SEOUL)


FULL = {
    "title": "민원실 번호표를 휴대전화로 받기",
    "current_situation": "민원실 대기 번호표를 종이로만 뽑습니다.",
    "problem": "기다리는 동안 자리를 비울 수 없습니다.",
    "improvement": "번호표를 문자로 보내고 차례가 가까우면 알려 줍니다.",
    "expected_effect": "대기 중 불편이 줄고 민원실 혼잡이 줄어듭니다.",
}


def full_draft(**changes) -> services.ProposalDraft:
    return services.ProposalDraft(**{**FULL, **changes})


@dataclass
class District:
    depts: dict
    officer: object  # users
    officer2: object
    officer3: object
    head: object
    planner: object
    committee: object
    resident: object
    resident2: object

    def submit(self, user=None, **changes):
        return services.proposal_save(proposer=user or self.officer, draft=full_draft(**changes), submit=True)


@pytest.fixture
def district(db):
    specs = [
        org.DepartmentSpec(code="R", name="감동구청", kind=DepartmentKind.DISTRICT, phone="02-0000-2114"),
        org.DepartmentSpec(code="PLAN", name="기획예산과", kind=DepartmentKind.DIVISION, parent_code="R"),
        org.DepartmentSpec(code="PLAN-1", name="창의혁신팀", kind=DepartmentKind.TEAM, parent_code="PLAN",
                           phone="02-0000-2200"),
        org.DepartmentSpec(code="ROADS", name="도로과", kind=DepartmentKind.DIVISION, parent_code="R"),
        org.DepartmentSpec(code="PARKS", name="공원녹지과", kind=DepartmentKind.DIVISION, parent_code="R"),
    ]
    depts = {d.code: d for d in org.departments_create_many(actor=None, specs=specs)}
    admin = Series.objects.get(code="admin")

    def employee(number, name, dept, grade=7, roles=(Role.OFFICER,)):
        return org.employee_create(actor=None, employee_number=number, name=name, department=depts[dept],
                                   grade=grade, series=admin, hire_date=dt.date(2018, 3, 2), roles=roles,
                                   office_phone="02-0000-3101", password="gamdong-test-pw-1")

    officer = employee("20180001", "김도로", "ROADS")
    officer2 = employee("20180002", "이공원", "PARKS")
    officer3 = employee("20180003", "박포장", "ROADS")
    head = employee("20100001", "최과장", "ROADS", grade=5, roles=(Role.SUPERVISOR,))
    org.department_set_head(actor=None, department=depts["ROADS"], head=head)
    planner = employee("20150001", "정기획", "PLAN-1", grade=6, roles=(Role.OFFICER, Role.PLANNER))
    for e in (officer, officer2, officer3, head, planner):
        e.user.email = f"{e.employee_number}@gamdong.example"
        e.user.save(update_fields=["email"])
    committee = make_user("committee1", Role.COMMITTEE, name="외부위원", kind="external")
    return District(
        depts=depts, officer=officer.user, officer2=officer2.user, officer3=officer3.user, head=head.user,
        planner=planner.user, committee=committee,
        resident=make_user("r1", Role.RESIDENT, name="정주민", phone="01011112222", email="r1@example.com"),
        resident2=make_user("r2", Role.RESIDENT, name="한이웃", phone="01033334444"),
    )
