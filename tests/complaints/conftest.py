"""A small district for complaint tests, made through the real org services."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from gamdong.accounts.models import Role
from gamdong.complaints.models import Category, Kind
from gamdong.complaints.services import Submission, complaint_submit
from gamdong.org import services as org
from gamdong.org.models import Department, DepartmentKind, Employee, Series
from tests.factories import make_user

SEOUL = ZoneInfo("Asia/Seoul")


def seoul(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SEOUL)


@dataclass
class District:
    intake: Department
    roads: Department
    road_team: Department
    parks: Department
    centre: Department
    officer: Employee
    officer2: Employee
    supervisor: Employee
    park_officer: Employee
    resident: object
    resident2: object
    pothole: Category
    parking: Category
    suggestion: Category
    passport: Category
    grievance: Category
    question: Category


@pytest.fixture
def district(db):
    specs = [
        org.DepartmentSpec(code="R", name="감동구청", kind=DepartmentKind.DISTRICT, phone="02-0000-2114"),
        org.DepartmentSpec(code="INTAKE", name="민원총괄팀", kind=DepartmentKind.TEAM, parent_code="R"),
        org.DepartmentSpec(code="ROADS", name="도로과", kind=DepartmentKind.DIVISION, parent_code="R", phone="02-0000-3000"),
        org.DepartmentSpec(code="ROADS-1", name="도로관리팀", kind=DepartmentKind.TEAM, parent_code="ROADS"),
        org.DepartmentSpec(code="PARKS", name="공원녹지과", kind=DepartmentKind.DIVISION, parent_code="R"),
        org.DepartmentSpec(code="C01", name="감동1동 주민센터", kind=DepartmentKind.COMMUNITY_CENTRE, parent_code="R",
                           dong_name="감동1동"),
    ]
    depts = {d.code: d for d in org.departments_create_many(actor=None, specs=specs)}
    admin = Series.objects.get(code="admin")

    def employee(number, name, dept, grade=7, roles=(Role.OFFICER,), phone="02-0000-3101"):
        return org.employee_create(actor=None, employee_number=number, name=name, department=dept, grade=grade,
                                   series=admin, hire_date=dt.date(2018, 3, 2), roles=roles, office_phone=phone,
                                   password="gamdong-test-pw-1")

    from gamdong.core.services import district_setting_change

    district_setting_change(actor=None, key="complaints.intake_department_code", raw_value="INTAKE")
    d = District(
        intake=depts["INTAKE"], roads=depts["ROADS"], road_team=depts["ROADS-1"], parks=depts["PARKS"],
        centre=depts["C01"],
        officer=employee("20180001", "김도로", depts["ROADS-1"]),
        officer2=employee("20180002", "이포장", depts["ROADS-1"]),
        supervisor=employee("20100001", "박과장", depts["ROADS"], grade=5, roles=(Role.SUPERVISOR,)),
        park_officer=employee("20180003", "최공원", depts["PARKS"]),
        resident=make_user("r1", Role.RESIDENT, name="정주민", phone="01011112222", email="r1@example.com"),
        resident2=make_user("r2", Role.RESIDENT, name="한이웃", phone="01033334444"),
        pothole=Category.objects.create(code="ROAD-POTHOLE", name="도로 파손", default_kind=Kind.OTHER,
                                        department=depts["ROADS"]),
        parking=Category.objects.create(code="PARKING", name="불법 주정차", default_kind=Kind.OTHER,
                                        department=depts["ROADS"], routed_by_area=True),
        suggestion=Category.objects.create(code="SUGGEST", name="행정 개선 건의", default_kind=Kind.SUGGESTION),
        passport=Category.objects.create(code="PASSPORT", name="여권 재발급", default_kind=Kind.STATUTORY,
                                         statutory_days=4, department=depts["INTAKE"]),
        grievance=Category.objects.create(code="GRIEVANCE", name="행정처분 고충", default_kind=Kind.GRIEVANCE,
                                          department=depts["ROADS"]),
        question=Category.objects.create(code="QUESTION-LAW", name="법령 질의", default_kind=Kind.INQUIRY_LAW,
                                         department=depts["ROADS"]),
    )
    return d


@pytest.fixture
def file_complaint(district):
    def file(category=None, *, resident=None, when=None, title="도로에 구멍이 났어요", dong="", **extra):
        resident = resident or district.resident
        submission = Submission(category=category or district.pothole, title=title, body="차가 지나갈 때 위험합니다.",
                                complainant_name=resident.name, complainant_phone=resident.phone, dong=dong, **extra)
        complaint, _ = complaint_submit(submission=submission, complainant=resident, now=when)
        return complaint

    return file
