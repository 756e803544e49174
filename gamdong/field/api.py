"""현장행정 in the JSON API (/api/v1/field/): visits and dialogues, with the pages' rules.

Errors are {code, message, field}: FieldError (400, 403, 409) is registered with the API once,
here; a resident or visitor gets 403 on everything.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.security import django_auth

from gamdong.api import ApiError, register_domain_error
from gamdong.complaints.models import Category, Complaint
from gamdong.field import permissions, selectors, services
from gamdong.field.models import Dialogue, DialogueItem, FieldVisit
from gamdong.org.models import Employee
from gamdong.org.permissions import employee_of

register_domain_error(services.FieldError)

router = Router(tags=["field"], auth=django_auth)


def _staff(request: HttpRequest) -> None:
    if not permissions.can_use_field(request.auth):
        raise ApiError(_("현장행정 기능은 구청 직원만 쓸 수 있습니다."), code="forbidden", status=403)


def _officer(request: HttpRequest) -> Employee:
    officer = employee_of(request.auth)
    if officer is None:
        raise ApiError(_("직원 정보가 없습니다."), code="forbidden", status=403)
    return officer


def _not_found(what: str) -> ApiError:
    return ApiError(_("%(what)s을(를) 찾을 수 없습니다.") % {"what": what}, code="not_found", status=404)


# --- schemas ------------------------------------------------------------------------------------


class VisitComplaintOut(Schema):
    id: int
    receipt_number: str
    title: str
    category: str
    status: str
    status_label: str


class VisitOut(Schema):
    id: int
    officer_id: int
    scheduled_for: dt.datetime
    route_order: int
    status: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    visited_at: dt.datetime | None
    findings: str
    complaints: list[VisitComplaintOut]


class VisitIn(Schema):
    complaint_ids: list[int]
    scheduled_for: dt.datetime
    officer_id: int | None = None  # default: the caller
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None


class RecordIn(Schema):
    findings: str
    visited_at: dt.datetime | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None


class ReorderIn(Schema):
    day: dt.date
    ordered_ids: list[int]


class DialogueIn(Schema):
    held_at: dt.datetime
    place: str
    title: str
    attendees: str = ""
    attendee_count: int = 0
    summary: str = ""


class ItemOut(Schema):
    id: int
    kind: str
    kind_label: str
    text: str
    raised_by: str
    complaint: dict | None


class DialogueOut(Schema):
    id: int
    held_at: dt.datetime
    place: str
    title: str
    host: str
    attendee_count: int
    attendees: str
    summary: str


class DialogueDetailOut(DialogueOut):
    items: list[ItemOut]


class InconvenienceIn(Schema):
    text: str
    category_code: str
    raised_by: str = ""
    title: str = ""
    address: str = ""
    dong: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None


class IdeaIn(Schema):
    text: str
    raised_by: str = ""


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    return timezone.make_aware(moment) if moment is not None and timezone.is_naive(moment) else moment


def _visit(v: FieldVisit) -> dict:
    return {
        "id": v.pk, "officer_id": v.officer_id, "scheduled_for": v.scheduled_for, "route_order": v.route_order,
        "status": v.status, "address": v.address, "latitude": v.latitude, "longitude": v.longitude,
        "visited_at": v.visited_at, "findings": v.findings,
        "complaints": [{"id": c.pk, "receipt_number": c.receipt_number, "title": c.title,
                        "category": c.category.name, "status": c.status, "status_label": c.get_status_display()}
                       for c in v.complaints.all()],
    }


def _dialogue(d: Dialogue) -> dict:
    return {"id": d.pk, "held_at": d.held_at, "place": d.place, "title": d.title, "host": d.host.name,
            "attendee_count": d.attendee_count, "attendees": d.attendees, "summary": d.summary}


def _item(item: DialogueItem) -> dict:
    c = item.complaint
    complaint = None
    if c is not None:
        complaint = {"receipt_number": c.receipt_number, "status": c.status, "status_label": c.get_status_display(),
                     "department": c.department.name, "due_at": c.due_at, "answered_at": c.answered_at}
    return {"id": item.pk, "kind": item.kind, "kind_label": item.get_kind_display(), "text": item.text,
            "raised_by": item.raised_by, "complaint": complaint}


# --- visits ---------------------------------------------------------------------------------------


@router.get("/visits", response=list[VisitOut], summary="내 현장방문 (하루, 방문 순서대로)")
def my_visits(request: HttpRequest, day: dt.date | None = None):
    _staff(request)
    officer = _officer(request)
    return [_visit(v) for v in selectors.visits_for_day(officer=officer, day=day or timezone.localdate())]


@router.post("/visits", response={201: VisitOut}, summary="현장방문 예정 등록 (한 장소의 민원 여러 건)")
def schedule_visit(request: HttpRequest, payload: VisitIn):
    _staff(request)
    officer = _officer(request)
    if payload.officer_id is not None:
        officer = Employee.objects.select_related("department", "user").filter(pk=payload.officer_id).first()
        if officer is None:
            raise ApiError(_("없는 직원입니다."), code="not_found", field="officer_id", status=404)
    complaints = list(Complaint.objects.filter(pk__in=payload.complaint_ids))
    if len(complaints) != len(set(payload.complaint_ids)):
        raise ApiError(_("없는 민원이 포함되어 있습니다."), code="not_found", field="complaint_ids", status=404)
    visit = services.visit_schedule(
        officer=officer, complaints=complaints, scheduled_for=_aware(payload.scheduled_for), actor=request.auth,
        address=payload.address, latitude=payload.latitude, longitude=payload.longitude,
    )
    return 201, _visit(selectors.visit_detail(pk=visit.pk))


@router.post("/visits/{visit_id}/record", response=VisitOut, summary="현장방문 기록 (시각, 위치, 확인 내용)")
def record_visit(request: HttpRequest, visit_id: int, payload: RecordIn):
    _staff(request)
    visit = FieldVisit.objects.filter(pk=visit_id).first()
    if visit is None:
        raise _not_found(_("현장방문"))
    services.visit_record(visit=visit, actor=request.auth, visited_at=_aware(payload.visited_at),
                          latitude=payload.latitude, longitude=payload.longitude, findings=payload.findings)
    return _visit(selectors.visit_detail(pk=visit_id))


@router.post("/visits/{visit_id}/cancel", response=VisitOut, summary="현장방문 취소")
def cancel_visit(request: HttpRequest, visit_id: int, reason: str = ""):
    _staff(request)
    visit = FieldVisit.objects.filter(pk=visit_id).first()
    if visit is None:
        raise _not_found(_("현장방문"))
    services.visit_cancel(visit=visit, actor=request.auth, reason=reason)
    return _visit(selectors.visit_detail(pk=visit_id))


@router.post("/visits/route", response=list[VisitOut], summary="하루 방문 순서 정하기")
def reorder_visits(request: HttpRequest, payload: ReorderIn):
    _staff(request)
    officer = _officer(request)
    services.visits_reorder(officer=officer, day=payload.day, ordered_ids=payload.ordered_ids, actor=request.auth)
    return [_visit(v) for v in selectors.visits_for_day(officer=officer, day=payload.day)]


# --- dialogues ------------------------------------------------------------------------------------


def _managers(request: HttpRequest) -> None:
    _staff(request)
    if not permissions.can_manage_dialogues(request.auth):
        raise ApiError(_("주민과의 대화는 부서장과 구청장이 기록합니다."), code="forbidden", status=403)


@router.get("/dialogues", response=list[DialogueOut], summary="주민과의 대화 목록")
def list_dialogues(request: HttpRequest):
    _managers(request)
    return [_dialogue(d) for d in selectors.dialogues_for(user=request.auth)]


@router.post("/dialogues", response={201: DialogueOut}, summary="주민과의 대화 기록")
def create_dialogue(request: HttpRequest, payload: DialogueIn):
    _managers(request)
    employee = employee_of(request.auth)
    dialogue = services.dialogue_record(
        host=request.auth, held_at=_aware(payload.held_at), place=payload.place, title=payload.title,
        attendees=payload.attendees, attendee_count=payload.attendee_count, summary=payload.summary,
        department=employee.department if employee else None,
    )
    return 201, _dialogue(dialogue)


def _dialogue_or_404(dialogue_id: int) -> Dialogue:
    dialogue = selectors.dialogue_detail(pk=dialogue_id)
    if dialogue is None:
        raise _not_found(_("주민과의 대화"))
    return dialogue


@router.get("/dialogues/{dialogue_id}", response=DialogueDetailOut, summary="대화와 제기 사항(민원 처리 상황)")
def dialogue_detail(request: HttpRequest, dialogue_id: int):
    _managers(request)
    dialogue = _dialogue_or_404(dialogue_id)
    return {**_dialogue(dialogue), "items": [_item(i) for i in dialogue.items.all()]}


@router.post("/dialogues/{dialogue_id}/inconveniences", response={201: ItemOut},
             summary="불편사항 등록 (민원으로 접수)")
def add_inconvenience(request: HttpRequest, dialogue_id: int, payload: InconvenienceIn):
    _managers(request)
    dialogue = _dialogue_or_404(dialogue_id)
    category = Category.objects.filter(code=payload.category_code, active=True).first()
    if category is None:
        raise ApiError(_("없는 민원 유형입니다."), code="unknown_category", field="category_code")
    item = services.dialogue_add_inconvenience(
        dialogue=dialogue, actor=request.auth, text=payload.text, category=category, raised_by=payload.raised_by,
        title=payload.title, address=payload.address, dong=payload.dong, latitude=payload.latitude,
        longitude=payload.longitude,
    )
    item = DialogueItem.objects.select_related("complaint__department").get(pk=item.pk)
    return 201, _item(item)


@router.post("/dialogues/{dialogue_id}/ideas", response={201: ItemOut}, summary="제안·아이디어 기록")
def add_idea(request: HttpRequest, dialogue_id: int, payload: IdeaIn):
    _managers(request)
    dialogue = _dialogue_or_404(dialogue_id)
    item = services.dialogue_add_idea(dialogue=dialogue, actor=request.auth, text=payload.text,
                                      raised_by=payload.raised_by)
    return 201, _item(item)
