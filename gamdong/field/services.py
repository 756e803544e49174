"""현장행정: every action on field visits and resident dialogues.

Each function runs in a transaction and writes its event. Visit events are recorded on each
complaint of the visit (subject = the complaint), so that the complaint's timeline shows
"현장방문 예정" and "현장방문 완료" to the resident and to the office.

Who may act (gamdong.field.permissions): an officer schedules and records their own visits; a
supervisor (or the head of a department, the mayor, an admin) may do it for officers of the
departments they see. A dialogue is recorded by a supervisor, a department head or the mayor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from gamdong.complaints import notices
from gamdong.complaints.models import OPEN_STATUSES, Category, Channel, Complaint
from gamdong.complaints.services import Submission, complaint_submit
from gamdong.core.events import EventType, record_event
from gamdong.field import permissions
from gamdong.field.models import Dialogue, DialogueItem, DialogueItemKind, FieldVisit, VisitStatus
from gamdong.org.models import Department, Employee

MAX_TEXT = 4000  # characters of findings, summaries and raised items
MAX_SHORT = 200  # characters of places, titles and addresses (the model's column width)
MAX_NAME = 50  # characters of a resident's name as written down at a dialogue
MAX_VISIT_COMPLAINTS = 20  # complaints handled in one trip
DIALOGUE_COMPLAINANT = "주민과의 대화 참석자"


class FieldError(Exception):
    """A field action that cannot be done; `message` is for people (Korean)."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None):
        super().__init__(message)
        self.message, self.code, self.field = message, code, field


class FieldNotAllowed(FieldError):
    status = 403


class FieldConflict(FieldError):
    status = 409


# --- checks ---------------------------------------------------------------------------------


def _text(value: str, *, field: str, label: str, required: bool = True, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise FieldError(gettext("%(label)s을(를) 적어 주세요.") % {"label": label}, code="required", field=field)
    if len(value) > limit:
        raise FieldError(gettext("%(label)s은(는) %(limit)s자까지 쓸 수 있습니다.") % {"label": label, "limit": limit}, code="too_long", field=field)
    return value


def _position(latitude, longitude) -> tuple[Decimal | None, Decimal | None]:
    """Both coordinates or neither; inside the district when the district map knows its area."""
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    if latitude in (None, "") or longitude in (None, ""):
        raise FieldError(gettext("위도와 경도를 함께 적어 주세요."), code="invalid", field="latitude")
    try:
        lat = Decimal(str(latitude)).quantize(Decimal("0.000001"))
        lng = Decimal(str(longitude)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise FieldError(gettext("위치는 숫자(위도·경도)로 적어 주세요."), code="invalid", field="latitude") from None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise FieldError(gettext("위도·경도가 올바른 범위가 아닙니다."), code="invalid", field="latitude")
    try:
        from gamdong.core.geo import dong_for  # lands with the district map
    except ImportError:
        return lat, lng
    if dong_for(float(lat), float(lng)) is None:
        raise FieldError(gettext("구 밖의 위치입니다. 위치를 다시 확인해 주세요."), code="outside_district", field="latitude")
    return lat, lng


def _visitable(complaint: Complaint, officer: Employee) -> bool:
    """An officer visits complaints they handle or that their department (or one above it) handles."""
    if complaint.officer_id == officer.pk:
        return True
    return Department.objects.subtree(complaint.department).filter(pk=officer.department_id).exists()


# --- field visits ---------------------------------------------------------------------------


def visit_schedule(
    *,
    officer: Employee,
    complaints: Sequence[Complaint],
    scheduled_for: dt.datetime,
    actor,
    address: str = "",
    latitude=None,
    longitude=None,
) -> FieldVisit:
    """Plan one trip to one place for one or several open complaints there; each complainant is
    told when the officer will come. The visit goes last in the officer's route of that day."""
    if not permissions.can_act_for(actor, officer):
        raise FieldNotAllowed(gettext("이 직원의 현장방문을 정할 권한이 없습니다."), code="forbidden", field="officer")
    ids = sorted({c.pk for c in complaints})
    if not ids:
        raise FieldError(gettext("방문할 민원을 하나 이상 골라 주세요."), code="required", field="complaints")
    if len(ids) > MAX_VISIT_COMPLAINTS:
        raise FieldError(gettext("한 번의 방문에는 민원 %(limit)s건까지 묶을 수 있습니다.") % {"limit": MAX_VISIT_COMPLAINTS}, code="too_many",
                         field="complaints")
    if scheduled_for is None or timezone.is_naive(scheduled_for):
        raise FieldError(gettext("방문 예정 시각을 정해 주세요."), code="required", field="scheduled_for")
    address = _text(address, field="address", label=gettext("방문 장소"), required=False, limit=MAX_SHORT)
    lat, lng = _position(latitude, longitude)
    with transaction.atomic():
        # Locked in primary-key order, as every service that locks several complaints does.
        rows = list(
            Complaint.objects.select_for_update(of=("self",)).select_related("department", "officer__user")
            .filter(pk__in=ids).order_by("pk")
        )
        if len(rows) != len(ids):
            raise FieldError(gettext("없는 민원이 포함되어 있습니다."), code="not_found", field="complaints")
        for c in rows:
            if c.status not in OPEN_STATUSES:
                raise FieldError(gettext("%(receipt_number)s은(는) 이미 '%(status)s' 상태입니다.")
                                 % {"receipt_number": c.receipt_number, "status": c.get_status_display()},
                                 code="not_open", field="complaints")
            if not _visitable(c, officer):
                raise FieldNotAllowed(gettext("%(receipt_number)s은(는) 이 직원의 부서가 처리하는 민원이 아닙니다.")
                                      % {"receipt_number": c.receipt_number},
                                      code="wrong_department", field="complaints")
        first = rows[0]
        if lat is None and first.latitude is not None:
            lat, lng = first.latitude, first.longitude
        day = timezone.localdate(scheduled_for)
        last = _day_visits(officer, day).aggregate(m=Max("route_order"))["m"] or 0
        visit = FieldVisit.objects.create(
            officer=officer, scheduled_for=scheduled_for, route_order=last + 1,
            address=address or first.address, latitude=lat, longitude=lng, created_by=actor,
        )
        visit.complaints.set(rows)
        for c in rows:
            record_event(EventType.VISIT_SCHEDULED, actor=actor, subject=c,
                         after={"visit": visit.pk, "scheduled_for": scheduled_for.isoformat(),
                                "officer": officer.pk, "address": visit.address},
                         note=f"{timezone.localtime(scheduled_for):%m/%d %H:%M} 현장방문 예정")
            notices.visit_scheduled(c, visit)
    return visit


def _day_visits(officer: Employee, day: dt.date):
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return FieldVisit.objects.filter(officer=officer, scheduled_for__gte=start,
                                     scheduled_for__lt=start + dt.timedelta(days=1))


def _lock_visit(visit: FieldVisit) -> FieldVisit:
    return FieldVisit.objects.select_for_update(of=("self",)).select_related("officer__user").get(pk=visit.pk)


def visit_record(
    *,
    visit: FieldVisit,
    actor,
    visited_at: dt.datetime | None,
    latitude=None,
    longitude=None,
    findings: str,
    photos: Sequence = (),
    now: dt.datetime | None = None,
) -> FieldVisit:
    """Record what the officer found on site: when, where (the phone's position or typed), the
    findings (required) and photos, which are attached to every complaint of the visit."""
    now = now or timezone.now()
    findings = _text(findings, field="findings", label=gettext("현장 확인 내용"))
    visited_at = visited_at or now
    if timezone.is_naive(visited_at):
        visited_at = timezone.make_aware(visited_at)
    if visited_at > now + dt.timedelta(minutes=5):
        raise FieldError(gettext("방문 시각이 지금보다 늦을 수 없습니다."), code="invalid", field="visited_at")
    lat, lng = _position(latitude, longitude)
    with transaction.atomic():
        v = _lock_visit(visit)
        if not permissions.can_act_for(actor, v.officer):
            raise FieldNotAllowed(gettext("이 현장방문을 기록할 권한이 없습니다."), code="forbidden")
        if v.status != VisitStatus.SCHEDULED:
            raise FieldConflict(gettext("이미 '%(status)s' 상태인 방문입니다.") % {"status": v.get_status_display()}, code="not_scheduled")
        v.status = VisitStatus.DONE
        v.visited_at = visited_at
        v.findings = findings
        if lat is not None:
            v.latitude, v.longitude = lat, lng
        v.save(update_fields=["status", "visited_at", "findings", "latitude", "longitude"])
        complaints = list(v.complaints.select_related("department", "officer__user").order_by("pk"))
        for c in complaints:
            if photos:
                from gamdong.complaints.services import complaint_add_photos

                complaint_add_photos(complaint=c, actor=actor, photos=photos, visit=v)
            record_event(EventType.VISIT_RECORDED, actor=actor, subject=c,
                         after={"visit": v.pk, "visited_at": visited_at.isoformat(),
                                "latitude": str(v.latitude) if v.latitude is not None else None,
                                "longitude": str(v.longitude) if v.longitude is not None else None,
                                "photos": len(photos)},
                         note=findings[:500])
            notices.visit_recorded(c, v)
    return v


def visit_cancel(*, visit: FieldVisit, actor, reason: str = "") -> FieldVisit:
    """Cancel a planned visit; the complainants who were told of it are told again."""
    reason = _text(reason, field="reason", label=gettext("취소 사유"), required=False, limit=MAX_SHORT)
    with transaction.atomic():
        v = _lock_visit(visit)
        if not permissions.can_act_for(actor, v.officer):
            raise FieldNotAllowed(gettext("이 현장방문을 취소할 권한이 없습니다."), code="forbidden")
        if v.status != VisitStatus.SCHEDULED:
            raise FieldConflict(gettext("이미 '%(status)s' 상태인 방문입니다.") % {"status": v.get_status_display()}, code="not_scheduled")
        v.status = VisitStatus.CANCELLED
        v.save(update_fields=["status"])
        for c in v.complaints.select_related("department", "officer__user").order_by("pk"):
            record_event(EventType.VISIT_CANCELLED, actor=actor, subject=c, before={"status": "scheduled"},
                         after={"visit": v.pk, "status": v.status}, note=reason)
            if c.status in OPEN_STATUSES:
                notices.visit_cancelled(c, v)
    return v


def visits_reorder(*, officer: Employee, day: dt.date, ordered_ids: Sequence[int], actor) -> list[FieldVisit]:
    """Set the route of a day: `ordered_ids` lists every visit of that day that is still planned,
    in the order the officer will go."""
    if not permissions.can_act_for(actor, officer):
        raise FieldNotAllowed(gettext("이 직원의 방문 순서를 바꿀 권한이 없습니다."), code="forbidden")
    ordered = [int(i) for i in ordered_ids]
    with transaction.atomic():
        visits = {v.pk: v for v in _day_visits(officer, day).filter(status=VisitStatus.SCHEDULED)
                  .select_for_update().order_by("pk")}
        if len(set(ordered)) != len(ordered) or set(ordered) != set(visits):
            raise FieldConflict(gettext("그날 예정된 방문을 모두 한 번씩 순서대로 골라 주세요. 화면을 새로 고쳐 다시 해 주세요."),
                                code="route_mismatch", field="ordered_ids")
        before = {str(pk): v.route_order for pk, v in visits.items()}
        for position, pk in enumerate(ordered, start=1):
            visits[pk].route_order = position
        FieldVisit.objects.bulk_update(list(visits.values()), ["route_order"])
        record_event(EventType.VISIT_REORDERED, actor=actor, subject=officer, before=before,
                     after={str(pk): visits[pk].route_order for pk in ordered}, note=day.isoformat())
    return [visits[pk] for pk in ordered]


# --- resident dialogues (주민과의 대화) -------------------------------------------------------


def dialogue_record(
    *,
    host,
    held_at: dt.datetime,
    place: str,
    title: str,
    attendees: str = "",
    attendee_count: int = 0,
    summary: str = "",
    department: Department | None = None,
) -> Dialogue:
    """Record a session where the mayor or a supervisor met residents."""
    if not permissions.can_manage_dialogues(host):
        raise FieldNotAllowed(gettext("주민과의 대화는 부서장과 구청장이 기록합니다."), code="forbidden")
    if held_at is None or timezone.is_naive(held_at):
        raise FieldError(gettext("대화 일시를 정해 주세요."), code="required", field="held_at")
    place = _text(place, field="place", label=gettext("장소"), limit=MAX_SHORT)
    title = _text(title, field="title", label=gettext("제목"), limit=MAX_SHORT)
    attendees = _text(attendees, field="attendees", label=gettext("참석자"), required=False)
    summary = _text(summary, field="summary", label=gettext("요지"), required=False)
    try:
        attendee_count = int(attendee_count or 0)
    except (TypeError, ValueError):
        raise FieldError(gettext("참석 인원은 숫자로 적어 주세요."), code="invalid", field="attendee_count") from None
    if not 0 <= attendee_count <= 100_000:
        raise FieldError(gettext("참석 인원이 올바르지 않습니다."), code="invalid", field="attendee_count")
    with transaction.atomic():
        dialogue = Dialogue.objects.create(
            host=host, held_at=held_at, place=place, title=title, attendees=attendees,
            attendee_count=attendee_count, summary=summary, department=department,
        )
        record_event(EventType.DIALOGUE_RECORDED, actor=host, subject=dialogue,
                     after={"held_at": held_at.isoformat(), "place": place, "attendee_count": attendee_count})
    return dialogue


def _check_dialogue_actor(actor) -> None:
    if not permissions.can_manage_dialogues(actor):
        raise FieldNotAllowed(gettext("주민과의 대화 내용은 부서장과 구청장이 기록합니다."), code="forbidden")


def dialogue_add_inconvenience(
    *,
    dialogue: Dialogue,
    text: str,
    category: Category,
    actor=None,
    raised_by: str = "",
    title: str = "",
    latitude=None,
    longitude=None,
    address: str = "",
    dong: str = "",
    now: dt.datetime | None = None,
) -> DialogueItem:
    """An inconvenience raised at the dialogue is filed as a complaint (channel 주민과의 대화,
    registered by the host), so that it is received, routed and tracked to its end like any
    other; the dialogue keeps the link."""
    actor = actor or dialogue.host
    _check_dialogue_actor(actor)
    text = _text(text, field="text", label=gettext("불편사항"))
    raised_by = _text(raised_by, field="raised_by", label=gettext("제기한 주민"), required=False, limit=MAX_NAME)
    title = _text(title, field="title", label=gettext("제목"), required=False, limit=MAX_SHORT) or _title_from(text)
    address = _text(address, field="address", label=gettext("장소"), required=False, limit=MAX_SHORT)
    lat, lng = _position(latitude, longitude)
    if category is None or not category.active:
        raise FieldError(gettext("민원 유형을 골라 주세요."), code="required", field="category")
    with transaction.atomic():
        submission = Submission(
            category=category, title=title, body=text, complainant_name=raised_by or DIALOGUE_COMPLAINANT,
            latitude=lat, longitude=lng, address=address, dong=(dong or "")[:30], channel=Channel.DIALOGUE,
        )
        complaint, _ = complaint_submit(submission=submission, registered_by=dialogue.host, now=now)
        item = DialogueItem.objects.create(dialogue=dialogue, kind=DialogueItemKind.INCONVENIENCE,
                                           raised_by=raised_by, text=text, complaint=complaint)
        record_event(EventType.DIALOGUE_ITEM_ADDED, actor=actor, subject=dialogue,
                     after={"item": item.pk, "kind": item.kind, "complaint": complaint.receipt_number},
                     note=text[:200])
    return item


def dialogue_add_idea(*, dialogue: Dialogue, text: str, raised_by: str = "", actor=None) -> DialogueItem:
    """An idea raised at the dialogue is kept as an item, to become a proposal later (창의행정)."""
    actor = actor or dialogue.host
    _check_dialogue_actor(actor)
    text = _text(text, field="text", label=gettext("제안 내용"))
    raised_by = _text(raised_by, field="raised_by", label=gettext("제기한 주민"), required=False, limit=MAX_NAME)
    with transaction.atomic():
        item = DialogueItem.objects.create(dialogue=dialogue, kind=DialogueItemKind.IDEA, raised_by=raised_by,
                                           text=text)
        record_event(EventType.DIALOGUE_ITEM_ADDED, actor=actor, subject=dialogue,
                     after={"item": item.pk, "kind": item.kind}, note=text[:200])
    return item


def _title_from(text: str, limit: int = 60) -> str:
    first = text.strip().splitlines()[0].strip()
    return first if len(first) <= limit else first[: limit - 1] + "…"
