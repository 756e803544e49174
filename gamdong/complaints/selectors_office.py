"""Reads for the office side of complaints: inboxes, their tab counts, and who may act.

    office_scope(user)                     what the user may see and act on (or None)
    inbox_page(scope=, filters=, ...)      one page of open complaints, the nearest deadline first
    inbox_counts(scope=, ...)              the tab counts (overdue, due today, unassigned) in one query
    complaint_for_staff(pk=)               a complaint with what its staff page shows
    can_act(user, complaint)               may this staff member act on this complaint
    can_reveal_personal_data(...)          the assigned officer, or a supervisor of the handling department

An inbox is "department" (the complaints of the viewer's department subtree: supervisors
see every department they supervise) or "mine" (the complaints assigned to the viewer).
One query reads a page; it filters on (department, status) or (officer, status) and sorts
by the deadline — `due_at`, or `receipt_due_at` for a complaint still waiting for formal
receipt — which the composite indexes on Complaint serve.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, DateTimeField, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from gamdong.accounts.models import Role
from gamdong.complaints.models import OPEN_STATUSES, Complaint, Kind, Status
from gamdong.core.calendar import WorkCalendar, merge_intervals
from gamdong.core.calendar_selectors import district_calendar
from gamdong.core.masking import mask_email, mask_name, mask_phone
from gamdong.org import permissions
from gamdong.org.models import Department, Employee, subtree_q

PAGE_SIZE = 25
DEPARTMENT, MINE = "department", "mine"
ACTING_ROLES = (Role.OFFICER, Role.SUPERVISOR)


# --- who may see and act ---------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeScope:
    """The viewer's place: their Employee row, and the departments whose complaints they handle."""

    employee: Employee
    roots: tuple[str, ...]  # department paths; complaints of these subtrees are the viewer's
    supervisor: bool

    def departments_q(self, prefix: str = "") -> Q:
        return reduce(or_, (subtree_q(path, prefix) for path in self.roots))

    def departments(self) -> QuerySet[Department]:
        return Department.objects.filter(self.departments_q())

    def covers(self, department: Department) -> bool:
        return any(department.path.startswith(root) for root in self.roots)


def office_scope(user) -> OfficeScope | None:
    """The user's OfficeScope, or None for anyone who does not handle complaints (residents,
    staff without the officer or supervisor role, staff without a department)."""
    if not permissions.is_staff_member(user) or not user.has_role(*ACTING_ROLES):
        return None
    employee = permissions.employee_of(user)
    if employee is None:
        return None
    roots = {employee.department.path}
    supervisor = user.has_role(Role.SUPERVISOR)
    headed = list(Department.objects.filter(head=employee).values_list("path", flat=True))
    roots.update(headed)
    # A department nested in another root adds nothing.
    kept = tuple(sorted(p for p in roots if not any(p != q and p.startswith(q) for q in roots)))
    return OfficeScope(employee=employee, roots=kept, supervisor=supervisor or bool(headed))


def can_act(user, complaint: Complaint, scope: OfficeScope | None = None) -> bool:
    """Officers act on complaints of their department subtree and on those assigned to them;
    supervisors on every department they supervise."""
    scope = scope if scope is not None else office_scope(user)
    if scope is None:
        return False
    if complaint.officer_id == scope.employee.pk:
        return True
    return scope.covers(complaint.department)


def can_reveal_personal_data(user, complaint: Complaint, scope: OfficeScope | None = None) -> bool:
    """The complainant's name and contact: the assigned officer, or a supervisor whose
    subtree holds the handling department."""
    scope = scope if scope is not None else office_scope(user)
    if scope is None:
        return False
    if complaint.officer_id == scope.employee.pk:
        return True
    return scope.supervisor and scope.covers(complaint.department)


# --- the inbox ---------------------------------------------------------------------------------


@dataclass
class InboxFilters:
    status: str = ""
    category: int | None = None
    kind: str = ""
    dong: str = ""
    overdue: bool = False
    due_today: bool = False
    assigned: str = ""  # "", "yes", "no"

    @classmethod
    def from_params(cls, params) -> InboxFilters:
        """Filters from GET parameters (or an API query); unknown values are ignored."""
        def flag(name: str) -> bool:
            return str(params.get(name, "")).lower() in ("1", "true", "on", "yes")

        status = str(params.get("status", "") or "")
        kind = str(params.get("kind", "") or "")
        category = str(params.get("category", "") or "")
        assigned = str(params.get("assigned", "") or "")
        return cls(
            status=status if status in OPEN_STATUSES else "",
            category=int(category) if category.isdigit() else None,
            kind=kind if kind in Kind.values else "",
            dong=str(params.get("dong", "") or "")[:30],
            overdue=flag("overdue"),
            due_today=flag("due_today"),
            assigned=assigned if assigned in ("yes", "no") else "",
        )

    def as_params(self) -> dict[str, str]:
        out = {
            "status": self.status, "category": str(self.category or ""), "kind": self.kind, "dong": self.dong,
            "overdue": "1" if self.overdue else "", "due_today": "1" if self.due_today else "",
            "assigned": self.assigned,
        }
        return {k: v for k, v in out.items() if v}


@dataclass
class InboxRow:
    complaint: Complaint
    deadline: dt.datetime | None
    time_left: dt.timedelta | None
    overdue: bool
    due_today: bool

    @property
    def time_left_label(self) -> str:
        return format_working_time(self.time_left, overdue=self.overdue)


@dataclass
class InboxPage:
    rows: list[InboxRow]
    page: int
    has_next: bool
    has_previous: bool
    filters: InboxFilters = field(default_factory=InboxFilters)


WORKING_HOURS_PER_DAY = 8  # 법 §19: a day of a period counts 8 working hours


@dataclass(frozen=True)
class TimePhrases:
    """The phrases of format_working_time in the active language: translated once for a whole
    page of rows (TimePhrases.current()) instead of twice per row."""

    hours_minutes: str
    minutes: str
    overdue_by: str
    overdue: str
    left: str
    days_hours: str
    days: str

    @classmethod
    def current(cls) -> TimePhrases:
        return cls(gettext("%(hours)s시간 %(minutes)s분"), gettext("%(minutes)s분"),
                   gettext("기한 지남 (근무 %(time)s 경과)"), gettext("기한 지남"), gettext("근무 %(time)s 남음"),
                   gettext("%(days)s일 %(hours)s시간"), gettext("%(days)s일"))


def format_working_time(left: dt.timedelta | None, *, overdue: bool = False,
                        phrases: TimePhrases | None = None) -> str:
    """'근무 2시간 30분 남음', '기한 지남 (근무 1시간 0분 경과)'; a working day or more in working
    days of 8 hours and whole hours: '기한 지남 (근무 49일 경과)', '근무 3일 2시간 남음' (an
    officer reads a long overdue case in days, not as '392시간 30분')."""
    if left is None:
        return "—"
    phrases = phrases or TimePhrases.current()
    total_minutes = int(abs(left.total_seconds()) // 60)
    hours, minutes = divmod(total_minutes, 60)
    if hours >= WORKING_HOURS_PER_DAY:
        days, hours = divmod(hours, WORKING_HOURS_PER_DAY)
        text = (phrases.days_hours % {"days": days, "hours": hours} if hours
                else phrases.days % {"days": days})
    else:
        text = (phrases.hours_minutes % {"hours": hours, "minutes": minutes} if hours
                else phrases.minutes % {"minutes": minutes})
    if overdue or left.total_seconds() < 0:
        return phrases.overdue_by % {"time": text} if total_minutes else phrases.overdue
    return phrases.left % {"time": text}


def _deadline_expression():
    return Coalesce(F("due_at"), F("receipt_due_at"), output_field=DateTimeField())


def _today_bounds(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    local = timezone.localtime(now)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + dt.timedelta(days=1)


# SQLite uses a partial index only when the query repeats its condition with literal values
# (a bound parameter cannot prove it), so the open statuses, constants of this module, are
# written into the SQL rather than passed as parameters.
if not all(s.isalpha() for s in OPEN_STATUSES):  # pragma: no cover - guards the literal SQL below
    raise ImproperlyConfigured("open statuses must be plain words")
OPEN_SQL = "complaints_complaint.status IN ({})".format(", ".join(f"'{s}'" for s in OPEN_STATUSES))


def _scoped(*, scope: OfficeScope, view: str) -> QuerySet[Complaint]:
    complaints = Complaint.objects.extra(where=[OPEN_SQL])  # = status__in=OPEN_STATUSES, see OPEN_SQL
    if view == MINE:
        return complaints.filter(officer=scope.employee)
    return complaints.filter(department__in=scope.departments().values("pk"))


def inbox_queryset(*, scope: OfficeScope, view: str = DEPARTMENT, filters: InboxFilters | None = None,
                   now: dt.datetime | None = None) -> QuerySet[Complaint]:
    """Open complaints of the view, filtered, the nearest deadline first (not yet sliced)."""
    filters = filters or InboxFilters()
    now = now or timezone.now()
    complaints = _scoped(scope=scope, view=view).annotate(deadline=_deadline_expression())
    if filters.status:
        complaints = complaints.filter(status=filters.status)
    if filters.category:
        complaints = complaints.filter(category_id=filters.category)
    if filters.kind:
        complaints = complaints.filter(kind=filters.kind)
    if filters.dong:
        complaints = complaints.filter(dong=filters.dong)
    if filters.overdue:
        complaints = complaints.filter(deadline__lt=now)
    if filters.due_today:
        _, end = _today_bounds(now)
        complaints = complaints.filter(deadline__gte=now, deadline__lt=end)
    if filters.assigned == "yes":
        complaints = complaints.filter(officer__isnull=False)
    elif filters.assigned == "no":
        complaints = complaints.filter(officer__isnull=True)
    return complaints.order_by(F("deadline").asc(nulls_last=True), "pk")


# What an inbox row shows (the page, and the API's InboxRowOut): not the body, the complainant's
# contact or the whole joined rows.
INBOX_ROW_FIELDS = (
    "receipt_number", "title", "status", "kind", "dong", "version", "due_at", "receipt_due_at", "excluded_spans",
    "category__name", "department__name", "officer__user__name",
)


def inbox_page(*, scope: OfficeScope, view: str = DEPARTMENT, filters: InboxFilters | None = None,
               page: int = 1, now: dt.datetime | None = None, size: int = PAGE_SIZE) -> InboxPage:
    """One page (offset pagination, `size` rows) of the inbox with each row's working time
    left and its overdue / due-today flags. Two queries."""
    filters = filters or InboxFilters()
    now = now or timezone.now()
    page = max(1, page)
    offset = (page - 1) * size
    calendar = district_calendar()
    # Two steps: the page's ids first, sorting only narrow rows (a busy subtree has a few
    # thousand open complaints; sorting them whole with their joins cost ~10 ms on PostgreSQL at
    # 1M), then those rows with what the page shows.
    ids = list(inbox_queryset(scope=scope, view=view, filters=filters, now=now)
               .values_list("pk", flat=True)[offset: offset + size + 1])
    rows = Complaint.objects.filter(pk__in=ids).annotate(deadline=_deadline_expression()).select_related(
        "category", "department", "officer__user"
    ).only(*INBOX_ROW_FIELDS).in_bulk() if ids else {}
    found = [rows[pk] for pk in ids if pk in rows]
    return InboxPage(
        rows=[inbox_row(c, now=now, calendar=calendar) for c in found[:size]],
        page=page, has_next=len(found) > size, has_previous=page > 1, filters=filters,
    )


def working_time_left(due: dt.datetime, now: dt.datetime, *, calendar: WorkCalendar,
                      excluded=()) -> dt.timedelta:
    """gamdong.core.deadlines.working_time_left (working time from `now` until `due`, negative
    when overdue), in a time that does not grow with the distance between the two.

    The inbox lists the most overdue complaints first, some of them months past their deadline:
    walking the calendar day by day cost ~5 ms a row there. Here the whole days in between are
    counted by weekday arithmetic plus the calendar's few special days (public and district
    holidays, forced working days); only the first and the last day are walked, and a span
    with an excluded interval inside falls back to the day-by-day count.
    """
    if due < now:
        return -_working_time_between(now=due, until=now, calendar=calendar, excluded=excluded)
    return _working_time_between(now=now, until=due, calendar=calendar, excluded=excluded)


def _working_time_between(*, now: dt.datetime, until: dt.datetime, calendar: WorkCalendar, excluded) -> dt.timedelta:
    first, last = calendar.local(now).date(), calendar.local(until).date()
    if (last - first).days < 3:
        return calendar.working_time_between(now, until, excluded)
    inner_start = dt.datetime.combine(first + dt.timedelta(days=1), dt.time(0), tzinfo=calendar.tz)
    inner_end = dt.datetime.combine(last, dt.time(0), tzinfo=calendar.tz)
    if any(a < inner_end and b > inner_start for a, b in merge_intervals(excluded)):
        return calendar.working_time_between(now, until, excluded)
    head = calendar.working_time_between(now, inner_start, excluded)
    tail = calendar.working_time_between(inner_end, until, excluded)
    days = working_days_count(calendar, first + dt.timedelta(days=1), last - dt.timedelta(days=1))
    return head + tail + days * _working_day_length(calendar)


def _working_day_length(calendar: WorkCalendar) -> dt.timedelta:
    day = dt.date(2000, 1, 1)
    return sum((dt.datetime.combine(day, b) - dt.datetime.combine(day, a) for a, b in calendar.hours.spans()),
               dt.timedelta(0))


def _weekday_rule(calendar: WorkCalendar, day: dt.date) -> bool:
    weekday = day.weekday()
    return weekday < 5 or (weekday == 5 and calendar.count_saturdays)


def working_days_count(calendar: WorkCalendar, first: dt.date, last: dt.date) -> int:
    """calendar.working_days_between(first, last) by arithmetic: whole weeks times the working
    weekdays, the days left over, then the special days of the range (holidays, district
    holidays, forced working days) corrected to what the calendar says of them: a running sum
    per year, kept on the calendar, found by bisection (a complaint three years overdue has
    some sixty special days in its range; the inbox shows 25 rows)."""
    n = (last - first).days + 1
    if n <= 0:
        return 0
    weeks, rest = divmod(n, 7)
    count = weeks * (5 + bool(calendar.count_saturdays))
    count += sum(_weekday_rule(calendar, first + dt.timedelta(days=k)) for k in range(rest))
    for year in range(first.year, last.year + 1):
        days, running = _special_days(calendar, year)
        lo, hi = bisect_left(days, first), bisect_right(days, last)
        if hi > lo:
            count += running[hi - 1] - (running[lo - 1] if lo else 0)
    return count


def _special_days(calendar: WorkCalendar, year: int) -> tuple[list[dt.date], list[int]]:
    """The days of `year` where the calendar departs from the weekday rule, in order, with the
    running sum of the departures (+1 a forced working day, -1 a holiday on a weekday)."""
    kept = calendar.__dict__.setdefault("_inbox_special_days", {})
    found = kept.get(year)
    if found is None:
        special = {d for d in (*calendar.non_working, *calendar.forced_working) if d.year == year}
        special.update(calendar.public_holidays(year))
        days, running, total = [], [], 0
        for day in sorted(special):
            correction = calendar.is_working_day(day) - _weekday_rule(calendar, day)
            if correction:
                total += correction
                days.append(day)
                running.append(total)
        found = kept[year] = (days, running)
    return found


def inbox_row(complaint: Complaint, *, now: dt.datetime, calendar: WorkCalendar | None = None) -> InboxRow:
    deadline = getattr(complaint, "deadline", None) or complaint.due_at or complaint.receipt_due_at
    if deadline is None:
        return InboxRow(complaint, None, None, False, False)
    excluded = []
    if complaint.status != Status.SUBMITTED:
        for start, end in complaint.excluded_spans or ():
            excluded.append((dt.datetime.fromisoformat(start),
                             dt.datetime.fromisoformat(end) if end else max(now, deadline)))
    left = working_time_left(deadline, now, calendar=calendar or district_calendar(), excluded=excluded)
    _, end_of_day = _today_bounds(now)
    overdue = now > deadline
    return InboxRow(complaint, deadline, left, overdue, not overdue and deadline < end_of_day)


@dataclass(frozen=True)
class InboxCounts:
    total: int
    overdue: int
    due_today: int
    unassigned: int
    mine: int


def inbox_counts(*, scope: OfficeScope, view: str = DEPARTMENT, now: dt.datetime | None = None) -> InboxCounts:
    """The numbers on the inbox tabs, in one aggregate query over the view's open complaints."""
    now = now or timezone.now()
    _, end = _today_bounds(now)
    counts = _scoped(scope=scope, view=view).annotate(deadline=_deadline_expression()).aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(deadline__lt=now)),
        due_today=Count("pk", filter=Q(deadline__gte=now, deadline__lt=end)),
        unassigned=Count("pk", filter=Q(officer__isnull=True)),
        mine=Count("pk", filter=Q(officer=scope.employee)),
    )
    return InboxCounts(**{k: v or 0 for k, v in counts.items()})


# --- one complaint ---------------------------------------------------------------------------


def complaint_for_staff(*, pk: int) -> Complaint | None:
    return (
        Complaint.objects.select_related("category", "department", "officer__user", "officer__department",
                                         "registered_by", "merged_into", "repeat_of")
        .filter(pk=pk)
        .first()
    )


def complaint_related(complaint: Complaint) -> dict:
    """What the staff page shows besides the complaint: answers, transfers, extensions, photos,
    merged members (a few small queries)."""
    return {
        "answers": list(complaint.answers.all()),
        "transfers": list(complaint.transfers.select_related("from_department", "to_department", "by")),
        "extensions": list(complaint.extensions.order_by("number")),
        "photos": list(complaint.photos.all()),
        "members": list(complaint.merged.only("pk", "receipt_number", "title")),
    }


def assignable_officers(complaint: Complaint) -> QuerySet[Employee]:
    """Active officers of the handling department's subtree."""
    return (
        Employee.objects.active().in_subtree(complaint.department)
        .select_related("user", "department").order_by("department__path", "user__name")
    )


def transfer_targets(*, exclude: Department | None = None) -> QuerySet[Department]:
    departments = Department.objects.active().order_by("path")
    if exclude is not None:
        departments = departments.exclude(pk=exclude.pk)
    return departments


def merge_candidates(complaint: Complaint, *, scope: OfficeScope, limit: int = 50) -> list[Complaint]:
    """Open complaints of the same category the viewer handles, to merge into this one."""
    return list(
        Complaint.objects.filter(category_id=complaint.category_id, status__in=OPEN_STATUSES,
                                 merged_into__isnull=True)
        .filter(scope.departments_q("department__"))
        .exclude(pk=complaint.pk)
        .only("pk", "receipt_number", "title", "submitted_at", "dong")
        .order_by("-submitted_at")[:limit]
    )


# --- masking ---------------------------------------------------------------------------------


# mask_name, mask_phone, mask_email: gamdong.core.masking (imported above)


@dataclass(frozen=True)
class Complainant:
    name: str
    phone: str
    email: str
    masked: bool


def complainant_view(complaint: Complaint, *, reveal: bool) -> Complainant:
    if reveal:
        return Complainant(complaint.complainant_name, complaint.complainant_phone, complaint.complainant_email,
                           False)
    return Complainant(mask_name(complaint.complainant_name), mask_phone(complaint.complainant_phone),
                       mask_email(complaint.complainant_email), True)
