"""Reads of 심의 for the pages and the API, with the visibility rules of
gamdong.review.permissions applied here, in one place.

Scores of an agenda item are "complete" when the round is closed, or when every present voting
member who may score it (not its proposer or co-proposer, not from its department when that
rule is on) has submitted a sheet. Until then a member sees only their own sheet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from gamdong.core.district_settings import district_setting
from gamdong.ideas.models import CoProposer, Proposal, ProposalKind, ProposalStatus
from gamdong.org.models import Employee
from gamdong.review import documents, permissions
from gamdong.review.models import (
    AgendaItem,
    Committee,
    CommitteeMember,
    Decision,
    DecisionOutcome,
    Meeting,
    MeetingStatus,
    MemberRole,
    Pilot,
    PilotMeasure,
    RereviewRequest,
    ScoreSheet,
    ScoringStatus,
)
from gamdong.review.rules import committee as composition
from gamdong.review.rules import scorecard
from gamdong.review.rules.rereview import later_use_in_time, later_use_until, rereview_in_time

# --- lists --------------------------------------------------------------------------------------


def committees_for(user):
    """Committees the user may see, with counts of members (voting and external)."""
    qs = Committee.objects.filter(active=True).annotate(
        voting=Count("members", filter=Q(members__active=True, members__role__in=[MemberRole.CHAIR, MemberRole.MEMBER])),
        external=Count("members", filter=Q(members__active=True, members__is_external=True,
                                           members__role__in=[MemberRole.CHAIR, MemberRole.MEMBER])),
    )
    if not permissions.is_secretariat(user):
        qs = qs.filter(pk__in=list(permissions.seats_of(user)))
    return list(qs.order_by("kind", "name"))


def meetings_for(user, *, committee: Committee | None = None, when: str = "all", limit: int = 20):
    """Meetings the user may see: `when` is "upcoming" (from today on, soonest first), "past"
    (before today, latest first) or "all" (latest first)."""
    qs = Meeting.objects.select_related("committee").annotate(items=Count("agenda")).exclude(
        status=MeetingStatus.CANCELLED)
    if committee is not None:
        qs = qs.filter(committee=committee)
    elif not permissions.is_secretariat(user):
        qs = qs.filter(committee_id__in=list(permissions.seats_of(user)))
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    if when == "upcoming":
        qs = qs.filter(scheduled_at__gte=today).order_by("scheduled_at", "pk")
    elif when == "past":
        qs = qs.filter(scheduled_at__lt=today).order_by("-scheduled_at", "-pk")
    return list(qs[:limit])


def proposals_awaiting_review(*, limit: int = 100, meeting: Meeting | None = None):
    """Proposals that may go on an agenda and are not waiting on one already; for `meeting`, not
    those already on its agenda (a proposal back from a pilot is decided on its first item)."""
    waiting = AgendaItem.objects.filter(outcome="").exclude(
        meeting__status__in=[MeetingStatus.CLOSED, MeetingStatus.CANCELLED]).values("proposal_id")
    rows = (Proposal.objects.filter(status__in=[ProposalStatus.UNDER_REVIEW, ProposalStatus.REREVIEW_REQUESTED,
                                                ProposalStatus.HELD])
            .exclude(pk__in=waiting))
    if meeting is not None:
        rows = rows.exclude(pk__in=AgendaItem.objects.filter(meeting=meeting).values("proposal_id"))
    return list(rows.select_related("proposer").order_by("received_at", "pk")[:limit])


def committee_detail(committee: Committee) -> dict:
    members = list(committee.members.filter(active=True).select_related("user").order_by("role", "appointed_at", "pk"))
    voting = [m for m in members if m.votes]
    share = float(district_setting("proposals.committee_external_min_share"))
    return {
        "members": members,
        "voting": len(voting),
        "external": sum(1 for m in voting if m.is_external),
        "required_external": composition.required_external(len(voting), share) if committee.external_share_required else 0,
        "quorum": composition.quorum(len(voting)) if voting else 0,
        "min_share": share,
    }


# --- one agenda item's scores ----------------------------------------------------------------------


@dataclass
class ItemState:
    item: AgendaItem
    eligible_ids: set[int]  # present voting members who may score it
    submitted_ids: set[int]
    proposer_ids: set[int]

    @property
    def complete(self) -> bool:
        if self.item.scoring == ScoringStatus.CLOSED:
            return True
        return (self.item.scoring == ScoringStatus.OPEN and bool(self.eligible_ids)
                and self.eligible_ids <= self.submitted_ids)

    @property
    def waiting(self) -> int:
        return len(self.eligible_ids - self.submitted_ids)


def _states(meeting: Meeting, items: list[AgendaItem], present: list[CommitteeMember]) -> dict[int, ItemState]:
    """Who may score each item and who has: three queries for the whole agenda."""
    proposal_ids = [i.proposal_id for i in items]
    co = {}
    for proposal_id, user_id in CoProposer.objects.filter(proposal_id__in=proposal_ids).values_list("proposal_id", "user_id"):
        co.setdefault(proposal_id, set()).add(user_id)
    voting = [m for m in present if m.votes and m.active]
    departments = dict(Employee.objects.filter(user_id__in=[m.user_id for m in voting], active=True)
                       .values_list("user_id", "department_id"))
    submitted = {}
    for item_id, member_id in ScoreSheet.objects.filter(item__in=items).values_list("item_id", "member_id"):
        submitted.setdefault(item_id, set()).add(member_id)
    exclude_department = meeting.committee.exclude_proposer_department
    states = {}
    for item in items:
        proposers = {item.proposal.proposer_id, *co.get(item.proposal_id, set())}
        eligible = {
            m.pk for m in voting
            if m.user_id not in proposers
            and not (exclude_department and item.proposal.department_id
                     and departments.get(m.user_id) == item.proposal.department_id)
        }
        states[item.pk] = ItemState(item, eligible, submitted.get(item.pk, set()), proposers)
    return states


def meeting_page(meeting: Meeting, viewer) -> dict:
    """The meeting with its agenda, attendance and scoring status per item (a fixed number of
    queries whatever the size of the agenda)."""
    meeting = (Meeting.objects.select_related("committee", "convened_by")
               .prefetch_related(Prefetch("attendees", queryset=CommitteeMember.objects.select_related("user")))
               .get(pk=meeting.pk))
    items = list(meeting.agenda.select_related("proposal__proposer", "proposal__department")
                 .prefetch_related("pilots")
                 .order_by("order"))
    decisions = {d.item_id: d for d in Decision.objects.filter(item__in=items)}
    members = list(meeting.committee.members.filter(active=True).select_related("user").order_by("role", "pk"))
    present = list(meeting.attendees.all())
    states = _states(meeting, items, present)
    me = permissions.seat(viewer, meeting.committee_id)
    rows = []
    for item in items:
        state = states[item.pk]
        rows.append({
            "item": item, "state": state, "decision": decisions.get(item.pk),
            "can_score": bool(me and me.pk in state.eligible_ids and item.scoring == ScoringStatus.OPEN
                              and me.pk not in state.submitted_ids),
            "scored": bool(me and me.pk in state.submitted_ids),
            "is_mine": bool(viewer and viewer.pk in state.proposer_ids),
            "pilot": next(iter(item.pilots.all()), None),
        })
    voting = [m for m in members if m.votes]
    present_voting = [m for m in present if m.votes and m.active]
    return {
        "meeting": meeting, "committee": meeting.committee, "rows": rows, "members": members,
        "present_ids": {m.pk for m in present}, "present_voting": len(present_voting), "voting": len(voting),
        "quorum": composition.quorum(len(voting)) if voting else 0,
        "has_quorum": composition.has_quorum(present=len(present_voting), members=len(voting)),
        "seat": me,
        "can_manage": permissions.can_manage(viewer, meeting.committee_id),
        "can_decide": permissions.can_decide(viewer, meeting.committee_id),
    }


@dataclass
class SheetView:
    member: CommitteeMember
    total: float
    comment: str
    scores: dict[str, int]
    outlier: bool = False
    mine: bool = False


@dataclass
class Results:
    item: AgendaItem
    criteria: list[str]
    weights: dict[str, float]
    visible: bool  # the others' scores may be shown to this viewer
    complete: bool
    submitted: int
    eligible: int
    sheets: list[SheetView] = field(default_factory=list)  # what the viewer may see
    means: dict[str, float | None] = field(default_factory=dict)
    mean_total: float | None = None
    spread: scorecard.Spread | None = None  # chair and secretariat only
    outliers: list[SheetView] = field(default_factory=list)  # chair and secretariat only
    threshold: float = scorecard.OUTLIER_THRESHOLD_POINTS


def item_results(item: AgendaItem, viewer) -> Results:
    """The scores of one item as `viewer` may see them (see the module docstring)."""
    item = AgendaItem.objects.select_related("meeting__committee", "proposal__proposer", "proposal__department").get(pk=item.pk)
    meeting = item.meeting
    committee = meeting.committee
    present = list(meeting.attendees.all())
    state = _states(meeting, [item], present)[item.pk]
    weights = scorecard.check_weights(committee.criteria_weights)
    criteria = list(weights)
    sheets = list(ScoreSheet.objects.filter(item=item).select_related("member__user")
                  .prefetch_related("lines").order_by("submitted_at", "pk"))
    if sheets:
        # The criteria and weights the sheets were scored on (the committee may have changed
        # them after the round closed); every sheet of a round has the same lines.
        weights = {line.criterion: line.weight for line in sheets[0].lines.all()}
        criteria = list(weights)
    me = permissions.seat(viewer, committee.pk)
    is_proposer = viewer is not None and viewer.pk in state.proposer_ids
    visible = state.complete and not is_proposer and (me is not None or permissions.is_secretariat(viewer))
    views = []
    for sheet in sheets:
        view = SheetView(sheet.member, float(sheet.total), sheet.comment,
                         {line.criterion: line.score for line in sheet.lines.all()},
                         mine=bool(me and sheet.member_id == me.pk))
        if visible or view.mine:
            views.append(view)
    result = Results(item=item, criteria=criteria, weights=weights, visible=visible, complete=state.complete,
                     submitted=len(state.submitted_ids), eligible=len(state.eligible_ids), sheets=views)
    if visible and views:
        result.means = scorecard.criterion_means([v.scores for v in views], criteria)
        totals = [v.total for v in views]
        result.mean_total = scorecard.spread(totals).mean
        if permissions.sees_spread(viewer, committee.pk):
            result.spread = scorecard.spread(totals)
            flagged = set(scorecard.outliers({v.member.pk: v.total for v in views}))
            for v in views:
                v.outlier = v.member.pk in flagged
            result.outliers = sorted([v for v in views if v.outlier],
                                     key=lambda v: -abs(v.total - (result.spread.median or 0)))
    return result


# --- pilots -----------------------------------------------------------------------------------------


def pilot_page(pilot: Pilot) -> dict:
    pilot = Pilot.objects.select_related("proposal__proposer", "item__meeting__committee").get(pk=pilot.pk)
    measures = list(PilotMeasure.objects.filter(pilot=pilot).select_related("result").order_by("pk"))
    rows = []
    for m in measures:
        result = getattr(m, "result", None)
        rows.append({"measure": m, "result": result, "met": m.met(result.value) if result else None})
    return {"pilot": pilot, "rows": rows, "all_recorded": all(r["result"] for r in rows),
            "met": sum(1 for r in rows if r["met"])}


# --- the proposal page's panel ---------------------------------------------------------------------


def latest_decision(proposal: Proposal) -> Decision | None:
    return proposal.decisions.select_related("meeting__committee").order_by("-decided_at", "-pk").first()


def proposal_panel(proposal: Proposal, viewer, *, now: dt.datetime | None = None,
                   proposer_ids: frozenset[int] | None = None) -> dict:
    """What `viewer` may see of the review of `proposal`, for review/_proposal_panel.html:
    everyone who may see the proposal sees its status and, once decided, the decision; the
    proposer gets the re-review button while the window is open; the committee and the
    secretariat see the meetings it was on and the pilot's measures."""
    now = now or timezone.now()
    items = list(proposal.agenda_items.select_related("meeting__committee").order_by("meeting__scheduled_at", "pk"))
    # Decisions and pilots are made on an agenda item: a proposal never put on one has neither
    # (one query instead of three for every proposal still in intake).
    decision = latest_decision(proposal) if items else None
    pilot = proposal.pilots.order_by("-starts_on", "-pk").first() if items else None
    # the proposal page has read the co-proposers and passes their ids
    if proposer_ids is None:
        proposer_ids = {proposal.proposer_id, *proposal.co_proposers.values_list("user_id", flat=True)}
    is_proposer = viewer is not None and getattr(viewer, "pk", None) in proposer_ids
    insider = permissions.is_secretariat(viewer) or any(
        permissions.seat(viewer, i.meeting.committee_id) is not None for i in items)
    rereview_open = (proposal.status == ProposalStatus.REJECTED and is_proposer and decision is not None
                     and rereview_in_time(now=now, due_at=proposal.rereview_due_at)
                     and not RereviewRequest.objects.filter(decision=decision).exists())
    # After the 15-day window: the second ground, the office later carrying out the same idea.
    later_years = int(district_setting("proposals.later_use_rereview_years"))
    later_use_open = (proposal.status == ProposalStatus.REJECTED and is_proposer and decision is not None
                      and not rereview_open and not rereview_in_time(now=now, due_at=proposal.rereview_due_at)
                      and later_use_in_time(now=now, decided_at=decision.decided_at, years=later_years)
                      and not RereviewRequest.objects.filter(decision=decision).exists())
    return {
        "later_use_open": later_use_open,
        "later_use_until": later_use_until(decision.decided_at, years=later_years) if later_use_open else None,
        "proposal": proposal,
        "status": proposal.get_status_display(),
        "decision": decision,
        "pilot": pilot,
        "pilot_rows": pilot_page(pilot)["rows"] if pilot and (insider or is_proposer) else [],
        "meetings": [i.meeting for i in items] if insider else [],
        "is_proposer": is_proposer,
        "insider": insider,
        "rereview_open": rereview_open,
        "rereview_due_at": proposal.rereview_due_at,
        "in_review": proposal.status in (ProposalStatus.UNDER_REVIEW, ProposalStatus.REREVIEW_REQUESTED,
                                         ProposalStatus.PILOT, ProposalStatus.HELD),
    }


# --- documents (HWPX / PDF come from these) ----------------------------------------------------------


def _mask(name: str) -> str:
    """A resident's name in minutes: 김○○ (개인정보 보호)."""
    return name[:1] + "○" * max(1, len(name) - 1) if name else ""


def _proposer_label(proposal: Proposal) -> str:
    name = proposal.proposer.name
    return _mask(name) if proposal.kind == ProposalKind.CITIZEN or proposal.proposer.kind == "resident" else name


def minutes_document(meeting: Meeting) -> documents.MinutesDocument:
    meeting = Meeting.objects.select_related("committee").get(pk=meeting.pk)
    members = list(meeting.committee.members.filter(active=True).select_related("user").order_by("role", "pk"))
    present_ids = set(meeting.attendees.values_list("pk", flat=True))
    chair = next((m.user.name for m in members if m.role == MemberRole.CHAIR), "")
    secretary = next((m.user.name for m in members if m.role == MemberRole.SECRETARY), "")
    items = list(meeting.agenda.select_related("proposal__proposer").order_by("order"))
    totals = {}
    for item_id, total in ScoreSheet.objects.filter(item__in=items).values_list("item_id", "total"):
        totals.setdefault(item_id, []).append(float(total))
    decisions = {d.item_id: d for d in Decision.objects.filter(item__in=items)}
    agenda = []
    for item in items:
        mean = scorecard.spread(totals.get(item.pk, [])).mean
        decision = decisions.get(item.pk)
        note = ""
        if decision and decision.grade:
            note = f"{decision.grade}" + (f" {decision.award_krw:,}원" if decision.award_krw else "")
        elif decision and decision.reasons:
            note = decision.reasons[:200]
        agenda.append(documents.AgendaOutcome(
            number=item.proposal.number or f"안건 {item.order}", title=item.proposal.title,
            proposer=_proposer_label(item.proposal), outcome=item.get_outcome_display() if item.outcome else "미결",
            score=f"{mean:.1f}점" if mean is not None else None, note=note))
    voting = [m for m in members if m.votes]
    return documents.MinutesDocument(
        district=district_setting("district.name"),
        committee=meeting.committee.name,
        title=f"{meeting.title} 회의록",
        held_at=timezone.localtime(meeting.scheduled_at),
        place=meeting.place,
        chair=chair,
        secretary=secretary,
        attendees=tuple(m.user.name for m in voting if m.pk in present_ids),
        absentees=tuple(m.user.name for m in voting if m.pk not in present_ids),
        agenda=tuple(agenda),
        proceedings=meeting.minutes,
        signatures=tuple(s for s in (f"위원장 {chair}" if chair else "", f"간사 {secretary}" if secretary else "") if s),
    )


def decision_notice(decision: Decision) -> documents.DecisionNotice:
    from gamdong.review.services import korean_date, won

    decision = Decision.objects.select_related("proposal__proposer", "decided_by", "meeting__committee").get(pk=decision.pk)
    proposal = decision.proposal
    employee = Employee.objects.filter(user=decision.decided_by, active=True).select_related("department").first()
    contact = " · ".join(s for s in (
        employee.department.name if employee else "", decision.decided_by.name,
        (employee.office_phone or employee.department.phone) if employee else district_setting("district.phone"),
    ) if s)
    rereview = ""
    if decision.outcome == DecisionOutcome.REJECTED and decision.rereview_due_at:
        due = timezone.localtime(decision.rereview_due_at)
        rereview = (f"이 결정에 이의가 있으면 {due.year}. {due.month}. {due.day}.까지 재심사를 요청할 수 있습니다"
                    f"(통지일부터 {district_setting('proposals.rereview_request_days')}일 이내).")
    decided = timezone.localtime(decision.decided_at)
    received = timezone.localtime(proposal.received_at or proposal.submitted_at or proposal.created_at).date()
    return documents.DecisionNotice(
        district=district_setting("district.name"),
        document_number=f"제안심사-{decided.year}-{decision.pk:04d}",
        recipient=proposal.proposer.name,
        proposal_number=proposal.number or str(proposal.pk),
        proposal_title=proposal.title,
        received_on=received,
        decided_on=decided.date(),
        outcome=decision.get_outcome_display(),
        grade=decision.grade,
        award=won(decision.award_krw) if decision.award_krw else "",
        reasons=decision.reasons,
        planned_implementation=korean_date(decision.planned_implementation_on),
        rereview_notice=rereview,
        issuer=f"{district_setting('district.name')}청장",
        contact=contact,
    )
