"""A small district built with the real services: 구청 → 국 → 과 → 팀, and a 동 주민센터."""

import datetime as dt
from types import SimpleNamespace

import pytest

from gamdong.accounts.models import Role, User, UserKind
from gamdong.org import services
from gamdong.org.models import DepartmentKind, Series
from gamdong.org.services import DepartmentSpec


def _employee(number, name, department, *, roles, grade=7, position="주무관", **extra):
    return services.employee_create(
        actor=None,
        employee_number=number,
        name=name,
        department=department,
        grade=grade,
        series=Series.objects.get(name="행정"),
        hire_date=dt.date(2015, 3, 2),
        post_since=dt.date(2022, 1, 1),
        position=position,
        roles=roles,
        **extra,
    )


@pytest.fixture
def org(db):
    d = services.departments_create_many(
        actor=None,
        specs=[
            DepartmentSpec("3000000", "감동구청", DepartmentKind.DISTRICT),
            DepartmentSpec("3010000", "행정국", DepartmentKind.BUREAU, "3000000", 10),
            DepartmentSpec("3011000", "총무과", DepartmentKind.DIVISION, "3010000", 10),
            DepartmentSpec("3011100", "인사팀", DepartmentKind.TEAM, "3011000", 10),
            DepartmentSpec("3012000", "민원여권과", DepartmentKind.DIVISION, "3010000", 20),
            DepartmentSpec("3012100", "여권팀", DepartmentKind.TEAM, "3012000", 10),
            DepartmentSpec("3012200", "민원팀", DepartmentKind.TEAM, "3012000", 20),
            DepartmentSpec("3020000", "안전건설국", DepartmentKind.BUREAU, "3000000", 20),
            DepartmentSpec("3021000", "건설과", DepartmentKind.DIVISION, "3020000", 10),
            DepartmentSpec("3021100", "도로팀", DepartmentKind.TEAM, "3021000", 10),
            DepartmentSpec(
                "3090100", "목1동 주민센터", DepartmentKind.COMMUNITY_CENTRE, "3000000", 90, dong_name="목1동"
            ),
        ],
    )
    depts = {x.name: x for x in d}
    hr = _employee("1001", "김인사", depts["인사팀"], roles=[Role.OFFICER, Role.HR], phone="01011110001")
    officer = _employee("1002", "이여권", depts["여권팀"], roles=[Role.OFFICER], phone="01011110002")
    colleague = _employee("1003", "박민원", depts["민원팀"], roles=[Role.OFFICER])
    supervisor = _employee(
        "1004", "최과장", depts["민원여권과"], roles=[Role.OFFICER, Role.SUPERVISOR], grade=5, position="과장"
    )
    services.department_set_head(actor=None, department=depts["민원여권과"], head=supervisor)
    road = _employee("1005", "정도로", depts["도로팀"], roles=[Role.OFFICER], phone="01011110005")
    mayor = _employee("1000", "한구청", depts["감동구청"], roles=[Role.MAYOR], grade=1, position="구청장")
    admin = _employee("1009", "관리자", depts["총무과"], roles=[Role.ADMIN])
    resident = User.objects.create_user("resident1", name="주민일", kind=UserKind.RESIDENT)
    services.role_grant(actor=None, user=resident, role=Role.RESIDENT)
    for e in (hr, officer, colleague, supervisor, road, mayor, admin):
        e.refresh_from_db()
    return SimpleNamespace(
        d=depts,
        hr=hr,
        officer=officer,
        colleague=colleague,
        supervisor=supervisor,
        road=road,
        mayor=mayor,
        admin=admin,
        resident=resident,
    )


def fresh(user):
    """The user as a new request would load it (no cached roles or employee)."""
    return User.objects.get(pk=user.pk)
