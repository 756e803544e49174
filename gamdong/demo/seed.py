"""Seed the demo district: the organisation of 감동구, about 300 staff, and one login per role.

Everything goes through the org services, so the demo holds the same events a real
installation would after an HR officer set it up. Deterministic: the same seed gives the
same district.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gamdong.accounts.models import Role, RoleGrant, User, UserKind
from gamdong.demo import district
from gamdong.demo.names import korean_name
from gamdong.org import services as org
from gamdong.org.models import Department, DepartmentKind, Employee, Series

DEMO_PASSWORD = "gamdong-demo-2026"
RNG_SEED = 2007  # the year the seed program began in 양천구 (DOMAIN.md §6)

# Which 직렬 staff of a division mostly belong to, by division name; others are 행정.
SERIES_BY_DIVISION = {
    "세무과": ("tax", "tax", "admin"),
    "복지정책과": ("social_welfare", "social_welfare", "admin"),
    "어르신장애인과": ("social_welfare", "social_welfare", "admin"),
    "아동청소년과": ("social_welfare", "admin"),
    "건축과": ("architecture", "architecture", "admin"),
    "도로과": ("civil_engineering", "civil_engineering", "admin"),
    "도시계획과": ("civil_engineering", "cadastral", "admin"),
    "공원녹지과": ("greenery", "greenery", "admin"),
    "환경과": ("environment", "environment", "admin"),
    "청소행정과": ("environment", "admin", "driving"),
    "스마트정보과": ("it", "it", "broadcasting"),
    "보건행정과": ("public_health", "food_sanitation", "admin"),
    "건강증진과": ("public_health", "nursing", "medical_technology"),
}
HIRE_YEARS_AGO_BY_GRADE = {3: (28, 34), 4: (24, 32), 5: (17, 28), 6: (10, 20), 7: (4, 12), 8: (2, 6), 9: (0, 3)}


@dataclass
class DemoLogin:
    role: str
    username: str
    name: str
    where: str
    password: str = DEMO_PASSWORD


DEMO_USERNAMES = {
    "mayor": Role.MAYOR.label,
    "officer": Role.OFFICER.label,
    "supervisor": Role.SUPERVISOR.label,
    "hr": Role.HR.label,
    "committee": Role.COMMITTEE.label,
    "committee-ext1": "외부 심사위원",
    "planner": Role.PLANNER.label,
    "admin": Role.ADMIN.label,
    "resident@example.com": Role.RESIDENT.label,
}


def demo_planner() -> User | None:
    """The demo's 제안·정책 담당 (the `planner` login), or another planner or an administrator."""
    return (User.objects.filter(username="planner").first()
            or User.objects.filter(role_grants__role=Role.PLANNER, is_active=True).order_by("pk").first()
            or User.objects.filter(role_grants__role=Role.ADMIN, is_active=True).order_by("pk").first())


def demo_logins() -> list[DemoLogin]:
    """The demo logins of a district seeded earlier, read back from the database."""
    users = User.objects.filter(username__in=DEMO_USERNAMES).select_related("employee__department")
    found = {u.username: u for u in users}
    logins = []
    for username, role in DEMO_USERNAMES.items():
        user = found.get(username)
        if user is None:
            continue
        employee = getattr(user, "employee", None)
        where = f"{employee.department.name} {employee.position}" if employee else {
            "mayor": "구청장", "committee-ext1": "구민창안심사위원회"}.get(username, "주민")
        logins.append(DemoLogin(role, username, user.name, where))
    return logins


def _kind(unit: district.Unit, parent: district.Unit | None) -> str:
    if unit.kind == "division" and parent is None:
        return DepartmentKind.DIRECTORATE
    return {
        "bureau": DepartmentKind.BUREAU,
        "division": DepartmentKind.DIVISION,
        "team": DepartmentKind.TEAM,
        "community_centre": DepartmentKind.COMMUNITY_CENTRE,
    }[unit.kind]


def is_seeded() -> bool:
    return Department.objects.filter(code=district.ROOT_CODE).exists()


class _People:
    """Makes EmployeeSpecs with unique employee numbers and plausible careers."""

    def __init__(self, rng: random.Random, today: dt.date, series: dict[str, Series]):
        self.rng, self.today, self.series = rng, today, series
        self.numbers: set[str] = set()
        self.specs: list[org.EmployeeSpec] = []

    def add(self, *, department: Department, grade: int, position: str, division_name: str = "",
            roles=(Role.OFFICER,)) -> org.EmployeeSpec:
        rng = self.rng
        low, high = HIRE_YEARS_AGO_BY_GRADE[grade]
        hire = self.today - dt.timedelta(days=rng.randint(low * 365, high * 365 + 200))
        post_since = max(hire, self.today - dt.timedelta(days=rng.randint(30, 4 * 365)))
        number = f"{hire.year}{rng.randrange(10000):04d}"
        while number in self.numbers:
            number = f"{hire.year}{rng.randrange(10000):04d}"
        self.numbers.add(number)
        codes = SERIES_BY_DIVISION.get(division_name, ("admin", "admin", "admin", "facility"))
        spec = org.EmployeeSpec(
            employee_number=number,
            name=korean_name(rng),
            department=department,
            grade=grade,
            series=self.series[rng.choice(codes)],
            hire_date=hire,
            post_since=post_since,
            position=position,
            special_recruitment=rng.random() < 0.08,
            office_phone=f"02-0000-{rng.randrange(1000, 9999)}",
            roles=tuple(roles),
        )
        self.specs.append(spec)
        return spec


def seed_demo_district(
    *, progress: Callable[[str], None] = print, today: dt.date | None = None, complaints: int = 0,
    creative: bool | None = None,
) -> list[DemoLogin]:
    """Create 감동구's organisation and staff; return the demo logins (password DEMO_PASSWORD).

    With `complaints`, also a year of complaints, dialogues and field visits; with `creative`
    (by default whenever complaints are seeded), 창의행정 too: plaza ideas, proposals at every
    stage, this year's 1직원 1제안, research clubs and a presentation, committees with scored
    proposals, a pilot, decisions, and policies with measured outcomes."""
    rng = random.Random(RNG_SEED)
    today = today or timezone.localdate()
    with transaction.atomic():
        progress("조직도(국·과·팀·동 주민센터)를 만듭니다")
        specs = [org.DepartmentSpec(code=district.ROOT_CODE, name=district.ROOT_NAME, kind=DepartmentKind.DISTRICT,
                                    phone="02-0000-2114")]
        for order, (unit, parent) in enumerate(district.walk()):
            specs.append(org.DepartmentSpec(
                code=unit.code, name=unit.name, kind=_kind(unit, parent),
                parent_code=parent.code if parent else district.ROOT_CODE, sort_order=order,
                phone=unit.phone, dong_name=unit.dong,
            ))
        departments = {d.code: d for d in org.departments_create_many(actor=None, specs=specs)}

        progress("직원 약 300명을 만듭니다")
        people = _People(rng, today, {s.code: s for s in Series.objects.all()})
        heads: dict[str, org.EmployeeSpec] = {}
        root = departments[district.ROOT_CODE]
        heads[root.code] = people.add(department=root, grade=3, position="부구청장", roles=(Role.SUPERVISOR,))
        for unit, parent in district.walk():
            dept = departments[unit.code]
            division = unit.name if unit.kind == "division" else (parent.name if parent else "")
            if unit.kind == "bureau":
                heads[unit.code] = people.add(department=dept, grade=4, position="국장", division_name=unit.name,
                                              roles=(Role.SUPERVISOR,))
            elif unit.kind == "division":
                title = "담당관" if parent is None else "과장"
                heads[unit.code] = people.add(department=dept, grade=5, position=title, division_name=division,
                                              roles=(Role.SUPERVISOR,))
            elif unit.kind == "community_centre":
                heads[unit.code] = people.add(department=dept, grade=5, position="동장", roles=(Role.SUPERVISOR,))
            else:  # team
                heads[unit.code] = people.add(department=dept, grade=6, position="팀장", division_name=division,
                                              roles=(Role.SUPERVISOR,))
                roles = (Role.OFFICER, Role.HR) if unit.name == "인사팀" else (Role.OFFICER,)
                for _ in range(rng.choice((2, 2, 3))):
                    people.add(department=dept, grade=rng.choice((6, 7, 7, 7, 8, 8, 9, 9)), position="주무관",
                               division_name=division, roles=roles)

        logins = _choose_demo_logins(people, departments)
        employees = {e.employee_number: e for e in org.employees_create_many(
            actor=None, specs=people.specs, note="데모 구 초기 설정")}
        for code, spec in heads.items():
            Department.objects.filter(pk=departments[code].pk).update(head=employees[spec.employee_number])

        progress("구청장, 외부 심사위원, 주민 데모 계정을 만듭니다")
        mayor = User.objects.create_user("mayor", DEMO_PASSWORD, name=korean_name(rng), kind=UserKind.STAFF)
        RoleGrant.objects.create(user=mayor, role=Role.MAYOR)
        logins.insert(0, DemoLogin(Role.MAYOR.label, "mayor", mayor.name, "구청장"))
        for i in range(3):
            member = User.objects.create_user(
                f"committee-ext{i + 1}", DEMO_PASSWORD if i == 0 else None, name=korean_name(rng),
                kind=UserKind.EXTERNAL, email=f"committee{i + 1}@example.com",
            )
            RoleGrant.objects.create(user=member, role=Role.COMMITTEE)
            if i == 0:
                logins.append(DemoLogin("외부 심사위원", member.username, member.name, "구민창안심사위원회"))
        resident = User.objects.create_user(
            "resident@example.com", DEMO_PASSWORD, name="주민 " + korean_name(rng), kind=UserKind.RESIDENT,
            email="resident@example.com", phone="01000000001",
            email_verified_at=timezone.now(), phone_verified_at=timezone.now(),
        )
        RoleGrant.objects.create(user=resident, role=Role.RESIDENT)
        logins.append(DemoLogin(Role.RESIDENT.label, resident.username, resident.name, "010-0000-0001로도 로그인"))
        _apply_demo_usernames(logins, employees)
    progress(f"완료: 부서 {len(departments)}개, 직원 {len(employees)}명")
    if complaints:
        from gamdong.demo.complaints import seed_complaints

        progress(f"지난 1년의 민원 {complaints}건을 만듭니다")
        seed_complaints(count=complaints, progress=progress)
    if creative if creative is not None else bool(complaints):
        seed_creative_administration(rng=random.Random(RNG_SEED + 1), today=today, progress=progress)
    return logins


def seed_creative_administration(*, rng: random.Random, today: dt.date, progress: Callable[[str], None]) -> None:
    """Ideas and proposals, then the campaign and clubs, then review, then policy: each stage
    takes what the one before left (proposals under review, adopted proposals)."""
    from gamdong.demo.clubs import seed_clubs_and_campaigns
    from gamdong.demo.ideas import seed_ideas
    from gamdong.demo.policy import seed_policy
    from gamdong.demo.review import seed_review
    from gamdong.ideas.participation import participation_rebuild_all

    progress("창의광장·아이디어하우스·제안을 만듭니다")
    seed_ideas(rng=rng, today=today, progress=progress)
    progress("1직원 1제안 공모와 연구 동아리를 만듭니다")
    seed_clubs_and_campaigns(rng=rng, today=today, progress=progress)
    progress("심사위원회, 심사, 현장 시뮬레이션, 채택 결정을 만듭니다")
    seed_review(rng=rng, today=today, progress=progress)
    seed_policy(rng=rng, today=today, progress=progress)
    # review and policy write some proposals directly (decided ones with their history): recount the
    # campaigns' participation from every proposal, as the services would have kept it
    participation_rebuild_all()


def _choose_demo_logins(people: _People, departments: dict[str, Department]) -> list[DemoLogin]:
    """Pick one person per role from the generated staff and give them a password."""
    road_team = departments["B40-30-01"]  # 도로과 도로관리팀
    road_division = departments["B40-30"]
    innovation_team = [s for s in people.specs if s.department == departments["B10-10-04"] and s.position == "주무관"]
    picks = {
        Role.OFFICER: next(s for s in people.specs if s.department == road_team and s.position == "주무관"),
        Role.SUPERVISOR: next(s for s in people.specs if s.department == road_division),
        Role.HR: next(s for s in people.specs if Role.HR in s.roles),
        Role.COMMITTEE: innovation_team[0],
        Role.PLANNER: innovation_team[1],
        Role.ADMIN: next(s for s in people.specs if s.department == departments["B20-50-02"]
                         and s.position == "주무관"),
    }
    logins = []
    for role, spec in picks.items():
        spec.password = DEMO_PASSWORD
        if role in (Role.COMMITTEE, Role.PLANNER, Role.ADMIN):
            spec.roles = (*spec.roles, role)
        logins.append(DemoLogin(role.label, spec.employee_number, spec.name,
                                f"{spec.department.name} {spec.position}"))
    return logins


def _apply_demo_usernames(logins: list[DemoLogin], employees: dict[str, Employee]) -> None:
    """Give the demo staff logins short memorable ids (officer, supervisor, ...)."""
    short = {Role.OFFICER.label: "officer", Role.SUPERVISOR.label: "supervisor", Role.HR.label: "hr",
             Role.COMMITTEE.label: "committee", Role.PLANNER.label: "planner", Role.ADMIN.label: "admin"}
    for login in logins:
        if login.role in short and login.username in employees:
            user = employees[login.username].user
            user.username = short[login.role]
            if login.role == Role.ADMIN.label:
                user.is_staff = user.is_superuser = True
            user.save(update_fields=["username", "is_staff", "is_superuser"])
            login.username = user.username
