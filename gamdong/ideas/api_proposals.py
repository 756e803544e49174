"""The formal proposal in the JSON API (/api/v1/proposals/): draft, submit, read, my list,
withdraw, and the planner's intake screening — the pages' rules and Korean errors
({code, message, field}; IdeaError is registered with the API).

A retried submit is safe twice over: the Idempotency-Key middleware answers a repeat of the
same request, and the key also reaches the service, which never makes a second proposal.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import django_auth

from gamdong.api import ApiError, register_domain_error
from gamdong.ideas import selectors, services
from gamdong.ideas.models import ProposalKind

register_domain_error(services.IdeaError)

router = Router(tags=["proposals"], auth=django_auth)


class ProposalIn(Schema):
    title: str = ""
    current_situation: str = ""
    problem: str = ""
    improvement: str = ""
    expected_effect: str = ""
    kind: str = ProposalKind.STAFF
    co_proposer_ids: list[int] = []
    idea_id: int | None = None
    club_id: int | None = None
    campaign_id: int | None = None
    complaint_ids: list[int] = []
    dialogue_item_id: int | None = None
    links: list[str] = []
    submit: bool = False
    version: int | None = None


class DeadlineOut(Schema):
    label: str
    due: dt.datetime
    left: str
    overdue: bool


class EvidenceOut(Schema):
    receipt_number: str
    category: str
    dong: str
    title: str


class ProposalOut(Schema):
    id: int
    number: str | None
    kind: str
    kind_label: str
    status: str
    status_label: str
    title: str
    current_situation: str
    problem: str
    improvement: str
    expected_effect: str
    proposer: str
    co_proposers: list[str]
    submitted_at: dt.datetime | None
    received_at: dt.datetime | None
    supplement_due_at: dt.datetime | None
    decision_due_at: dt.datetime | None
    ineligible_reason: str
    screening_note: str
    repeat_of: str | None
    idea_id: int | None
    complaints: list[EvidenceOut]
    links: list[str]
    attachments: list[str]
    deadlines: list[DeadlineOut]
    version: int


class ProposalRowOut(Schema):
    id: int
    number: str | None
    title: str
    kind: str
    status: str
    status_label: str
    created_at: dt.datetime


class SupplementIn(Schema):
    missing: str
    version: int | None = None


class IneligibleIn(Schema):
    reason: str
    note: str
    version: int | None = None


class AcceptIn(Schema):
    owner_department_id: int | None = None
    version: int | None = None


class VersionIn(Schema):
    version: int | None = None


class ExpertIn(Schema):
    note: str = ""


def _out(request: HttpRequest, proposal_id: int) -> dict:
    view = selectors.proposal_detail(proposal_id=proposal_id, user=request.auth)
    if view is None:
        raise ApiError("제안을 찾을 수 없습니다.", code="not_found", status=404)
    p = view.proposal
    return {
        "id": p.pk, "number": p.number, "kind": p.kind, "kind_label": p.get_kind_display(), "status": p.status,
        "status_label": p.get_status_display(), "title": p.title, "current_situation": view.current_situation,
        "problem": p.problem, "improvement": p.improvement, "expected_effect": p.expected_effect,
        "proposer": p.proposer.name, "co_proposers": [u.name for u in view.co_proposers],
        "submitted_at": p.submitted_at, "received_at": p.received_at, "supplement_due_at": p.supplement_due_at,
        "decision_due_at": p.decision_due_at, "ineligible_reason": p.ineligible_reason,
        "screening_note": p.screening_note, "repeat_of": p.repeat_of.number if p.repeat_of_id else None,
        "idea_id": p.idea_id,
        "complaints": [{"receipt_number": c.receipt_number, "category": c.category.name, "dong": c.dong,
                        "title": c.title} for c in view.complaints],
        "links": view.links, "attachments": [a.name for a in view.attachments],
        "deadlines": [{"label": d.label, "due": d.due, "left": d.left.text, "overdue": d.left.overdue}
                      for d in view.deadlines],
        "version": p.version,
    }


def _key(request: HttpRequest) -> str:
    raw = request.headers.get("Idempotency-Key", "")
    if not raw:
        return ""
    return "api:" + hashlib.sha256(f"{request.auth.pk}:{raw}".encode()).hexdigest()[:60]


def _draft(payload: ProposalIn) -> services.ProposalDraft:
    return services.ProposalDraft(
        title=payload.title, current_situation=payload.current_situation, problem=payload.problem,
        improvement=payload.improvement, expected_effect=payload.expected_effect, kind=payload.kind,
        co_proposer_ids=payload.co_proposer_ids, idea_id=payload.idea_id, club_id=payload.club_id,
        campaign_id=payload.campaign_id, complaint_ids=payload.complaint_ids,
        dialogue_item_id=payload.dialogue_item_id, links="\n".join(payload.links),
    )


@router.post("/", response={201: ProposalOut}, summary="제안 작성 (submit=false: 임시 저장, true: 제출)")
def create(request: HttpRequest, payload: ProposalIn):
    proposal = services.proposal_save(proposer=request.auth, draft=_draft(payload), submit=payload.submit,
                                      idempotency_key=_key(request))
    return Status(201, _out(request, proposal.pk))


@router.get("/mine", response=list[ProposalRowOut], summary="내 제안 (공동제안 포함)")
def mine(request: HttpRequest):
    return [{"id": p.pk, "number": p.number, "title": p.title, "kind": p.kind, "status": p.status,
             "status_label": p.get_status_display(), "created_at": p.created_at}
            for p in selectors.my_proposals(user=request.auth)]


@router.get("/queue", response=list[ProposalRowOut], summary="접수 심사 대기 (제안·정책 담당)")
def queue(request: HttpRequest):
    if not services.is_planner(request.auth):
        raise ApiError("제안 접수 심사는 제안·정책 담당자만 할 수 있습니다.", code="forbidden", status=403)
    return [{"id": p.pk, "number": p.number, "title": p.title, "kind": p.kind, "status": p.status,
             "status_label": p.get_status_display(), "created_at": p.created_at}
            for p in selectors.screening_queue()]


@router.get("/{proposal_id}", response=ProposalOut, summary="제안")
def get(request: HttpRequest, proposal_id: int):
    return _out(request, proposal_id)


@router.put("/{proposal_id}", response=ProposalOut, summary="작성 중·보완 요구 제안 고치기 (submit=true면 제출)")
def update(request: HttpRequest, proposal_id: int, payload: ProposalIn):
    if selectors.proposal_detail(proposal_id=proposal_id, user=request.auth) is None:
        raise ApiError("제안을 찾을 수 없습니다.", code="not_found", status=404)
    services.proposal_save(proposer=request.auth, draft=_draft(payload), submit=payload.submit,
                           proposal_id=proposal_id, expected_version=payload.version)
    return _out(request, proposal_id)


@router.post("/{proposal_id}/submit", response=ProposalOut, summary="임시 저장한 제안 제출")
def submit(request: HttpRequest, proposal_id: int, payload: VersionIn):
    view = selectors.proposal_detail(proposal_id=proposal_id, user=request.auth)
    if view is None:
        raise ApiError("제안을 찾을 수 없습니다.", code="not_found", status=404)
    p = view.proposal
    draft = services.ProposalDraft(
        title=p.title, current_situation=p.current_situation, problem=p.problem, improvement=p.improvement,
        expected_effect=p.expected_effect, kind=p.kind, co_proposer_ids=[u.pk for u in view.co_proposers],
        idea_id=p.idea_id, club_id=p.club_id, campaign_id=p.campaign_id,
        complaint_ids=[c.pk for c in view.complaints], dialogue_item_id=p.dialogue_item_id,
    )
    services.proposal_save(proposer=request.auth, draft=draft, submit=True, proposal_id=proposal_id,
                           expected_version=payload.version)
    return _out(request, proposal_id)


@router.post("/{proposal_id}/withdraw", response=ProposalOut, summary="제안 철회 (심사 회부 전까지)")
def withdraw(request: HttpRequest, proposal_id: int):
    services.proposal_withdraw(proposal_id=proposal_id, actor=request.auth)
    return _out(request, proposal_id)


@router.post("/{proposal_id}/receive", response=ProposalOut, summary="접수 (제안·정책 담당)")
def receive(request: HttpRequest, proposal_id: int, payload: VersionIn):
    services.proposal_receive(proposal_id=proposal_id, actor=request.auth, expected_version=payload.version)
    return _out(request, proposal_id)


@router.post("/{proposal_id}/supplement", response=ProposalOut, summary="보완 요구 (보완 요구 기한까지)")
def supplement(request: HttpRequest, proposal_id: int, payload: SupplementIn):
    services.proposal_request_supplement(proposal_id=proposal_id, actor=request.auth, missing=payload.missing,
                                         expected_version=payload.version)
    return _out(request, proposal_id)


@router.post("/{proposal_id}/ineligible", response=ProposalOut, summary="제안 아님 (사유와 의견)")
def ineligible(request: HttpRequest, proposal_id: int, payload: IneligibleIn):
    services.proposal_rule_ineligible(proposal_id=proposal_id, actor=request.auth, reason=payload.reason,
                                      note=payload.note, expected_version=payload.version)
    return _out(request, proposal_id)


@router.post("/{proposal_id}/expert-opinion/start", response=ProposalOut, summary="전문가 의견 요청 (기간 불산입)")
def expert_start(request: HttpRequest, proposal_id: int, payload: ExpertIn):
    services.proposal_expert_opinion_start(proposal_id=proposal_id, actor=request.auth, note=payload.note)
    return _out(request, proposal_id)


@router.post("/{proposal_id}/expert-opinion/end", response=ProposalOut, summary="전문가 의견 접수")
def expert_end(request: HttpRequest, proposal_id: int):
    services.proposal_expert_opinion_end(proposal_id=proposal_id, actor=request.auth)
    return _out(request, proposal_id)


@router.post("/{proposal_id}/accept", response=ProposalOut, summary="심사에 회부 (상태 review)")
def accept(request: HttpRequest, proposal_id: int, payload: AcceptIn):
    services.proposal_accept_for_review(proposal_id=proposal_id, actor=request.auth,
                                        owner_department_id=payload.owner_department_id,
                                        expected_version=payload.version)
    return _out(request, proposal_id)
