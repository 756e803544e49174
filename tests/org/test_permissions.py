"""Each role sees what it should, and not more (gamdong.org.permissions)."""

from django.contrib.auth.models import AnonymousUser

from gamdong.org import permissions, services
from gamdong.org.models import Department
from tests.org.conftest import fresh


def visible(user):
    return set(
        permissions.departments_visible_to(fresh(user) if user.pk else user).values_list("name", flat=True)
    )


ALL = {
    "감동구청",
    "행정국",
    "총무과",
    "인사팀",
    "민원여권과",
    "여권팀",
    "민원팀",
    "안전건설국",
    "건설과",
    "도로팀",
    "목1동 주민센터",
}


def test_anonymous_and_residents_see_no_department(org):
    assert visible(AnonymousUser()) == set()
    assert visible(org.resident) == set()
    assert not permissions.can_view_org_chart(fresh(org.resident))
    assert not permissions.employees_visible_to(fresh(org.resident)).exists()


def test_an_officer_sees_only_their_own_department(org):
    assert visible(org.officer.user) == {"여권팀"}
    assert not permissions.can_view_department(fresh(org.officer.user), org.d["민원팀"])
    assert permissions.can_view_org_chart(fresh(org.officer.user))


def test_a_supervisor_sees_their_department_subtree(org):
    assert visible(org.supervisor.user) == {"민원여권과", "여권팀", "민원팀"}
    assert not permissions.can_view_department(fresh(org.supervisor.user), org.d["총무과"])


def test_a_head_without_the_supervisor_role_still_sees_the_subtree_they_head(org):
    services.department_set_head(actor=None, department=org.d["건설과"], head=org.road)
    assert visible(org.road.user) == {"도로팀", "건설과"}


def test_hr_mayor_and_admin_see_every_department(org):
    for person in (org.hr, org.mayor, org.admin):
        assert visible(person.user) == ALL


def test_staff_without_an_employee_row_see_nothing(org):
    from gamdong.accounts.models import User, UserKind

    user = User.objects.create_user("ext1", name="외부", kind=UserKind.STAFF)
    services.role_grant(actor=None, user=user, role="committee")
    assert visible(user) == set()


def test_personal_data_is_for_hr_admin_and_the_person_themselves(org):
    target = org.officer
    assert permissions.can_view_personal_data(fresh(org.hr.user), target)
    assert permissions.can_view_personal_data(fresh(org.admin.user), target)
    assert permissions.can_view_personal_data(fresh(org.officer.user), target)
    assert not permissions.can_view_personal_data(fresh(org.supervisor.user), target)
    assert not permissions.can_view_personal_data(fresh(org.mayor.user), target)
    assert not permissions.can_view_personal_data(fresh(org.colleague.user), target)
    assert not permissions.can_view_personal_data(fresh(org.resident), target)
    assert not permissions.can_view_personal_data(AnonymousUser(), target)


def test_only_hr_and_admin_may_import_a_roster(org):
    assert permissions.can_import_roster(fresh(org.hr.user))
    assert permissions.can_import_roster(fresh(org.admin.user))
    for person in (org.officer.user, org.supervisor.user, org.mayor.user, org.resident):
        assert not permissions.can_import_roster(fresh(person))


def test_a_deactivated_account_loses_everything(org):
    services.employee_change(actor=None, employee=org.hr, active=False)
    assert visible(org.hr.user) == set()
    assert not permissions.can_import_roster(fresh(org.hr.user))


def test_visible_departments_are_one_query_for_an_officer_after_roles(org, django_assert_max_num_queries):
    user = fresh(org.supervisor.user)
    with django_assert_max_num_queries(4):
        list(permissions.departments_visible_to(user))
    assert Department.objects.count() == len(ALL)
