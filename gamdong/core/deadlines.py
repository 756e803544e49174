"""Deadline arithmetic for complaints (처리기한), 민원 처리에 관한 법률 §19 (pure: no Django).

Two ways of counting, chosen by the length of the period:

* Periods of `hour_based_max_days` days or less (5 by default, 법 §19①), and periods
  given in hours (기타민원: 3 working hours, 령 §16), are counted in working hours from
  the moment of receipt; one day is `hours_per_day` (8) working hours. A receipt outside
  working time starts counting at the next working moment. Lunch hours, Saturdays and
  holidays do not count.
* Periods of 6 days or more (법 §19②) are counted in days, the day of receipt counted
  (초일 산입), Saturdays and holidays not counted; the deadline is the END of the last
  counted day (18:00 by default).

Time that must not be counted (the 고충민원 field investigation, 령 §17; waiting for an
expert opinion on a proposal) is given as `excluded` (start, end) intervals and pushes the
deadline back:

* counted in hours: working time inside an excluded interval does not count;
* counted in days: a working day all of whose working time is excluded does not count.
  Give whole days as [00:00 of the first day, 00:00 of the day after the last).

Every datetime must be timezone-aware; the answers are in the calendar's zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from gamdong.core.calendar import Interval, WorkCalendar, merge_intervals

HOURS, DAYS = "hours", "days"

# 법 §19: the statutory defaults (districts change them through their settings).
DEFAULT_HOUR_BASED_MAX_DAYS = 5
DEFAULT_HOURS_PER_DAY = 8


@dataclass(frozen=True)
class Deadline:
    """A computed deadline and how it was reached, for people to read."""

    received_at: dt.datetime
    due_at: dt.datetime
    counting: str  # HOURS or DAYS
    days: int | None  # the period as given, in days (None when given in hours)
    hours: float | None  # the period in working hours when counted in hours
    counting_starts_at: dt.datetime  # first working moment counted
    working_time: dt.timedelta  # working time from receipt to due, minus excluded time
    non_working_days: tuple[tuple[dt.date, str, str], ...] = field(default=())  # (date, name, source)
    excluded: tuple[Interval, ...] = field(default=())

    @property
    def working_hours(self) -> float:
        return self.working_time.total_seconds() / 3600


def _check_period(days: int | None, hours: float | None) -> None:
    if (days is None) == (hours is None):
        raise ValueError("give exactly one of days and hours")
    if days is not None and (isinstance(days, bool) or int(days) != days or days < 1):
        raise ValueError("days must be a whole number of at least 1")
    if hours is not None and not hours > 0:
        raise ValueError("hours must be positive")


def counting_for(days: int | None, hours: float | None, *, hour_based_max_days: int) -> str:
    """HOURS when the period is given in hours or is `hour_based_max_days` days or less, else DAYS."""
    if hours is not None:
        return HOURS
    return HOURS if days <= hour_based_max_days else DAYS


def first_counted_day(received_at: dt.datetime, *, calendar: WorkCalendar) -> dt.date:
    """The day counted as day 1 when counting in days (초일 산입).

    The day of receipt counts when it is a working day and the receipt comes before the end
    of its working time; a receipt after the end of work (say 20:00) or on a non-working day
    counts from the next working day, just as counting in hours starts at the next working
    moment. This keeps a deadline from ever falling before its receipt.
    """
    local = calendar.local(received_at)
    day = local.date()
    spans = calendar.working_intervals(day)
    if spans and local < spans[-1][1]:
        return day
    return calendar.next_working_day(day)


def _compute(
    received: dt.datetime,
    days: int | None,
    hours: float | None,
    calendar: WorkCalendar,
    hour_based_max_days: int,
    hours_per_day: int | None,
    holes: tuple[Interval, ...],
) -> tuple[str, float | None, dt.datetime, dt.datetime]:
    """(counting, hours counted, first counted moment, due) — the arithmetic alone."""
    per_day = hours_per_day if hours_per_day is not None else calendar.hours.hours_per_day
    counting = counting_for(days, hours, hour_based_max_days=hour_based_max_days)
    if counting == HOURS:
        counted_hours = hours if hours is not None else days * per_day
        starts = calendar.next_working_moment(received, holes)
        return counting, counted_hours, starts, calendar.add_working_hours(starts, counted_hours, holes)
    first = first_counted_day(received, calendar=calendar)
    last = _add_counted_days(first, days, calendar=calendar, excluded=holes)
    starts = calendar.next_working_moment(max(received, calendar.working_intervals(first)[0][0]), holes)
    return counting, None, starts, calendar.end_of_day(last)


def deadline(
    received_at: dt.datetime,
    *,
    days: int | None = None,
    hours: float | None = None,
    calendar: WorkCalendar,
    hour_based_max_days: int = DEFAULT_HOUR_BASED_MAX_DAYS,
    hours_per_day: int | None = None,
    excluded: Sequence[Interval] = (),
) -> Deadline:
    """The deadline of a period of `days` or of `hours` (exactly one) starting at `received_at`,
    with how it was reached (the working time it leaves, the non-working days skipped).

    `hours_per_day` defaults to the calendar's (8). `excluded` intervals are not counted
    (see the module docstring). Raises ValueError for a naive `received_at`, for both or
    neither of days and hours, and for a period that is not positive.
    """
    _check_period(days, hours)
    received = calendar.local(received_at)
    holes = tuple(merge_intervals(excluded))
    counting, counted_hours, starts, due = _compute(
        received, days, hours, calendar, hour_based_max_days, hours_per_day, holes
    )
    return Deadline(
        received_at=received,
        due_at=due,
        counting=counting,
        days=days,
        hours=counted_hours,
        counting_starts_at=starts,
        working_time=calendar.working_time_between(received, due, holes),
        non_working_days=tuple(calendar.non_working_days(received.date(), due.date())),
        excluded=holes,
    )


def due_at(
    received_at: dt.datetime,
    *,
    days: int | None = None,
    hours: float | None = None,
    calendar: WorkCalendar,
    hour_based_max_days: int = DEFAULT_HOUR_BASED_MAX_DAYS,
    hours_per_day: int | None = None,
    excluded: Sequence[Interval] = (),
) -> dt.datetime:
    """The due time (처리기한) of a period starting at `received_at`; see `deadline`, which
    also explains the answer. This one computes only the due time (the hot path).

    Example: a 건의민원 (days=14) received Thursday 2026-12-24 10:00 KST is due at the end
    of Thursday 2027-01-14 (18:00): 12/25 and 1/1 are holidays, weekends are skipped.
    """
    _check_period(days, hours)
    received = calendar.local(received_at)
    holes = tuple(merge_intervals(excluded))
    return _compute(received, days, hours, calendar, hour_based_max_days, hours_per_day, holes)[3]


def _add_counted_days(
    first: dt.date, days: int, *, calendar: WorkCalendar, excluded: Sequence[Interval]
) -> dt.date:
    """The `days`-th counted day from `first` (included): working days not wholly excluded."""
    if not excluded:
        return calendar.add_working_days(first, days)
    counted = 0
    day = first
    while True:
        if calendar.is_working_day(day) and not calendar.is_wholly_excluded(day, excluded):
            counted += 1
            if counted == days:
                return day
        day += dt.timedelta(days=1)
        if (day - first).days > days * 7 + 3 * 366 + _excluded_days(excluded):
            raise ValueError("no working day within the search limit")


def _excluded_days(excluded: Sequence[Interval]) -> int:
    return sum((b - a).days + 1 for a, b in excluded)


# --- inverse questions -------------------------------------------------------------------


def working_time_elapsed(
    received_at: dt.datetime, now: dt.datetime, *, calendar: WorkCalendar, excluded: Sequence[Interval] = ()
) -> dt.timedelta:
    """Working time that has passed from `received_at` to `now`, minus `excluded` time.

    Zero when `now` is not after the receipt.
    """
    if now <= received_at:
        return dt.timedelta(0)
    return calendar.working_time_between(received_at, now, excluded)


def working_time_left(
    due: dt.datetime, now: dt.datetime, *, calendar: WorkCalendar, excluded: Sequence[Interval] = ()
) -> dt.timedelta:
    """Working time from `now` until `due`, minus `excluded` time; negative when overdue.

    After a deadline that passed outside working time (due Friday 18:00, now Saturday), no
    working time has passed since: the answer is zero although `is_overdue` is True.
    """
    return calendar.working_time_between(now, due, excluded)


def is_overdue(due: dt.datetime, now: dt.datetime) -> bool:
    """True once `now` is past `due`; a complaint answered at the due moment is on time."""
    return now > due
