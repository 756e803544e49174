"""심의 in the JSON API (/api/v1/review/): committees, members, meetings, agenda, scorecards,
pilots, decisions and re-review requests, with the pages' rules.

Errors are {code, message, field}: ReviewError (400, 403, 404, 409) is registered with the API
here. Residents and staff who are neither members nor the secretariat get 403; scores follow
the blind-scoring rule of gamdong.review.selectors.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import django_auth

from gamdong.accounts.models import User
from gamdong.api import ApiError, register_domain_error
from gamdong.ideas.models import Proposal
from gamdong.review import permissions, selectors, services
from gamdong.review.models import (
    AgendaItem,
    Committee,
    CommitteeMember,
    Decision,
    Meeting,
    Pilot,
    PilotMeasure,
)

register_domain_error(services.ReviewError)

router = Router(tags=["review"], auth=django_auth)


def _not_found(what: str) -> ApiError:
    return ApiError(f"{what}을(를) 찾을 수 없습니다.", code="not_found", status=404)


def _forbidden(message: str = "심사위원회 기능은 위원과 제안 담당(간사)만 쓸 수 있습니다.") -> ApiError:
    return ApiError(message, code="forbidden", status=403)


def _get(model, pk: int, what: str, **related):
    row = model.objects.filter(pk=pk).select_related(*related.get("select", ())).first()
    if row is None:
        raise _not_found(what)
    return row


def _view(request: HttpRequest, committee_id: int) -> None:
    if not permissions.can_view_committee(request.auth, committee_id):
        raise _forbidden()


# --- schemas ------------------------------------------------------------------------------------


class MemberOut(Schema):
    id: int
    user_id: int
    name: str
    role: str
    external: bool
    active: bool


class CommitteeOut(Schema):
    id: int
    name: str
    kind: str
    external_share_required: bool
    criteria_weights: dict[str, float]
    scale_min: int
    scale_max: int
    exclude_proposer_department: bool
    version: int


class CommitteeDetailOut(CommitteeOut):
    members: list[MemberOut]
    required_external: int
    quorum: int
    can_convene: bool
    problem: str | None


class CommitteeIn(Schema):
    name: str
    kind: str = "staff"
    external_share_required: bool = True
    criteria_weights: dict[str, float] | None = None
    scale_min: int = 1
    scale_max: int = 10
    exclude_proposer_department: bool = True


class CommitteeChangeIn(Schema):
    criteria_weights: dict[str, float] | None = None
    scale_min: int | None = None
    scale_max: int | None = None
    external_share_required: bool | None = None
    exclude_proposer_department: bool | None = None
    version: int | None = None


class MemberIn(Schema):
    user_id: int
    role: str = "member"


class MeetingIn(Schema):
    title: str
    scheduled_at: dt.datetime
    place: str


class MeetingSummaryOut(Schema):
    id: int
    committee_id: int
    title: str
    scheduled_at: dt.datetime
    place: str
    status: str
    agenda_items: int


class AgendaItemOut(Schema):
    id: int
    order: int
    proposal_id: int
    proposal_title: str
    scoring: str
    outcome: str
    submitted: int
    eligible: int
    complete: bool
    decision_id: int | None


class MeetingOut(Schema):
    id: int
    committee_id: int
    title: str
    scheduled_at: dt.datetime
    place: str
    status: str
    present_member_ids: list[int]
    quorum: int
    has_quorum: bool
    minutes: str
    version: int
    agenda: list[AgendaItemOut]


class AgendaIn(Schema):
    proposal_id: int


class AttendanceIn(Schema):
    member_ids: list[int]


class MinutesIn(Schema):
    minutes: str
    version: int | None = None


class ScorecardIn(Schema):
    scores: dict[str, int]
    comment: str = ""


class ScorecardOut(Schema):
    id: int
    item_id: int
    member_id: int
    total: float


class SheetOut(Schema):
    member_id: int
    name: str
    total: float
    scores: dict[str, int]
    comment: str
    mine: bool
    outlier: bool | None  # only for the chair and the secretariat


class SpreadOut(Schema):
    mean: float | None
    median: float | None
    stdev: float | None
    low: float | None
    high: float | None
    range: float | None
    outlier_member_ids: list[int]
    threshold: float


class ResultsOut(Schema):
    item_id: int
    scoring: str
    visible: bool
    complete: bool
    submitted: int
    eligible: int
    criteria: dict[str, float]
    sheets: list[SheetOut]
    means: dict[str, float | None]
    mean_total: float | None
    spread: SpreadOut | None


class MeasureIn(Schema):
    name: str
    target: Decimal
    unit: str = ""
    higher_is_better: bool = True


class PilotIn(Schema):
    plan: str
    sites: str
    starts_on: dt.date
    ends_on: dt.date
    measures: list[MeasureIn]


class MeasureOut(Schema):
    id: int
    name: str
    unit: str
    target: Decimal
    higher_is_better: bool
    value: Decimal | None
    met: bool | None


class PilotOut(Schema):
    id: int
    proposal_id: int
    status: str
    plan: str
    sites: str
    starts_on: dt.date
    ends_on: dt.date
    summary: str
    measures: list[MeasureOut]


class PilotResultIn(Schema):
    measure_id: int
    value: Decimal
    note: str = ""


class PilotFinishIn(Schema):
    summary: str


class DecisionIn(Schema):
    outcome: str
    reasons: str = ""
    grade: str = ""
    award_krw: int | None = None
    planned_implementation_on: dt.date | None = None


class DecisionOut(Schema):
    id: int
    proposal_id: int
    meeting_id: int
    outcome: str
    reasons: str
    grade: str
    award_krw: int | None
    planned_implementation_on: dt.date | None
    rereview_due_at: dt.datetime | None
    decided_at: dt.datetime


class RereviewIn(Schema):
    reason: str


class PanelOut(Schema):
    proposal_id: int
    status: str
    status_label: str
    decision: DecisionOut | None
    pilot_id: int | None
    rereview_open: bool
    rereview_due_at: dt.datetime | None


# --- conversions -------------------------------------------------------------------------------------


def _member(m: CommitteeMember) -> dict:
    return {"id": m.pk, "user_id": m.user_id, "name": m.user.name, "role": m.role, "external": m.is_external,
            "active": m.active}


def _committee(c: Committee) -> dict:
    return {"id": c.pk, "name": c.name, "kind": c.kind, "external_share_required": c.external_share_required,
            "criteria_weights": c.criteria_weights, "scale_min": c.scale_min, "scale_max": c.scale_max,
            "exclude_proposer_department": c.exclude_proposer_department, "version": c.version}


def _committee_detail(c: Committee) -> dict:
    detail = selectors.committee_detail(c)
    problem = services.composition_problem(c)
    return {**_committee(c), "members": [_member(m) for m in detail["members"]],
            "required_external": detail["required_external"], "quorum": detail["quorum"],
            "can_convene": problem is None, "problem": problem}


def _meeting(meeting: Meeting, viewer) -> dict:
    page = selectors.meeting_page(meeting, viewer)
    m = page["meeting"]
    return {
        "id": m.pk, "committee_id": m.committee_id, "title": m.title, "scheduled_at": m.scheduled_at, "place": m.place,
        "status": m.status, "present_member_ids": sorted(page["present_ids"]), "quorum": page["quorum"],
        "has_quorum": page["has_quorum"], "minutes": m.minutes, "version": m.version,
        "agenda": [{
            "id": r["item"].pk, "order": r["item"].order, "proposal_id": r["item"].proposal_id,
            "proposal_title": r["item"].proposal.title, "scoring": r["item"].scoring, "outcome": r["item"].outcome,
            "submitted": len(r["state"].submitted_ids), "eligible": len(r["state"].eligible_ids),
            "complete": r["state"].complete, "decision_id": r["decision"].pk if r["decision"] else None,
        } for r in page["rows"]],
    }


def _decision(d: Decision) -> dict:
    return {"id": d.pk, "proposal_id": d.proposal_id, "meeting_id": d.meeting_id, "outcome": d.outcome,
            "reasons": d.reasons, "grade": d.grade, "award_krw": d.award_krw,
            "planned_implementation_on": d.planned_implementation_on, "rereview_due_at": d.rereview_due_at,
            "decided_at": d.decided_at}


def _pilot(pilot: Pilot) -> dict:
    page = selectors.pilot_page(pilot)
    p = page["pilot"]
    return {"id": p.pk, "proposal_id": p.proposal_id, "status": p.status, "plan": p.plan, "sites": p.sites,
            "starts_on": p.starts_on, "ends_on": p.ends_on, "summary": p.summary,
            "measures": [{"id": r["measure"].pk, "name": r["measure"].name, "unit": r["measure"].unit,
                          "target": r["measure"].target, "higher_is_better": r["measure"].higher_is_better,
                          "value": r["result"].value if r["result"] else None, "met": r["met"]}
                         for r in page["rows"]]}


def _item(pk: int) -> AgendaItem:
    item = AgendaItem.objects.filter(pk=pk).select_related("meeting__committee", "proposal").first()
    if item is None:
        raise _not_found("안건")
    return item


# --- committees and members ------------------------------------------------------------------------------


@router.get("/committees", response=list[CommitteeOut], summary="Committees the caller sits on (all for the secretariat)")
def committees(request: HttpRequest):
    if not permissions.can_use_review(request.auth):
        raise _forbidden()
    return [_committee(c) for c in selectors.committees_for(request.auth)]


@router.post("/committees", response={201: CommitteeDetailOut}, summary="Form a committee")
def committee_form(request: HttpRequest, payload: CommitteeIn):
    committee = services.committee_form(
        actor=request.auth, name=payload.name, kind=payload.kind, external_share_required=payload.external_share_required,
        weights=payload.criteria_weights, scale_min=payload.scale_min, scale_max=payload.scale_max,
        exclude_proposer_department=payload.exclude_proposer_department)
    return Status(201, _committee_detail(committee))


@router.get("/committees/{committee_id}", response=CommitteeDetailOut)
def committee_detail(request: HttpRequest, committee_id: int):
    committee = _get(Committee, committee_id, "위원회")
    _view(request, committee.pk)
    return _committee_detail(committee)


@router.patch("/committees/{committee_id}", response=CommitteeDetailOut, summary="Change weights, scale or rules")
def committee_change(request: HttpRequest, committee_id: int, payload: CommitteeChangeIn):
    committee = _get(Committee, committee_id, "위원회")
    committee = services.committee_change(
        actor=request.auth, committee=committee, weights=payload.criteria_weights, scale_min=payload.scale_min,
        scale_max=payload.scale_max, external_share_required=payload.external_share_required,
        exclude_proposer_department=payload.exclude_proposer_department, version=payload.version)
    return _committee_detail(committee)


@router.post("/committees/{committee_id}/members", response={201: MemberOut}, summary="Appoint a member (위촉)")
def member_add(request: HttpRequest, committee_id: int, payload: MemberIn):
    committee = _get(Committee, committee_id, "위원회")
    user = User.objects.filter(pk=payload.user_id).first()
    if user is None:
        raise _not_found("사용자")
    member = services.committee_member_add(actor=request.auth, committee=committee, user=user, role=payload.role)
    return Status(201, _member(member))


@router.delete("/members/{member_id}", response=MemberOut, summary="Remove a member (해촉)")
def member_remove(request: HttpRequest, member_id: int):
    member = _get(CommitteeMember, member_id, "위원", select=("user",))
    return _member(services.committee_member_remove(actor=request.auth, member=member))


# --- meetings and agenda ----------------------------------------------------------------------------------


@router.get("/committees/{committee_id}/meetings", response=list[MeetingSummaryOut],
            summary="The committee's meetings, latest first (the agenda of each at /meetings/{id})")
def meetings(request: HttpRequest, committee_id: int):
    committee = _get(Committee, committee_id, "위원회")
    _view(request, committee.pk)
    return [{"id": m.pk, "committee_id": m.committee_id, "title": m.title, "scheduled_at": m.scheduled_at,
             "place": m.place, "status": m.status, "agenda_items": m.items}
            for m in selectors.meetings_for(request.auth, committee=committee, limit=50)]


@router.post("/committees/{committee_id}/meetings", response={201: MeetingOut}, summary="Convene a meeting")
def meeting_convene(request: HttpRequest, committee_id: int, payload: MeetingIn):
    committee = _get(Committee, committee_id, "위원회")
    meeting = services.meeting_convene(actor=request.auth, committee=committee, title=payload.title,
                                       scheduled_at=payload.scheduled_at, place=payload.place)
    return Status(201, _meeting(meeting, request.auth))


@router.get("/meetings/{meeting_id}", response=MeetingOut)
def meeting(request: HttpRequest, meeting_id: int):
    meeting = _get(Meeting, meeting_id, "회의")
    _view(request, meeting.committee_id)
    return _meeting(meeting, request.auth)


@router.post("/meetings/{meeting_id}/agenda", response={201: AgendaItemOut}, summary="Put a proposal on the agenda")
def agenda_add(request: HttpRequest, meeting_id: int, payload: AgendaIn):
    meeting = _get(Meeting, meeting_id, "회의")
    proposal = Proposal.objects.filter(pk=payload.proposal_id).first()
    if proposal is None:
        raise _not_found("제안")
    item = services.agenda_add(actor=request.auth, meeting=meeting, proposal=proposal)
    row = next(a for a in _meeting(meeting, request.auth)["agenda"] if a["id"] == item.pk)
    return Status(201, row)


@router.post("/meetings/{meeting_id}/attendance", response=MeetingOut, summary="Record who is present")
def attendance(request: HttpRequest, meeting_id: int, payload: AttendanceIn):
    meeting = _get(Meeting, meeting_id, "회의")
    present = list(CommitteeMember.objects.filter(pk__in=payload.member_ids))
    if len(present) != len(set(payload.member_ids)):
        raise services.ReviewError("없는 위원이 포함되어 있습니다.", field="member_ids")
    services.meeting_record_attendance(actor=request.auth, meeting=meeting, present=present)
    return _meeting(meeting, request.auth)


@router.post("/meetings/{meeting_id}/minutes", response=MeetingOut, summary="Record the minutes")
def minutes(request: HttpRequest, meeting_id: int, payload: MinutesIn):
    meeting = _get(Meeting, meeting_id, "회의")
    services.meeting_record_minutes(actor=request.auth, meeting=meeting, minutes=payload.minutes, version=payload.version)
    return _meeting(meeting, request.auth)


# --- scoring ------------------------------------------------------------------------------------------------


@router.post("/items/{item_id}/scoring/open", response=AgendaItemOut, summary="Open the scoring of an agenda item")
def scoring_open(request: HttpRequest, item_id: int):
    item = services.scoring_open(actor=request.auth, item=_item(item_id))
    return next(a for a in _meeting(item.meeting, request.auth)["agenda"] if a["id"] == item.pk)


@router.post("/items/{item_id}/scoring/close", response=AgendaItemOut, summary="Close the scoring of an agenda item")
def scoring_close(request: HttpRequest, item_id: int):
    item = services.scoring_close(actor=request.auth, item=_item(item_id))
    return next(a for a in _meeting(item.meeting, request.auth)["agenda"] if a["id"] == item.pk)


@router.post("/items/{item_id}/scorecards", response={201: ScorecardOut}, summary="Submit the caller's scorecard")
def scorecard_submit(request: HttpRequest, item_id: int, payload: ScorecardIn):
    item = _item(item_id)
    if not permissions.can_view_committee(request.auth, item.meeting.committee_id):
        raise _forbidden("이 위원회의 위원만 채점할 수 있습니다.")
    sheet = services.score_submit(actor=request.auth, item=item, scores=payload.scores, comment=payload.comment)
    return Status(201, {"id": sheet.pk, "item_id": item.pk, "member_id": sheet.member_id, "total": float(sheet.total)})


@router.get("/items/{item_id}/results", response=ResultsOut, summary="Scores as the caller may see them")
def results(request: HttpRequest, item_id: int):
    item = _item(item_id)
    if not permissions.can_view_committee(request.auth, item.meeting.committee_id):
        raise _forbidden("심사 점수는 위원과 제안 담당(간사)만 볼 수 있습니다.")
    r = selectors.item_results(item, request.auth)
    spread = None
    if r.spread is not None:
        spread = {"mean": r.spread.mean, "median": r.spread.median, "stdev": r.spread.stdev, "low": r.spread.low,
                  "high": r.spread.high, "range": r.spread.range, "threshold": r.threshold,
                  "outlier_member_ids": [s.member.pk for s in r.outliers]}
    return {
        "item_id": item.pk, "scoring": r.item.scoring, "visible": r.visible, "complete": r.complete,
        "submitted": r.submitted, "eligible": r.eligible, "criteria": r.weights,
        "sheets": [{"member_id": s.member.pk, "name": s.member.user.name, "total": s.total, "scores": s.scores,
                    "comment": s.comment, "mine": s.mine, "outlier": s.outlier if spread is not None else None}
                   for s in r.sheets],
        "means": r.means, "mean_total": r.mean_total, "spread": spread,
    }


# --- pilots ---------------------------------------------------------------------------------------------------


@router.post("/items/{item_id}/pilot", response={201: PilotOut}, summary="Send the proposal to a field simulation")
def pilot_start(request: HttpRequest, item_id: int, payload: PilotIn):
    pilot = services.pilot_start(
        actor=request.auth, item=_item(item_id), plan=payload.plan, sites=payload.sites, starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        measures=[services.MeasureSpec(m.name, m.target, m.unit, m.higher_is_better) for m in payload.measures])
    return Status(201, _pilot(pilot))


def _pilot_for(request: HttpRequest, pilot_id: int) -> Pilot:
    pilot = _get(Pilot, pilot_id, "현장 시뮬레이션", select=("item__meeting",))
    committee_id = pilot.item.meeting.committee_id if pilot.item else None
    if not (permissions.is_secretariat(request.auth)
            or (committee_id and permissions.can_view_committee(request.auth, committee_id))):
        raise _forbidden()
    return pilot


@router.get("/pilots/{pilot_id}", response=PilotOut)
def pilot(request: HttpRequest, pilot_id: int):
    return _pilot(_pilot_for(request, pilot_id))


@router.post("/pilots/{pilot_id}/results", response=PilotOut, summary="Record the result of one success measure")
def pilot_result(request: HttpRequest, pilot_id: int, payload: PilotResultIn):
    pilot = _pilot_for(request, pilot_id)
    measure = PilotMeasure.objects.filter(pk=payload.measure_id, pilot=pilot).first()
    if measure is None:
        raise _not_found("성공 지표")
    services.pilot_record_result(actor=request.auth, measure=measure, value=payload.value, note=payload.note)
    return _pilot(pilot)


@router.post("/pilots/{pilot_id}/finish", response=PilotOut, summary="Finish the pilot: back to the committee")
def pilot_finish(request: HttpRequest, pilot_id: int, payload: PilotFinishIn):
    pilot = _pilot_for(request, pilot_id)
    return _pilot(services.pilot_finish(actor=request.auth, pilot=pilot, summary=payload.summary))


# --- decisions and re-review ---------------------------------------------------------------------------------


@router.post("/items/{item_id}/decision", response={201: DecisionOut}, summary="Record the committee's decision")
def decision_record(request: HttpRequest, item_id: int, payload: DecisionIn):
    decision = services.decision_record(
        actor=request.auth, item=_item(item_id), outcome=payload.outcome, reasons=payload.reasons, grade=payload.grade,
        award_krw=payload.award_krw, planned_implementation_on=payload.planned_implementation_on)
    return Status(201, _decision(decision))


@router.get("/decisions/{decision_id}", response=DecisionOut)
def decision(request: HttpRequest, decision_id: int):
    d = _get(Decision, decision_id, "결정", select=("proposal", "meeting"))
    proposer_ids = {d.proposal.proposer_id, *d.proposal.co_proposers.values_list("user_id", flat=True)}
    if request.auth.pk not in proposer_ids and not permissions.can_view_committee(request.auth, d.meeting.committee_id):
        raise _forbidden("결정은 제안자와 심사위원회만 볼 수 있습니다.")
    return _decision(d)


@router.get("/proposals/{proposal_id}", response=PanelOut, summary="The review of one proposal as the caller may see it")
def proposal_panel(request: HttpRequest, proposal_id: int):
    proposal = _get(Proposal, proposal_id, "제안")
    panel = selectors.proposal_panel(proposal, request.auth)
    if not (panel["is_proposer"] or panel["insider"]):
        raise _forbidden("이 제안의 심사 결과는 제안자와 심사위원회만 볼 수 있습니다.")
    return {"proposal_id": proposal.pk, "status": proposal.status, "status_label": panel["status"],
            "decision": _decision(panel["decision"]) if panel["decision"] else None,
            "pilot_id": panel["pilot"].pk if panel["pilot"] else None, "rereview_open": panel["rereview_open"],
            "rereview_due_at": panel["rereview_due_at"]}


@router.post("/proposals/{proposal_id}/rereview", response={201: PanelOut}, summary="The proposer asks for a re-review")
def rereview(request: HttpRequest, proposal_id: int, payload: RereviewIn):
    proposal = _get(Proposal, proposal_id, "제안")
    services.rereview_request(actor=request.auth, proposal=proposal, reason=payload.reason)
    return Status(201, proposal_panel(request, proposal_id))
