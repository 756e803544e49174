"""Scheduled reminders about complaints (huey periodic tasks; started with `gamdong worker`).

| job                          | who is told                         | when                                              |
|------------------------------|-------------------------------------|---------------------------------------------------|
| send_due_soon_reminders      | the officer                         | `complaints.due_soon_hours` working hours left;   |
|                              |                                     | once per complaint per due time                   |
| send_overdue_reminders       | the head of the handling department | past the due time (독촉, 령 §22); at most daily    |
| send_progress_notices        | the complainant                     | open 30 days after receipt, every 30 days (령 §23) |
| send_satisfaction_requests   | the complainant                     | once after an answer, if the district surveys (법 §26) |
| send_status_reports          | each department head                | open/overdue counts every `status_check_days` (령 §22, §28) |

Each job is a plain function taking `now` (tests pass a fixed moment) and returns what it
sent; the huey task only calls it. Each is idempotent: what was sent is recorded as an event
(COMPLAINT_REMINDER with `after.kind`, or COMPLAINT_PROGRESS_NOTICE through the service), and
the event is re-checked under the complaint's row lock, so that two runs at once, or a run
repeated after a crash, never send twice. The "at" in each event is the job's `now`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gamdong.complaints import notices, reminder_rules, rules
from gamdong.complaints.models import OPEN_STATUSES, AnswerKind, Complaint, Satisfaction, Status
from gamdong.complaints.search import index_repair
from gamdong.complaints.services import complaint_record_progress_notice
from gamdong.core.calendar_selectors import district_calendar
from gamdong.core.deadlines import working_time_left
from gamdong.core.district_settings import district_setting
from gamdong.core.events import EventType, record_event
from gamdong.core.models import Event
from gamdong.org.models import Department

DUE_SOON = "due_soon"
OVERDUE = "overdue"
SATISFACTION = "satisfaction_request"
STATUS_CHECK = "status_check"
HANDLED = (Status.RECEIVED, Status.ASSIGNED)  # received, so they have a due time
OVERDUE_LIST_MAX = 30  # receipt numbers listed in a department head's report


# --- what was sent already -------------------------------------------------------------------


def _sent(model, ids, kind: str) -> dict[int, list[dict]]:
    """The COMPLAINT_REMINDER events of `kind` recorded on rows `ids` of `model` (one query)."""
    if not ids:
        return {}
    found: dict[int, list[dict]] = defaultdict(list)
    rows = Event.objects.filter(
        event_type=EventType.COMPLAINT_REMINDER, subject_type=ContentType.objects.get_for_model(model),
        subject_id__in=[str(i) for i in ids],
    ).values_list("subject_id", "after")
    for subject_id, after in rows:
        if after and after.get("kind") == kind:
            found[int(subject_id)].append(after)
    return found


def _record(subject, kind: str, now: dt.datetime, **after) -> None:
    record_event(EventType.COMPLAINT_REMINDER, actor=None, subject=subject,
                 after={"kind": kind, "at": now.isoformat(), **after})


def _lock(complaint: Complaint) -> Complaint:
    return (Complaint.objects.select_for_update(of=("self",)).select_related("department", "officer__user")
            .get(pk=complaint.pk))


def _excluded(complaint: Complaint):
    return [(dt.datetime.fromisoformat(a), dt.datetime.fromisoformat(b))
            for a, b in complaint.excluded_spans if b is not None]


def department_head(department: Department):
    """The head of `department`, or of the nearest department above it that has one."""
    paths = [department.path[:i] for i in range(len(department.path), 0, -6)]
    heads = {d.path: d.head for d in Department.objects.filter(path__in=paths, head__isnull=False)
             .select_related("head__user")}
    for path in paths:  # nearest first
        head = heads.get(path)
        if head is not None and head.active:
            return head
    return None


# --- due soon → the officer ----------------------------------------------------------------------


def send_due_soon_reminders(*, now: dt.datetime | None = None) -> list[int]:
    """Tell each officer once per due time that a complaint's due time is near."""
    now = now or timezone.now()
    threshold = district_setting("complaints.due_soon_hours")
    hours_per_day = district_setting("calendar.hours_per_day")
    # Calendar days that can hold `threshold` working hours, with room for long holidays.
    horizon = now + dt.timedelta(days=math.ceil(threshold / hours_per_day) * 2 + 10)
    candidates = list(Complaint.objects.filter(status__in=HANDLED, officer__isnull=False, due_at__gt=now,
                                               due_at__lte=horizon).order_by("pk"))
    sent = _sent(Complaint, [c.pk for c in candidates], DUE_SOON)
    calendar = district_calendar()
    done = []
    for c in candidates:
        hours_left = working_time_left(c.due_at, now, calendar=calendar, excluded=_excluded(c)).total_seconds() / 3600
        due = c.due_at.isoformat()
        if not reminder_rules.due_soon_reminder_due(
            hours_left=hours_left, threshold_hours=threshold,
            reminded_for_this_due=any(a.get("due_at") == due for a in sent.get(c.pk, ())),
        ):
            continue
        with transaction.atomic():
            locked = _lock(c)
            if locked.due_at != c.due_at or locked.officer_id is None or locked.status not in HANDLED:
                continue
            if any(a.get("due_at") == due for a in _sent(Complaint, [c.pk], DUE_SOON).get(c.pk, ())):
                continue
            _record(locked, DUE_SOON, now, due_at=due, officer=locked.officer_id, hours_left=round(hours_left, 2))
            notices.due_soon(locked)
        done.append(c.pk)
    return done


# --- overdue → the head of the handling department --------------------------------------------


def _reminded_on(afters) -> dt.date | None:
    days = [timezone.localdate(dt.datetime.fromisoformat(a["at"])) for a in afters if a.get("at")]
    return max(days) if days else None


def send_overdue_reminders(*, now: dt.datetime | None = None) -> list[int]:
    """독촉 (령 §22): the head of the handling department hears of each overdue complaint, at
    most once a day."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    candidates = list(Complaint.objects.filter(status__in=HANDLED, due_at__lt=now)
                      .select_related("department").order_by("pk"))
    sent = _sent(Complaint, [c.pk for c in candidates], OVERDUE)
    heads: dict[int, object] = {}
    done = []
    for c in candidates:
        if not reminder_rules.overdue_reminder_due(now=now, due_at=c.due_at, today=today,
                                                   last_reminded_on=_reminded_on(sent.get(c.pk, ()))):
            continue
        if c.department_id not in heads:
            heads[c.department_id] = department_head(c.department)
        head = heads[c.department_id]
        if head is None:
            continue
        with transaction.atomic():
            locked = _lock(c)
            if locked.status not in HANDLED or not locked.due_at or locked.due_at >= now:
                continue
            if not reminder_rules.overdue_reminder_due(
                now=now, due_at=locked.due_at, today=today,
                last_reminded_on=_reminded_on(_sent(Complaint, [c.pk], OVERDUE).get(c.pk, ())),
            ):
                continue
            _record(locked, OVERDUE, now, due_at=locked.due_at.isoformat(), supervisor=head.pk)
            notices.overdue(locked, head.user)
        done.append(c.pk)
    return done


# --- 30-day progress notice → the complainant ------------------------------------------------


def send_progress_notices(*, now: dt.datetime | None = None) -> list[int]:
    """령 §23: a complaint still open `progress_notice_days` after receipt gets a notice of its
    progress and expected completion, repeated every `progress_notice_days`."""
    now = now or timezone.now()
    interval = district_setting("complaints.progress_notice_days")
    cutoff = now - dt.timedelta(days=interval)
    candidates = list(
        Complaint.objects.filter(status__in=OPEN_STATUSES)
        .filter(Q(received_at__lte=cutoff) | Q(received_at__isnull=True, submitted_at__lte=cutoff))
        .filter(Q(last_progress_notice_at__isnull=True) | Q(last_progress_notice_at__lte=cutoff))
        .order_by("pk")
    )
    done = []
    for c in candidates:
        with transaction.atomic():
            locked = _lock(c)
            if locked.status not in OPEN_STATUSES or not rules.progress_notice_due(
                received_at=locked.received_at or locked.submitted_at, now=now,
                last_notice_at=locked.last_progress_notice_at, interval_days=interval,
            ):
                continue
            complaint_record_progress_notice(complaint=locked, now=now)
        done.append(c.pk)
    return done


# --- satisfaction request after the answer → the complainant ------------------------------------


def send_satisfaction_requests(*, now: dt.datetime | None = None) -> list[int]:
    """법 §26: ask once, after the answer, how satisfied the complainant is (if the district
    surveys at all). Only answers still within the reopen window are asked about."""
    now = now or timezone.now()
    survey_on = bool(district_setting("complaints.satisfaction_survey"))
    if not survey_on:
        return []
    since = now - dt.timedelta(days=district_setting("complaints.reopen_window_days"))
    candidates = list(Complaint.objects.filter(status=Status.ANSWERED, answered_at__gte=since,
                                               answered_at__lte=now).order_by("pk"))
    sent = _sent(Complaint, [c.pk for c in candidates], SATISFACTION)
    done = []
    for c in candidates:
        answer = (c.answers.filter(kind__in=[AnswerKind.ANSWER, AnswerKind.REFUSAL])
                  .order_by("-answered_at", "-pk").first())
        if answer is None:
            continue
        if not reminder_rules.satisfaction_request_due(
            survey_on=survey_on, answered=True,
            already_rated=Satisfaction.objects.filter(answer=answer).exists(),
            requested_for_this_answer=any(a.get("answer") == answer.pk for a in sent.get(c.pk, ())),
        ):
            continue
        with transaction.atomic():
            locked = _lock(c)
            if any(a.get("answer") == answer.pk for a in _sent(Complaint, [c.pk], SATISFACTION).get(c.pk, ())):
                continue
            _record(locked, SATISFACTION, now, answer=answer.pk)
            notices.satisfaction_request(locked)
        done.append(c.pk)
    return done


# --- status check (령 §22, §28) → each department head ---------------------------------------


def send_status_reports(*, now: dt.datetime | None = None) -> list[int]:
    """Mail each department head its open and overdue counts, at least every
    `complaints.status_check_days`; return the departments reported on."""
    now = now or timezone.now()
    interval = district_setting("complaints.status_check_days")
    counts = list(
        Complaint.objects.filter(status__in=OPEN_STATUSES).values("department")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(status__in=HANDLED, due_at__lt=now)))
        .order_by("department")
    )
    departments = Department.objects.in_bulk([row["department"] for row in counts])
    sent = _sent(Department, list(departments), STATUS_CHECK)
    done = []
    for row in counts:
        department = departments[row["department"]]
        last = [dt.datetime.fromisoformat(a["at"]) for a in sent.get(department.pk, ()) if a.get("at")]
        if not reminder_rules.status_check_due(now=now, last_check_at=max(last) if last else None,
                                               interval_days=interval):
            continue
        head = department_head(department)
        if head is None:
            continue
        overdue = (Complaint.objects.filter(department=department, status__in=HANDLED, due_at__lt=now)
                   .order_by("due_at")[:OVERDUE_LIST_MAX])
        lines = [f"{c.receipt_number} {c.title} (기한 {timezone.localtime(c.due_at):%m/%d %H:%M})" for c in overdue]
        with transaction.atomic():
            locked = Department.objects.select_for_update().get(pk=department.pk)
            again = [dt.datetime.fromisoformat(a["at"]) for a in _sent(Department, [locked.pk], STATUS_CHECK)
                     .get(locked.pk, ()) if a.get("at")]
            if not reminder_rules.status_check_due(now=now, last_check_at=max(again) if again else None,
                                                   interval_days=interval):
                continue
            _record(locked, STATUS_CHECK, now, open=row["open"], overdue=row["overdue"], head=head.pk)
            notices.status_report(department=locked, head_user=head.user, open_count=row["open"],
                                  overdue_count=row["overdue"], overdue_lines=lines, as_of=now)
        done.append(department.pk)
    return done


# --- the schedule (huey reads crontabs in UTC; Seoul is UTC+9 without daylight saving) -----------
# Officers and heads hear during working hours; residents are never messaged at night.


@db_periodic_task(crontab(minute="5,35", hour="0-9"))  # 09:05–18:35 Seoul, every half hour
def due_soon_reminders_task() -> list[int]:
    return send_due_soon_reminders()


@db_periodic_task(crontab(minute="20", hour="0"))  # 09:20 Seoul, daily
def overdue_reminders_task() -> list[int]:
    return send_overdue_reminders()


@db_periodic_task(crontab(minute="30", hour="1"))  # 10:30 Seoul, daily
def progress_notices_task() -> list[int]:
    return send_progress_notices()


@db_periodic_task(crontab(minute="50", hour="0-10"))  # hourly 09:50–19:50 Seoul
def satisfaction_requests_task() -> list[int]:
    return send_satisfaction_requests()


@db_periodic_task(crontab(minute="40", hour="0"))  # 09:40 Seoul, daily: each head every status_check_days
def status_reports_task() -> list[int]:
    return send_status_reports()


@db_periodic_task(crontab(minute="15"))  # hourly
def search_repair_task() -> int:
    """Index complaints missing from the word-search index, re-index those whose department
    changed outside the services (filing and department changes index in their transaction)."""
    return index_repair()
