"""Reads for the field pages and API, each in a fixed small number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q
from django.utils import timezone

from gamdong.complaints.models import OPEN_STATUSES, Complaint
from gamdong.field.models import Dialogue, DialogueItem, FieldVisit, VisitStatus
from gamdong.ideas.models import Proposal
from gamdong.org.models import Department, Employee


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def visits_for_day(*, officer: Employee, day: dt.date, include_cancelled: bool = False) -> list[FieldVisit]:
    """The officer's visits of `day` in route order, each with its complaints (two queries)."""
    start, end = _day_bounds(day)
    visits = FieldVisit.objects.filter(officer=officer, scheduled_for__gte=start, scheduled_for__lt=end)
    if not include_cancelled:
        visits = visits.exclude(status=VisitStatus.CANCELLED)
    complaints = Complaint.objects.select_related("category").order_by("pk")
    return list(visits.order_by("route_order", "scheduled_for", "pk")
                .prefetch_related(Prefetch("complaints", queryset=complaints)))


def visit_detail(*, pk: int) -> FieldVisit | None:
    complaints = Complaint.objects.select_related("category", "department").order_by("pk")
    return (FieldVisit.objects.select_related("officer__user", "officer__department")
            .prefetch_related(Prefetch("complaints", queryset=complaints)).filter(pk=pk).first())


def visitable_complaints(*, officer: Employee):
    """Open complaints the officer may visit: their own, and those of their department or any
    department above it (the handling department of a team's complaints is often the 과)."""
    ancestors = [officer.department.path[:i] for i in range(len(officer.department.path), 0, -6)]
    return (Complaint.objects.filter(status__in=OPEN_STATUSES)
            .filter(Q(officer=officer) | Q(department__path__in=ancestors))
            .select_related("category"))


def complaints_at_same_place(*, complaint: Complaint, officer: Employee, limit: int = 20) -> list[Complaint]:
    """Other open complaints the officer may visit at the same address or in the same 동, so
    that one trip handles them all; nearest in time to `complaint` first."""
    same_place = Q(address=complaint.address) if complaint.address else Q(pk__in=[])
    if complaint.dong:
        same_place |= Q(dong=complaint.dong)
    return list(visitable_complaints(officer=officer).filter(same_place).exclude(pk=complaint.pk)
                .order_by("-submitted_at")[:limit])


def dialogues_for(*, user, limit: int = 100) -> list[Dialogue]:
    """Dialogues, newest first, with how many items each raised."""
    from django.db.models import Count

    return list(Dialogue.objects.select_related("host", "department")
                .annotate(item_count=Count("items")).order_by("-held_at", "-pk")[:limit])


def dialogue_detail(*, pk: int) -> Dialogue | None:
    """A dialogue with its items and, for each inconvenience, its complaint's receipt number,
    status, department and due time (two queries)."""
    items = (DialogueItem.objects.select_related("complaint__department")
             .prefetch_related(Prefetch("proposals", queryset=Proposal.objects.only("pk", "number", "status", "dialogue_item_id")))
             .order_by("pk"))
    return (Dialogue.objects.select_related("host", "department")
            .prefetch_related(Prefetch("items", queryset=items)).filter(pk=pk).first())


def departments_for_dialogue(*, user):
    return Department.objects.filter(active=True).order_by("path")


def officers_visible_to(*, user):
    """Officers whose visits `user` may plan (for a supervisor's form)."""
    from gamdong.org.permissions import departments_visible_to

    return (Employee.objects.filter(active=True, department__in=departments_visible_to(user))
            .select_related("user", "department"))

