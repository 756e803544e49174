"""The resident's side of complaints in the JSON API, with the same rules and messages as
the pages (gamdong.complaints.intake and forms_resident).

A resident sees only complaints they filed or follow: any other receipt number is a 404.
Errors have the API's one shape {code, message, field}; the services' ComplaintError is
mapped once (gamdong.api.register_domain_error).
"""

from __future__ import annotations

import datetime as dt
import json

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import django_auth

from gamdong.api import ApiError
from gamdong.complaints import intake, ratelimit, selectors
from gamdong.complaints.forms_resident import ComplaintFilingForm
from gamdong.complaints.models import Category, Channel, Complaint
from gamdong.complaints.photos import attach_uploads
from gamdong.complaints.services import (
    ComplaintError,
    complaint_close,
    complaint_follow,
    complaint_rate,
    complaint_reopen,
)
from gamdong.complaints.views_resident import COMMENT_MAX, REASON_MAX

router = Router(tags=["complaints"], auth=django_auth)

NOT_FOUND = gettext_lazy("민원을 찾을 수 없습니다.")


class QuestionOut(Schema):
    key: str
    label: str
    required: bool
    type: str


class CategoryOut(Schema):
    id: int
    code: str
    name: str
    group: str
    description: str
    kind: str
    kind_label: str
    extra_questions: list[QuestionOut]


class StepOut(Schema):
    at: dt.datetime
    label: str
    detail: str


class AnswerOut(Schema):
    kind: str
    kind_label: str
    body: str
    refusal_reasons: str
    remedies: str
    department: str
    officer: str
    contact: str
    answered_at: dt.datetime
    rating: int | None


class PhotoOut(Schema):
    id: int
    url: str
    thumbnail_url: str


class ComplaintSummaryOut(Schema):
    receipt_number: str
    title: str
    category: str
    status: str
    status_label: str
    due_at: dt.datetime | None
    submitted_at: dt.datetime
    following: bool
    latest_step: str | None
    latest_step_at: dt.datetime | None

    @staticmethod
    def resolve_category(obj) -> str:
        return obj.category.name

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_following(obj, context) -> bool:
        return obj.complainant_id != context["request"].auth.pk

    @staticmethod
    def resolve_latest_step(obj) -> str | None:
        label = selectors.TIMELINE_LABELS.get(obj.latest_event_type)
        return str(label) if label is not None else None

    @staticmethod
    def resolve_latest_step_at(obj):
        return obj.latest_event_at


class ComplaintOut(Schema):
    receipt_number: str
    title: str
    category: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    department: str
    due_at: dt.datetime | None
    receipt_due_at: dt.datetime | None
    submitted_at: dt.datetime
    dong: str
    following: bool
    # Only for the complainant; null in a follower's (public, masked) view.
    body: str | None = None
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    extra_answers: dict | None = None
    photos: list[PhotoOut] = []
    timeline: list[StepOut]
    answers: list[AnswerOut]
    can_rate: bool
    can_reopen: bool
    can_withdraw: bool


class NearbyOut(Schema):
    receipt_number: str
    title: str
    category: str
    status_label: str
    dong: str
    distance_m: int | None
    distance_text: str
    followers: int


class RatingIn(Schema):
    score: int
    comment: str = ""


class ReopenIn(Schema):
    reason: str


# --- shaping -------------------------------------------------------------------------------------


def _question(q: dict) -> dict:
    return {"key": str(q.get("key")), "label": str(q.get("label") or q.get("key")),
            "required": bool(q.get("required")), "type": str(q.get("type") or "text")}


def _complaint_out(request: HttpRequest, complaint: Complaint, is_owner: bool) -> dict:
    answers = selectors.answers_of(complaint)
    out = {
        "receipt_number": complaint.receipt_number, "title": complaint.title, "category": complaint.category.name,
        "kind": complaint.kind, "kind_label": complaint.get_kind_display(), "status": complaint.status,
        "status_label": complaint.get_status_display(), "department": complaint.department.name,
        "due_at": complaint.due_at, "receipt_due_at": complaint.receipt_due_at,
        "submitted_at": complaint.submitted_at, "dong": complaint.dong, "following": not is_owner,
        "timeline": [vars(step) for step in selectors.complaint_timeline(complaint=complaint)],
        "answers": [_answer(a, is_owner) for a in answers],
        "can_rate": is_owner and selectors.rateable_answer(complaint, answers) is not None,
        "can_reopen": is_owner and selectors.can_reopen(complaint, now=timezone.now()),
        "can_withdraw": is_owner and selectors.can_withdraw(complaint),
    }
    if is_owner:
        out.update(
            body=complaint.body, address=complaint.address,
            latitude=float(complaint.latitude) if complaint.latitude is not None else None,
            longitude=float(complaint.longitude) if complaint.longitude is not None else None,
            extra_answers=complaint.extra_answers,
            photos=[{"id": p.pk, "url": f"/complaints/{complaint.receipt_number}/photos/{p.pk}/full/",
                     "thumbnail_url": f"/complaints/{complaint.receipt_number}/photos/{p.pk}/thumb/"}
                    for p in complaint.photos.filter(visit__isnull=True)],
        )
    return out


def _answer(answer, is_owner: bool) -> dict:
    rating = None
    if is_owner:
        rating = answer.rating.score if selectors.has_rating(answer) else None
    return {"kind": answer.kind, "kind_label": answer.get_kind_display(), "body": answer.body,
            "refusal_reasons": answer.refusal_reasons, "remedies": answer.remedies,
            "department": answer.department_name, "officer": answer.officer_name, "contact": answer.contact,
            "answered_at": answer.answered_at, "rating": rating}


def _visible(request: HttpRequest, receipt_number: str) -> tuple[Complaint, bool]:
    found = selectors.complaint_for_viewer(user=request.auth, receipt_number=receipt_number)
    if found is None:
        raise ApiError(NOT_FOUND, code="not_found", status=404)
    return found


def _own(request: HttpRequest, receipt_number: str) -> Complaint:
    complaint, is_owner = _visible(request, receipt_number)
    if not is_owner:
        raise ApiError(NOT_FOUND, code="not_found", status=404)
    return complaint


def _refused(exc: intake.FilingRefused) -> ApiError:
    field, message = exc.errors[0]
    return ApiError(message, code=exc.code, field=None if field == "__all__" else field, status=400)


# --- endpoints -----------------------------------------------------------------------------------


@router.get("/categories", response=list[CategoryOut], auth=None, summary="The catalogue of complaint categories")
def categories(request: HttpRequest):
    return [
        {"id": c.pk, "code": c.code, "name": c.name, "group": c.group, "description": c.description,
         "kind": c.default_kind, "kind_label": c.get_default_kind_display(),
         "extra_questions": [_question(q) for q in (c.extra_questions or []) if isinstance(q, dict) and q.get("key")]}
        for c in selectors.categories_active()
    ]


@router.post("/", response={201: ComplaintOut, 200: ComplaintOut}, summary="File a complaint",
             openapi_extra={"requestBody": {"content": {
                 "application/json": {"schema": {"type": "object", "properties": {
                     "category": {"type": "integer"}, "title": {"type": "string", "maxLength": 200},
                     "body": {"type": "string", "maxLength": 4000}, "latitude": {"type": "number"},
                     "longitude": {"type": "number"}, "address": {"type": "string"}, "dong": {"type": "string"},
                     "extra": {"type": "object"}}, "required": ["category", "title", "body"]}},
                 "multipart/form-data": {"schema": {"type": "object", "properties": {
                     "category": {"type": "integer"}, "title": {"type": "string"}, "body": {"type": "string"},
                     "latitude": {"type": "number"}, "longitude": {"type": "number"}, "address": {"type": "string"},
                     "dong": {"type": "string"},
                     "photos": {"type": "array", "items": {"type": "string", "format": "binary"}}}}},
             }}})
def file_complaint(request: HttpRequest):
    """JSON without photos, or multipart/form-data with up to complaints.max_photos `photos`.
    Extra questions: `extra_<key>` fields, or in JSON an `extra` object. Send an
    Idempotency-Key header: a retry returns the complaint filed first."""
    files = []
    if request.content_type == "multipart/form-data" or request.content_type == "application/x-www-form-urlencoded":
        data = request.POST.dict()
        files = request.FILES.getlist("photos")
    else:
        try:
            raw = json.loads(request.body or b"{}")
        except ValueError:
            raise ApiError(_("요청 본문이 올바른 JSON이 아닙니다."), code="invalid", status=400) from None
        if not isinstance(raw, dict):
            raise ApiError(_("요청 본문은 JSON 객체여야 합니다."), code="invalid", status=400)
        data = {k: ("" if v is None else str(v)) for k, v in raw.items() if k != "extra"}
        extra = raw.get("extra") or {}
        if isinstance(extra, dict):
            data.update({f"extra_{k}": "" if v is None else str(v) for k, v in extra.items()})
    form = ComplaintFilingForm(data)
    token = request.headers.get("Idempotency-Key", "")
    try:
        intake.check_form(form)
        photos = intake.photos_checked(files)
        complaint, created = intake.file(request, form, photos=photos, channel=Channel.WEB, token=token)
    except intake.FilingRefused as exc:
        raise _refused(exc) from None
    except intake.TooManyFilings:
        limit = ratelimit.district_setting("complaints.submissions_per_hour")
        raise ApiError(_("한 시간에 민원을 %(limit)s건까지 신청할 수 있습니다. 잠시 후 다시 신청해 주세요.")
                       % {"limit": limit},
                       code="rate_limited", status=429) from None
    complaint = Complaint.objects.select_related("category", "department").get(pk=complaint.pk)
    return Status(201 if created else 200, _complaint_out(request, complaint, True))


@router.get("/mine", response=list[ComplaintSummaryOut], summary="The resident's complaints and those they follow")
@paginate(PageNumberPagination, page_size=20)
def mine(request: HttpRequest):
    return selectors.complaints_of_resident(user=request.auth)


@router.get("/similar", response=list[NearbyOut], summary="Open complaints of the same category nearby")
def similar(request: HttpRequest, category: int, lat: float | None = None, lng: float | None = None,
            dong: str = ""):
    chosen = Category.objects.filter(pk=category, active=True).first()
    if chosen is None:
        raise ApiError(_("목록에 없는 민원 종류입니다. 다시 골라 주세요."), code="invalid", field="category", status=400)
    if (lat is None) != (lng is None):
        raise ApiError(_("위치는 위도와 경도를 함께 적어 주세요."), code="invalid", field="lat" if lat is None else "lng")
    if lat is not None and not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise ApiError(_("위도·경도 값이 올바르지 않습니다."), code="invalid", field="lat")
    found = selectors.complaints_similar_nearby(category=chosen, latitude=lat, longitude=lng, dong=dong[:30],
                                                viewer=request.auth)
    return [{"receipt_number": n.receipt_number, "title": n.title, "category": n.category_name,
             "status_label": n.status_label, "dong": n.dong, "distance_m": n.distance_m,
             "distance_text": n.distance_text, "followers": n.followers} for n in found]


@router.get("/{receipt_number}", response=ComplaintOut, summary="One complaint (own, or followed: masked)")
def detail(request: HttpRequest, receipt_number: str):
    complaint, is_owner = _visible(request, receipt_number)
    return _complaint_out(request, complaint, is_owner)


@router.post("/{receipt_number}/follow", response=ComplaintOut, summary="Follow a similar open complaint")
def follow(request: HttpRequest, receipt_number: str):
    complaint = Complaint.objects.filter(receipt_number=receipt_number).first()
    if complaint is None:
        raise ApiError(NOT_FOUND, code="not_found", status=404)
    complaint_follow(complaint=complaint, user=request.auth)
    return detail(request, receipt_number)


@router.post("/{receipt_number}/rating", response=ComplaintOut, summary="Rate the answer, 1 to 5")
def rate(request: HttpRequest, receipt_number: str, payload: RatingIn):
    complaint = _own(request, receipt_number)
    if len(payload.comment) > COMMENT_MAX:
        raise ComplaintError(_("의견은 %(limit)s자 이내로 적어 주세요.") % {"limit": COMMENT_MAX}, code="too_long", field="comment")
    complaint_rate(complaint=complaint, resident=request.auth, score=payload.score, comment=payload.comment.strip())
    return detail(request, receipt_number)


@router.post("/{receipt_number}/reopen", response=ComplaintOut, summary="Ask once again after the answer")
def reopen(request: HttpRequest, receipt_number: str, payload: ReopenIn):
    complaint = _own(request, receipt_number)
    if len(payload.reason) > REASON_MAX:
        raise ComplaintError(_("내용은 %(limit)s자 이내로 적어 주세요.") % {"limit": REASON_MAX}, code="too_long", field="reason")
    complaint_reopen(complaint=complaint, resident=request.auth, reason=payload.reason.strip())
    return detail(request, receipt_number)


@router.post("/{receipt_number}/photos", response=ComplaintOut, summary="Add photos while the complaint is open",
             openapi_extra={"requestBody": {"content": {"multipart/form-data": {"schema": {
                 "type": "object", "properties": {"photos": {"type": "array", "items": {"type": "string", "format": "binary"}}},
                 "required": ["photos"]}}}}})
def add_photos(request: HttpRequest, receipt_number: str):
    """multipart/form-data with `photos`; at most complaints.max_photos in all."""
    complaint = _own(request, receipt_number)
    attach_uploads(complaint=complaint, actor=request.auth, files=request.FILES.getlist("photos"))
    return detail(request, receipt_number)


@router.post("/{receipt_number}/withdraw", response=ComplaintOut, summary="Withdraw (취하) while it is open")
def withdraw(request: HttpRequest, receipt_number: str):
    complaint = _own(request, receipt_number)
    if not selectors.can_withdraw(complaint):
        raise ComplaintError(_("처리 중인 민원만 취하할 수 있습니다."), code="not_open")
    complaint_close(complaint=complaint, actor=request.auth, note="민원인 취하")
    return detail(request, receipt_number)
