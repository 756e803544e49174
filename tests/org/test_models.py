import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from gamdong.core.events import EventType
from gamdong.core.models import Event
from gamdong.org import services
from gamdong.org.models import (
    Department,
    DepartmentKind,
    Employee,
    Grade,
    Series,
    path_segment,
    path_successor,
)


def _violates(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_series_are_seeded_by_the_migration(db):
    names = set(Series.objects.values_list("name", flat=True))
    assert {
        "행정",
        "세무",
        "전산",
        "사회복지",
        "사서",
        "토목",
        "건축",
        "환경",
        "녹지",
        "보건",
        "간호",
        "운전",
    } <= names


def test_grades_carry_the_korean_rank_names():
    assert Grade(1).label == "1급 관리관"
    assert Grade(7).label == "7급 주사보"
    assert Grade(9).label == "9급 서기보"


def test_subtree_is_the_department_and_everything_under_it(org):
    names = set(Department.objects.subtree(org.d["행정국"]).values_list("name", flat=True))
    assert names == {"행정국", "총무과", "인사팀", "민원여권과", "여권팀", "민원팀"}
    assert set(Department.objects.subtree(org.d["도로팀"]).values_list("name", flat=True)) == {"도로팀"}


def test_paths_and_depths_follow_the_tree(org):
    team = Department.objects.get(name="여권팀")
    assert team.depth == 3
    assert team.ancestor_ids == [org.d["감동구청"].pk, org.d["행정국"].pk, org.d["민원여권과"].pk]


def test_subtree_query_uses_one_query(org, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(Department.objects.subtree(org.d["안전건설국"]))


@given(st.lists(st.integers(min_value=1, max_value=999_999), min_size=1, max_size=5), st.integers(1, 999_999))
def test_a_path_range_holds_exactly_the_paths_that_start_with_it(segments, extra):
    path = "".join(path_segment(s) for s in segments)
    upper = path_successor(path)
    descendant = path + path_segment(extra)
    assert path <= descendant < upper
    sibling = path[:-6] + path_segment(min(segments[-1] + 1, 999_999)) if segments[-1] < 999_999 else None
    if sibling and sibling != path:
        assert not (path <= sibling < upper)


def test_moving_a_department_moves_its_subtree(org):
    services.department_change(actor=None, department=org.d["민원여권과"], parent=org.d["안전건설국"])
    names = set(
        Department.objects.subtree(Department.objects.get(name="안전건설국")).values_list("name", flat=True)
    )
    assert {"민원여권과", "여권팀", "민원팀"} <= names
    assert "여권팀" not in set(
        Department.objects.subtree(Department.objects.get(name="행정국")).values_list("name", flat=True)
    )
    assert Department.objects.get(name="여권팀").depth == 3
    assert Event.objects.filter(event_type=EventType.DEPARTMENT_CHANGED).exists()


def test_a_department_cannot_move_under_its_own_subtree(org):
    with pytest.raises(services.DepartmentCycle):
        services.department_change(actor=None, department=org.d["행정국"], parent=org.d["여권팀"])
    assert Department.objects.get(name="행정국").parent_id == org.d["감동구청"].pk


def test_a_department_with_staff_cannot_be_closed(org):
    with pytest.raises(services.DepartmentInUse):
        services.department_change(actor=None, department=org.d["여권팀"], active=False)


def test_department_codes_are_unique(org):
    _violates(lambda: Department.objects.create(code="3000000", name="다른", kind=DepartmentKind.TEAM))


def test_a_community_centre_must_name_its_dong(org):
    _violates(lambda: Department.objects.create(code="X1", name="동", kind=DepartmentKind.COMMUNITY_CENTRE))
    _violates(
        lambda: Department.objects.create(code="X2", name="팀", kind=DepartmentKind.TEAM, dong_name="목2동")
    )
    _violates(
        lambda: Department.objects.create(
            code="X3", name="또 목1동", kind=DepartmentKind.COMMUNITY_CENTRE, dong_name="목1동"
        )
    )


def test_a_department_is_not_its_own_parent(org):
    team = org.d["도로팀"]
    _violates(lambda: Department.objects.filter(pk=team.pk).update(parent=team.pk))


def test_employee_grade_must_be_1_to_9(org):
    _violates(lambda: Employee.objects.filter(pk=org.officer.pk).update(grade=10))
    _violates(lambda: Employee.objects.filter(pk=org.officer.pk).update(grade=0))


def test_post_since_cannot_precede_hire_date(org):
    _violates(lambda: Employee.objects.filter(pk=org.officer.pk).update(post_since=dt.date(2000, 1, 1)))


def test_employee_numbers_are_unique(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        services.employee_create(
            actor=None,
            employee_number="1002",
            name="중복",
            department=org.d["여권팀"],
            grade=7,
            series=Series.objects.first(),
            hire_date=dt.date(2020, 1, 1),
        )


def test_creating_an_employee_makes_a_staff_account_with_an_unusable_password(org):
    user = org.officer.user
    assert user.username == "1002"
    assert user.kind == "staff"
    assert not user.has_usable_password()
    assert Event.objects.for_subject(org.officer).filter(event_type=EventType.EMPLOYEE_CREATED).count() == 1


def test_moving_an_employee_records_the_move_and_the_new_post_date(org):
    services.employee_move(
        actor=org.hr.user, employee=org.officer, department=org.d["도로팀"], post_since=dt.date(2026, 3, 1)
    )
    org.officer.refresh_from_db()
    assert org.officer.department == org.d["도로팀"]
    assert org.officer.post_since == dt.date(2026, 3, 1)
    event = Event.objects.for_subject(org.officer).get(event_type=EventType.EMPLOYEE_MOVED)
    assert event.actor == org.hr.user
    assert event.before["department"] == org.d["여권팀"].pk
    assert event.after == {"department": org.d["도로팀"].pk, "post_since": "2026-03-01", "position": "주무관"}


def test_a_head_who_moves_away_no_longer_heads_the_old_department(org):
    services.employee_move(actor=None, employee=org.supervisor, department=org.d["건설과"])
    assert Department.objects.get(pk=org.d["민원여권과"].pk).head is None


def test_employee_change_records_before_and_after(org):
    services.employee_change(actor=org.hr.user, employee=org.officer, grade=6, name="이여권2")
    event = Event.objects.for_subject(org.officer).get(event_type=EventType.EMPLOYEE_CHANGED)
    assert (event.before["grade"], event.after["grade"]) == (7, 6)
    assert event.after["name"] == "이여권2"


def test_role_grant_and_revoke_are_recorded(org):
    user = org.officer.user
    services.role_grant(actor=org.admin.user, user=user, role="committee")
    services.role_grant(actor=org.admin.user, user=user, role="committee")  # no second grant
    assert user.has_role("committee")
    assert services.role_revoke(actor=org.admin.user, user=user, role="committee")
    assert not user.has_role("committee")
    subject_events = Event.objects.for_subject(user)
    assert subject_events.filter(event_type=EventType.ROLE_GRANTED, after={"role": "committee"}).count() == 1
    assert subject_events.filter(event_type=EventType.ROLE_REVOKED).count() == 1


def test_a_resident_account_cannot_get_a_staff_role(org):
    with pytest.raises(services.OrgError):
        services.role_grant(actor=None, user=org.resident, role="hr")


def test_bulk_created_departments_and_employees_use_few_queries(db, django_assert_max_num_queries):
    specs = [services.DepartmentSpec("R", "구청", DepartmentKind.DISTRICT)] + [
        services.DepartmentSpec(f"T{i}", f"팀{i}", DepartmentKind.TEAM, "R") for i in range(30)
    ]
    # 2 levels: per level one insert and one update, plus one event per department (and its content type)
    with django_assert_max_num_queries(8 + len(specs)):
        departments = services.departments_create_many(actor=None, specs=specs)
    series = Series.objects.get(name="행정")
    people = [
        services.EmployeeSpec(
            employee_number=f"9{i:03d}",
            name=f"직원{i}",
            department=departments[1 + i % 30],
            grade=8,
            series=series,
            hire_date=dt.date(2020, 1, 1),
        )
        for i in range(100)
    ]
    # users, employees and roles in one insert each; then one event per employee and per role
    with django_assert_max_num_queries(10 + 2 * len(people)):
        services.employees_create_many(actor=None, specs=people)
    assert Employee.objects.count() == 100
    assert Department.objects.subtree(departments[0]).count() == 31
