"""Scheduled jobs of 정책화 (huey periodic tasks; started with `gamdong worker`).

| job                         | who is told / what is written          | when                                           |
|-----------------------------|----------------------------------------|------------------------------------------------|
| send_check_reminders        | the owner (responsible employee, else  | a quarterly check due within CHECK_REMIND_DAYS |
|                             | the department head)                   | days: once per check                           |
|                             | the owner and every planner            | a check overdue: then every OVERDUE_REPEAT_DAYS |
| count_complaint_measures    | an automatic MeasureValue per          | on the 1st of each month, once the first       |
|                             | complaint-count measure                | window after the start has passed              |

Each job is a plain function taking `today`/`now` (tests pass a fixed day) and returns what it
did; the huey task only calls it. Each is idempotent: what a reminder job sent is stamped on
the check and re-read under its row lock, and an automatic value is unique per measure and
day, so a run repeated (or two at once) never sends or counts twice.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gamdong.policy import notices, rules, services
from gamdong.policy.models import MeasureSource, OutcomeMeasure, StatusCheck
from gamdong.policy.selectors import CHECK_REMIND_DAYS

OVERDUE_REPEAT_DAYS = 7  # 구 운영 기준: an overdue check is reminded again each week


def send_check_reminders(*, now: dt.datetime | None = None) -> list[tuple[int, str]]:
    """Remind the owner of checks due soon, and the owner and planners of overdue ones."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = today + dt.timedelta(days=CHECK_REMIND_DAYS)
    candidates = list(StatusCheck.objects.filter(
        checked_at__isnull=True, due_on__lte=horizon, implementation__finished_at__isnull=True,
    ).values_list("pk", flat=True).order_by("pk"))
    sent: list[tuple[int, str]] = []
    for pk in candidates:
        with transaction.atomic():
            check = (StatusCheck.objects.select_for_update(of=("self",))
                     .select_related("implementation__proposal", "implementation__owner_department__head__user",
                                     "implementation__responsible__user").get(pk=pk))
            if check.checked_at is not None:
                continue
            state = rules.check_state(due_on=check.due_on, checked=False, today=today, remind_days=CHECK_REMIND_DAYS)
            if state == rules.DUE_SOON and check.due_soon_reminded_at is None:
                notices.check_due_soon(check)
                check.due_soon_reminded_at = now
                check.save(update_fields=["due_soon_reminded_at"])
                sent.append((pk, state))
            elif state == rules.OVERDUE and (check.overdue_reminded_at is None or
                                             now - check.overdue_reminded_at >= dt.timedelta(days=OVERDUE_REPEAT_DAYS)):
                notices.check_overdue(check)
                check.overdue_reminded_at = now
                check.save(update_fields=["overdue_reminded_at"])
                sent.append((pk, state))
    return sent


def count_complaint_measures(*, today: dt.date | None = None) -> list[int]:
    """Record the complaint count after the start for every complaint measure whose first
    window has passed; the ids of the values recorded."""
    today = today or timezone.localdate()
    measures = OutcomeMeasure.objects.filter(
        source=MeasureSource.COMPLAINT_COUNT, implementation__finished_at__isnull=True,
    ).select_related("implementation").order_by("pk")
    recorded = []
    for measure in measures:
        if today < rules.add_months(measure.implementation.started_on, measure.window_months):
            continue
        try:
            recorded.append(services.complaint_measure_count(measure=measure, today=today).pk)
        except services.PolicyError:  # counted already today, or finished meanwhile
            continue
    return recorded


# huey reads crontabs in UTC: 00:20 UTC is 09:20 in Seoul, the start of the working day.
@db_periodic_task(crontab(hour="0", minute="20"))
def policy_check_reminders() -> list[tuple[int, str]]:
    return send_check_reminders()


@db_periodic_task(crontab(day="1", hour="0", minute="30"))
def policy_count_complaints() -> list[int]:
    return count_complaint_measures()
