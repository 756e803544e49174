"""Reads for the resident's side: the catalogue, similar complaints nearby, a resident's list,
one complaint as its complainant (or a follower) may see it, and its timeline.

The office's reads live in selectors_office.py.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils.translation import gettext, pgettext_lazy

from gamdong.complaints.models import (
    OPEN_STATUSES,
    AnswerKind,
    Category,
    Complaint,
    Follow,
    Satisfaction,
    Status,
)
from gamdong.core.district_settings import district_setting
from gamdong.core.events import EventType
from gamdong.core.models import Event

EARTH_RADIUS_M = 6_371_000
METRES_PER_DEGREE_LAT = 111_320
DISTANCE_STEP_M = 50  # distances are shown rounded to this, never exactly
SIMILAR_LIMIT = 5

# What a resident reads in the timeline, per event type. Anything not listed (internal notes,
# reminders to staff, other people following, repeat marking) is never shown to residents.
TIMELINE_LABELS: dict[int, str] = {
    EventType.COMPLAINT_SUBMITTED: pgettext_lazy("timeline", "신청"),
    EventType.COMPLAINT_RECEIVED: pgettext_lazy("timeline", "접수"),
    EventType.COMPLAINT_ASSIGNED: pgettext_lazy("timeline", "담당자 배정"),
    EventType.COMPLAINT_REASSIGNED: pgettext_lazy("timeline", "담당자 변경"),
    EventType.COMPLAINT_TRANSFERRED: pgettext_lazy("timeline", "이송"),
    EventType.COMPLAINT_TRANSFERRED_OUT: pgettext_lazy("timeline", "타기관 이송"),
    EventType.COMPLAINT_EXTENDED: pgettext_lazy("timeline", "처리기간 연장"),
    EventType.COMPLAINT_INVESTIGATION_STARTED: pgettext_lazy("timeline", "현장조사 시작"),
    EventType.COMPLAINT_INVESTIGATION_ENDED: pgettext_lazy("timeline", "현장조사 종료"),
    EventType.VISIT_SCHEDULED: pgettext_lazy("timeline", "현장방문 예정"),
    EventType.VISIT_RECORDED: pgettext_lazy("timeline", "현장방문 완료"),
    EventType.VISIT_CANCELLED: pgettext_lazy("timeline", "현장방문 취소"),
    EventType.COMPLAINT_ANSWERED: pgettext_lazy("timeline", "답변"),
    EventType.COMPLAINT_REFUSED: pgettext_lazy("timeline", "거부 통지"),
    EventType.COMPLAINT_CLOSED: pgettext_lazy("timeline", "종결"),
    EventType.COMPLAINT_CLOSED_AS_REPEATED: pgettext_lazy("timeline", "반복민원 종결"),
    EventType.COMPLAINT_REOPENED: pgettext_lazy("timeline", "재처리 요청"),
    EventType.COMPLAINT_RATED: pgettext_lazy("timeline", "만족도 평가"),
    EventType.COMPLAINT_MERGED: pgettext_lazy("timeline", "다수인 민원으로 함께 처리"),
    EventType.COMPLAINT_PROGRESS_NOTICE: pgettext_lazy("timeline", "처리 진행상황 안내"),
}


# The office's history of a complaint names each event in the request's language (EventType's own
# labels are the Korean names kept with the record; the same words, translated, under the
# context "event").
STAFF_EVENT_LABELS: dict[int, str] = {
    EventType.PERSONAL_DATA_VIEWED: pgettext_lazy("event", "개인정보 열람"),
    EventType.COMPLAINT_SUBMITTED: pgettext_lazy("event", "민원 신청"),
    EventType.COMPLAINT_RECEIVED: pgettext_lazy("event", "민원 접수"),
    EventType.COMPLAINT_ASSIGNED: pgettext_lazy("event", "담당자 배정"),
    EventType.COMPLAINT_REASSIGNED: pgettext_lazy("event", "담당자 변경"),
    EventType.COMPLAINT_TRANSFERRED: pgettext_lazy("event", "부서 이송"),
    EventType.COMPLAINT_TRANSFERRED_OUT: pgettext_lazy("event", "타기관 이송"),
    EventType.COMPLAINT_EXTENDED: pgettext_lazy("event", "처리기간 연장"),
    EventType.COMPLAINT_INVESTIGATION_STARTED: pgettext_lazy("event", "현장조사 시작(기간 불산입)"),
    EventType.COMPLAINT_INVESTIGATION_ENDED: pgettext_lazy("event", "현장조사 종료"),
    EventType.COMPLAINT_ANSWERED: pgettext_lazy("event", "답변"),
    EventType.COMPLAINT_REFUSED: pgettext_lazy("event", "거부 통지"),
    EventType.COMPLAINT_CLOSED: pgettext_lazy("event", "종결"),
    EventType.COMPLAINT_CLOSED_AS_REPEATED: pgettext_lazy("event", "반복민원 종결"),
    EventType.COMPLAINT_REOPENED: pgettext_lazy("event", "재처리 요청"),
    EventType.COMPLAINT_RATED: pgettext_lazy("event", "만족도 평가"),
    EventType.COMPLAINT_MERGED: pgettext_lazy("event", "다수인 민원 병합"),
    EventType.COMPLAINT_FOLLOWED: pgettext_lazy("event", "같은 민원 구독"),
    EventType.COMPLAINT_PROGRESS_NOTICE: pgettext_lazy("event", "처리 진행상황 통지"),
    EventType.COMPLAINT_REMINDER: pgettext_lazy("event", "처리기한 알림·독촉"),
    EventType.COMPLAINT_PHOTO_ADDED: pgettext_lazy("event", "사진 첨부"),
    EventType.COMPLAINT_MARKED_REPEAT: pgettext_lazy("event", "반복민원 지정"),
    EventType.VISIT_SCHEDULED: pgettext_lazy("event", "현장방문 예정"),
    EventType.VISIT_RECORDED: pgettext_lazy("event", "현장방문 완료"),
    EventType.VISIT_CANCELLED: pgettext_lazy("event", "현장방문 취소"),
    EventType.VISIT_REORDERED: pgettext_lazy("event", "현장방문 순서 변경"),
}
VISIT_EVENTS = (EventType.VISIT_SCHEDULED, EventType.VISIT_RECORDED, EventType.VISIT_CANCELLED)


# --- the catalogue -----------------------------------------------------------------------------


def categories_active() -> list[Category]:
    return list(Category.objects.filter(active=True).order_by("group", "sort_order", "name"))


def categories_grouped() -> list[tuple[str, list[Category]]]:
    """Active categories grouped by their 분야, in the catalogue's order."""
    return [(group or gettext("기타"), list(items)) for group, items in groupby(categories_active(), key=lambda c: c.group)]


# --- similar complaints nearby ---------------------------------------------------------------


@dataclass(frozen=True)
class Nearby:
    """An open complaint of someone else, as any resident may see it: no name, no phone, no
    exact address; only the 동 and a rounded distance."""

    receipt_number: str
    title: str
    category_name: str
    status_label: str
    dong: str
    distance_m: int | None  # rounded to DISTANCE_STEP_M; None when matched by 동
    followers: int
    submitted_at: dt.datetime

    @property
    def distance_text(self) -> str:
        if self.distance_m is None:
            return gettext("같은 동")
        if self.distance_m < DISTANCE_STEP_M:
            return gettext("%(distance)sm 이내") % {"distance": DISTANCE_STEP_M}
        return gettext("약 %(distance)sm") % {"distance": self.distance_m}


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def complaints_similar_nearby(
    *, category: Category, latitude: Decimal | float | None = None, longitude: Decimal | float | None = None,
    dong: str = "", viewer=None, limit: int = SIMILAR_LIMIT,
) -> list[Nearby]:
    """Open complaints of the same category near a place: within the district's radius
    (complaints.similar_radius_m) when coordinates are given (a bounding box in the database,
    then the exact distance), else in the same 동. The viewer's own complaints are left out."""
    base = _similar_base(category, viewer).annotate(follower_count=Count("followers")).select_related("category")
    return [_nearby(c, d) for c, d in _nearest(base, latitude=latitude, longitude=longitude, dong=dong, limit=limit)]


def similar_receipt_numbers_nearby(
    *, category: Category, latitude: Decimal | float | None = None, longitude: Decimal | float | None = None,
    dong: str = "", viewer=None, limit: int = SIMILAR_LIMIT,
) -> set[str]:
    """The receipt numbers of complaints_similar_nearby (the same ones), without what a page shows
    of them: what a filing checks against the similar complaints the resident has seen."""
    base = _similar_base(category, viewer).only("pk", "receipt_number", "latitude", "longitude")
    return {c.receipt_number for c, _ in _nearest(base, latitude=latitude, longitude=longitude, dong=dong,
                                                  limit=limit)}


def _similar_base(category: Category, viewer):
    base = Complaint.objects.filter(category=category, status__in=OPEN_STATUSES)
    if viewer is not None and viewer.is_authenticated:
        base = base.exclude(complainant=viewer)
    return base


def _nearest(base, *, latitude, longitude, dong: str, limit: int) -> list[tuple[Complaint, float | None]]:
    if latitude is not None and longitude is not None:
        lat, lng = float(latitude), float(longitude)
        radius = district_setting("complaints.similar_radius_m")
        dlat = radius / METRES_PER_DEGREE_LAT
        dlng = radius / (METRES_PER_DEGREE_LAT * max(math.cos(math.radians(lat)), 0.01))
        rows = base.filter(
            latitude__gte=Decimal(str(round(lat - dlat, 6))), latitude__lte=Decimal(str(round(lat + dlat, 6))),
            longitude__gte=Decimal(str(round(lng - dlng, 6))), longitude__lte=Decimal(str(round(lng + dlng, 6))),
        )
        found = []
        for c in rows[:200]:
            d = distance_m(lat, lng, float(c.latitude), float(c.longitude))
            if d <= radius:
                found.append((d, c))
        found.sort(key=lambda pair: (pair[0], -pair[1].pk))
        return [(c, d) for d, c in found[:limit]]
    if dong:
        return [(c, None) for c in base.filter(dong=dong).order_by("-submitted_at", "-pk")[:limit]]
    return []


def _nearby(c: Complaint, d: float | None) -> Nearby:
    rounded = None if d is None else int(round(d / DISTANCE_STEP_M) * DISTANCE_STEP_M)
    return Nearby(receipt_number=c.receipt_number, title=c.title, category_name=c.category.name,
                  status_label=c.get_status_display(), dong=c.dong, distance_m=rounded,
                  followers=c.follower_count, submitted_at=c.submitted_at)


# --- the resident's complaints -------------------------------------------------------------------


def _complaint_type() -> ContentType:
    return ContentType.objects.get_for_model(Complaint)


def complaints_of_resident(*, user) -> QuerySet[Complaint]:
    """The resident's own complaints and those they follow, newest first, each with its latest
    resident-visible step (latest_event_type, latest_event_at) in the same query."""
    latest = Event.objects.filter(
        subject_type=_complaint_type(), subject_id=Cast(OuterRef("pk"), CharField()),
        event_type__in=[t for t in TIMELINE_LABELS if t not in VISIT_EVENTS],
    ).order_by("-occurred_at", "-id")
    followed = Follow.objects.filter(user=user).values("complaint_id")
    # Most residents follow nothing: then one range of the complaint_by_resident index. The OR
    # (own or followed) would make both databases scan every complaint, newest first.
    mine = Q(complainant=user) | Q(pk__in=followed) if followed.exists() else Q(complainant=user)
    return (
        Complaint.objects.filter(mine)
        .select_related("category", "department")
        .annotate(
            latest_event_type=Subquery(latest.values("event_type")[:1]),
            latest_event_at=Subquery(latest.values("occurred_at")[:1]),
        )
        .order_by("-submitted_at", "-pk")
    )


def complaint_for_viewer(*, user, receipt_number: str) -> tuple[Complaint, bool] | None:
    """(complaint, is_owner) when `user` filed or follows it, else None (the page says 404)."""
    complaint = (
        Complaint.objects.select_related("category", "department", "officer__user", "merged_into")
        .filter(receipt_number=receipt_number).first()
    )
    if complaint is None or not user.is_authenticated:
        return None
    if complaint.complainant_id == user.pk:
        return complaint, True
    if Follow.objects.filter(complaint=complaint, user=user).exists():
        return complaint, False
    return None


@dataclass(frozen=True)
class Step:
    at: dt.datetime
    label: str
    detail: str = ""


def complaint_timeline(*, complaint: Complaint) -> list[Step]:
    """What happened to the complaint, oldest first, in the words a resident reads: the
    resident-visible events of the complaint and of its field visits. Staff names, internal
    notes and reasons for staff are left out."""
    from gamdong.field.models import FieldVisit

    ct = _complaint_type()
    visit_ids = [str(pk) for pk in FieldVisit.objects.filter(complaints=complaint).values_list("pk", flat=True)]
    query = Q(subject_type=ct, subject_id=str(complaint.pk))
    if visit_ids:
        query |= Q(subject_type=ContentType.objects.get_for_model(FieldVisit), subject_id__in=visit_ids)
    events = Event.objects.filter(query, event_type__in=list(TIMELINE_LABELS)).order_by("occurred_at", "id")
    departments = _department_names(events)
    steps = []
    for event in events:
        steps.append(Step(at=event.occurred_at, label=str(TIMELINE_LABELS[event.event_type]),
                          detail=_detail(event, departments)))
    return steps


def _department_names(events) -> dict[int, str]:
    from gamdong.org.models import Department

    ids = set()
    for event in events:
        if event.event_type in (EventType.COMPLAINT_TRANSFERRED, EventType.COMPLAINT_RECEIVED) and event.after:
            if isinstance(event.after.get("department"), int):
                ids.add(event.after["department"])
    return dict(Department.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


def _when(value: str | None) -> str:
    if not value:
        return ""
    from gamdong.complaints.templatetags.complaint_resident import korean_dt

    return korean_dt(dt.datetime.fromisoformat(value))


def _detail(event: Event, departments: dict[int, str]) -> str:
    after = event.after or {}
    kind = event.event_type
    if kind == EventType.COMPLAINT_RECEIVED:
        name = departments.get(after.get("department"))
        due = _when(after.get("due_at"))
        parts = [gettext("처리 부서: %(name)s") % {"name": name} if name else "",
                 gettext("처리기한: %(due)s") % {"due": due} if due else ""]
        return ", ".join(p for p in parts if p)
    if kind == EventType.COMPLAINT_TRANSFERRED:
        name = departments.get(after.get("department"))
        return gettext("%(name)s(으)로 옮겨 처리합니다.") % {"name": name} if name else ""
    if kind == EventType.COMPLAINT_TRANSFERRED_OUT:
        return gettext("%(agency)s(으)로 이송했습니다.") % {"agency": after["agency"]} if after.get("agency") else ""
    if kind == EventType.COMPLAINT_EXTENDED:
        due = _when(after.get("due_at"))
        return gettext("사유: %(reason)s") % {"reason": event.note} + (
            gettext(" / 새 처리기한: %(due)s") % {"due": due} if due else "")
    if kind == EventType.COMPLAINT_CLOSED and event.note == "민원인 취하":
        return gettext("민원인이 취하했습니다.")
    if kind == EventType.COMPLAINT_REOPENED:
        due = _when((after or {}).get("due_at"))
        return gettext("새 처리기한: %(due)s") % {"due": due} if due else ""
    if kind == EventType.COMPLAINT_RATED and after.get("score"):
        return gettext("%(score)s점") % {"score": after["score"]}
    return ""


def extra_answers_labelled(complaint: Complaint) -> list[tuple[str, str]]:
    """The answers to the category's extra questions, under the questions' labels."""
    labels = {q.get("key"): q.get("label") or q.get("key") for q in (complaint.category.extra_questions or [])
              if isinstance(q, dict)}
    return [(str(labels.get(key, key)), str(value)) for key, value in (complaint.extra_answers or {}).items()]


def answers_of(complaint: Complaint) -> list:
    """The results notified to the complainant, with their rating (one query each)."""
    return list(complaint.answers.select_related("rating").order_by("answered_at", "id"))


def rateable_answer(complaint: Complaint, answers: list):
    """The latest answer or refusal not yet rated, or None."""
    candidates = [a for a in answers if a.kind in (AnswerKind.ANSWER, AnswerKind.REFUSAL)]
    if not candidates or not district_setting("complaints.satisfaction_survey"):
        return None
    latest = candidates[-1]
    return None if has_rating(latest) else latest


def has_rating(answer) -> bool:
    try:
        return answer.rating is not None
    except Satisfaction.DoesNotExist:
        return False


def can_withdraw(complaint: Complaint) -> bool:
    return complaint.status in OPEN_STATUSES


def can_reopen(complaint: Complaint, *, now: dt.datetime) -> bool:
    from gamdong.complaints import rules

    if complaint.status != Status.ANSWERED or complaint.answered_at is None:
        return False
    try:
        rules.check_reopen(answered_at=complaint.answered_at, now=now,
                           window_days=district_setting("complaints.reopen_window_days"),
                           reopened_before=complaint.reopen_count)
    except rules.RuleViolation:
        return False
    return True
