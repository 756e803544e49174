"""A small district with a planner, a mayor and adopted proposals (made with the ORM: the
review app that adopts proposals is built beside this one)."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from gamdong.accounts.models import Role
from gamdong.ideas.models import Proposal, ProposalKind, ProposalStatus
from gamdong.org import services as org
from gamdong.org.models import Employee, Series
from tests.complaints.conftest import District, district, file_complaint, seoul  # noqa: F401 - fixtures
from tests.factories import make_user


@dataclass
class PolicyDistrict:
    base: District
    planner: Employee
    mayor: object
    adopt: object  # adopt(title=..., decided=..., complaints=[...]) -> Proposal


@pytest.fixture
def town(district):  # noqa: F811 - the imported fixture
    admin_series = Series.objects.get(code="admin")
    planner = org.employee_create(
        actor=None, employee_number="20150009", name="기획정", department=district.intake, grade=6,
        series=admin_series, hire_date=dt.date(2015, 3, 2), roles=(Role.PLANNER,), office_phone="02-0000-1200",
        password="gamdong-test-pw-1",
    )
    for i, employee in enumerate([district.officer, district.officer2, district.supervisor, planner]):
        employee.user.email = f"policy{i}@gamdong.go.kr"
        employee.user.save(update_fields=["email"])
    org.department_set_head(actor=None, department=district.roads, head=district.supervisor)
    mayor = make_user("mayor1", Role.MAYOR, name="구청장")

    def adopt(*, title="포트홀 신고 즉시 보수 기동반", decided=None, complaints=(), proposer=None,
              kind=ProposalKind.STAFF, status=ProposalStatus.ADOPTED, award_krw=None):
        decided = decided or timezone.now() - dt.timedelta(days=10)
        proposer = proposer or district.officer.user
        proposal = Proposal.objects.create(
            kind=kind, status=status, title=title, current_situation="현황", problem="문제", improvement="개선",
            expected_effect="효과", proposer=proposer, department=district.road_team, owner_department=district.roads,
            submitted_at=decided - dt.timedelta(days=30), received_at=decided - dt.timedelta(days=29),
            decided_at=decided, planned_implementation_on=timezone.localdate(decided) + dt.timedelta(days=30),
            award_krw=award_krw,
        )
        if complaints:
            proposal.complaints.set(complaints)
        return proposal

    return PolicyDistrict(base=district, planner=planner, mayor=mayor, adopt=adopt)
