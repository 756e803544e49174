"""The whole 창의행정 district: the ideas district (officers, a department head, the planner)
plus a 제안심사위원회 of five voting members — three external, two staff, one of whom
co-proposes the journey's proposal — and a secretary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from gamdong.accounts.models import Role, UserKind
from gamdong.org import services as org
from gamdong.org.models import Series
from gamdong.review import services as review
from gamdong.review.models import Committee, MemberRole
from tests.factories import make_user
from tests.ideas.conftest import District, district  # noqa: F401 - fixture


@dataclass
class CreativeDistrict:
    base: District
    chair: object  # external
    ext2: object
    ext3: object
    parks_member: object  # staff, 공원녹지과
    mayor: object
    committee: Committee
    seats: dict


@pytest.fixture
def creative(district):  # noqa: F811 - the imported fixture
    def external(username, name):
        return make_user(username, Role.COMMITTEE, name=name, kind=UserKind.EXTERNAL, email=f"{username}@example.com")

    parks_member = org.employee_create(
        actor=None, employee_number="20170009", name="공원위", department=district.depts["PARKS"], grade=6,
        series=Series.objects.get(code="admin"), hire_date=dt.date(2017, 3, 2), roles=(Role.OFFICER,),
        office_phone="02-0000-3109", password="gamdong-test-pw-1",
    ).user
    chair, ext2, ext3 = external("ext-chair", "외부장"), external("ext-two", "외부이"), external("ext-three", "외부삼")
    committee = review.committee_form(actor=district.planner, name="제안심사위원회")
    seats = {
        "chair": review.committee_member_add(actor=district.planner, committee=committee, user=chair,
                                             role=MemberRole.CHAIR),
        "ext2": review.committee_member_add(actor=district.planner, committee=committee, user=ext2),
        "ext3": review.committee_member_add(actor=district.planner, committee=committee, user=ext3),
        "parks": review.committee_member_add(actor=district.planner, committee=committee, user=parks_member),
        # officer2 co-proposes the journey's proposal: seated, present, but never scores it.
        "co": review.committee_member_add(actor=district.planner, committee=committee, user=district.officer2),
    }
    return CreativeDistrict(base=district, chair=chair, ext2=ext2, ext3=ext3, parks_member=parks_member,
                            mayor=make_user("mayor-j", Role.MAYOR, name="구청장"), committee=committee, seats=seats)
