"""Who may do what in 현장행정.

| who                                   | field visits                                   | dialogues (주민과의 대화)   |
|---------------------------------------|------------------------------------------------|----------------------------|
| resident, anonymous                   | nothing                                        | nothing                    |
| officer                               | their own visits                               | nothing                    |
| supervisor, head of a department      | their own, and officers of departments they see| record, add items, read    |
| mayor, admin                          | everyone's                                     | record, add items, read    |
"""

from __future__ import annotations

from gamdong.accounts.models import Role
from gamdong.org.models import Department, Employee
from gamdong.org.permissions import departments_visible_to, employee_of, is_staff_member

DIALOGUE_ROLES = (Role.SUPERVISOR, Role.MAYOR, Role.ADMIN)


def can_use_field(user) -> bool:
    """The /field/ pages are for district staff; residents never see them."""
    return is_staff_member(user)


def can_act_for(user, officer: Employee) -> bool:
    """Schedule, record, cancel or reorder `officer`'s visits."""
    if not is_staff_member(user):
        return False
    if officer.user_id == user.pk:
        return True
    if not (user.has_role(Role.SUPERVISOR, Role.MAYOR, Role.ADMIN)
            or Department.objects.filter(head__user=user).exists()):
        return False
    return departments_visible_to(user).filter(pk=officer.department_id).exists()


def can_manage_dialogues(user) -> bool:
    if not is_staff_member(user):
        return False
    if user.has_role(*DIALOGUE_ROLES):
        return True
    employee = employee_of(user)
    return employee is not None and Department.objects.filter(head=employee).exists()
