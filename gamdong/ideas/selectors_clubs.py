"""Reads of clubs, their meetings and reports, and presentations, each in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q

from gamdong.ideas.models import (
    Club,
    ClubMeeting,
    ClubMembership,
    ClubReport,
    ClubRole,
    Presentation,
    Proposal,
    ProposalStatus,
)
from gamdong.org.models import Employee


def club_years() -> list[int]:
    return list(Club.objects.order_by("-year").values_list("year", flat=True).distinct())


def club_list(*, year: int | None = None) -> list[Club]:
    """Clubs of `year` (all years when None) with their 회장, member, meeting and report counts."""
    clubs = Club.objects.all()
    if year is not None:
        clubs = clubs.filter(year=year)
    leaders = ClubMembership.objects.filter(role=ClubRole.LEADER).select_related("employee__user")
    return list(
        clubs.annotate(
            member_count=Count("memberships", distinct=True),
            meeting_count=Count("meetings", distinct=True),
            report_count=Count("reports", distinct=True),
        )
        .prefetch_related(Prefetch("memberships", queryset=leaders, to_attr="leaders"))
        .order_by("-year", "name")
    )


def club_detail(*, pk: int) -> Club | None:
    """A club with members (회장 first), meetings (newest first, with attendees), reports and the
    proposals that came from it (five queries)."""
    members = ClubMembership.objects.select_related("employee__user", "employee__department").order_by(
        "role", "joined_at", "pk"
    )  # "leader" sorts before "member": the 회장 first
    meetings = ClubMeeting.objects.select_related("recorded_by").prefetch_related(
        Prefetch("attendees", queryset=Employee.objects.select_related("user").order_by("pk"))
    ).order_by("-held_at", "-pk")
    reports = ClubReport.objects.select_related("presentation", "submitted_by").order_by("-submitted_at", "-pk")
    proposals = Proposal.objects.exclude(status=ProposalStatus.DRAFT).select_related("proposer").order_by(
        "-submitted_at", "-pk"
    )
    return (
        Club.objects.select_related("created_by")
        .prefetch_related(
            Prefetch("memberships", queryset=members, to_attr="member_list"),
            Prefetch("meetings", queryset=meetings, to_attr="meeting_list"),
            Prefetch("reports", queryset=reports, to_attr="report_list"),
            Prefetch("proposals", queryset=proposals, to_attr="proposal_list"),
        )
        .filter(pk=pk)
        .first()
    )


def report_detail(*, pk: int) -> ClubReport | None:
    return ClubReport.objects.select_related("club", "presentation", "submitted_by").filter(pk=pk).first()


def presentation_list() -> list[Presentation]:
    return list(Presentation.objects.annotate(report_count=Count("reports")).order_by("-held_at", "-pk"))


def presentation_detail(*, pk: int) -> Presentation | None:
    """A presentation with its programme in order, each report with its club (two queries)."""
    programme = ClubReport.objects.select_related("club").order_by("presentation_order", "pk")
    return (
        Presentation.objects.select_related("created_by")
        .prefetch_related(Prefetch("reports", queryset=programme, to_attr="programme"))
        .filter(pk=pk)
        .first()
    )


def reports_waiting_for_presentation(*, year: int | None = None) -> list[ClubReport]:
    """Reports not yet on any presentation's programme, for the planner's choice."""
    reports = ClubReport.objects.filter(presentation__isnull=True).select_related("club")
    if year is not None:
        reports = reports.filter(Q(club__year=year) | Q(club__year=year - 1))
    return list(reports.order_by("club__name", "submitted_at", "pk"))


def staff_choices(*, limit: int = 3000):
    """Active staff to pick members from, by department and name."""
    return (
        Employee.objects.filter(active=True, user__is_active=True)
        .select_related("user", "department")
        .order_by("department__path", "user__name", "pk")[:limit]
    )


def memberships_of(*, employee: Employee | None) -> set[int]:
    if employee is None:
        return set()
    return set(ClubMembership.objects.filter(employee=employee).values_list("club_id", flat=True))
