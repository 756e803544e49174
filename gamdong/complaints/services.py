"""Every action a person takes on a complaint. Each runs in a transaction, checks the
statute's rule (gamdong.complaints.rules), writes its event, and sends its notices after
commit.

Concurrency: a service that changes a complaint locks its row and, when the caller passes
`expected_version` (the version the person saw), refuses with ComplaintConflict if someone
else changed it meanwhile, so that no one's change is silently lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gamdong.complaints import notices, reference, rules
from gamdong.complaints.models import (
    OPEN_STATUSES,
    Answer,
    AnswerKind,
    Category,
    Channel,
    Complaint,
    Extension,
    Follow,
    Kind,
    Photo,
    ReceiptCounter,
    Satisfaction,
    Status,
    Transfer,
    TransferKind,
)
from gamdong.complaints.search import index_department, index_new_complaint
from gamdong.core.calendar_selectors import calendar_settings, compute_due_at
from gamdong.core.district_settings import district_setting
from gamdong.core.events import EventType, record_event, record_events, snapshot
from gamdong.core.images import CleanImage
from gamdong.org.models import Department, Employee


class ComplaintError(Exception):
    """A complaint action that cannot be done; `message` is for people (Korean)."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None):
        super().__init__(message)
        self.message, self.code, self.field = message, code, field


class ComplaintConflict(ComplaintError):
    status = 409


class ComplaintNotAllowed(ComplaintError):
    status = 403


def _rule(violation: rules.RuleViolation) -> ComplaintError:
    message = _(violation.template) % violation.params if violation.params else _(violation.template)
    return ComplaintError(message, code=violation.code, field=violation.field)


STATE_FIELDS = ["status", "department", "officer", "due_at", "received_at", "answered_at", "closed_at", "kind"]


# --- intake -------------------------------------------------------------------------------


def intake_department() -> Department:
    """The department that classifies complaints no category routes (민원총괄)."""
    department = reference.intake_department(district_setting("complaints.intake_department_code"))
    if department is None:
        raise ComplaintError(_("민원을 받을 부서가 설정되지 않았습니다. 관리자에게 문의하세요."), code="no_intake")
    return department


def route(category: Category, dong: str) -> Department | None:
    """The department responsible: the 동 주민센터 of the place for local categories, else the
    category's department; None when someone must classify it by hand."""
    if category.routed_by_area and dong:
        centre = reference.centre_for(dong)
        if centre is not None:
            return centre
    return category.department if category.department_id else None


def _next_receipt_number(now: dt.datetime) -> str:
    """The year's next number: one UPDATE ... RETURNING, which locks the counter row until the
    filing commits (the first filing of a year creates the row first)."""
    year = timezone.localtime(now).year
    table = connection.ops.quote_name(ReceiptCounter._meta.db_table)
    sql = f'UPDATE {table} SET "last" = "last" + 1 WHERE "year" = %s RETURNING "last"'
    with connection.cursor() as cursor:
        cursor.execute(sql, [year])
        row = cursor.fetchone()
        if row is None:
            ReceiptCounter.objects.get_or_create(year=year)
            cursor.execute(sql, [year])
            row = cursor.fetchone()
    return rules.receipt_number(year, row[0])


def _period(kind: str, category: Category) -> rules.Period:
    try:
        return rules.period_for(kind, statutory_days=category.statutory_days, setting=district_setting)
    except rules.RuleViolation as exc:
        raise _rule(exc) from exc


def _excluded(complaint: Complaint) -> list[tuple[dt.datetime, dt.datetime]]:
    return [(dt.datetime.fromisoformat(a), dt.datetime.fromisoformat(b)) for a, b in complaint.excluded_spans]


def _compute_due(complaint: Complaint, start: dt.datetime) -> dt.datetime:
    period = complaint.period
    return compute_due_at(start, days=period.days, hours=period.hours, excluded=_excluded(complaint))


# The unique index on idempotency_key is partial (non-blank keys). SQLite uses a partial index
# only when the query repeats its condition with a literal (a bound '' cannot prove it), so
# without this every filing scanned all complaints, up to three times.
IDEMPOTENCY_KEY_SET_SQL = "NOT (complaints_complaint.idempotency_key = '')"


def complaint_with_idempotency_key(key: str) -> Complaint | None:
    """The complaint filed with this (person-scoped) idempotency key, through its index."""
    if not key:
        return None
    found = Complaint.objects.filter(idempotency_key=key).extra(where=[IDEMPOTENCY_KEY_SET_SQL])[:1]  # unique: no ORDER BY
    return next(iter(found), None)


@dataclass
class Submission:
    """What a complainant gives (or what staff write down from a call, a visit or a letter)."""

    category: Category
    title: str
    body: str
    complainant_name: str
    complainant_phone: str = ""
    complainant_email: str = ""
    latitude: float | None = None
    longitude: float | None = None
    address: str = ""
    dong: str = ""
    channel: str = Channel.WEB
    kind: str | None = None
    extra_answers: dict[str, Any] | None = None


def complaint_submit(
    *,
    submission: Submission,
    complainant=None,
    registered_by=None,
    photos: Sequence[CleanImage] = (),
    idempotency_key: str = "",
    idempotency_scope: str = "",
    idempotency_checked: bool = False,
    now: dt.datetime | None = None,
) -> tuple[Complaint, bool]:
    """File a complaint; return (complaint, created).

    A category that names its department (or its 동 주민센터) is received at once, so the
    resident sees the receipt number, the kind and the due time immediately. A complaint
    nobody routes waits for formal receipt by the intake department within 8 working hours
    (령 §6). The same `idempotency_key` from the same person (or the same outside system,
    named by `idempotency_scope`) returns the first complaint instead of filing a second
    (double click, retried request). With `idempotency_checked` the key is not looked up
    first: a repeat meets the unique index on it and then gets the first complaint (one
    look-up only for a repeat; intake.file, which files far more often than it is retried).
    """
    actor = complainant or registered_by
    scope = idempotency_scope or (str(actor.pk) if actor is not None else "")
    scoped_key = f"{scope}:{idempotency_key}" if (idempotency_key and scope) else ""
    if scoped_key and not idempotency_checked:
        existing = complaint_with_idempotency_key(scoped_key)
        if existing is not None:
            return existing, False
    now = now or timezone.now()
    category = submission.category
    kind = submission.kind or category.default_kind
    department = route(category, submission.dong)
    try:
        with transaction.atomic():
            complaint = Complaint(
                receipt_number=_next_receipt_number(now),
                category=category,
                kind=kind,
                channel=submission.channel,
                title=submission.title,
                body=submission.body,
                extra_answers=submission.extra_answers or {},
                complainant=complainant,
                complainant_name=submission.complainant_name,
                complainant_phone=submission.complainant_phone,
                complainant_email=submission.complainant_email,
                registered_by=registered_by,
                latitude=submission.latitude,
                longitude=submission.longitude,
                address=submission.address,
                dong=submission.dong,
                submitted_at=now,
                idempotency_key=scoped_key,
            )
            period = _period(kind, category)
            complaint.period_days, complaint.period_hours = period.days, period.hours
            if department is not None:
                complaint.department = department
                complaint.status = Status.RECEIVED
                complaint.received_at = now
                complaint.due_at = _compute_due(complaint, now)
            else:
                complaint.department = intake_department()
                complaint.status = Status.SUBMITTED
                complaint.receipt_due_at = compute_due_at(
                    now, hours=district_setting("complaints.online_receipt_hours")
                )
            complaint.save()
            events = [dict(
                event_type=EventType.COMPLAINT_SUBMITTED, occurred_at=now, actor=actor, subject=complaint,
                after=snapshot(complaint, ["receipt_number", "category", "kind", "channel", "status", "due_at"]),
                note=Channel(submission.channel).label,
            )]
            if complaint.status == Status.RECEIVED:
                events.append(dict(
                    event_type=EventType.COMPLAINT_RECEIVED, occurred_at=now, actor=None, subject=complaint,
                    after=snapshot(complaint, ["department", "received_at", "due_at"]),
                ))
            record_events(*events)  # one INSERT
            for photo in photos:
                _attach_photo(complaint, photo, uploaded_by=actor, now=now)
            # Findable by Korean word search from the moment it exists (and no crash can leave it out).
            index_new_complaint(complaint)
            notices.received(complaint)
    except IntegrityError:
        if scoped_key:  # a concurrent retry with the same key won the race
            existing = complaint_with_idempotency_key(scoped_key)
            if existing is not None:
                return existing, False
        raise
    return complaint, True


def _attach_photo(complaint: Complaint, photo: CleanImage, *, uploaded_by, visit=None, now=None) -> Photo:
    row = Photo(
        complaint=complaint, visit=visit, uploaded_by=uploaded_by, content_type=photo.content_type,
        width=photo.width, height=photo.height, sha256=photo.sha256, taken_at=photo.taken_at,
        original_latitude=round(photo.gps.lat, 6) if photo.gps else None,
        original_longitude=round(photo.gps.lng, 6) if photo.gps else None,
    )
    name = f"{photo.sha256[:16]}.{photo.extension}"
    row.image.save(name, ContentFile(photo.content), save=False)
    if photo.thumbnail:
        row.thumbnail.save(f"{photo.sha256[:16]}-thumb.{photo.extension}", ContentFile(photo.thumbnail), save=False)
    row.save()
    record_event(EventType.COMPLAINT_PHOTO_ADDED, occurred_at=now, actor=uploaded_by, subject=complaint,
                 note="현장방문 사진" if visit is not None else "")
    return row


def complaint_add_photos(*, complaint: Complaint, actor, photos: Sequence[CleanImage], visit=None) -> list[Photo]:
    """Attach photos, within the district's limit per complaint (field-visit photos count
    against their visit, not the complaint). Adding is refused once the complaint is closed."""
    if not photos:
        raise ComplaintError(_("올릴 사진을 골라 주세요."), code="required", field="photos")
    with transaction.atomic():
        locked = _lock(complaint)
        if visit is None and locked.status in (Status.CLOSED, Status.MERGED, Status.TRANSFERRED_OUT):
            raise ComplaintError(_("종결되었거나 이송·병합된 민원에는 사진을 더할 수 없습니다."), code="not_open", field="photos")
        limit = district_setting("complaints.max_photos")
        existing = locked.photos.filter(visit__isnull=True).count() if visit is None else 0
        if visit is None and existing + len(photos) > limit:
            raise ComplaintError(_("사진은 %(limit)s장까지 올릴 수 있습니다.") % {"limit": limit}, code="too_many_photos", field="photos")
        return [_attach_photo(locked, photo, uploaded_by=actor, visit=visit) for photo in photos]


# --- locking --------------------------------------------------------------------------------


def _lock(complaint: Complaint, expected_version: int | None = None) -> Complaint:
    locked = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("department", "officer__user")
        .get(pk=complaint.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise ComplaintConflict(
            _("다른 직원이 이 민원을 먼저 변경했습니다. 새로 고친 화면에서 다시 확인해 주세요."), code="conflict"
        )
    return locked


def _save(complaint: Complaint, fields: list[str]) -> None:
    complaint.version = F("version") + 1
    complaint.save(update_fields=[*fields, "version"])
    complaint.refresh_from_db(fields=["version"])


def _require_open(complaint: Complaint) -> None:
    if complaint.status not in OPEN_STATUSES:
        raise ComplaintError(
            _("이미 '%(status)s' 상태인 민원입니다.") % {"status": complaint.get_status_display()}, code="not_open"
        )


# --- the office's actions -------------------------------------------------------------------------


def complaint_receive(
    *, complaint: Complaint, actor, category: Category | None = None, kind: str | None = None,
    department: Department | None = None, expected_version: int | None = None, now: dt.datetime | None = None,
) -> Complaint:
    """Formally receive a complaint that waited for classification (령 §6); the processing
    period counts from now."""
    now = now or timezone.now()
    with transaction.atomic():
        c = _lock(complaint, expected_version)
        if c.status != Status.SUBMITTED:
            raise ComplaintError(_("이미 접수된 민원입니다."), code="already_received")
        before = snapshot(c, STATE_FIELDS + ["category"])
        if category is not None:
            c.category = category
        c.kind = kind or (category.default_kind if category else c.kind)
        period = _period(c.kind, c.category)
        c.period_days, c.period_hours = period.days, period.hours
        target = department or route(c.category, c.dong)
        if target is None:
            raise ComplaintError(_("처리 부서를 정해 주세요."), code="department_required", field="department")
        c.department = target
        c.status = Status.RECEIVED
        c.received_at = now
        c.due_at = _compute_due(c, now)
        _save(c, ["category", "kind", "period_days", "period_hours", "department", "status", "received_at", "due_at"])
        index_department(c)
        record_event(EventType.COMPLAINT_RECEIVED, occurred_at=now, actor=actor, subject=c, before=before,
                     after=snapshot(c, STATE_FIELDS + ["category"]))
        notices.received(c)
    return c


def complaint_assign(
    *, complaint: Complaint, officer: Employee, actor, expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Complaint:
    """Give the complaint to an officer of the handling department (or one below it)."""
    now = now or timezone.now()
    with transaction.atomic():
        c = _lock(complaint, expected_version)
        _require_open(c)
        if c.status == Status.SUBMITTED:
            raise ComplaintError(_("접수한 뒤에 배정할 수 있습니다."), code="not_received")
        if not Department.objects.subtree(c.department).filter(pk=officer.department_id).exists():
            raise ComplaintError(_("처리 부서(또는 그 아래 팀)의 직원에게만 배정할 수 있습니다."), code="wrong_department",
                                 field="officer")
        if not officer.active:
            raise ComplaintError(_("재직 중이 아닌 직원입니다."), code="inactive_officer", field="officer")
        before = snapshot(c, ["officer", "status"])
        event = EventType.COMPLAINT_REASSIGNED if c.officer_id else EventType.COMPLAINT_ASSIGNED
        c.officer = officer
        c.status = Status.ASSIGNED
        _save(c, ["officer", "status"])
        record_event(event, occurred_at=now, actor=actor, subject=c, before=before, after=snapshot(c, ["officer", "status"]),
                     note=officer.user.name)
    return c


def complaint_transfer(
    *, complaint: Complaint, to_department: Department, actor, reason: str,
    expected_version: int | None = None, now: dt.datetime | None = None,
) -> Complaint:
    """이송 inside the office (령 §13): due within 3 working hours of receipt. The processing
    period keeps counting from the original receipt."""
    now = now or timezone.now()
    if not reason.strip():
        raise ComplaintError(_("이송 사유를 적어 주세요."), code="required", field="reason")
    with transaction.atomic():
        c = _lock(complaint, expected_version)
        _require_open(c)
        if to_department.pk == c.department_id:
            raise ComplaintError(_("지금 처리 부서와 같은 부서입니다."), code="same_department", field="to_department")
        start = c.received_at or c.submitted_at
        deadline = compute_due_at(start, hours=district_setting("complaints.transfer_internal_hours"))
        Transfer.objects.create(
            complaint=c, kind=TransferKind.INTERNAL, from_department=c.department, to_department=to_department,
            reason=reason, deadline=deadline, transferred_at=now, late=now > deadline, by=actor,
        )
        before = snapshot(c, ["department", "officer", "status"])
        c.department = to_department
        c.officer = None
        if c.status == Status.ASSIGNED:
            c.status = Status.RECEIVED
        _save(c, ["department", "officer", "status"])
        index_department(c)
        record_event(EventType.COMPLAINT_TRANSFERRED, occurred_at=now, actor=actor, subject=c, before=before,
                     after=snapshot(c, ["department", "officer", "status"]), note=reason)
    return c


def complaint_transfer_out(
    *, complaint: Complaint, agency: str, actor, reason: str,
    expected_version: int | None = None, now: dt.datetime | None = None,
) -> Complaint:
    """이송 to another agency (령 §13): within 8 working hours, and the complainant is told."""
    now = now or timezone.now()
    if not agency.strip() or not reason.strip():
        raise ComplaintError(_("이송 기관과 사유를 모두 적어 주세요."), code="required",
                             field="agency" if not agency.strip() else "reason")
    with transaction.atomic():
        c = _lock(complaint, expected_version)
        _require_open(c)
        start = c.received_at or c.submitted_at
        deadline = compute_due_at(start, hours=district_setting("complaints.transfer_external_hours"))
        Transfer.objects.create(
            complaint=c, kind=TransferKind.EXTERNAL, from_department=c.department, to_agency=agency,
            reason=reason, deadline=deadline, transferred_at=now, late=now > deadline, by=actor,
        )
        before = snapshot(c, ["status"])
        c.status = Status.TRANSFERRED_OUT
        c.closed_at = now
        answer = _write_answer(
            c, actor=actor, kind=AnswerKind.EXTERNAL_TRANSFER,
            body=f"이 민원은 {agency}의 소관이어서 {agency}(으)로 이송했습니다. 사유: {reason}", now=now,
        )
        _save(c, ["status", "closed_at", "notified_results"])
        record_event(EventType.COMPLAINT_TRANSFERRED_OUT, occurred_at=now, actor=actor, subject=c, before=before,
                     after={"status": c.status, "agency": agency}, note=reason)
        notices.answered(c, answer)
    return c


def complaint_extend(
    *, complaint: Complaint, actor, reason: str, days: int | None = None, hours: int | None = None,
    consent_note: str = "", expected_version: int | None = None, now: dt.datetime | None = None,
) -> Extension:
    """처리기간 연장 (령 §21): once by at most the original period, with the reason and the
    new date notified; a second time only with the complainant's recorded consent."""
    now = now or timezone.now()
    if not reason.strip():
        raise ComplaintError(_("연장 사유를 적어 주세요."), code="required", field="reason")
    try:
        requested = rules.Period(days=days, hours=hours)
    except ValueError as exc:
        raise ComplaintError(_("연장할 기간을 일 또는 근무시간으로 적어 주세요."), code="invalid", field="days") from exc
    with transaction.atomic():
        c = _lock(complaint, expected_version)
        _require_open(c)
        if c.status == Status.SUBMITTED:
            raise ComplaintError(_("접수한 뒤에 연장할 수 있습니다."), code="not_received")
        try:
            rules.check_extension(
                original=c.period, requested=requested, extensions_so_far=c.extension_count,
                consent=bool(consent_note.strip()),
                max_without_consent=district_setting("complaints.extension_max_without_consent"),
                cap_ratio=district_setting("complaints.extension_cap_ratio"),
                hours_per_day=calendar_settings().hours.hours_per_day,
                max_total=district_setting("complaints.extension_max_total"),
            )
        except rules.RuleViolation as exc:
            raise _rule(exc) from exc
        previous = c.due_at
        if requested.days is not None:
            # Days are counted from the working day after the old due date.
            calendar_day = timezone.localtime(previous).date() + dt.timedelta(days=1)
            start = timezone.make_aware(dt.datetime.combine(calendar_day, dt.time(0, 0)))
            new_due = compute_due_at(start, days=requested.days, excluded=_excluded(c))
        else:
            new_due = compute_due_at(previous, hours=requested.hours, excluded=_excluded(c))
        c.extension_count += 1
        extension = Extension.objects.create(
            complaint=c, number=c.extension_count, days=requested.days, hours=requested.hours, reason=reason,
            consent_note=consent_note, previous_due_at=previous, new_due_at=new_due, by=actor, created_at=now,
        )
        c.due_at = new_due
        _save(c, ["due_at", "extension_count"])
        record_event(EventType.COMPLAINT_EXTENDED, occurred_at=now, actor=actor, subject=c,
                     before={"due_at": previous.isoformat()}, after={"due_at": new_due.isoformat(),
                                                                    "number": extension.number}, note=reason)
        notices.extended(c, extension)
    return extension


def complaint_investigation_start(
    *, complaint: Complaint, actor, expected_version: int | None = None, now: dt.datetime | None = None,
) -> Complaint:
    """고충민원 현장조사 (령 §17): the investigation time is not counted in the period."""
    now = now or timezone.now()
    with transaction.atomic():
        c = _lock(complaint, expected_version)
        _require_open(c)
        if c.kind != Kind.GRIEVANCE:
            raise ComplaintError(_("현장조사 기간 불산입은 고충민원에만 적용됩니다."), code="not_grievance")
        if c.excluded_spans and c.excluded_spans[-1][1] is None:
            raise ComplaintError(_("이미 현장조사 중입니다."), code="already_investigating")
        if c.excluded_spans:
            raise ComplaintError(_("현장조사는 한 번만 기간에서 뺄 수 있습니다."), code="investigation_used")
        c.excluded_spans = [*c.excluded_spans, [now.isoformat(), None]]
        _save(c, ["excluded_spans"])
        record_event(EventType.COMPLAINT_INVESTIGATION_STARTED, occurred_at=now, actor=actor, subject=c, after={"started_at": now.isoformat()})
    return c


def complaint_investigation_end(
    *, complaint: Complaint, actor, expected_version: int | None = None, now: dt.datetime | None = None,
) -> Complaint:
    """End the field investigation; the due time moves later by the investigation time, which
    may be at most 14 days plus one extension of 7 (령 §17)."""
    now = now or timezone.now()
    with transaction.atomic():
        c = _lock(complaint, expected_version)
        if not c.excluded_spans or c.excluded_spans[-1][1] is not None:
            raise ComplaintError(_("진행 중인 현장조사가 없습니다."), code="not_investigating")
        started = dt.datetime.fromisoformat(c.excluded_spans[-1][0])
        limit = district_setting("complaints.grievance_investigation_max_days") + district_setting(
            "complaints.grievance_investigation_extension_days"
        )
        end = min(now, started + dt.timedelta(days=limit))
        spans = [*c.excluded_spans[:-1], [started.isoformat(), end.isoformat()]]
        before = {"due_at": c.due_at.isoformat()}
        c.excluded_spans = spans
        c.due_at = _compute_due(c, c.received_at)
        for extension in c.extensions.order_by("number"):  # extensions granted earlier still apply
            c.due_at = max(c.due_at, extension.new_due_at)
        _save(c, ["excluded_spans", "due_at"])
        record_event(EventType.COMPLAINT_INVESTIGATION_ENDED, occurred_at=now, actor=actor, subject=c, before=before,
                     after={"due_at": c.due_at.isoformat(), "ended_at": end.isoformat()})
    return c


def _contact_for(c: Complaint) -> tuple[str, str, str]:
    officer = c.officer
    department = c.department
    officer_name = officer.user.name if officer else "민원 담당"
    contact = (officer.office_phone if officer and officer.office_phone else "") or department.phone or \
        district_setting("district.phone")
    return department.name, officer_name, contact


def _write_answer(c: Complaint, *, actor, kind: str, body: str, now: dt.datetime,
                  refusal_reasons: str = "", remedies: str = "") -> Answer:
    department_name, officer_name, contact = _contact_for(c)
    answer = Answer.objects.create(
        complaint=c, kind=kind, body=body, refusal_reasons=refusal_reasons, remedies=remedies,
        department_name=department_name, officer_name=officer_name, contact=contact,
        answered_by=actor, answered_at=now,
    )
    c.notified_results += 1
    return answer


def complaint_answer(
    *, complaint: Complaint, actor, body: str, expected_version: int | None = None, now: dt.datetime | None = None,
) -> Answer:
    """Answer the complainant, naming the department, officer and contact (령 §31). Every
    complainant of a 다수인 민원 is notified."""
    now = now or timezone.now()
    if not body.strip():
        raise ComplaintError(_("답변 내용을 적어 주세요."), code="required", field="body")
    with transaction.atomic():
        c = _lock(complaint, expected_version)
        _require_open(c)
        if c.status == Status.SUBMITTED:
            raise ComplaintError(_("접수한 뒤에 답변할 수 있습니다."), code="not_received")
        answer = _finish(c, actor=actor, kind=AnswerKind.ANSWER, body=body, now=now)
        record_event(EventType.COMPLAINT_ANSWERED, occurred_at=now, actor=actor, subject=c, before={"status": Status.ASSIGNED},
                     after={"status": c.status},
                     note=f"{answer.department_name} {answer.officer_name} ({answer.contact})")
    return answer


def complaint_refuse(
    *, complaint: Complaint, actor, reasons: str, remedies: str, body: str = "",
    expected_version: int | None = None, now: dt.datetime | None = None,
) -> Answer:
    """Refuse, stating the reasons and the remedies open to the complainant (법 §27)."""
    now = now or timezone.now()
    if not reasons.strip():
        raise ComplaintError(_("거부 사유를 적어 주세요."), code="required", field="reasons")
    if not remedies.strip():
        raise ComplaintError(_("민원인이 할 수 있는 불복 방법(이의신청, 행정심판 등)을 적어 주세요."), code="required",
                             field="remedies")
    with transaction.atomic():
        c = _lock(complaint, expected_version)
        _require_open(c)
        answer = _finish(c, actor=actor, kind=AnswerKind.REFUSAL, body=body or reasons, now=now,
                         refusal_reasons=reasons, remedies=remedies)
        record_event(EventType.COMPLAINT_REFUSED, occurred_at=now, actor=actor, subject=c, after={"status": c.status}, note=reasons[:200])
    return answer


def _finish(c: Complaint, *, actor, kind: str, body: str, now: dt.datetime, **extra) -> Answer:
    answer = _write_answer(c, actor=actor, kind=kind, body=body, now=now, **extra)
    c.status = Status.ANSWERED
    c.answered_at = now
    _save(c, ["status", "answered_at", "notified_results"])
    members = list(Complaint.objects.filter(merged_into=c).select_for_update().order_by("pk"))
    for member in members:
        member.status = Status.ANSWERED
        member.answered_at = now
        member.notified_results += 1
        _save(member, ["status", "answered_at", "notified_results"])
    notices.answered(c, answer, also=members)
    return answer


def complaint_close(
    *, complaint: Complaint, actor, note: str = "", expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Complaint:
    """종결 after the answer (or by the complainant's withdrawal while open)."""
    now = now or timezone.now()
    with transaction.atomic():
        c = _lock(complaint, expected_version)
        if c.status in (Status.CLOSED, Status.TRANSFERRED_OUT, Status.MERGED):
            raise ComplaintError(_("이미 종결된 민원입니다."), code="closed")
        withdrawal = c.status in OPEN_STATUSES
        if withdrawal and not (c.complainant_id and actor.pk == c.complainant_id):
            raise ComplaintError(_("답변하지 않은 민원은 민원인이 취하할 때만 종결할 수 있습니다."), code="not_answered")
        before = snapshot(c, ["status"])
        c.status = Status.CLOSED
        c.closed_at = now
        _save(c, ["status", "closed_at"])
        record_event(EventType.COMPLAINT_CLOSED, occurred_at=now, actor=actor, subject=c, before=before, after={"status": c.status},
                     note=note or ("민원인 취하" if withdrawal else ""))
    return c


def complaint_mark_repeat(
    *, complaint: Complaint, of: Complaint, actor, expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Complaint:
    """Record that `complaint` is the same as the earlier `of` (same nature, same answer)."""
    now = now or timezone.now()
    of = Complaint.objects.select_related("repeat_of").get(pk=of.pk)  # its cluster as stored now
    root = of.repeat_of or of
    if root.pk == complaint.pk:
        raise ComplaintError(_("같은 민원을 자기 자신과 묶을 수 없습니다."), code="same_complaint")
    with transaction.atomic():
        c = _lock(complaint, expected_version)
        c.repeat_of = root
        _save(c, ["repeat_of"])
        record_event(EventType.COMPLAINT_MARKED_REPEAT, occurred_at=now, actor=actor, subject=c, after={"repeat_of": root.receipt_number})
    return c


def complaint_close_as_repeated(
    *, complaint: Complaint, actor, expected_version: int | None = None, now: dt.datetime | None = None,
) -> Answer:
    """반복민원 (법 §23): the same complaint for the 3rd time or more, its result notified at
    least twice already, is closed with a notice."""
    now = now or timezone.now()
    with transaction.atomic():
        c = _lock(complaint, expected_version)
        _require_open(c)
        root = c.repeat_of
        if root is None:
            raise ComplaintError(_("먼저 같은 내용의 이전 민원과 묶어 주세요."), code="not_a_repeat")
        cluster = Complaint.objects.filter(pk=root.pk) | Complaint.objects.filter(repeat_of=root)
        occurrences = cluster.count()
        notified = sum(cluster.exclude(pk=c.pk).values_list("notified_results", flat=True))
        try:
            rules.check_repeat_closure(
                kind=c.kind, occurrences=occurrences, notified_results=notified,
                min_occurrences=district_setting("complaints.repeat_min_count"),
                min_notified=district_setting("complaints.repeat_min_notified"),
            )
        except rules.RuleViolation as exc:
            raise _rule(exc) from exc
        answer = _write_answer(
            c, actor=actor, kind=AnswerKind.REPEAT_CLOSURE, now=now,
            body=(f"같은 내용의 민원({root.receipt_number})에 이미 {notified}회 결과를 알려 드렸고 새로운 사유가 없어, "
                  "민원 처리에 관한 법률 제23조에 따라 이 민원을 종결합니다."),
        )
        c.status = Status.CLOSED
        c.closed_at = now
        c.answered_at = now
        _save(c, ["status", "closed_at", "answered_at", "notified_results"])
        record_event(EventType.COMPLAINT_CLOSED_AS_REPEATED, occurred_at=now, actor=actor, subject=c,
                     after={"status": c.status, "occurrences": occurrences})
        notices.answered(c, answer)
    return answer


def complaints_merge_multi_party(
    *, lead: Complaint, others: Sequence[Complaint], actor, expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Complaint:
    """다수인 관련 민원 (령 §6): five or more complaints with the same purpose handled as one;
    every complainant is still notified of the result."""
    now = now or timezone.now()
    members = [c for c in others if c.pk != lead.pk]
    with transaction.atomic():
        ids = sorted({lead.pk, *(c.pk for c in members)})
        locked = {c.pk: c for c in Complaint.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
        lead_row = locked[lead.pk]
        if expected_version is not None and lead_row.version != expected_version:
            raise ComplaintConflict(
                _("다른 직원이 이 민원을 먼저 변경했습니다. 새로 고친 화면에서 다시 확인해 주세요."), code="conflict"
            )
        rows = [locked[c.pk] for c in members]
        try:
            rules.check_multi_party(
                count=len(ids), minimum=district_setting("complaints.multi_party_min"),
                same_category=len({r.category_id for r in [lead_row, *rows]}) == 1,
            )
        except rules.RuleViolation as exc:
            raise _rule(exc) from exc
        for row in [lead_row, *rows]:
            if row.status not in OPEN_STATUSES:
                raise ComplaintError(_("%(receipt_number)s은(는) 이미 처리된 민원입니다.") % {"receipt_number": row.receipt_number}, code="not_open")
        for row in rows:
            row.merged_into = lead_row
            row.status = Status.MERGED
            _save(row, ["merged_into", "status"])
            record_event(EventType.COMPLAINT_MERGED, occurred_at=now, actor=actor, subject=row, after={"merged_into": lead_row.receipt_number})
        record_event(EventType.COMPLAINT_MERGED, occurred_at=now, actor=actor, subject=lead_row,
                     after={"members": [r.receipt_number for r in rows]}, note=f"다수인 민원 {len(ids)}건")
    return lead_row


# --- the resident's actions --------------------------------------------------------------------------


def complaint_follow(*, complaint: Complaint, user, now: dt.datetime | None = None) -> Follow:
    """Follow a similar open complaint instead of filing the same one again. One's own
    complaint needs no following, and a finished one can no longer be followed."""
    now = now or timezone.now()
    if complaint.complainant_id is not None and complaint.complainant_id == user.pk:
        raise ComplaintError(_("본인이 신청한 민원입니다. 내 민원 목록에서 확인할 수 있습니다."), code="own_complaint")
    with transaction.atomic():
        existing = Follow.objects.filter(complaint=complaint, user=user).first()
        if existing is not None:
            return existing
        if complaint.status not in OPEN_STATUSES:
            raise ComplaintError(_("이미 처리가 끝난 민원이어서 함께 지켜볼 수 없습니다."), code="not_open")
        follow, created = Follow.objects.get_or_create(complaint=complaint, user=user)
        if created:
            record_event(EventType.COMPLAINT_FOLLOWED, occurred_at=now, actor=user, subject=complaint)
    return follow


def complaint_rate(
    *, complaint: Complaint, resident, score: int, comment: str = "", now: dt.datetime | None = None
) -> Satisfaction:
    """The complainant rates the latest answer, 1 to 5, once (법 §26)."""
    now = now or timezone.now()
    if not district_setting("complaints.satisfaction_survey"):
        raise ComplaintError(_("이 구는 만족도 조사를 하지 않습니다."), code="survey_off")
    if complaint.complainant_id != resident.pk:
        raise ComplaintNotAllowed(_("본인의 민원만 평가할 수 있습니다."), code="forbidden")
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise ComplaintError(_("만족도는 1점부터 5점까지입니다."), code="invalid", field="score")
    with transaction.atomic():
        c = _lock(complaint)
        answer = c.answers.filter(kind__in=[AnswerKind.ANSWER, AnswerKind.REFUSAL]).order_by("-answered_at").first()
        if answer is None:
            raise ComplaintError(_("답변을 받은 뒤에 평가할 수 있습니다."), code="not_answered")
        if Satisfaction.objects.filter(answer=answer).exists():
            raise ComplaintError(_("이 답변은 이미 평가했습니다."), code="already_rated")
        rating = Satisfaction.objects.create(complaint=c, answer=answer, score=score, comment=comment, created_at=now)
        record_event(EventType.COMPLAINT_RATED, occurred_at=now, actor=resident, subject=c, after={"score": score})
    return rating


def complaint_reopen(*, complaint: Complaint, resident, reason: str, now: dt.datetime | None = None) -> Complaint:
    """The complainant asks again once, within the district's window, when it was not solved;
    the same officer handles it with a fresh period."""
    now = now or timezone.now()
    if complaint.complainant_id != resident.pk:
        raise ComplaintNotAllowed(_("본인의 민원만 다시 요청할 수 있습니다."), code="forbidden")
    if not reason.strip():
        raise ComplaintError(_("해결되지 않은 점을 적어 주세요."), code="required", field="reason")
    with transaction.atomic():
        c = _lock(complaint)
        if c.status != Status.ANSWERED:
            raise ComplaintError(_("답변을 받은 민원만 다시 요청할 수 있습니다."), code="not_answered")
        try:
            rules.check_reopen(answered_at=c.answered_at, now=now,
                               window_days=district_setting("complaints.reopen_window_days"),
                               reopened_before=c.reopen_count)
        except rules.RuleViolation as exc:
            raise _rule(exc) from exc
        before = snapshot(c, STATE_FIELDS)
        c.reopen_count += 1
        c.status = Status.ASSIGNED if c.officer_id else Status.RECEIVED
        c.answered_at = None
        c.due_at = _compute_due(c, now)
        _save(c, ["reopen_count", "status", "answered_at", "due_at"])
        record_event(EventType.COMPLAINT_REOPENED, occurred_at=now, actor=resident, subject=c, before=before,
                     after=snapshot(c, STATE_FIELDS), note=reason[:500])
    return c


def complaint_record_progress_notice(*, complaint: Complaint, now: dt.datetime | None = None) -> None:
    """령 §23: tell the complainant how it stands and when it should be done."""
    now = now or timezone.now()
    with transaction.atomic():
        c = _lock(complaint)
        c.last_progress_notice_at = now
        _save(c, ["last_progress_notice_at"])
        record_event(EventType.COMPLAINT_PROGRESS_NOTICE, occurred_at=now, actor=None, subject=c)
        notices.progress(c)
