"""Every change to the organisation: one function per action, each atomic, each writing its event.

Services trust their input (views and the roster validator check it first) but keep the
invariants the database cannot: a department's `path` and `depth`, no cycles in the tree.

Bulk use (seeding a district, importing a roster): `departments_create_many` and
`employees_create_many` write with `bulk_create` (a handful of queries per level or per
batch, plus one event per row). `department_create` and `employee_create` are the
one-row forms of the same code, so both paths stay equally correct.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from gamdong.accounts.models import Role, RoleGrant, User, UserKind
from gamdong.core.events import EventType, record_event, snapshot
from gamdong.org import roster
from gamdong.org.models import (
    DEFAULT_POSITION,
    Department,
    DepartmentKind,
    Employee,
    Grade,
    Series,
    path_segment,
    subtree_q,
)
from gamdong.org.signals import departments_created

DEPARTMENT_FIELDS = ["code", "name", "kind", "parent", "sort_order", "active", "phone", "dong_name", "head"]
EMPLOYEE_FIELDS = [
    "employee_number",
    "department",
    "grade",
    "series",
    "position",
    "hire_date",
    "post_since",
    "special_recruitment",
    "office_phone",
    "active",
]
USER_FIELDS = ["name", "email", "phone"]


class OrgError(Exception):
    """A change the organisation's rules refuse; `message` is for people (Korean)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class DepartmentCycle(OrgError):
    pass


class DepartmentInUse(OrgError):
    pass


# --- Departments --------------------------------------------------------------------------


@dataclass
class DepartmentSpec:
    """One department to create. `parent_code` names a department created earlier or existing."""

    code: str
    name: str
    kind: str
    parent_code: str | None = None
    sort_order: int = 0
    phone: str = ""
    dong_name: str = ""
    active: bool = True


def department_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    kind: str,
    parent: Department | None = None,
    sort_order: int = 0,
    phone: str = "",
    dong_name: str = "",
    active: bool = True,
) -> Department:
    """Create one department under `parent` (None for the root)."""
    spec = DepartmentSpec(
        code=code,
        name=name,
        kind=kind,
        parent_code=parent.code if parent else None,
        sort_order=sort_order,
        phone=phone,
        dong_name=dong_name,
        active=active,
    )
    return departments_create_many(actor=actor, specs=[spec])[0]


def departments_create_many(*, actor: User | None, specs: Sequence[DepartmentSpec]) -> list[Department]:
    """Create many departments at once, in any order as long as parents are in `specs` or exist.

    Writes level by level: one INSERT and one UPDATE (for the paths) per level of the tree,
    plus one event per department. Returns the departments in the order of `specs`.
    """
    with transaction.atomic():
        by_code: dict[str, Department] = {
            d.code: d
            for d in Department.objects.filter(code__in={s.parent_code for s in specs if s.parent_code})
        }
        pending = list(specs)
        created: dict[str, Department] = {}
        while pending:
            level = [s for s in pending if s.parent_code is None or s.parent_code in by_code]
            if not level:
                missing = sorted({s.parent_code for s in pending})
                raise OrgError(f"상위 부서를 찾을 수 없습니다: {', '.join(missing)}", field="parent")
            pending = [s for s in pending if s not in level]
            rows = [
                Department(
                    code=s.code,
                    name=s.name,
                    kind=s.kind,
                    parent=by_code.get(s.parent_code) if s.parent_code else None,
                    sort_order=s.sort_order,
                    phone=s.phone,
                    dong_name=s.dong_name if s.kind == DepartmentKind.COMMUNITY_CENTRE else "",
                    active=s.active,
                )
                for s in level
            ]
            rows = Department.objects.bulk_create(rows)
            for row in rows:
                parent = row.parent
                row.path = (parent.path if parent else "") + path_segment(row.pk)
                row.depth = parent.depth + 1 if parent else 0
            Department.objects.bulk_update(rows, ["path", "depth"])
            for row in rows:
                by_code[row.code] = row
                created[row.code] = row
                record_event(
                    EventType.DEPARTMENT_CREATED,
                    actor=actor,
                    subject=row,
                    after=snapshot(row, DEPARTMENT_FIELDS),
                )
        departments_created.send(sender=Department, departments=list(created.values()))
        return [created[s.code] for s in specs]


def department_change(*, actor: User | None, department: Department, **changes) -> Department:
    """Change a department's fields (those in DEPARTMENT_FIELDS).

    A new parent moves the whole subtree (paths rewritten in one UPDATE); a parent inside
    the department's own subtree is refused. Closing a department that still has active
    staff or active sub-departments is refused.
    """
    unknown = set(changes) - set(DEPARTMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown department fields: {sorted(unknown)}")
    with transaction.atomic():
        department = Department.objects.select_for_update().get(pk=department.pk)
        before = snapshot(department, DEPARTMENT_FIELDS)
        old_path = department.path
        new_parent = changes.get("parent", department.parent)
        moving = "parent" in changes and (new_parent.pk if new_parent else None) != department.parent_id
        if moving and new_parent is not None:
            new_parent.refresh_from_db(fields=["path", "depth"])
            if new_parent.path.startswith(old_path):
                raise DepartmentCycle(
                    "부서를 자기 자신이나 하위 부서 아래로 옮길 수 없습니다.", field="parent"
                )
        if changes.get("active") is False and department.active:
            if Employee.objects.filter(department=department, active=True).exists():
                raise DepartmentInUse("재직 직원이 있는 부서는 폐지할 수 없습니다.", field="active")
            if Department.objects.filter(parent=department, active=True).exists():
                raise DepartmentInUse("사용 중인 하위 부서가 있는 부서는 폐지할 수 없습니다.", field="active")
        for name, value in changes.items():
            setattr(department, name, value)
        if department.kind != DepartmentKind.COMMUNITY_CENTRE:
            department.dong_name = ""
        if moving:
            new_path = (new_parent.path if new_parent else "") + path_segment(department.pk)
            new_depth = new_parent.depth + 1 if new_parent else 0
            Department.objects.filter(subtree_q(old_path)).update(
                path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
                depth=F("depth") + (new_depth - department.depth),
            )
            department.path, department.depth = new_path, new_depth
        department.save()
        after = snapshot(department, DEPARTMENT_FIELDS)
        if after != before:
            record_event(
                EventType.DEPARTMENT_CHANGED, actor=actor, subject=department, before=before, after=after
            )
        return department


def department_set_head(*, actor: User | None, department: Department, head: Employee | None) -> Department:
    """Name the employee who supervises the department (or nobody)."""
    return department_change(actor=actor, department=department, head=head)


# --- Employees ----------------------------------------------------------------------------


@dataclass
class EmployeeSpec:
    """One employee to create, with the account they log in with (username = employee number)."""

    employee_number: str
    name: str
    department: Department
    grade: int
    series: Series
    hire_date: dt.date
    post_since: dt.date | None = None
    position: str = DEFAULT_POSITION
    special_recruitment: bool = False
    office_phone: str = ""
    phone: str = ""
    email: str = ""
    roles: Iterable[str] = field(default_factory=lambda: (Role.OFFICER,))
    password: str | None = None  # None: an unusable password (see docs/roster.md)


def employee_create(*, actor: User | None, **fields) -> Employee:
    """Create one employee and their staff account; see EmployeeSpec for the fields."""
    return employees_create_many(actor=actor, specs=[EmployeeSpec(**fields)])[0]


def employees_create_many(
    *, actor: User | None, specs: Sequence[EmployeeSpec], note: str = ""
) -> list[Employee]:
    """Create employees and their accounts in bulk: users, employees and roles each in one
    INSERT (per batch), then one EMPLOYEE_CREATED event per employee (and ROLE_GRANTED per
    role). Atomic: every employee or none.
    """
    if not specs:
        return []
    with transaction.atomic():
        now = timezone.now()
        users = []
        for s in specs:
            user = User(
                username=s.employee_number,
                name=s.name,
                email=s.email,
                phone=s.phone,
                kind=UserKind.STAFF,
                date_joined=now,
            )
            if s.password:
                user.set_password(s.password)
            else:
                user.set_unusable_password()
            users.append(user)
        users = User.objects.bulk_create(users)
        employees = Employee.objects.bulk_create(
            [
                Employee(
                    user=user,
                    employee_number=s.employee_number,
                    department=s.department,
                    grade=s.grade,
                    series=s.series,
                    position=s.position or DEFAULT_POSITION,
                    hire_date=s.hire_date,
                    post_since=s.post_since or s.hire_date,
                    special_recruitment=s.special_recruitment,
                    office_phone=s.office_phone,
                )
                for user, s in zip(users, specs, strict=True)
            ]
        )
        grants = [
            RoleGrant(user=user, role=role, granted_at=now)
            for user, s in zip(users, specs, strict=True)
            for role in dict.fromkeys(s.roles)
        ]
        RoleGrant.objects.bulk_create(grants)
        for employee, user in zip(employees, users, strict=True):
            employee.user = user
            record_event(
                EventType.EMPLOYEE_CREATED,
                actor=actor,
                subject=employee,
                after={**snapshot(employee, EMPLOYEE_FIELDS), **snapshot(user, USER_FIELDS)},
                note=note,
            )
        for grant in grants:
            record_event(EventType.ROLE_GRANTED, actor=actor, subject=grant.user, after={"role": grant.role})
        return employees


def employee_change(*, actor: User | None, employee: Employee, **changes) -> Employee:
    """Change an employee's fields (EMPLOYEE_FIELDS, and name/email/phone of their account).

    A change of department goes through `employee_move` (it has its own event and rules).
    """
    if "department" in changes:
        raise TypeError("use employee_move to change an employee's department")
    unknown = set(changes) - set(EMPLOYEE_FIELDS) - set(USER_FIELDS)
    if unknown:
        raise TypeError(f"unknown employee fields: {sorted(unknown)}")
    with transaction.atomic():
        employee = Employee.objects.select_for_update().select_related("user").get(pk=employee.pk)
        user = employee.user
        before = {**snapshot(employee, EMPLOYEE_FIELDS), **snapshot(user, USER_FIELDS)}
        user_changed = False
        for name, value in changes.items():
            if name in USER_FIELDS:
                setattr(user, name, value)
                user_changed = True
            else:
                setattr(employee, name, value)
        if "active" in changes and user.is_active != changes["active"]:
            user.is_active = changes["active"]
            user_changed = True
        if user_changed:
            user.save()
        employee.save()
        if changes.get("active") is False:
            for department in Department.objects.filter(head=employee):
                department_change(actor=actor, department=department, head=None)
        after = {**snapshot(employee, EMPLOYEE_FIELDS), **snapshot(user, USER_FIELDS)}
        if after != before:
            record_event(
                EventType.EMPLOYEE_CHANGED, actor=actor, subject=employee, before=before, after=after
            )
        return employee


def employee_move(
    *,
    actor: User | None,
    employee: Employee,
    department: Department,
    post_since: dt.date | None = None,
    position: str | None = None,
) -> Employee:
    """Move an employee to another department: their post starts `post_since` (default today).

    Departments the employee headed lose their head (the new head is named separately).
    """
    with transaction.atomic():
        employee = Employee.objects.select_for_update().select_related("user").get(pk=employee.pk)
        if department.pk == employee.department_id:
            raise OrgError("이미 그 부서 소속입니다.", field="department")
        if not department.active:
            raise OrgError("폐지된 부서로는 옮길 수 없습니다.", field="department")
        post_since = post_since or timezone.localdate()
        if post_since < employee.hire_date:
            raise OrgError("현 보직일은 임용일보다 빠를 수 없습니다.", field="post_since")
        fields = ["department", "post_since", "position"]
        before = snapshot(employee, fields)
        employee.department = department
        employee.post_since = post_since
        if position:
            employee.position = position
        employee.save(update_fields=fields)
        for headed in Department.objects.filter(head=employee).exclude(pk=department.pk):
            department_change(actor=actor, department=headed, head=None)
        record_event(
            EventType.EMPLOYEE_MOVED,
            actor=actor,
            subject=employee,
            before=before,
            after=snapshot(employee, fields),
        )
        return employee


# --- Roles --------------------------------------------------------------------------------


def role_grant(*, actor: User | None, user: User, role: str) -> RoleGrant:
    """Give `user` a role (no-op when they hold it). Staff roles go to staff accounts only."""
    if role not in Role.values:
        raise OrgError(f"알 수 없는 역할입니다: {role}", field="role")
    if role != Role.RESIDENT and user.kind == UserKind.RESIDENT:
        raise OrgError("주민 계정에는 직원 역할을 줄 수 없습니다.", field="role")
    with transaction.atomic():
        grant, created = RoleGrant.objects.get_or_create(user=user, role=role)
        if created:
            record_event(EventType.ROLE_GRANTED, actor=actor, subject=user, after={"role": role})
        user._role_set = None
        return grant


def role_revoke(*, actor: User | None, user: User, role: str) -> bool:
    """Take a role away from `user`. Returns whether they held it."""
    with transaction.atomic():
        deleted, _ = RoleGrant.objects.filter(user=user, role=role).delete()
        if deleted:
            record_event(EventType.ROLE_REVOKED, actor=actor, subject=user, before={"role": role})
        user._role_set = None
        return bool(deleted)


# --- Roster import (직원 명부 가져오기) ---------------------------------------------------------


class RosterImportFailed(OrgError):
    """Writing the accepted rows failed (nothing was written)."""


def roster_lookups(*, actor: User | None) -> roster.Lookups:
    """What a roster is checked against, read in a few queries."""
    from gamdong.org.permissions import is_staff_member

    departments = [
        roster.DepartmentRef(id=d[0], code=d[1], name=d[2], active=d[3])
        for d in Department.objects.values_list("id", "code", "name", "active")
    ]
    series: dict[str, int] = {}
    for pk, code, name in Series.objects.values_list("id", "code", "name"):
        series[code.lower()] = pk
        series[name.lower()] = pk
    roles: dict[str, str] = {}
    for value, label in Role.choices:
        roles[str(label)] = value
        roles[value] = value
    grantable = {r for r in Role.values if r not in (Role.RESIDENT, Role.ADMIN)}
    if actor is None or (is_staff_member(actor) and actor.has_role(Role.ADMIN)):
        grantable.add(Role.ADMIN)  # only administrators (and the command line) make administrators

    numbers = dict(Employee.objects.values_list("user_id", "employee_number"))

    def owner(user_id: int, username: str) -> str:
        return numbers.get(user_id, f"user:{username}")

    phone_owners = {
        phone: owner(pk, username)
        for pk, username, phone in User.objects.exclude(phone="").values_list("id", "username", "phone")
    }
    email_owners = {
        email.lower(): owner(pk, username)
        for pk, username, email in User.objects.exclude(email="").values_list("id", "username", "email")
    }
    taken = frozenset(User.objects.filter(employee__isnull=True).values_list("username", flat=True))
    return roster.Lookups(
        departments=departments,
        series=series,
        rank_names={g.value: str(g.label).split(" ", 1)[1] for g in Grade},
        roles=roles,
        grantable_roles=frozenset(grantable),
        existing_employee_numbers=frozenset(numbers.values()),
        taken_usernames=taken,
        phone_owners=phone_owners,
        email_owners=email_owners,
        default_roles=(Role.OFFICER.value,),
    )


def roster_preview(*, actor: User | None, filename: str, content: bytes, mode: str = roster.MODE_CREATE):
    """Read and check a roster file without writing anything (the dry run).

    Raises roster.RosterFileError when the file as a whole cannot be read.
    """
    table = roster.read_table(filename, content)
    return roster.check_table(table, roster_lookups(actor=actor), mode=mode, today=timezone.localdate())


@dataclass
class RosterResult:
    report: roster.Report
    created: list[Employee]
    updated: list[Employee]


def roster_apply(*, actor: User | None, report: roster.Report, filename: str = "") -> RosterResult:
    """Write the accepted rows of a checked roster: every one of them, or none.

    New employees get a staff account whose login ID is the employee number and whose
    password is unusable until one is issued (docs/roster.md). Existing employees (in
    "update" mode) get their changed fields, a move if their department changed, and any
    role listed that they lack (roles are never taken away by an import).
    """
    from django.db import DatabaseError, IntegrityError

    departments = Department.objects.in_bulk({r.department_id for r in report.accepted})
    series = Series.objects.in_bulk({r.series_id for r in report.accepted})
    note = f"명부 가져오기 {filename}".strip()
    try:
        with transaction.atomic():
            new_rows = [r for r in report.accepted if not r.is_update]
            created = employees_create_many(
                actor=actor,
                note=note,
                specs=[
                    EmployeeSpec(
                        employee_number=r.employee_number,
                        name=r.name,
                        department=departments[r.department_id],
                        grade=r.grade,
                        series=series[r.series_id],
                        hire_date=r.hire_date,
                        post_since=r.post_since,
                        position=r.position,
                        special_recruitment=r.special_recruitment,
                        office_phone=r.office_phone,
                        phone=r.phone,
                        email=r.email,
                        roles=r.roles,
                    )
                    for r in new_rows
                ],
            )
            updated = [
                _roster_update_row(
                    actor=actor, row=r, department=departments[r.department_id], series=series[r.series_id]
                )
                for r in report.accepted
                if r.is_update
            ]
            record_event(
                EventType.ROSTER_IMPORTED,
                actor=actor,
                after={
                    "file": filename,
                    "mode": report.mode,
                    "rows": report.total,
                    "created": len(created),
                    "updated": len(updated),
                    "rejected": len(report.rejected),
                    "rejected_rows": [r.number for r in report.rejected],
                },
                note=note,
            )
    except (IntegrityError, DatabaseError, Department.DoesNotExist, KeyError) as exc:
        raise RosterImportFailed(
            "명부를 저장하는 중에 다른 변경과 충돌해 아무것도 저장하지 않았습니다. 다시 미리보기를 한 뒤 가져오세요."
        ) from exc
    return RosterResult(report=report, created=created, updated=updated)


def _roster_update_row(*, actor, row: roster.AcceptedRow, department: Department, series: Series) -> Employee:
    employee = Employee.objects.select_related("user").get(employee_number=row.employee_number)
    changes = {
        "name": row.name,
        "grade": row.grade,
        "series": series,
        "position": row.position,
        "hire_date": row.hire_date,
        "special_recruitment": row.special_recruitment,
    }
    for name in ("phone", "email", "office_phone"):
        if getattr(row, name):
            changes[name] = getattr(row, name)
    # post_since always comes with hire_date, so that no step sees a post older than the hire.
    changes["post_since"] = row.post_since
    employee = employee_change(actor=actor, employee=employee, **changes)
    if department.pk != employee.department_id:
        employee = employee_move(
            actor=actor, employee=employee, department=department, post_since=row.post_since
        )
    for role in row.roles:
        role_grant(actor=actor, user=employee.user, role=role)
    return employee


def roster_import(
    *, actor: User | None, filename: str, content: bytes, mode: str = roster.MODE_CREATE
) -> RosterResult:
    """Check a roster file and write its accepted rows (rejected rows are only reported)."""
    report = roster_preview(actor=actor, filename=filename, content=content, mode=mode)
    return roster_apply(actor=actor, report=report, filename=filename)
