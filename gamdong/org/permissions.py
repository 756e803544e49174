"""Who may see what in the organisation: every object-level rule of gamdong.org, in one place.

| who                         | departments (and their staff lists)        | people data (hire date, phones, 직원번호, 직급) |
|-----------------------------|--------------------------------------------|------------------------------------------------|
| anonymous, resident         | none                                       | none                                           |
| officer, committee (staff)  | their own department                       | their own only                                 |
| supervisor (부서장)          | the subtree of their own department, and   | their own only                                 |
|                             | of every department they head              |                                                |
| head of a department        | that department's subtree (even without    | their own only                                 |
|                             | the supervisor role: heading is supervising)|                                                |
| mayor (구청장)               | all                                        | their own only                                 |
| HR (인사팀), admin           | all                                        | everyone's                                     |

The organisation chart (names and kinds of departments, their phone numbers) is the
district's public structure: every staff member sees the whole tree. Names, departments
and positions of colleagues are shown to whoever may see the department.

Roles come from gamdong.accounts (RoleGrant); a user's place comes from their Employee row.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Left, Length

from gamdong.accounts.models import STAFF_ROLES, Role, UserKind
from gamdong.org.models import Department, Employee, subtree_q

SEE_ALL_DEPARTMENTS = (Role.HR, Role.MAYOR, Role.ADMIN)
SEE_PEOPLE_DATA = (Role.HR, Role.ADMIN)
IMPORT_ROSTER = (Role.HR, Role.ADMIN)
MANAGE_ORGANISATION = (Role.HR, Role.ADMIN)


def _authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def employee_of(user) -> Employee | None:
    """The user's Employee row (cached on the user object), or None."""
    if not _authenticated(user):
        return None
    cached = getattr(user, "_org_employee", False)
    if cached is False:
        try:
            cached = Employee.objects.select_related("department").get(user=user, active=True)
        except Employee.DoesNotExist:
            cached = None
        else:
            cached.user = user  # the same account: employee.user reads it without a query
        user._org_employee = cached
    return cached


def is_staff_member(user) -> bool:
    """Staff of the district: a staff account holding a staff role (residents never)."""
    if not _authenticated(user) or not user.is_active:
        return False
    return user.kind == UserKind.STAFF and user.has_role(*STAFF_ROLES)


def is_proposal_office(user) -> bool:
    """제안·정책 담당 — the proposal office that screens proposals and is the committees'
    secretariat — and the administrators who stand in for it."""
    return is_staff_member(user) and user.has_role(Role.PLANNER, Role.ADMIN)


def can_view_org_chart(user) -> bool:
    return is_staff_member(user)


def departments_visible_to(user):
    """The departments whose pages and staff lists `user` may see (a queryset)."""
    if not is_staff_member(user):
        return Department.objects.none()
    if user.has_role(*SEE_ALL_DEPARTMENTS):
        return Department.objects.all()
    employee = employee_of(user)
    if employee is None:
        return Department.objects.none()
    # The subtrees of the departments they head, in the same query: a department lies in one
    # when the headed department's path begins its own (paths are fixed-width segments).
    headed_above = Department.objects.filter(head=employee, path=Left(OuterRef("path"), Length("path")))
    conditions = [Q(pk=employee.department_id), Exists(headed_above)]
    if user.has_role(Role.SUPERVISOR):
        conditions.append(subtree_q(employee.department.path))
    return Department.objects.filter(reduce(or_, conditions))


def can_view_department(user, department: Department) -> bool:
    return departments_visible_to(user).filter(pk=department.pk).exists()


def employees_visible_to(user):
    """Employees whose name, department and position `user` may see (a queryset)."""
    if not is_staff_member(user):
        return Employee.objects.none()
    if user.has_role(*SEE_ALL_DEPARTMENTS):
        return Employee.objects.all()
    return Employee.objects.filter(department__in=departments_visible_to(user))


def sees_everyones_personal_data(user) -> bool:
    return is_staff_member(user) and user.has_role(*SEE_PEOPLE_DATA)


def can_view_personal_data(user, employee: Employee) -> bool:
    """Hire date, phones, employee number and grade: HR and admin, and the person themselves."""
    if not _authenticated(user):
        return False
    if employee.user_id == user.pk:
        return True
    return sees_everyones_personal_data(user)


def can_import_roster(user) -> bool:
    return is_staff_member(user) and user.has_role(*IMPORT_ROSTER)


def can_manage_organisation(user) -> bool:
    """Create and change departments, move employees, grant staff roles."""
    return is_staff_member(user) and user.has_role(*MANAGE_ORGANISATION)
