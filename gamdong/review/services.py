"""심의: every action of a committee, one function each, in a transaction, with its event.

    committee_form, committee_member_add, committee_member_remove, committee_change
    meeting_convene, agenda_add, meeting_record_attendance, meeting_record_minutes
    scoring_open, score_submit, scoring_close
    pilot_start, pilot_record_result, pilot_finish
    decision_record, rereview_request

Who may act is checked here (gamdong.review.permissions); the arithmetic is in
gamdong.review.rules. A refusal raises ReviewError (400), ReviewNotAllowed (403) or
ReviewConflict (409) with a Korean message, and nothing is written. Notices go out after the
transaction commits (gamdong.core.notifications queues them on commit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from gamdong.accounts.models import Role, RoleGrant, User, UserKind
from gamdong.core.calendar_selectors import compute_due_at
from gamdong.core.district_settings import district_setting
from gamdong.core.events import EventType, record_event, snapshot
from gamdong.core.notifications import notify
from gamdong.ideas.models import CoProposer, Proposal, ProposalStatus
from gamdong.org.models import Employee
from gamdong.review import permissions
from gamdong.review.models import (
    ADOPTING_OUTCOMES,
    AgendaItem,
    AgendaOutcome,
    Committee,
    CommitteeKind,
    CommitteeMember,
    Decision,
    DecisionOutcome,
    Meeting,
    MeetingStatus,
    MemberRole,
    MeritRecord,
    MeritRole,
    Pilot,
    PilotMeasure,
    PilotResult,
    PilotStatus,
    RereviewRequest,
    ScoreLine,
    ScoreSheet,
    ScoringStatus,
)
from gamdong.review.rules import awards, scorecard
from gamdong.review.rules import committee as composition
from gamdong.review.rules.rereview import rereview_in_time

MAX_TEXT = 4000
MAX_MINUTES = 20000
MAX_SHORT = 200
AGENDA_STATUSES = (ProposalStatus.UNDER_REVIEW, ProposalStatus.REREVIEW_REQUESTED, ProposalStatus.HELD)
DECIDABLE_STATUSES = (ProposalStatus.UNDER_REVIEW, ProposalStatus.REREVIEW_REQUESTED)
PROPOSAL_DECISION_FIELDS = ["status", "decided_at", "planned_implementation_on", "rereview_due_at", "grade", "award_krw"]
STATUS_OF_OUTCOME = {
    DecisionOutcome.ADOPTED: ProposalStatus.ADOPTED,
    DecisionOutcome.ADOPTED_WITH_CHANGES: ProposalStatus.ADOPTED_WITH_CHANGES,
    DecisionOutcome.REJECTED: ProposalStatus.REJECTED,
    DecisionOutcome.HELD: ProposalStatus.HELD,
}


class ReviewError(Exception):
    """A review action that cannot be done; `message` is for people (Korean)."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None):
        super().__init__(message)
        self.message, self.code, self.field = message, code, field


class ReviewNotAllowed(ReviewError):
    status = 403


class ReviewNotFound(ReviewError):
    status = 404


class ReviewConflict(ReviewError):
    status = 409


# --- small checks ------------------------------------------------------------------------------


def _text(value, *, field: str, label: str, required: bool = True, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ReviewError(f"{label}을(를) 적어 주세요.", code="required", field=field)
    if len(value) > limit:
        raise ReviewError(f"{label}은(는) {limit}자까지 쓸 수 있습니다.", code="too_long", field=field)
    return value


def _require(allowed: bool, message: str, *, field: str | None = None) -> None:
    if not allowed:
        raise ReviewNotAllowed(message, code="forbidden", field=field)


def _check_version(row, version: int | None) -> None:
    if version is not None and int(version) != row.version:
        raise ReviewConflict("그사이 다른 사람이 고쳤습니다. 새로 읽은 뒤 다시 해 주세요.", code="stale")


def _department_id_of(user) -> int | None:
    return Employee.objects.filter(user=user, active=True).values_list("department_id", flat=True).first()


def _proposer_ids(proposal: Proposal) -> set[int]:
    return {proposal.proposer_id, *CoProposer.objects.filter(proposal=proposal).values_list("user_id", flat=True)}


def _voting(committee: Committee):
    return committee.members.filter(active=True, role__in=[MemberRole.CHAIR, MemberRole.MEMBER])


def _notice(*, recipient, actor, title: str, message: str, about, url: str = "") -> None:
    """A notice naming the department, the person and a contact (the secretariat's)."""
    employee = Employee.objects.filter(user=actor, active=True).select_related("department").first() if actor else None
    department = employee.department.name if employee else "제안 담당"
    contact = (employee.office_phone if employee and employee.office_phone else "") or \
        (employee.department.phone if employee and employee.department.phone else "") or district_setting("district.phone")
    notify(recipient=recipient, template="case_notice", about=about, context={
        "case_title": title, "message": message, "department": department,
        "officer": actor.name if actor else "제안 담당", "contact": contact, "case_url": url,
    })


def _weights_setting() -> dict[str, float]:
    return scorecard.check_weights(district_setting("proposals.criteria_weights"))


def _lock_proposal(proposal_id: int) -> Proposal:
    return Proposal.objects.select_for_update().get(pk=proposal_id)


def _bump(proposal: Proposal, now: dt.datetime) -> None:
    proposal.version += 1
    proposal.updated_at = now


# --- committees ----------------------------------------------------------------------------------


def committee_form(
    *,
    actor,
    name: str,
    kind: str = CommitteeKind.STAFF,
    external_share_required: bool = True,
    weights: Mapping[str, float] | None = None,
    scale_min: int = 1,
    scale_max: int = 10,
    exclude_proposer_department: bool = True,
) -> Committee:
    """Form a committee; its criteria weights default to the district setting (equal)."""
    _require(permissions.can_form_committees(actor), "심사위원회는 제안 담당(간사)만 구성할 수 있습니다.")
    name = _text(name, field="name", label="위원회 이름", limit=100)
    if kind not in CommitteeKind.values:
        raise ReviewError("위원회 종류가 올바르지 않습니다.", field="kind")
    try:
        clean = scorecard.check_weights(weights if weights is not None else _weights_setting())
        scorecard.check_scale(int(scale_min), int(scale_max))
    except scorecard.ScoreError as exc:
        raise ReviewError(exc.message, field=exc.field) from None
    with transaction.atomic():
        if Committee.objects.filter(name=name).exists():
            raise ReviewConflict("같은 이름의 위원회가 이미 있습니다.", code="duplicate", field="name")
        committee = Committee.objects.create(
            name=name, kind=kind, external_share_required=external_share_required, criteria_weights=clean,
            scale_min=scale_min, scale_max=scale_max, exclude_proposer_department=exclude_proposer_department,
            created_by=actor,
        )
        record_event(EventType.COMMITTEE_FORMED, actor=actor, subject=committee, after=snapshot(committee, [
            "name", "kind", "external_share_required", "criteria_weights", "scale_min", "scale_max",
            "exclude_proposer_department"]))
    return committee


def committee_member_add(*, actor, committee: Committee, user: User, role: str = MemberRole.MEMBER) -> CommitteeMember:
    """위촉: appoint `user`. Users of kind external are external members; residents' accounts
    cannot sit (an outside member gets an external account)."""
    _require(permissions.can_manage(actor, committee.pk), "심사위원을 위촉할 권한이 없습니다.")
    if role not in MemberRole.values:
        raise ReviewError("역할이 올바르지 않습니다.", field="role")
    if user.kind == UserKind.RESIDENT or not user.is_active:
        raise ReviewError("주민 계정은 위원으로 위촉할 수 없습니다. 외부위원 계정을 만들어 위촉해 주세요.", field="user")
    with transaction.atomic():
        Committee.objects.select_for_update().get(pk=committee.pk)
        if committee.members.filter(user=user, active=True).exists():
            raise ReviewConflict(f"{user.name}님은 이미 이 위원회의 위원입니다.", code="duplicate", field="user")
        if role == MemberRole.CHAIR and committee.members.filter(active=True, role=MemberRole.CHAIR).exists():
            raise ReviewConflict("위원장은 한 명입니다. 지금 위원장을 먼저 해촉해 주세요.", code="chair_taken", field="role")
        member = CommitteeMember.objects.create(committee=committee, user=user, role=role,
                                                is_external=user.kind == UserKind.EXTERNAL)
        _, granted = RoleGrant.objects.get_or_create(user=user, role=Role.COMMITTEE)
        if granted:  # the home page's 심사위원 card; access itself comes from the seat
            record_event(EventType.ROLE_GRANTED, actor=actor, subject=user, after={"role": Role.COMMITTEE},
                         note=f"{committee.name} 위촉")
            user._role_set = None
        record_event(EventType.COMMITTEE_MEMBER_ADDED, actor=actor, subject=committee,
                     after={"member": member.pk, "user": user.pk, "name": user.name, "role": role,
                            "external": member.is_external})
        _notice(recipient=user, actor=actor, title=committee.name, about=committee, url="/review/",
                message=f"{committee.name} {member.get_role_display()}(으)로 위촉되었습니다.")
    permissions.forget_seats(user)
    return member


def committee_member_remove(*, actor, member: CommitteeMember, reason: str = "") -> CommitteeMember:
    """해촉: the member's sheets stay; they no longer sit, score or count."""
    _require(permissions.can_manage(actor, member.committee_id), "심사위원을 해촉할 권한이 없습니다.")
    reason = _text(reason, field="reason", label="해촉 사유", required=False, limit=MAX_SHORT)
    with transaction.atomic():
        member = CommitteeMember.objects.select_for_update().select_related("user", "committee").get(pk=member.pk)
        if not member.active:
            raise ReviewConflict("이미 해촉된 위원입니다.", code="inactive")
        member.active, member.left_at = False, timezone.now()
        member.save(update_fields=["active", "left_at"])
        record_event(EventType.COMMITTEE_MEMBER_REMOVED, actor=actor, subject=member.committee,
                     before={"member": member.pk, "user": member.user_id, "role": member.role}, note=reason)
        _notice(recipient=member.user, actor=actor, title=member.committee.name, about=member.committee,
                message=f"{member.committee.name} {member.get_role_display()}에서 해촉되었습니다. 그동안 고맙습니다.")
    permissions.forget_seats(member.user)
    return member


def committee_change(
    *,
    actor,
    committee: Committee,
    weights: Mapping[str, float] | None = None,
    scale_min: int | None = None,
    scale_max: int | None = None,
    external_share_required: bool | None = None,
    exclude_proposer_department: bool | None = None,
    version: int | None = None,
) -> Committee:
    """Change the criteria weights, the score scale or the rules; refused while a round of
    scoring is open (sheets of one round must share one scale and weights)."""
    _require(permissions.can_manage(actor, committee.pk), "위원회 설정을 바꿀 권한이 없습니다.")
    with transaction.atomic():
        committee = Committee.objects.select_for_update().get(pk=committee.pk)
        _check_version(committee, version)
        if AgendaItem.objects.filter(meeting__committee=committee, scoring=ScoringStatus.OPEN).exists():
            raise ReviewConflict("채점 중인 안건이 있어 심사 기준과 점수 범위를 바꿀 수 없습니다.", code="scoring_open")
        fields = ["criteria_weights", "scale_min", "scale_max", "external_share_required", "exclude_proposer_department"]
        before = snapshot(committee, fields)
        try:
            if weights is not None:
                committee.criteria_weights = scorecard.check_weights(weights)
            new_min = committee.scale_min if scale_min is None else int(scale_min)
            new_max = committee.scale_max if scale_max is None else int(scale_max)
            scorecard.check_scale(new_min, new_max)
        except scorecard.ScoreError as exc:
            raise ReviewError(exc.message, field=exc.field) from None
        except (TypeError, ValueError):
            raise ReviewError("점수 범위는 정수여야 합니다.", field="scale_max") from None
        committee.scale_min, committee.scale_max = new_min, new_max
        if external_share_required is not None:
            committee.external_share_required = bool(external_share_required)
        if exclude_proposer_department is not None:
            committee.exclude_proposer_department = bool(exclude_proposer_department)
        committee.version += 1
        committee.save()
        record_event(EventType.COMMITTEE_CHANGED, actor=actor, subject=committee, before=before,
                     after=snapshot(committee, fields))
    return committee


def composition_problem(committee: Committee) -> str | None:
    """Why the committee may not meet as it stands, or None."""
    voting = list(_voting(committee).values_list("is_external", flat=True))
    if not voting:
        return "위원(간사 제외)이 한 명도 없습니다. 위원을 먼저 위촉해 주세요."
    if committee.external_share_required:
        share = float(district_setting("proposals.committee_external_min_share"))
        needed = composition.required_external(len(voting), share)
        external = sum(voting)
        if not composition.external_share_met(external=external, members=len(voting), min_share=share):
            return (f"외부위원이 부족합니다: 위원 {len(voting)}명 중 외부위원이 {needed}명 이상이어야 하는데 "
                    f"{external}명입니다(최소 비율 {share:.0%}, 올림). 외부위원을 더 위촉해 주세요.")
    return None


# --- meetings and agenda --------------------------------------------------------------------------


def meeting_convene(*, actor, committee: Committee, title: str, scheduled_at: dt.datetime, place: str) -> Meeting:
    """소집: refused when the committee must have at least the set share of external members
    (공무원 제안 규정: at least half are not public servants) and does not."""
    _require(permissions.can_manage(actor, committee.pk), "심사회의를 소집할 권한이 없습니다.")
    title = _text(title, field="title", label="회의 이름", limit=MAX_SHORT)
    place = _text(place, field="place", label="장소", limit=MAX_SHORT)
    if scheduled_at is None or timezone.is_naive(scheduled_at):
        raise ReviewError("회의 일시를 정해 주세요.", code="required", field="scheduled_at")
    with transaction.atomic():
        committee = Committee.objects.select_for_update().get(pk=committee.pk)
        if not committee.active:
            raise ReviewConflict("운영하지 않는 위원회입니다.", code="inactive")
        problem = composition_problem(committee)
        if problem:
            raise ReviewConflict(problem, code="composition")
        meeting = Meeting.objects.create(committee=committee, title=title, scheduled_at=scheduled_at, place=place,
                                         convened_by=actor)
        record_event(EventType.MEETING_CONVENED, actor=actor, subject=meeting,
                     after={"committee": committee.pk, "scheduled_at": scheduled_at.isoformat(), "place": place})
        when = timezone.localtime(scheduled_at).strftime("%Y년 %m월 %d일 %H:%M")
        for member in committee.members.filter(active=True).select_related("user"):
            _notice(recipient=member.user, actor=actor, title=title, about=meeting, url=f"/review/meetings/{meeting.pk}/",
                    message=f"{committee.name} 회의를 {when}에 {place}에서 엽니다.")
    return meeting


def agenda_add(*, actor, meeting: Meeting, proposal: Proposal) -> AgendaItem:
    """상정: a proposal under review (or asking for a re-review, or held earlier) goes on the agenda."""
    _require(permissions.can_manage(actor, meeting.committee_id), "안건을 상정할 권한이 없습니다.")
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED):
            raise ReviewConflict("끝난 회의에는 안건을 올릴 수 없습니다.", code="meeting_closed")
        proposal = _lock_proposal(proposal.pk)
        if proposal.status not in AGENDA_STATUSES:
            raise ReviewConflict(f"'{proposal.get_status_display()}' 상태의 제안은 상정할 수 없습니다(심사 중·재심사 요청·보류만).",
                                 code="wrong_status", field="proposal")
        pending = AgendaItem.objects.filter(proposal=proposal, outcome="").exclude(
            meeting__status__in=[MeetingStatus.CLOSED, MeetingStatus.CANCELLED])
        if pending.exists():
            raise ReviewConflict("이 제안은 이미 결정을 기다리는 안건입니다.", code="duplicate", field="proposal")
        order = (meeting.agenda.aggregate(m=Max("order"))["m"] or 0) + 1
        item = AgendaItem.objects.create(meeting=meeting, proposal=proposal, order=order)
        if proposal.status == ProposalStatus.HELD:
            now = timezone.now()
            before = snapshot(proposal, ["status"])
            proposal.status = ProposalStatus.UNDER_REVIEW
            _bump(proposal, now)
            proposal.save(update_fields=["status", "version", "updated_at"])
            record_event(EventType.PROPOSAL_REVIEW_STARTED, actor=actor, subject=proposal, before=before,
                         after=snapshot(proposal, ["status"]))
        record_event(EventType.MEETING_AGENDA_ADDED, actor=actor, subject=proposal,
                     after={"meeting": meeting.pk, "item": item.pk, "order": order})
    return item


def meeting_record_attendance(*, actor, meeting: Meeting, present: Sequence[CommitteeMember]) -> Meeting:
    """출석 확인: who is present (active members of the committee). Quorum is checked when deciding."""
    _require(permissions.can_manage(actor, meeting.committee_id), "출석을 확인할 권한이 없습니다.")
    ids = sorted({m.pk for m in present})
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED):
            raise ReviewConflict("끝난 회의입니다.", code="meeting_closed")
        members = list(CommitteeMember.objects.filter(pk__in=ids, committee_id=meeting.committee_id, active=True))
        if len(members) != len(ids):
            raise ReviewError("이 위원회의 재임 중인 위원만 출석으로 적을 수 있습니다.", field="present")
        before = sorted(meeting.attendees.values_list("pk", flat=True))
        meeting.attendees.set(members)
        meeting.status = MeetingStatus.HELD
        meeting.attendance_recorded_at = timezone.now()
        meeting.version += 1
        meeting.save(update_fields=["status", "attendance_recorded_at", "version"])
        record_event(EventType.MEETING_HELD, actor=actor, subject=meeting, before={"present": before},
                     after={"present": ids})
    return meeting


def meeting_record_minutes(*, actor, meeting: Meeting, minutes: str, version: int | None = None) -> Meeting:
    _require(permissions.can_manage(actor, meeting.committee_id), "회의록을 쓸 권한이 없습니다.")
    minutes = _text(minutes, field="minutes", label="회의 내용", limit=MAX_MINUTES)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _check_version(meeting, version)
        meeting.minutes = minutes
        meeting.version += 1
        meeting.save(update_fields=["minutes", "version"])
        record_event(EventType.MEETING_MINUTES_RECORDED, actor=actor, subject=meeting,
                     after={"characters": len(minutes)})
    return meeting


# --- scoring -------------------------------------------------------------------------------------


def _lock_item(item_id: int) -> AgendaItem:
    return (AgendaItem.objects.select_for_update(of=("self",))
            .select_related("meeting__committee", "proposal").get(pk=item_id))


def scoring_open(*, actor, item: AgendaItem) -> AgendaItem:
    _require(permissions.can_manage(actor, item.meeting.committee_id), "채점을 시작할 권한이 없습니다.")
    with transaction.atomic():
        item = _lock_item(item.pk)
        if item.meeting.attendance_recorded_at is None:
            raise ReviewConflict("출석을 먼저 확인해 주세요. 출석한 위원만 채점합니다.", code="no_attendance")
        if item.scoring != ScoringStatus.PENDING:
            raise ReviewConflict(f"이 안건은 이미 '{item.get_scoring_display()}' 상태입니다.", code="wrong_state")
        if item.proposal.status not in DECIDABLE_STATUSES:
            raise ReviewConflict(f"'{item.proposal.get_status_display()}' 상태의 제안은 채점할 수 없습니다.",
                                 code="wrong_status")
        item.scoring = ScoringStatus.OPEN
        item.save(update_fields=["scoring"])
        record_event(EventType.SCORING_OPENED, actor=actor, subject=item.proposal,
                     after={"meeting": item.meeting_id, "item": item.pk})
        excluded = _proposer_ids(item.proposal)
        for member in item.meeting.attendees.filter(role__in=[MemberRole.CHAIR, MemberRole.MEMBER]).select_related("user"):
            if member.user_id in excluded:
                continue
            _notice(recipient=member.user, actor=actor, title=item.meeting.title, about=item.meeting,
                    url=f"/review/items/{item.pk}/score/",
                    message=f"안건 {item.order} '{item.proposal.title}'의 채점을 시작했습니다.")
    return item


def scoring_refusal(item: AgendaItem, member: CommitteeMember | None, *, present_ids: set[int] | None = None,
                    proposer_ids: set[int] | None = None, member_department_id: int | None | bool = False) -> ReviewError | None:
    """Why `member` may not score `item` now, or None (used by the service and by the pages)."""
    if member is None or not member.active or member.committee_id != item.meeting.committee_id:
        return ReviewNotAllowed("이 위원회의 위원만 채점할 수 있습니다.", code="not_member")
    if not member.votes:
        return ReviewNotAllowed("간사는 채점하지 않습니다.", code="not_voting")
    if proposer_ids is None:
        proposer_ids = _proposer_ids(item.proposal)
    if member.user_id in proposer_ids:
        return ReviewNotAllowed("자신이 제안(공동제안 포함)한 안건은 채점할 수 없습니다.", code="own_proposal")
    committee = item.meeting.committee
    if committee.exclude_proposer_department and item.proposal.department_id:
        department_id = _department_id_of(member.user) if member_department_id is False else member_department_id
        if department_id == item.proposal.department_id:
            return ReviewNotAllowed("제안자와 같은 부서의 위원은 이 안건을 채점할 수 없습니다(위원회 규칙).",
                                    code="own_department")
    if present_ids is None:
        present_ids = set(item.meeting.attendees.values_list("pk", flat=True))
    if member.pk not in present_ids:
        return ReviewNotAllowed("출석한 위원만 채점할 수 있습니다.", code="absent")
    if item.scoring == ScoringStatus.PENDING:
        return ReviewConflict("아직 채점이 시작되지 않았습니다.", code="not_open")
    if item.scoring == ScoringStatus.CLOSED:
        return ReviewConflict("채점이 마감되었습니다.", code="closed")
    return None


def score_submit(*, actor, item: AgendaItem, scores: Mapping[str, int], comment: str = "") -> ScoreSheet:
    """A member's scorecard: every criterion within the committee's scale, once, while the round
    is open; never for their own proposal (lead or co-proposer, 공무원 제안 규정) nor, when the
    committee's rule is on, for one from their own department."""
    comment = _text(comment, field="comment", label="의견", required=False)
    with transaction.atomic():
        item = _lock_item(item.pk)
        member = CommitteeMember.objects.filter(committee_id=item.meeting.committee_id, user=actor, active=True).first()
        refusal = scoring_refusal(item, member)
        if refusal:
            raise refusal
        if ScoreSheet.objects.filter(item=item, member=member).exists():
            raise ReviewConflict("이미 이 안건의 심사표를 냈습니다. 심사표는 한 번만 냅니다.", code="already_scored")
        committee = item.meeting.committee
        try:
            weights = scorecard.check_weights(committee.criteria_weights)
            clean = scorecard.check_scores(scores, weights, committee.scale_min, committee.scale_max)
        except scorecard.ScoreError as exc:
            raise ReviewError(exc.message, code="out_of_scale", field=exc.field) from None
        total = scorecard.weighted_total(clean, weights, committee.scale_max)
        try:
            with transaction.atomic():
                sheet = ScoreSheet.objects.create(item=item, member=member, comment=comment,
                                                  total=Decimal(str(round(total, 2))))
        except IntegrityError:
            raise ReviewConflict("이미 이 안건의 심사표를 냈습니다.", code="already_scored") from None
        ScoreLine.objects.bulk_create(
            [ScoreLine(sheet=sheet, criterion=name, weight=weights[name], score=clean[name]) for name in weights])
        # The event says who scored, not how: scores stay blind until everyone has scored.
        record_event(EventType.SCORE_SUBMITTED, actor=actor, subject=item.proposal,
                     after={"item": item.pk, "member": member.pk})
    return sheet


def scoring_close(*, actor, item: AgendaItem) -> AgendaItem:
    _require(permissions.can_manage(actor, item.meeting.committee_id), "채점을 마감할 권한이 없습니다.")
    with transaction.atomic():
        item = _lock_item(item.pk)
        if item.scoring != ScoringStatus.OPEN:
            raise ReviewConflict("채점 중인 안건이 아닙니다.", code="not_open")
        item.scoring = ScoringStatus.CLOSED
        item.save(update_fields=["scoring"])
        totals = [float(t) for t in item.sheets.values_list("total", flat=True)]
        summary = scorecard.spread(totals)
        record_event(EventType.SCORING_CLOSED, actor=actor, subject=item.proposal,
                     after={"item": item.pk, "sheets": summary.count,
                            "mean": round(summary.mean, 2) if summary.mean is not None else None})
    return item


# --- pilots (현장 시뮬레이션) ----------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureSpec:
    name: str
    target: Decimal | float | str
    unit: str = ""
    higher_is_better: bool = True


def _decimal(value, *, field: str, label: str) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise ReviewError(f"{label}은(는) 숫자로 적어 주세요.", field=field) from None
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        raise ReviewError(f"{label}이(가) 올바르지 않습니다.", field=field)
    return number.quantize(Decimal("0.01"))


def pilot_start(
    *,
    actor,
    item: AgendaItem,
    plan: str,
    sites: str,
    starts_on: dt.date,
    ends_on: dt.date,
    measures: Sequence[MeasureSpec],
) -> Pilot:
    """현장 시뮬레이션 회부: the proposal is tried on site (status pilot) with success measures and
    their targets; its proposer is told."""
    _require(permissions.can_manage(actor, item.meeting.committee_id), "현장 시뮬레이션을 정할 권한이 없습니다.")
    plan = _text(plan, field="plan", label="시행 계획")
    sites = _text(sites, field="sites", label="시행 장소", limit=1000)
    if not starts_on or not ends_on:
        raise ReviewError("시행 기간을 정해 주세요.", code="required", field="starts_on")
    if ends_on < starts_on:
        raise ReviewError("종료일이 시작일보다 빠릅니다.", field="ends_on")
    specs = [m for m in measures if (m.name or "").strip()]
    if not specs:
        raise ReviewError("성공 지표를 하나 이상 정해 주세요.", code="required", field="measures")
    names = [m.name.strip()[:100] for m in specs]
    if len(set(names)) != len(names):
        raise ReviewError("같은 이름의 성공 지표가 있습니다.", field="measures")
    targets = [_decimal(m.target, field="measures", label=f"'{m.name}'의 목표") for m in specs]
    with transaction.atomic():
        item = _lock_item(item.pk)
        proposal = _lock_proposal(item.proposal_id)
        if proposal.status != ProposalStatus.UNDER_REVIEW:
            raise ReviewConflict(f"'{proposal.get_status_display()}' 상태의 제안은 현장 시뮬레이션에 회부할 수 없습니다.",
                                 code="wrong_status")
        if item.scoring == ScoringStatus.OPEN:
            raise ReviewConflict("채점을 먼저 마감해 주세요.", code="scoring_open")
        if item.outcome:
            raise ReviewConflict("이미 결과가 정해진 안건입니다.", code="decided")
        pilot = Pilot.objects.create(proposal=proposal, item=item, plan=plan, sites=sites, starts_on=starts_on,
                                     ends_on=ends_on, created_by=actor)
        PilotMeasure.objects.bulk_create([
            PilotMeasure(pilot=pilot, name=name, unit=(m.unit or "").strip()[:20], target=target,
                         higher_is_better=bool(m.higher_is_better))
            for name, m, target in zip(names, specs, targets, strict=True)])
        item.outcome = AgendaOutcome.PILOT
        item.save(update_fields=["outcome"])
        now = timezone.now()
        before = snapshot(proposal, ["status"])
        proposal.status = ProposalStatus.PILOT
        _bump(proposal, now)
        proposal.save(update_fields=["status", "version", "updated_at"])
        record_event(EventType.PILOT_PLANNED, actor=actor, subject=pilot,
                     after={"proposal": proposal.pk, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat(),
                            "measures": names})
        record_event(EventType.PILOT_STARTED, actor=actor, subject=proposal, before=before,
                     after=snapshot(proposal, ["status"]))
        period = f"{starts_on:%Y. %m. %d.}~{ends_on:%Y. %m. %d.}"
        for person in User.objects.filter(pk__in=_proposer_ids(proposal)):
            _notice(recipient=person, actor=actor, title=f"제안 '{proposal.title}'", about=proposal,
                    url=f"/review/pilots/{pilot.pk}/",
                    message=f"심사위원회가 채택 여부를 정하기 전에 현장 시뮬레이션({period}, {sites})을 하기로 했습니다.")
    return pilot


def pilot_record_result(*, actor, measure: PilotMeasure, value, note: str = "") -> PilotResult:
    measure = PilotMeasure.objects.select_related("pilot__item__meeting").get(pk=measure.pk)
    committee_id = measure.pilot.item.meeting.committee_id if measure.pilot.item else None
    _require(permissions.is_secretariat(actor) or (committee_id and permissions.can_manage(actor, committee_id)),
             "현장 시뮬레이션 결과를 기록할 권한이 없습니다.")
    number = _decimal(value, field="value", label="측정값")
    note = _text(note, field="note", label="비고", required=False, limit=1000)
    with transaction.atomic():
        pilot = Pilot.objects.select_for_update().get(pk=measure.pilot_id)
        if pilot.status != PilotStatus.RUNNING:
            raise ReviewConflict("끝난 현장 시뮬레이션입니다.", code="finished")
        before = PilotResult.objects.filter(measure=measure).values("value").first()
        result, _ = PilotResult.objects.update_or_create(
            measure=measure, defaults={"value": number, "note": note, "recorded_by": actor, "recorded_at": timezone.now()})
        record_event(EventType.PILOT_RESULT_RECORDED, actor=actor, subject=pilot,
                     before={"measure": measure.name, "value": str(before["value"])} if before else None,
                     after={"measure": measure.name, "value": str(number), "target": str(measure.target),
                            "met": measure.met(number)})
    return result


def pilot_finish(*, actor, pilot: Pilot, summary: str) -> Pilot:
    """End the pilot once every measure has a result: the proposal goes back to the committee."""
    pilot = Pilot.objects.select_related("item__meeting").get(pk=pilot.pk)
    committee_id = pilot.item.meeting.committee_id if pilot.item else None
    _require(permissions.is_secretariat(actor) or (committee_id and permissions.can_manage(actor, committee_id)),
             "현장 시뮬레이션을 마칠 권한이 없습니다.")
    summary = _text(summary, field="summary", label="결과 요약")
    with transaction.atomic():
        pilot = Pilot.objects.select_for_update().get(pk=pilot.pk)
        if pilot.status != PilotStatus.RUNNING:
            raise ReviewConflict("이미 끝난 현장 시뮬레이션입니다.", code="finished")
        missing = list(pilot.measures.filter(result__isnull=True).values_list("name", flat=True))
        if missing:
            raise ReviewError(f"'{missing[0]}'의 결과를 먼저 기록해 주세요.", code="results_missing", field="summary")
        proposal = _lock_proposal(pilot.proposal_id)
        now = timezone.now()
        pilot.status, pilot.summary, pilot.finished_at = PilotStatus.FINISHED, summary, now
        pilot.save(update_fields=["status", "summary", "finished_at"])
        before = snapshot(proposal, ["status"])
        proposal.status = ProposalStatus.UNDER_REVIEW
        _bump(proposal, now)
        proposal.save(update_fields=["status", "version", "updated_at"])
        met = sum(1 for r in PilotResult.objects.filter(measure__pilot=pilot).select_related("measure") if r.met)
        record_event(EventType.PILOT_FINISHED, actor=actor, subject=proposal, before=before,
                     after={**snapshot(proposal, ["status"]), "pilot": pilot.pk, "measures_met": met,
                            "measures": pilot.measures.count()})
    return pilot


# --- decisions ------------------------------------------------------------------------------------


def _as_date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ReviewError("실시 예정일은 날짜(YYYY-MM-DD)로 적어 주세요.", field="planned_implementation_on") from None


def decision_record(
    *,
    actor,
    item: AgendaItem,
    outcome: str,
    reasons: str = "",
    grade: str = "",
    award_krw: int | None = None,
    planned_implementation_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Decision:
    """채택 여부 결정, with a quorum of voting members present (재적 과반수 출석). Updates the
    proposal and tells the proposer (and co-proposers) the result with the planned
    implementation date, or the reasons and how to ask for a re-review (within
    `proposals.rereview_request_days`). An adoption writes a 실적가점 candidate for the lead and
    every co-proposer."""
    _require(permissions.can_decide(actor, item.meeting.committee_id), "채택 여부를 기록할 권한이 없습니다.")
    if outcome not in DecisionOutcome.values:
        raise ReviewError("결정을 골라 주세요.", code="required", field="outcome")
    adopted = outcome in ADOPTING_OUTCOMES
    reasons = _text(reasons, field="reasons", label="사유", required=outcome != DecisionOutcome.ADOPTED)
    planned = _as_date(planned_implementation_on)
    if adopted and planned is None:
        raise ReviewError("채택하면 실시 예정일을 알려야 합니다. 실시 예정일을 정해 주세요.", code="required",
                          field="planned_implementation_on")
    if not adopted:
        planned = None
    if award_krw in ("",):
        award_krw = None
    try:
        award_krw = None if award_krw is None else int(award_krw)
    except (TypeError, ValueError):
        raise ReviewError("상금은 원 단위 숫자로 적어 주세요.", field="award_krw") from None
    now = now or timezone.now()
    with transaction.atomic():
        item = _lock_item(item.pk)
        meeting = item.meeting
        proposal = _lock_proposal(item.proposal_id)
        if Decision.objects.filter(item=item).exists():
            raise ReviewConflict("이 안건은 이미 결정되었습니다.", code="decided")
        if proposal.status not in DECIDABLE_STATUSES:
            raise ReviewConflict(f"'{proposal.get_status_display()}' 상태의 제안은 결정할 수 없습니다.", code="wrong_status")
        if item.scoring == ScoringStatus.OPEN:
            raise ReviewConflict("채점을 먼저 마감해 주세요.", code="scoring_open")
        members = _voting(meeting.committee).count()
        present = meeting.attendees.filter(active=True, role__in=[MemberRole.CHAIR, MemberRole.MEMBER]).count()
        if not composition.has_quorum(present=present, members=members):
            raise ReviewConflict(
                f"의사정족수가 되지 않습니다: 재적 위원 {members}명 중 {composition.quorum(members)}명 이상 출석해야 하는데 "
                f"{present}명이 출석했습니다.", code="no_quorum")
        co = list(CoProposer.objects.filter(proposal=proposal).select_related("user").order_by("pk"))
        try:
            award_krw = awards.check_award(
                adopted=adopted, grade=grade, amount=award_krw,
                central=district_setting("proposals.central_award_ranges_krw"),
                district=district_setting("proposals.district_awards_krw"),
                proposers=1 + len(co),
                raise_min=int(district_setting("proposals.co_proposer_raise_min")),
                raise_ratio=float(district_setting("proposals.co_proposer_raise_ratio")),
            )
        except awards.AwardError as exc:
            raise ReviewError(exc.message, field=exc.field) from None
        grade = (grade or "").strip()
        totals = [float(t) for t in item.sheets.values_list("total", flat=True)]
        mean = scorecard.spread(totals).mean
        rereview_due = None
        if outcome == DecisionOutcome.REJECTED:
            rereview_due = compute_due_at(now, days=int(district_setting("proposals.rereview_request_days")))
        decision = Decision.objects.create(
            proposal=proposal, meeting=meeting, item=item, outcome=outcome, reasons=reasons, grade=grade,
            award_krw=award_krw, planned_implementation_on=planned, rereview_due_at=rereview_due,
            score_total=Decimal(str(round(mean, 2))) if mean is not None else None, decided_at=now, decided_by=actor)
        item.outcome = outcome
        item.save(update_fields=["outcome"])
        before = snapshot(proposal, PROPOSAL_DECISION_FIELDS)
        proposal.status = STATUS_OF_OUTCOME[outcome]
        proposal.decided_at = now
        proposal.planned_implementation_on = planned
        proposal.rereview_due_at = rereview_due
        proposal.grade = grade
        proposal.award_krw = award_krw
        _bump(proposal, now)
        proposal.save(update_fields=[*PROPOSAL_DECISION_FIELDS, "version", "updated_at"])
        record_event(EventType.PROPOSAL_DECIDED, actor=actor, subject=proposal, before=before,
                     after={**snapshot(proposal, PROPOSAL_DECISION_FIELDS), "decision": decision.pk,
                            "meeting": meeting.pk}, note=reasons[:500])
        if grade:
            record_event(EventType.PROPOSAL_AWARDED, actor=actor, subject=proposal,
                         after={"grade": grade, "award_krw": award_krw, "proposers": 1 + len(co)})
        if adopted:
            people = [(proposal.proposer_id, MeritRole.LEAD, None)] + [(c.user_id, MeritRole.CO, c.share_percent) for c in co]
            for user_id, role, share in people:
                merit = MeritRecord.objects.create(user_id=user_id, proposal=proposal, decision=decision, role=role,
                                                   share_percent=share, grade=grade, decided_at=now)
                record_event(EventType.MERIT_POINT_RECORDED, actor=actor, subject=merit,
                             after={"user": user_id, "proposal": proposal.pk, "role": role, "grade": grade})
        message = decision_message(decision)
        recipients = User.objects.filter(pk__in=[proposal.proposer_id, *(c.user_id for c in co)])
        for person in recipients:
            _notice(recipient=person, actor=actor, title=f"제안 '{proposal.title}' 채택 여부", about=proposal,
                    url=f"/review/proposals/{proposal.pk}/", message=message)
        record_event(EventType.PROPOSAL_DECISION_NOTIFIED, actor=actor, subject=proposal,
                     after={"recipients": sorted(p.pk for p in recipients), "outcome": outcome})
    return decision


def won(amount: int | None) -> str:
    return f"{amount:,}원" if amount is not None else ""


def korean_date(day: dt.date | None) -> str:
    return f"{day.year}. {day.month}. {day.day}." if day else ""


def decision_message(decision: Decision) -> str:
    """What the proposer reads: the result and what follows from it."""
    label = decision.get_outcome_display()
    lines = [f"심사위원회가 제안을 '{label}'(으)로 결정했습니다."]
    if decision.adopted:
        lines.append(f"실시 예정일: {korean_date(decision.planned_implementation_on)}")
        if decision.grade:
            award = f", 상금 {won(decision.award_krw)}" if decision.award_krw else ""
            lines.append(f"시상: {decision.grade}{award}")
    if decision.reasons:
        lines.append(f"사유: {decision.reasons}")
    if decision.outcome == DecisionOutcome.REJECTED and decision.rereview_due_at:
        due = timezone.localtime(decision.rereview_due_at).strftime("%Y년 %m월 %d일 %H:%M")
        lines.append(f"결정에 이의가 있으면 {due}까지 재심사를 요청할 수 있습니다(제안 화면의 '재심사 요청').")
    if decision.outcome == DecisionOutcome.HELD:
        lines.append("보류된 제안은 다음 심사위원회에서 다시 심사합니다.")
    return "\n".join(lines)


def rereview_request(*, actor, proposal: Proposal, reason: str, now: dt.datetime | None = None) -> RereviewRequest:
    """재심사 요청: the proposer (lead or co-proposer) of a rejected proposal asks, within the
    window set at the rejection notice; the proposal must then go before a committee again."""
    reason = _text(reason, field="reason", label="재심사 요청 사유")
    now = now or timezone.now()
    with transaction.atomic():
        proposal = _lock_proposal(proposal.pk)
        _require(actor is not None and actor.pk in _proposer_ids(proposal), "제안자만 재심사를 요청할 수 있습니다.")
        if proposal.status != ProposalStatus.REJECTED:
            raise ReviewConflict("불채택된 제안만 재심사를 요청할 수 있습니다.", code="wrong_status")
        decision = proposal.decisions.order_by("-decided_at", "-pk").first()
        if decision is None:
            raise ReviewConflict("심사위원회의 결정이 없는 제안입니다.", code="no_decision")
        if not rereview_in_time(now=now, due_at=proposal.rereview_due_at):
            due = timezone.localtime(proposal.rereview_due_at).strftime("%Y년 %m월 %d일") if proposal.rereview_due_at else "-"
            raise ReviewConflict(f"재심사 요청 기한({due})이 지났습니다.", code="too_late")
        if RereviewRequest.objects.filter(decision=decision).exists():
            raise ReviewConflict("이 결정에 대해 이미 재심사를 요청했습니다.", code="duplicate")
        request = RereviewRequest.objects.create(proposal=proposal, decision=decision, requested_by=actor,
                                                 reason=reason, requested_at=now)
        before = snapshot(proposal, ["status"])
        proposal.status = ProposalStatus.REREVIEW_REQUESTED
        _bump(proposal, now)
        proposal.save(update_fields=["status", "version", "updated_at"])
        record_event(EventType.PROPOSAL_REREVIEW_REQUESTED, actor=actor, subject=proposal, before=before,
                     after={**snapshot(proposal, ["status"]), "request": request.pk}, note=reason[:500])
        planners = User.objects.filter(role_grants__role=Role.PLANNER, is_active=True, kind=UserKind.STAFF).distinct()
        for planner in planners:
            _notice(recipient=planner, actor=None, title=f"제안 '{proposal.title}' 재심사 요청", about=proposal,
                    url="/review/", message=f"{actor.name}님이 재심사를 요청했습니다. 심사위원회에 다시 상정해 주세요.\n사유: {reason}")
    return request
