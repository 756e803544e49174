"""Reads of 정책화 for pages and the API, each with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DateField,
    DecimalField,
    F,
    IntegerField,
    Min,
    Prefetch,
    Q,
    Sum,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from gamdong.complaints.models import Category, Complaint
from gamdong.core.district_settings import district_setting
from gamdong.ideas.models import ADOPTED_STATUSES, Proposal, ProposalKind
from gamdong.policy import permissions, rules
from gamdong.policy.models import (
    Implementation,
    ImplementationStatus,
    MeasureValue,
    Milestone,
    OutcomeMeasure,
    ResultGrade,
    StatusCheck,
)

PAGE_SIZE = 50
CHECK_REMIND_DAYS = 14  # 구 운영 기준: the owner is told two weeks before a check is due


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# --- complaint counts ---------------------------------------------------------------------------


def complaint_count(*, category: Category, dongs: list[str], window: rules.Window) -> int:
    """Complaints of `category` (in `dongs`, or anywhere when empty) that arrived in `window`.

    One COUNT in the database on the (category, dong, status) index, bounded by submitted_at.
    Every arrival counts, whatever became of it: the measure is how often people had to ask.
    """
    rows = Complaint.objects.filter(category=category, submitted_at__gte=_start_of(window.starts_on),
                                    submitted_at__lt=_start_of(window.ends_before))
    if dongs:
        rows = rows.filter(dong__in=dongs)
    return rows.count()


# --- the list -----------------------------------------------------------------------------------


@dataclass
class MeasureSummary:
    measure: OutcomeMeasure
    latest: MeasureValue | None
    ratio: Decimal | None  # achievement of the latest value, 0..1

    @property
    def percent(self) -> int | None:
        return None if self.ratio is None else int((self.ratio * 100).to_integral_value())


def summarize_measure(measure: OutcomeMeasure) -> MeasureSummary:
    """The latest value and its achievement; reads the prefetched values (no query)."""
    values = list(measure.values.all())
    return _summary(measure, max(values, key=lambda v: (v.measured_on, v.pk)) if values else None)


def _summary(measure: OutcomeMeasure, latest: MeasureValue | None) -> MeasureSummary:
    ratio = None if latest is None else rules.achievement(
        baseline=measure.baseline, target=measure.target, value=latest.value, direction=measure.direction)
    return MeasureSummary(measure, latest, ratio)


def _measures_prefetch() -> Prefetch:
    return Prefetch("measures", queryset=OutcomeMeasure.objects.select_related("category")
                    .prefetch_related(Prefetch("values", queryset=MeasureValue.objects.order_by("measured_on", "pk")))
                    .order_by("order", "pk"))


def implementations(*, today: dt.date | None = None, department_id: int | None = None, status: str = ""):
    """Every implementation (all staff see them all), overdue checks first, then by the next
    check due, annotated with `overdue_checks`, `next_check_due` and `done_checks`."""
    today = today or timezone.localdate()
    rows = (Implementation.objects
            .select_related("proposal", "owner_department", "responsible__user", "result_grade")
            .annotate(
                overdue_checks=Count("checks", filter=Q(checks__checked_at__isnull=True, checks__due_on__lt=today)),
                next_check_due=Min("checks__due_on", filter=Q(checks__checked_at__isnull=True)),
                done_checks=Count("checks", filter=Q(checks__checked_at__isnull=False)),
            ))
    if department_id:
        rows = rows.filter(owner_department_id=department_id)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-overdue_checks", F("next_check_due").asc(nulls_last=True), "-started_on", "-pk")


def implementation_page(rows):
    """The rows of one page with their measures (two more queries, whatever the count)."""
    rows = list(rows)
    prefetch_related_objects(rows, _measures_prefetch())
    for row in rows:
        row.measure_summaries = [summarize_measure(m) for m in row.measures.all()]
    return rows


def departments_with_implementations():
    from gamdong.org.models import Department

    return Department.objects.filter(implementations__isnull=False).distinct().order_by("path")


def adopted_waiting(*, limit: int = 50) -> list[Proposal]:
    """Adopted proposals that no implementation has started yet, oldest decision first."""
    return list(Proposal.objects.filter(status__in=ADOPTED_STATUSES, implementation__isnull=True)
                .select_related("owner_department").order_by("decided_at", "pk")[:limit])


# --- one implementation -------------------------------------------------------------------------


def implementation_detail(pk: int) -> Implementation | None:
    """The implementation with its milestones, measures and values, checks, grade, proposal and
    evidence complaints, in a fixed number of queries."""
    impl = (Implementation.objects
            .select_related("proposal__proposer", "proposal__owner_department", "owner_department__head__user",
                            "responsible__user", "result_grade__graded_by", "started_by")
            .prefetch_related(
                "milestones", _measures_prefetch(),
                Prefetch("checks", queryset=StatusCheck.objects.select_related("checked_by").order_by("number")),
                Prefetch("proposal__complaints", queryset=Complaint.objects.select_related("category")
                         .only("pk", "receipt_number", "title", "dong", "submitted_at", "status", "category__name")
                         .order_by("submitted_at")),
            )
            .filter(pk=pk).first())
    if impl is None:
        return None
    impl.measure_summaries = [summarize_measure(m) for m in impl.measures.all()]
    return impl


def check_rows(impl: Implementation, *, today: dt.date) -> list[dict]:
    """Each status check with its state (done, upcoming, due soon, overdue)."""
    return [{"check": c, "state": rules.check_state(due_on=c.due_on, checked=c.is_done, today=today,
                                                   remind_days=CHECK_REMIND_DAYS)}
            for c in impl.checks.all()]


def may_grade_from(impl: Implementation) -> dt.date:
    return rules.measurement_ends_on(impl.effect_from, measure_years=district_setting("proposals.measure_years"))


# --- the chart ----------------------------------------------------------------------------------

CHART_WIDTH, CHART_LABEL, CHART_ROW = 320, 84, 26


@dataclass
class Bar:
    label: str
    value: Decimal
    kind: str  # baseline, value, target
    y: int
    width: int


@dataclass
class Chart:
    bars: list[Bar] = field(default_factory=list)
    height: int = 0
    label_width: int = CHART_LABEL
    width: int = CHART_WIDTH


def measure_chart(summary: MeasureSummary) -> Chart:
    """Horizontal bars, baseline first, then each value in time, then the target: drawn as an
    inline SVG (the numbers are also in a table next to it)."""
    measure = summary.measure
    entries = [("기준값", measure.baseline, "baseline")]
    entries += [(f"{v.measured_on:%Y.%m.%d}", v.value, "value") for v in measure.values.all()]
    entries.append(("목표값", measure.target, "target"))
    biggest = max((abs(value) for _, value, _ in entries), default=Decimal(0)) or Decimal(1)
    room = CHART_WIDTH - CHART_LABEL - 48  # room for the number at the bar's end
    chart = Chart()
    for i, (label, value, kind) in enumerate(entries):
        width = int(room * max(value, Decimal(0)) / biggest)
        chart.bars.append(Bar(label, value, kind, y=i * CHART_ROW, width=max(width, 1)))
    chart.height = len(entries) * CHART_ROW
    return chart


# --- the panel on the proposal page ---------------------------------------------------------------


def implementation_url(impl: Implementation) -> str:
    return reverse("policy:detail", args=[impl.pk])


def proposal_url(proposal: Proposal) -> str | None:
    """The proposal's page, if the ideas app names one (it is built beside this app)."""
    for name in ("ideas:proposal_detail", "ideas:proposal"):
        try:
            return reverse(name, args=[proposal.pk])
        except NoReverseMatch:
            continue
    return None


def _count_of(model, condition: str = "", params: tuple = ()) -> RawSQL:
    """How many rows of `model` belong to the implementation being read, as a correlated
    subquery in raw SQL. Five Subquery expressions built as querysets cost more CPU to compile
    than the two queries they replaced (bench/profile_ops.py --side creative --ops proposal);
    these are a string each. Conditions are fixed SQL written here; values go in `params`."""
    table, implementation = model._meta.db_table, Implementation._meta.db_table
    where = f" AND {condition}" if condition else ""
    return RawSQL(f"SELECT COUNT(*) FROM {table} WHERE {table}.implementation_id = {implementation}.id{where}",
                  params, output_field=IntegerField())


_IMPLEMENTATION_FIELDS = tuple(f.name for f in Implementation._meta.concrete_fields)


def _latest_value_of_measure(column: str, output_field) -> RawSQL:
    """A measure's latest value (or its day): the one measured last, the later row on the same
    day, as summarize_measure picks it, in a correlated subquery of fixed SQL."""
    values, measures = MeasureValue._meta.db_table, OutcomeMeasure._meta.db_table
    return RawSQL(f"SELECT {values}.{column} FROM {values} WHERE {values}.measure_id = {measures}.id"
                  f" ORDER BY {values}.measured_on DESC, {values}.id DESC LIMIT 1", (), output_field=output_field)


def _panel_implementation(proposal: Proposal, *, today: dt.date) -> Implementation | None:
    """The proposal's implementation with only what the panel shows: the row with the names of its
    department and responsible officer and its grade, the numbers of milestones and checks (done,
    overdue) counted by the database (one query), then its measures each with its latest value (one
    more). Lighter than implementation_detail, which also reads the proposal, its complaints and
    who did what: on PostgreSQL planning that seven-table join cost more than running it; the
    panel shows counts, not the milestones and checks themselves, and of a measure's values the
    latest only, read beside the measure instead of prefetched (Django's prefetch machinery for
    measures and their values cost about 3 ms of CPU per page here: bench/profile_ops.py)."""
    impl = (Implementation.objects.filter(proposal_id=proposal.pk)
            .select_related("owner_department", "responsible__user", "result_grade")
            .only(*_IMPLEMENTATION_FIELDS, "owner_department__name", "responsible__user",
                  "responsible__user__name", "result_grade__grade")
            .annotate(
                milestones_total=_count_of(Milestone),
                milestones_done=_count_of(Milestone, "done_on IS NOT NULL"),
                checks_total=_count_of(StatusCheck),
                checks_done=_count_of(StatusCheck, "checked_at IS NOT NULL"),
                # rules.check_state: overdue once its due day has passed unchecked
                checks_overdue=_count_of(StatusCheck, "checked_at IS NULL AND due_on < %s", (today,)),
            )
            .first())
    if impl is None:
        return None
    value_field = MeasureValue._meta.get_field("value")
    measures = list(
        OutcomeMeasure.objects.filter(implementation_id=impl.pk)
        .only("implementation", "name", "unit", "baseline", "target", "direction")
        .annotate(latest_value=_latest_value_of_measure("value", DecimalField(
                      max_digits=value_field.max_digits, decimal_places=value_field.decimal_places)),
                  latest_on=_latest_value_of_measure("measured_on", DateField()))
        .order_by("order", "pk"))
    impl.panel_measures = [
        _summary(m, None if m.latest_on is None else
                 MeasureValue(measure=m, measured_on=m.latest_on, value=m.latest_value))
        for m in measures
    ]
    return impl


def proposal_panel(proposal: Proposal, viewer) -> dict | None:
    """What the proposal page shows about its implementation: status, progress, checks and the
    measured outcome; for an adopted proposal not started yet, whether `viewer` may start it.
    None when there is nothing to show to this viewer (residents see their own proposal's)."""
    is_staff = permissions.can_view_policy(viewer)
    is_proposer = getattr(viewer, "pk", None) is not None and proposal.proposer_id == viewer.pk
    if not (is_staff or is_proposer):
        return None
    today = timezone.localdate()
    impl = _panel_implementation(proposal, today=today)
    if impl is None:
        if proposal.status in ADOPTED_STATUSES and is_staff and permissions.is_planner(viewer):
            return {"implementation": None, "can_start": True,
                    "start_url": reverse("policy:start", args=[proposal.pk])}
        return None
    return {
        "implementation": impl,
        "url": implementation_url(impl) if is_staff else None,
        "measures": impl.panel_measures,
        "milestones_done": impl.milestones_done,
        "milestones_total": impl.milestones_total,
        "overdue_checks": impl.checks_overdue,
        "done_checks": impl.checks_done,
        "total_checks": impl.checks_total,
        "grade": getattr(impl, "result_grade", None),
        "can_start": False,
    }


# --- the annual report ----------------------------------------------------------------------------


@dataclass
class DepartmentRow:
    name: str
    received: int = 0
    adopted: int = 0
    implemented: int = 0
    graded: int = 0


@dataclass
class AnnualReport:
    year: int
    period: rules.Window
    due_on: dt.date
    received_by_kind: list[tuple[str, int]]
    grades: list[tuple[str, int]]
    departments: list[DepartmentRow]
    totals: dict


def annual_report(*, year: int) -> AnnualReport:
    """연간 제안 운영 보고 for `year` (due by `proposals.annual_report_due` of the next year):
    proposals received by kind, adopted, implemented, awards paid and results graded, in total
    and per department. Seven aggregate queries."""
    period = rules.annual_report_period(year)
    start, end = _start_of(period.starts_on), _start_of(period.ends_before)
    received = Proposal.objects.filter(received_at__gte=start, received_at__lt=end)
    decided = Proposal.objects.filter(decided_at__gte=start, decided_at__lt=end)
    adopted = decided.filter(status__in=ADOPTED_STATUSES)
    started = Implementation.objects.filter(started_on__gte=period.starts_on, started_on__lt=period.ends_before)
    graded = ResultGrade.objects.filter(graded_at__gte=start, graded_at__lt=end)

    by_kind = dict(received.values_list("kind").annotate(n=Count("pk")).order_by())
    received_by_kind = [(label, by_kind.get(value, 0)) for value, label in ProposalKind.choices]
    awards = decided.filter(award_krw__gt=0).aggregate(n=Count("pk"), krw=Sum("award_krw"))
    by_grade = dict(graded.values_list("grade").annotate(n=Count("pk")).order_by())
    grades = [(g, by_grade.get(g, 0)) for g in rules.GRADES]

    rows: dict[str, DepartmentRow] = defaultdict(lambda: DepartmentRow(""))

    def row(name):
        name = name or "(주민·소속 없음)"
        rows[name].name = name
        return rows[name]

    for name, n in received.values_list("department__name").annotate(n=Count("pk")).order_by():
        row(name).received = n
    for name, n in adopted.values_list("department__name").annotate(n=Count("pk")).order_by():
        row(name).adopted = n
    for name, n in started.values_list("owner_department__name").annotate(n=Count("pk")).order_by():
        row(name).implemented = n
    for name, n in graded.values_list("implementation__owner_department__name").annotate(n=Count("pk")).order_by():
        row(name).graded = n
    departments = sorted(rows.values(), key=lambda r: (-(r.received + r.implemented), r.name))
    totals = {
        "received": sum(n for _, n in received_by_kind), "adopted": sum(r.adopted for r in departments),
        "implemented": sum(r.implemented for r in departments), "awards": awards["n"] or 0,
        "awards_krw": awards["krw"] or 0, "graded": sum(n for _, n in grades),
    }
    return AnnualReport(year=year, period=period,
                        due_on=rules.annual_report_due_on(year, due=district_setting("proposals.annual_report_due")),
                        received_by_kind=received_by_kind, grades=grades, departments=departments, totals=totals)


STATUS_CHOICES = ImplementationStatus.choices
