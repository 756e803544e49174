"""When a reminder about a complaint is due, as pure functions (no Django).

The scheduled jobs in gamdong.complaints.tasks gather the facts (working hours left, the
reminders already sent) and ask these functions; each answer depends only on its arguments,
so that a job run twice, or at any moment, sends each reminder once.
"""

from __future__ import annotations

import datetime as dt


def due_soon_reminder_due(*, hours_left: float, threshold_hours: float, reminded_for_this_due: bool) -> bool:
    """The officer is told once per due time that it is near: when at most `threshold_hours`
    working hours are left and the due time has not passed. An extension (a new due time)
    earns a new reminder."""
    return 0 < hours_left <= threshold_hours and not reminded_for_this_due


def overdue_reminder_due(*, now: dt.datetime, due_at: dt.datetime, last_reminded_on: dt.date | None,
                         today: dt.date) -> bool:
    """The supervisor is reminded (독촉, 령 §22) of an overdue complaint at most once a day."""
    return now > due_at and (last_reminded_on is None or last_reminded_on < today)


def satisfaction_request_due(*, survey_on: bool, answered: bool, already_rated: bool,
                             requested_for_this_answer: bool) -> bool:
    """After an answer the complainant is asked once to rate it, only if the district surveys
    satisfaction (법 §26: optional for the district)."""
    return survey_on and answered and not already_rated and not requested_for_this_answer


def status_check_due(*, now: dt.datetime, last_check_at: dt.datetime | None, interval_days: int) -> bool:
    """The processing status of each department is checked at least every `interval_days`
    (령 §22, §28: at least monthly)."""
    return last_check_at is None or now - last_check_at >= dt.timedelta(days=interval_days)
