"""Who may do what in 정책화.

| who                                          | see | start | change, milestones, measures, values, checks | grade, end follow-up | annual report |
|----------------------------------------------|-----|-------|---------------------------------------------|----------------------|---------------|
| resident, anonymous, external member         | no  | no    | no                                          | no                   | no            |
| any staff member (the mayor, every department)| yes | no    | no                                          | no                   | no            |
| head of the owner department (or above it)   | yes | yes*  | yes                                         | no                   | no            |
| the responsible employee                     | yes | no    | yes                                         | no                   | no            |
| planner (제안·정책 담당)                        | yes | yes   | yes                                         | yes                  | yes           |
| mayor                                        | yes | no    | no                                          | no                   | yes           |

(*) for the department they head. Everything is visible to all staff on purpose: the mayor and
every department see what became of each adopted proposal (accountability).
"""

from __future__ import annotations

from gamdong.accounts.models import Role
from gamdong.org.models import Department
from gamdong.org.permissions import employee_of, is_staff_member

REPORT_ROLES = (Role.PLANNER, Role.MAYOR)


def can_view_policy(user) -> bool:
    return is_staff_member(user)


def is_planner(user) -> bool:
    return is_staff_member(user) and user.has_role(Role.PLANNER)


def heads_department(user, department: Department) -> bool:
    """`user` heads `department` or a department above it."""
    employee = employee_of(user)
    if employee is None:
        return False
    ids = [*department.ancestor_ids, department.pk]
    return Department.objects.filter(pk__in=ids, head=employee).exists()


def can_start(user, owner_department: Department) -> bool:
    if not is_staff_member(user):
        return False
    return user.has_role(Role.PLANNER) or heads_department(user, owner_department)


def can_manage(user, implementation) -> bool:
    """Change the implementation and record its milestones, measures, values and checks."""
    if not is_staff_member(user):
        return False
    if user.has_role(Role.PLANNER):
        return True
    responsible = implementation.responsible
    if responsible is not None and responsible.user_id == user.pk:
        return True
    return heads_department(user, implementation.owner_department)


def can_grade(user) -> bool:
    """Grading the result and ending follow-up are the proposal office's (planner's) work."""
    return is_planner(user)


def can_view_report(user) -> bool:
    return is_staff_member(user) and user.has_role(*REPORT_ROLES)
