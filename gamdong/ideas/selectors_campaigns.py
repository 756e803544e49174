"""Reads of campaigns and their progress, with every count made by the database.

The counting rule is gamdong.ideas.campaign_rules; here it becomes one condition (`counting_q`,
a range of the proposal_counting index). The progress pages do not apply it to the proposals:
they read CampaignParticipation, one row per person who took part, which the services keep
(gamdong.ideas.participation, recounted with `counting_q`). The office's numbers are one GROUP BY
of the eligible staff joined to those rows, per department, rolled up the tree in memory (a few
hundred departments); a supervisor's are their subtree's staff with names and the same join. The
pages' cost follows the number of staff, not of proposals, and is a fixed number of queries
(before the table: two reads of every counting proposal of the year, 30-50 ms at 50k proposals;
see bench/creative-progress.md). A person's own progress still lists their proposals.

Eligible staff are read at the time of viewing: active employees of the campaign's target
departments and everything under them (the whole office when none are named). Someone who moved
department is counted where they work now, with every proposal they made in the period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Count, FilteredRelation, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from gamdong.ideas import campaign_rules as rules
from gamdong.ideas.models import Campaign, CampaignKind, CoProposer, Proposal
from gamdong.org.models import Department, Employee, subtree_q

# --- the counting rule as querysets -----------------------------------------------------------


def campaign_period(campaign: Campaign) -> tuple[dt.datetime, dt.datetime]:
    return rules.period_bounds(campaign.starts_on, campaign.ends_on, timezone.get_default_timezone())


def counting_q(campaign: Campaign, prefix: str = "") -> Q:
    """The counting rule as a condition on a proposal; `prefix` reaches it from another model
    ("proposal__" from a co-proposer)."""
    start, end = campaign_period(campaign)
    q = (Q(**{f"{prefix}submitted_at__gte": start, f"{prefix}submitted_at__lt": end})
         & ~Q(**{f"{prefix}status__in": sorted(rules.NOT_COUNTED_STATUSES)}))
    if campaign.kind == CampaignKind.THEMED_CALL:
        q &= Q(**{f"{prefix}campaign": campaign})
    return q


def counting_proposals(campaign: Campaign) -> QuerySet[Proposal]:
    """Proposals that count toward `campaign`: submitted in its period, not draft or withdrawn.
    A 1직원 1제안 campaign counts every proposal of the period; a 공모제안 only the answers to it."""
    return Proposal.objects.filter(counting_q(campaign))


def _eligible_q(campaign: Campaign, within: list[Department] | None, prefix: str = "") -> Q:
    """Active employees (and accounts) of the target subtrees, narrowed to `within`; `prefix`
    reaches the employee from another model ("proposer__employee__")."""
    q = Q(**{f"{prefix}active": True}) & Q(**{f"{prefix}user__is_active": True})
    targets = list(campaign.departments.all())
    if targets:
        q &= reduce(or_, [subtree_q(d.path, prefix=f"{prefix}department__") for d in targets])
    if within is not None:
        q &= reduce(or_, [subtree_q(d.path, prefix=f"{prefix}department__") for d in within], Q(pk__in=[]))
    return q


def eligible_staff(campaign: Campaign, *, within: list[Department] | None = None) -> QuerySet[Employee]:
    """Active employees of the target departments' subtrees (now); `within` narrows to subtrees
    a viewer may see. Needs `campaign.departments` prefetched or costs one query."""
    return Employee.objects.filter(_eligible_q(campaign, within))


# --- campaigns ------------------------------------------------------------------------------


def campaign_list() -> list[Campaign]:
    return list(Campaign.objects.prefetch_related("departments").order_by("-starts_on", "-pk"))


def campaign_detail(*, pk: int) -> Campaign | None:
    return Campaign.objects.prefetch_related("departments").filter(pk=pk).first()


def current_campaign(*, today: dt.date | None = None) -> Campaign | None:
    """The running 1직원 1제안 campaign (the one that started last), else any running call."""
    today = today or timezone.localdate()
    running = Campaign.objects.filter(starts_on__lte=today, ends_on__gte=today).prefetch_related("departments")
    return (running.filter(kind=CampaignKind.ONE_EACH).order_by("-starts_on", "-pk").first()
            or running.order_by("-starts_on", "-pk").first())


# --- progress ---------------------------------------------------------------------------------


@dataclass
class UnitProgress:
    department: Department
    staff: int = 0
    proposers: int = 0
    proposals: int = 0
    rank: int | None = None
    rate: Decimal = Decimal("0.0")
    level: int = 0  # depth below the unit the table starts from (for indentation)
    direct_only: bool = False  # the row counts the department's own staff, not those of units under it

    def finish(self) -> None:
        self.rate = rules.participation_rate(self.proposers, self.staff)


@dataclass
class OwnProgress:
    employee: bool  # the caller is an employee (the mayor's account may have no employee row)
    eligible: bool
    count: int
    target: int
    met: bool
    proposals: list[Proposal]


@dataclass
class OfficeProgress:
    total: UnitProgress
    bureaus: list[UnitProgress] = field(default_factory=list)  # 국·실·동 주민센터 (first level)
    divisions: list[UnitProgress] = field(default_factory=list)  # 과·담당관 (second level)


@dataclass(frozen=True)
class StaffMember:
    pk: int  # the Employee
    name: str
    department: str
    position: str


@dataclass
class DepartmentProgress:
    root: UnitProgress
    rows: list[UnitProgress]  # every department of the subtree with eligible staff of its own, in tree order
    not_yet: list[StaffMember]  # eligible staff of the subtree who have not proposed (supervisor only)


def own_progress(campaign: Campaign, *, user) -> OwnProgress:
    """The caller's count, target and counting proposals (two queries; the caller's employee row
    is read once per request, org.permissions.employee_of, shared with supervised_roots)."""
    from gamdong.org.permissions import employee_of

    employee = employee_of(user)
    if employee is None:
        eligible = False
    elif campaign.departments.all():
        eligible = eligible_staff(campaign).filter(pk=employee.pk).exists()
    else:
        eligible = True
    # Lead or co-proposer, as a UNION of two index lookups: an OR of the two conditions made
    # PostgreSQL walk the whole counting range of the year (about 60-100 ms at 50k proposals).
    fields = ("pk", "number", "title", "status", "submitted_at", "proposer_id")
    led = counting_proposals(campaign).filter(proposer=user).only(*fields).order_by()
    co = (counting_proposals(campaign).filter(pk__in=CoProposer.objects.filter(user=user).values("proposal_id"))
          .only(*fields).order_by())  # SQLite allows no ORDER BY inside a compound statement
    mine = list(led.union(co).order_by("submitted_at", "pk"))
    count = len(mine)
    target = campaign.target_per_employee
    return OwnProgress(employee=employee is not None, eligible=eligible, count=count, target=target, met=rules.target_met(count, target),
                       proposals=mine)


def _took_part(campaign: Campaign) -> FilteredRelation:
    """The employee's CampaignParticipation row in `campaign` (absent when they have not taken
    part), as a LEFT JOIN on its (campaign, user) unique index."""
    return FilteredRelation("user__campaign_participations",
                            condition=Q(user__campaign_participations__campaign=campaign))


def _per_department(campaign: Campaign) -> dict[int, dict[str, int]]:
    """Staff, proposers and lead proposals of each department that has eligible staff: one GROUP BY
    over the eligible staff joined to their participation rows (one row per person, kept by the
    services; gamdong.ideas.participation), none per employee or per proposal."""
    rows = (eligible_staff(campaign).alias(part=_took_part(campaign)).values("department_id")
            .annotate(staff=Count("pk"), proposers=Count("part__pk"), proposals=Coalesce(Sum("part__led"), 0))
            .order_by())
    return {r["department_id"]: {"staff": r["staff"], "proposers": r["proposers"], "proposals": r["proposals"]}
            for r in rows}


def _roll_up(numbers: dict[int, dict[str, int]], departments: dict[int, Department]) -> dict[int, UnitProgress]:
    """Each department's totals over its subtree, from the per-department numbers."""
    units = {pk: UnitProgress(department=d) for pk, d in departments.items()}
    for pk, n in numbers.items():
        department = departments.get(pk)
        if department is None:
            continue
        for ancestor in (*department.ancestor_ids, pk):
            unit = units.get(ancestor)
            if unit is not None:
                unit.staff += n["staff"]
                unit.proposers += n["proposers"]
                unit.proposals += n["proposals"]
    for unit in units.values():
        unit.finish()
    return units


def _ranked(units: list[UnitProgress]) -> list[UnitProgress]:
    ranked = rules.rank_by_rate([(u, u.proposers, u.staff) for u in units])
    for unit, rank, _rate in ranked:
        unit.rank = rank
    return [unit for unit, _rank, _rate in ranked]


def office_progress(campaign: Campaign) -> OfficeProgress:
    """The whole office per 국 and per 과, ranked by participation rate; counts only, no names
    (two queries: departments, and staff and participation per department)."""
    departments = {d.pk: d for d in Department.objects.only("pk", "name", "path", "depth", "kind")}
    numbers = _per_department(campaign)
    units = _roll_up(numbers, departments)
    total = UnitProgress(department=Department(name="구청 전체"))
    for n in numbers.values():
        total.staff += n["staff"]
        total.proposers += n["proposers"]
        total.proposals += n["proposals"]
    total.finish()
    bureaus = [u for u in units.values() if u.department.depth == 1 and u.staff]
    divisions = [u for u in units.values() if u.department.depth == 2 and u.staff]
    return OfficeProgress(total=total, bureaus=_ranked(bureaus), divisions=_ranked(divisions))


def department_progress(campaign: Campaign, *, root: Department) -> DepartmentProgress:
    """A supervisor's subtree per team, with the names of those who have not proposed yet
    (two queries: the subtree's departments, and its eligible staff with names and their
    participation row, read as tuples: a model instance per employee cost more than the rest of
    the page at a few hundred staff)."""
    departments = {d.pk: d for d in Department.objects.subtree(root).only("pk", "name", "path", "depth", "kind")}
    staff = (
        eligible_staff(campaign, within=[root]).alias(part=_took_part(campaign))
        .order_by("department__path", "grade", "user__name")
        .values_list("pk", "department_id", "user__name", "position", "part__pk", "part__led")
    )
    numbers: dict[int, dict[str, int]] = {}
    not_yet: list[StaffMember] = []
    for pk, department_id, name, position, part, led in staff:
        entry = numbers.setdefault(department_id, {"staff": 0, "proposers": 0, "proposals": 0})
        entry["staff"] += 1
        if part is None:
            department = departments.get(department_id)
            not_yet.append(StaffMember(pk=pk, name=name, position=position,
                                       department=department.name if department else ""))
        else:
            entry["proposers"] += 1
            entry["proposals"] += led or 0
    units = _roll_up(numbers, departments)
    rows = []  # each department's own staff (not its subtree's), so that the rows add up to the total
    for department in sorted(departments.values(), key=lambda d: d.path):
        own = numbers.get(department.pk)
        if own and own["staff"]:
            unit = UnitProgress(department=department, staff=own["staff"], proposers=own["proposers"],
                                proposals=own["proposals"], level=department.depth - root.depth)
            unit.finish()
            unit.direct_only = units[department.pk].staff > own["staff"]
            rows.append(unit)
    return DepartmentProgress(root=units[root.pk], rows=rows, not_yet=not_yet)


def overall_rate(campaign: Campaign) -> UnitProgress:
    """The whole campaign's staff, proposers and rate (one query), for the campaign list."""
    n = eligible_staff(campaign).alias(part=_took_part(campaign)).aggregate(staff=Count("pk"),
                                                                           proposers=Count("part__pk"))
    unit = UnitProgress(department=Department(name="전체"), staff=n["staff"], proposers=n["proposers"])
    unit.finish()
    return unit


def supervised_roots(user) -> list[Department]:
    """The departments whose progress a supervisor sees with names: those they head, and their own
    department when they hold the supervisor role (org.permissions: heading is supervising).
    Nested roots are dropped (a 과장 who also heads one of its teams sees the 과 once)."""
    from gamdong.accounts.models import Role
    from gamdong.org.permissions import employee_of, is_staff_member

    if not is_staff_member(user):
        return []
    employee = employee_of(user)
    if employee is None:
        return []
    roots = {d.pk: d for d in Department.objects.filter(head=employee)}
    if user.has_role(Role.SUPERVISOR):
        roots.setdefault(employee.department.pk, employee.department)
    ordered = sorted(roots.values(), key=lambda d: d.path)
    kept: list[Department] = []
    for d in ordered:
        if not any(d.path.startswith(k.path) for k in kept):
            kept.append(d)
    return kept

