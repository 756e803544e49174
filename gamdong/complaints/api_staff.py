"""The office's complaint API, under /api/v1/office/complaints/.

    GET  /                         inbox (view=department|mine, the page's filters, page=N; 25 a page)
    GET  /{id}                     a complaint (the complainant masked)
    POST /{id}/reveal              the complainant unmasked, logged as PERSONAL_DATA_VIEWED {reason}
    POST /{id}/{action}            receive, assign, transfer, transfer_out, extend, investigation_start,
                                   investigation_end, answer, refuse, close, mark_repeat,
                                   close_as_repeated, merge — each with `expected_version`
    POST /                         register a complaint that came by phone, visit or letter

Same permissions as the pages (gamdong.complaints.selectors_office); errors are
{code, message, field} with 400, 403, 404 or 409.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja import Status as ResponseStatus
from ninja.security import django_auth

from gamdong.api import ApiError, register_domain_error
from gamdong.complaints import selectors_office as sel
from gamdong.complaints.actions_office import ACTIONS, perform
from gamdong.complaints.models import Complaint
from gamdong.complaints.services import ComplaintError, complaint_submit
from gamdong.complaints.views_office import _staff_submission, log_personal_data_view, staff_timeline

register_domain_error(ComplaintError)  # harmless if the resident API registered it too

router = Router(tags=["office complaints"], auth=django_auth)


def _scope(request: HttpRequest) -> sel.OfficeScope:
    scope = sel.office_scope(request.auth)
    if scope is None:
        raise ApiError(_("민원 업무를 맡은 직원(담당자, 부서장)만 쓸 수 있습니다."), code="forbidden", status=403)
    return scope


def _complaint(request: HttpRequest, pk: int, scope: sel.OfficeScope) -> Complaint:
    complaint = sel.complaint_for_staff(pk=pk)
    if complaint is None:
        raise ApiError(_("민원을 찾을 수 없습니다."), code="not_found", status=404)
    if not sel.can_act(request.auth, complaint, scope):
        raise ApiError(_("다른 부서의 민원입니다."), code="forbidden", status=403)
    return complaint


class InboxQuery(Schema):
    view: str = ""
    status: str = ""
    category: str = ""
    kind: str = ""
    dong: str = ""
    overdue: bool = False
    due_today: bool = False
    assigned: str = ""
    page: int = 1


class InboxRowOut(Schema):
    id: int
    receipt_number: str
    title: str
    status: str
    status_label: str
    kind: str
    category: str
    department: str
    officer: str | None
    dong: str
    deadline: dt.datetime | None
    working_minutes_left: int | None
    time_left: str
    overdue: bool
    due_today: bool
    version: int


class CountsOut(Schema):
    total: int
    overdue: int
    due_today: int
    unassigned: int


class InboxOut(Schema):
    view: str
    page: int
    has_next: bool
    counts: CountsOut
    items: list[InboxRowOut]


class ComplainantOut(Schema):
    name: str
    phone: str
    email: str
    masked: bool


class AnswerOut(Schema):
    kind: str
    body: str
    refusal_reasons: str
    remedies: str
    department_name: str
    officer_name: str
    contact: str
    answered_at: dt.datetime


class EventOut(Schema):
    occurred_at: dt.datetime
    label: str
    actor: str
    note: str


class DetailOut(InboxRowOut):
    body: str
    channel: str
    address: str
    submitted_at: dt.datetime
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    extension_count: int
    complainant: ComplainantOut
    may_reveal: bool
    answers: list[AnswerOut]
    timeline: list[EventOut]


def _row(row: sel.InboxRow) -> dict:
    c = row.complaint
    return {
        "id": c.pk, "receipt_number": c.receipt_number, "title": c.title, "status": c.status,
        "status_label": c.get_status_display(), "kind": c.kind, "category": c.category.name,
        "department": c.department.name, "officer": c.officer.user.name if c.officer else None, "dong": c.dong,
        "deadline": row.deadline,
        "working_minutes_left": int(row.time_left.total_seconds() // 60) if row.time_left is not None else None,
        "time_left": row.time_left_label, "overdue": row.overdue, "due_today": row.due_today, "version": c.version,
    }


def _detail(request: HttpRequest, complaint: Complaint, scope: sel.OfficeScope, *, revealed: bool = False) -> dict:
    may_reveal = sel.can_reveal_personal_data(request.auth, complaint, scope)
    person = sel.complainant_view(complaint, reveal=revealed and may_reveal)
    return {
        **_row(sel.inbox_row(complaint, now=timezone.now())),
        "body": complaint.body, "channel": complaint.channel, "address": complaint.address,
        "submitted_at": complaint.submitted_at, "received_at": complaint.received_at, "due_at": complaint.due_at,
        "extension_count": complaint.extension_count,
        "complainant": {"name": person.name, "phone": person.phone, "email": person.email, "masked": person.masked},
        "may_reveal": may_reveal,
        "answers": list(complaint.answers.all()),
        "timeline": [{"occurred_at": e.occurred_at, "label": e.label, "actor": e.actor, "note": e.note}
                     for e in staff_timeline(complaint)],
    }


@router.get("/", response=InboxOut, summary="민원함 (처리기한이 가까운 순, 25건씩)")
def inbox(request: HttpRequest, query: Query[InboxQuery]):
    scope = _scope(request)
    view = query.view if query.view in (sel.DEPARTMENT, sel.MINE) else (
        sel.DEPARTMENT if scope.supervisor else sel.MINE)
    filters = sel.InboxFilters.from_params(query.dict())
    page = sel.inbox_page(scope=scope, view=view, filters=filters, page=max(1, query.page))
    counts = sel.inbox_counts(scope=scope, view=view)
    return {
        "view": view, "page": page.page, "has_next": page.has_next,
        "counts": {"total": counts.total, "overdue": counts.overdue, "due_today": counts.due_today,
                   "unassigned": counts.unassigned},
        "items": [_row(r) for r in page.rows],
    }


@router.get("/{int:pk}", response=DetailOut, summary="민원 상세 (민원인 개인정보는 가림)")
def detail(request: HttpRequest, pk: int):
    scope = _scope(request)
    return _detail(request, _complaint(request, pk, scope), scope)


class RevealIn(Schema):
    reason: str


@router.post("/{int:pk}/reveal", response=DetailOut, summary="민원인 개인정보 보기 (사유와 함께 기록)")
def reveal(request: HttpRequest, pk: int, payload: RevealIn):
    scope = _scope(request)
    complaint = _complaint(request, pk, scope)
    if not sel.can_reveal_personal_data(request.auth, complaint, scope):
        raise ApiError(_("민원인의 개인정보는 담당자와 처리 부서의 부서장만 볼 수 있습니다."), code="forbidden", status=403)
    reason = payload.reason.strip()
    if not reason or len(reason) > 200:
        raise ApiError(_("개인정보를 보는 이유를 200자 이내로 적어 주세요."), code="required", field="reason")
    log_personal_data_view(viewer=request.auth, complaint=complaint, reason=reason)
    return _detail(request, complaint, scope, revealed=True)


class ActionIn(Schema):
    expected_version: int
    category: int | None = None
    kind: str | None = None
    department: int | None = None
    officer: int | None = None
    to_department: int | None = None
    agency: str | None = None
    reason: str | None = None
    days: int | None = None
    hours: int | None = None
    consent_note: str | None = None
    body: str | None = None
    reasons: str | None = None
    remedies: str | None = None
    note: str | None = None
    receipt_number: str | None = None
    members: list[int] | None = None


@router.post("/{int:pk}/photos", response=DetailOut, summary="사진 올리기 (multipart/form-data, photos 여러 장)",
             openapi_extra={"requestBody": {"content": {"multipart/form-data": {"schema": {
                 "type": "object", "properties": {"photos": {"type": "array", "items": {"type": "string", "format": "binary"}}},
                 "required": ["photos"]}}}}})
def add_photos(request: HttpRequest, pk: int):
    """Photos taken by the office, cleaned of their metadata; within complaints.max_photos."""
    scope = _scope(request)
    complaint = _complaint(request, pk, scope)
    perform("photos", complaint=complaint, actor=request.auth, scope=scope, data={},
            files=request.FILES.getlist("photos"))
    return _detail(request, sel.complaint_for_staff(pk=pk), scope)


@router.post("/{int:pk}/{action}", response=DetailOut,
             summary="처리: receive, assign, transfer, transfer_out, extend, investigation_start, investigation_end, "
                     "answer, refuse, close, mark_repeat, close_as_repeated, merge")
def act(request: HttpRequest, pk: int, action: str, payload: ActionIn):
    if action not in ACTIONS:
        raise ApiError(_("알 수 없는 처리입니다."), code="unknown_action", status=404)
    scope = _scope(request)
    complaint = _complaint(request, pk, scope)
    data = {k: v for k, v in payload.dict().items() if v is not None}
    perform(action, complaint=complaint, actor=request.auth, scope=scope, data=data)
    fresh = sel.complaint_for_staff(pk=pk)
    return _detail(request, fresh, scope)


class RegisterIn(Schema):
    channel: str
    category: int
    title: str
    body: str
    complainant_name: str
    complainant_phone: str
    complainant_email: str = ""
    address: str = ""
    dong: str = ""


class RegisteredOut(Schema):
    id: int
    receipt_number: str
    status: str
    due_at: dt.datetime | None


@router.post("/", response={201: RegisteredOut, 200: RegisteredOut},
             summary="전화·방문·우편으로 받은 민원 등록 (Idempotency-Key 권장)")
def register(request: HttpRequest, payload: RegisterIn):
    _scope(request)
    submission = _staff_submission(payload.dict())
    complaint, created = complaint_submit(submission=submission, registered_by=request.auth)
    out = {"id": complaint.pk, "receipt_number": complaint.receipt_number, "status": complaint.status,
           "due_at": complaint.due_at}
    return ResponseStatus(201 if created else 200, out)
