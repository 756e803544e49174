"""Reads of the district's working-day calendar and deadlines computed with its settings.

`district_calendar()` is called for every complaint, so it is built once per process per
version of its inputs and reused:

* the district overrides (CalendarOverride rows) are kept in the Django cache as one small
  tuple with a content hash (shared by every process; the services delete it on change);
* the calendar settings come from `district_setting` (cached by gamdong.core.district_settings);
* the WorkCalendar object for a given (overrides hash, settings) is memoised in the process,
  and computes public holidays one year at a time, only for the years it is asked about.

A change of an override or of a calendar setting therefore gives a new key, and the next
call builds a new calendar; nothing has to be invalidated by hand in other processes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache

from gamdong.core.calendar import (
    SOURCE_DISTRICT,
    SOURCE_PUBLIC,
    Interval,
    WorkCalendar,
    WorkingHours,
)
from gamdong.core.deadlines import Deadline, deadline, due_at
from gamdong.core.district_settings import district_setting

log = logging.getLogger(__name__)

OVERRIDES_CACHE_KEY = "calendar-overrides:v1"
OVERRIDES_CACHE_SECONDS = 30  # seconds; bounds staleness when each process has its own (locmem) cache
MEMO_SIZE = 8  # calendars kept per process (one per recent version of the inputs)

_memo: dict[tuple, WorkCalendar] = {}
_memo_lock = threading.Lock()


@dataclass(frozen=True)
class CalendarSettings:
    hours: WorkingHours
    hour_based_max_days: int
    count_saturdays: bool


def calendar_settings() -> CalendarSettings:
    """The district's working hours and counting settings (calendar.*).

    Inconsistent working hours (work ending before it starts) would break every deadline:
    they are logged and the statutory defaults are used instead.
    """

    def time_of(key: str) -> dt.time:
        value = district_setting(key)
        return value if isinstance(value, dt.time) else dt.time.fromisoformat(str(value))

    try:
        hours = WorkingHours(
            work_start=time_of("calendar.work_start"),
            work_end=time_of("calendar.work_end"),
            lunch_start=time_of("calendar.lunch_start"),
            lunch_end=time_of("calendar.lunch_end"),
            hours_per_day=int(district_setting("calendar.hours_per_day")),
        )
    except ValueError:
        log.exception("calendar.* working hours are inconsistent; using the statutory defaults")
        hours = WorkingHours()
    return CalendarSettings(
        hours=hours,
        hour_based_max_days=int(district_setting("calendar.hour_based_max_days")),
        count_saturdays=bool(district_setting("calendar.count_saturdays")),
    )


def _override_rows() -> tuple[str, tuple[tuple[dt.date, str, str], ...]]:
    """(content hash, ((date, kind, name), ...)) of the district overrides, through the cache."""
    cached = cache.get(OVERRIDES_CACHE_KEY)
    if cached is None:
        from gamdong.core.models import CalendarOverride

        rows = tuple(CalendarOverride.objects.order_by("date").values_list("date", "kind", "name"))
        token = hashlib.sha256(repr(rows).encode()).hexdigest()[:20]
        cached = (token, rows)
        cache.set(OVERRIDES_CACHE_KEY, cached, OVERRIDES_CACHE_SECONDS)
    return cached


def forget_calendar_cache() -> None:
    """Drop the cached overrides; the next `district_calendar()` reads them again."""
    cache.delete(OVERRIDES_CACHE_KEY)


def district_calendar() -> WorkCalendar:
    """The district's WorkCalendar: public holidays, district overrides, working hours."""
    from gamdong.core.models import CalendarOverride

    token, rows = _override_rows()
    conf = calendar_settings()
    key = (token, conf.hours, conf.count_saturdays)
    found = _memo.get(key)
    if found is not None:
        return found
    holidays = {d: name for d, kind, name in rows if kind == CalendarOverride.Kind.HOLIDAY}
    working = {d: name for d, kind, name in rows if kind == CalendarOverride.Kind.WORKING_DAY}
    built = WorkCalendar(
        non_working=holidays, forced_working=working, hours=conf.hours, count_saturdays=conf.count_saturdays
    )
    with _memo_lock:
        if len(_memo) >= MEMO_SIZE:
            _memo.clear()
        _memo[key] = built
    return built


def compute_deadline(
    received_at: dt.datetime,
    *,
    days: int | None = None,
    hours: float | None = None,
    excluded: Sequence[Interval] = (),
) -> Deadline:
    """The deadline with the district's calendar and settings (see gamdong.core.deadlines)."""
    conf = calendar_settings()
    return deadline(
        received_at,
        days=days,
        hours=hours,
        calendar=district_calendar(),
        hour_based_max_days=conf.hour_based_max_days,
        hours_per_day=conf.hours.hours_per_day,
        excluded=excluded,
    )


def compute_due_at(
    received_at: dt.datetime,
    *,
    days: int | None = None,
    hours: float | None = None,
    excluded: Sequence[Interval] = (),
) -> dt.datetime:
    """The due time (처리기한) with the district's calendar and settings (no explanation:
    the path every complaint takes)."""
    conf = calendar_settings()
    return due_at(
        received_at,
        days=days,
        hours=hours,
        calendar=district_calendar(),
        hour_based_max_days=conf.hour_based_max_days,
        hours_per_day=conf.hours.hours_per_day,
        excluded=excluded,
    )


@dataclass(frozen=True)
class CalendarDay:
    date: dt.date
    name: str
    source: str  # SOURCE_PUBLIC, SOURCE_DISTRICT
    reason: str = ""


def calendar_year(year: int) -> dict[str, list[CalendarDay]]:
    """The non-working days of `year` (public holidays and district holidays, weekends not
    listed) and the forced working days, each in date order."""
    from gamdong.core.models import CalendarOverride

    calendar = district_calendar()
    overrides = list(
        CalendarOverride.objects.filter(date__year=year)
        .order_by("date")
        .values_list("date", "kind", "name", "reason")
    )
    holidays = [
        CalendarDay(d, name, SOURCE_PUBLIC) for d, name in sorted(calendar.public_holidays(year).items())
    ]
    public_dates = {day.date for day in holidays}
    holidays += [
        CalendarDay(d, name, SOURCE_DISTRICT, reason)
        for d, kind, name, reason in overrides
        if kind == CalendarOverride.Kind.HOLIDAY and d not in public_dates
    ]
    working = [
        CalendarDay(d, name, SOURCE_DISTRICT, reason)
        for d, kind, name, reason in overrides
        if kind == CalendarOverride.Kind.WORKING_DAY and calendar.is_working_day(d)
    ]
    return {"non_working_days": sorted(holidays, key=lambda day: day.date), "working_days": working}


@dataclass(frozen=True)
class PeriodPreset:
    key: str
    label: str
    days: int | None
    hours: int | None
    statute: str


# (kind key, label, setting, unit, statute): the periods of DOMAIN.md §1, read from settings.
_PRESETS = (
    ("inquiry_law", "질의민원(법령)", "complaints.period_days.inquiry_law", "days", "령 §14"),
    ("inquiry_system", "질의민원(제도·절차)", "complaints.period_days.inquiry_system", "days", "령 §14"),
    ("suggestion", "건의민원", "complaints.period_days.suggestion", "days", "령 §15"),
    ("other", "기타민원", "complaints.period_hours.other", "hours", "령 §16, §19"),
    ("grievance", "고충민원", "complaints.period_days.grievance", "days", "령 §17"),
)


def complaint_period_presets() -> list[PeriodPreset]:
    """The processing period of each kind of complaint, from the district settings."""
    out = []
    for key, label, setting, unit, statute in _PRESETS:
        value = int(district_setting(setting))
        out.append(
            PeriodPreset(
                key=key,
                label=label,
                days=value if unit == "days" else None,
                hours=value if unit == "hours" else None,
                statute=statute,
            )
        )
    return out
