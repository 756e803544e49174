"""Reads for the organisation's pages and API: a fixed, small number of queries each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from gamdong.accounts.identifiers import format_phone
from gamdong.core.events import EventType, record_event
from gamdong.org import permissions
from gamdong.org.models import Department, Employee, Grade


@dataclass
class DepartmentNode:
    department: Department
    children: list[DepartmentNode] = field(default_factory=list)
    can_view: bool = False


def department_tree(*, viewer, include_inactive: bool = False) -> list[DepartmentNode]:
    """The organisation chart as nested nodes, siblings by sort order then name (2 queries)."""
    departments = Department.objects.select_related("head__user").order_by("depth", "sort_order", "name")
    if not include_inactive:
        departments = departments.filter(active=True)
    visible = set(permissions.departments_visible_to(viewer).values_list("pk", flat=True))
    nodes = {d.pk: DepartmentNode(department=d, can_view=d.pk in visible) for d in departments}
    roots: list[DepartmentNode] = []
    for node in nodes.values():  # ordered by depth: parents come before their children
        parent = nodes.get(node.department.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def department_staff(*, department: Department, include_subtree: bool = True) -> QuerySet[Employee]:
    employees = Employee.objects.active().select_related("user", "department", "series")
    if include_subtree:
        employees = employees.in_subtree(department)
    else:
        employees = employees.filter(department=department)
    return employees.order_by("department__path", "grade", "user__name", "employee_number")


def employee_directory(
    *, viewer, query: str = "", department: Department | None = None
) -> QuerySet[Employee]:
    """Active employees `viewer` may see, searched by name or department name."""
    employees = (
        permissions.employees_visible_to(viewer)
        .active()
        .select_related("user", "department", "series")
        .order_by("user__name", "employee_number")
    )
    query = query.strip()
    if query:
        employees = employees.filter(
            Q(user__name__icontains=query)
            | Q(department__name__icontains=query)
            | Q(position__icontains=query)
        )
    if department is not None:
        employees = employees.in_subtree(department)
    return employees


@dataclass
class EmployeeView:
    """An employee as `viewer` may see them: personal fields are None when masked."""

    id: int
    name: str
    department_id: int
    department_name: str
    position: str
    personal: bool
    employee_number: str | None = None
    grade: int | None = None
    grade_label: str | None = None
    series: str | None = None
    hire_date: dt.date | None = None
    post_since: dt.date | None = None
    special_recruitment: bool | None = None
    phone: str | None = None
    email: str | None = None
    office_phone: str | None = None


def present_employees(*, viewer, employees, subject=None, where: str = "") -> list[EmployeeView]:
    """Mask each employee for `viewer`; when others' personal data is shown, log one
    PERSONAL_DATA_VIEWED event naming whose (DESIGN.md: each view of personal data is logged)."""
    out = []
    shown_others = []
    for e in employees:
        personal = permissions.can_view_personal_data(viewer, e)
        view = EmployeeView(
            id=e.pk,
            name=e.user.name,
            department_id=e.department_id,
            department_name=e.department.name,
            position=e.position,
            personal=personal,
        )
        if personal:
            view.employee_number = e.employee_number
            view.grade = e.grade
            view.grade_label = Grade(e.grade).label
            view.series = e.series.name
            view.hire_date = e.hire_date
            view.post_since = e.post_since
            view.special_recruitment = e.special_recruitment
            view.phone = format_phone(e.user.phone) if e.user.phone else ""
            view.email = e.user.email
            view.office_phone = e.office_phone
            if e.user_id != viewer.pk:
                shown_others.append(e.employee_number)
        out.append(view)
    if shown_others:
        record_event(
            EventType.PERSONAL_DATA_VIEWED,
            actor=viewer,
            subject=subject,
            after={"employees": shown_others[:200], "count": len(shown_others)},
            note=where,
        )
    return out
