"""The working-day calendar of a Korean district office (pure: no Django).

A day is a working day unless it is a public holiday (법정공휴일: Sundays aside, the
national holidays of 공휴일에 관한 법률 including the lunar ones, substitute holidays and
election days), a day the district closes (구 지정 휴무일), or a Saturday or Sunday. A
district may force a weekend day to be a working day (구 지정 근무일); it can never make
a public holiday a working day.

Working time on a working day is work_start–work_end minus the lunch hour
(09:00–18:00 minus 12:00–13:00 by default: 8 hours, 지방공무원 복무규정 §2).

Every datetime given to a `WorkCalendar` must be timezone-aware; the answers are in
the calendar's zone (Asia/Seoul). Public holidays come from the `holidays` library,
computed one year at a time on first use, so a calendar is cheap to build and grows
only over the years it is asked about.

Holiday sources are functions of a year so that the calendar stays pure and testable:
`WorkCalendar(public_holidays=lambda year: {...})`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")
UTC = dt.UTC

SATURDAY, SUNDAY = 5, 6
WEEKEND_NAMES = {SATURDAY: "토요일", SUNDAY: "일요일"}

SOURCE_PUBLIC = "법정공휴일"
SOURCE_DISTRICT = "구 지정"
SOURCE_WEEKEND = "주말"

# The holidays library knows Korean holidays from 1949 to 2099 (lunar tables end there).
FIRST_YEAR = 1949
LAST_YEAR = 2099
# How far the calendar looks for a working moment before deciding there is none
# (a calendar whose working hours are empty, for example).
SEARCH_LIMIT_DAYS = 3 * 366

Interval = tuple[dt.datetime, dt.datetime]


@functools.lru_cache(maxsize=256)
def _korean_public_holidays(year: int) -> tuple[tuple[dt.date, str], ...]:
    import holidays

    if not FIRST_YEAR <= year <= LAST_YEAR:
        return ()
    return tuple(sorted(holidays.KR(years=year, language="ko").items()))


def korean_public_holidays(year: int) -> dict[dt.date, str]:
    """Korea's public holidays of `year` with their Korean names (empty outside 1949–2099).

    Sundays are not listed: they are weekend days anyway. Computed once per year per process.
    """
    return dict(_korean_public_holidays(year))


@dataclass(frozen=True)
class WorkingHours:
    """The working day: its start and end, the lunch hour inside it, and how many working
    hours make one day of a period (법 §19①: 8)."""

    work_start: dt.time = dt.time(9)
    work_end: dt.time = dt.time(18)
    lunch_start: dt.time = dt.time(12)
    lunch_end: dt.time = dt.time(13)
    hours_per_day: int = 8

    def __post_init__(self):
        if not self.work_start < self.work_end:
            raise ValueError("work_start must be before work_end")
        if self.lunch_end < self.lunch_start:
            raise ValueError("lunch_start must not be after lunch_end")
        if self.hours_per_day <= 0:
            raise ValueError("hours_per_day must be positive")

    def spans(self) -> list[tuple[dt.time, dt.time]]:
        """The working spans of one working day as (start, end) times of day, in order.

        A lunch hour outside the working day, or of length zero, takes nothing away.
        """
        lunch_from = max(self.lunch_start, self.work_start)
        lunch_to = min(self.lunch_end, self.work_end)
        if lunch_from >= lunch_to:
            return [(self.work_start, self.work_end)]
        spans = [(self.work_start, lunch_from), (lunch_to, self.work_end)]
        return [(a, b) for a, b in spans if a < b]

    @property
    def seconds_per_working_day(self) -> int:
        return sum(_seconds(b) - _seconds(a) for a, b in self.spans())


def _seconds(t: dt.time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def _aware(moment: dt.datetime, name: str = "moment") -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


def merge_intervals(intervals: Iterable[Interval]) -> list[Interval]:
    """Sort and merge (start, end) intervals; empty or reversed ones are dropped."""
    items = sorted((a.astimezone(UTC), b.astimezone(UTC)) for a, b in intervals if b > a)
    merged: list[Interval] = []
    for a, b in items:
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def subtract_intervals(interval: Interval, holes: Sequence[Interval]) -> list[Interval]:
    """`interval` minus the merged, sorted `holes` (see merge_intervals)."""
    start, end = interval
    out: list[Interval] = []
    cursor = start
    for a, b in holes:
        if b <= cursor:
            continue
        if a >= end:
            break
        if a > cursor:
            out.append((cursor, min(a, end)))
        cursor = max(cursor, b)
        if cursor >= end:
            break
    if cursor < end:
        out.append((cursor, end))
    return out


class WorkCalendar:
    """Which days are working days and which moments are working time.

    `non_working`: dates the district closes, with their names (임시 휴무, 구 지정 휴무일).
    `forced_working`: weekend dates the district works, with their names.
    `public_holidays`: a function of a year returning that year's public holidays with
    their names (default: `korean_public_holidays`); asked once per year, lazily.
    `count_saturdays`: when True, Saturdays that are not holidays are working days
    (a district departing from 법 §19; False by default).

    Precedence for one date: public holiday, then district holiday (not working), then
    forced working day, then the weekday rule.
    """

    def __init__(
        self,
        *,
        non_working: Mapping[dt.date, str] | None = None,
        forced_working: Mapping[dt.date, str] | None = None,
        hours: WorkingHours | None = None,
        public_holidays: Callable[[int], Mapping[dt.date, str]] | None = korean_public_holidays,
        count_saturdays: bool = False,
        tz: dt.tzinfo = SEOUL,
    ):
        self.non_working = dict(non_working or {})
        self.forced_working = dict(forced_working or {})
        self.hours = hours or WorkingHours()
        self.count_saturdays = count_saturdays
        self.tz = tz
        self._public_holidays_source = public_holidays
        self._public_by_year: dict[int, dict[dt.date, str]] = {}
        self._spans = self.hours.spans()

    def __repr__(self) -> str:
        return (
            f"WorkCalendar(non_working={len(self.non_working)}, forced_working={len(self.forced_working)},"
            f" hours={self.hours!r}, count_saturdays={self.count_saturdays})"
        )

    # --- days ---------------------------------------------------------------------------

    def public_holidays(self, year: int) -> dict[dt.date, str]:
        """The public holidays of `year` (computed on first use, then kept)."""
        found = self._public_by_year.get(year)
        if found is None:
            source = self._public_holidays_source
            found = dict(source(year)) if source is not None else {}
            self._public_by_year[year] = found
        return found

    def public_holiday_name(self, day: dt.date) -> str | None:
        return self.public_holidays(day.year).get(day)

    def is_working_day(self, day: dt.date) -> bool:
        """True when `day` counts: not a public or district holiday, and a weekday or a
        weekend day the district forced to be a working day."""
        if day in self.public_holidays(day.year) or day in self.non_working:
            return False
        if day in self.forced_working:
            return True
        weekday = day.weekday()
        if weekday == SUNDAY:
            return False
        if weekday == SATURDAY:
            return self.count_saturdays
        return True

    def why_not_working(self, day: dt.date) -> tuple[str, str] | None:
        """(name, source) of the reason `day` is not a working day, or None if it is one.

        A public holiday on a weekend is named as the holiday (source 법정공휴일).
        """
        if self.is_working_day(day):
            return None
        name = self.public_holiday_name(day)
        if name is not None:
            return name, SOURCE_PUBLIC
        if day in self.non_working:
            return self.non_working[day], SOURCE_DISTRICT
        return WEEKEND_NAMES.get(day.weekday(), "휴무일"), SOURCE_WEEKEND

    def non_working_days(self, first: dt.date, last: dt.date) -> list[tuple[dt.date, str, str]]:
        """Every non-working day from `first` through `last` as (date, name, source)."""
        out = []
        day = first
        while day <= last:
            reason = self.why_not_working(day)
            if reason is not None:
                out.append((day, *reason))
            day += dt.timedelta(days=1)
        return out

    def next_working_day(self, day: dt.date, *, include: bool = False) -> dt.date:
        """The first working day after `day` (or `day` itself when `include` and it works)."""
        candidate = day if include else day + dt.timedelta(days=1)
        for _ in range(SEARCH_LIMIT_DAYS):
            if self.is_working_day(candidate):
                return candidate
            candidate += dt.timedelta(days=1)
        raise ValueError("no working day within the search limit")

    def previous_working_day(self, day: dt.date, *, include: bool = False) -> dt.date:
        """The last working day before `day` (or `day` itself when `include` and it works)."""
        candidate = day if include else day - dt.timedelta(days=1)
        for _ in range(SEARCH_LIMIT_DAYS):
            if self.is_working_day(candidate):
                return candidate
            candidate -= dt.timedelta(days=1)
        raise ValueError("no working day within the search limit")

    def add_working_days(self, first: dt.date, days: int) -> dt.date:
        """The date of the `days`-th working day, counting `first` as day 1 when it is a
        working day (초일 산입). `days` must be at least 1."""
        if days < 1:
            raise ValueError("days must be at least 1")
        counted = 0
        day = first
        for _ in range(days * 7 + SEARCH_LIMIT_DAYS):
            if self.is_working_day(day):
                counted += 1
                if counted == days:
                    return day
            day += dt.timedelta(days=1)
        raise ValueError("no working day within the search limit")

    def working_days_between(self, first: dt.date, last: dt.date) -> int:
        """How many working days there are from `first` through `last`, both included."""
        count = 0
        day = first
        while day <= last:
            count += self.is_working_day(day)
            day += dt.timedelta(days=1)
        return count

    # --- moments ------------------------------------------------------------------------

    def local(self, moment: dt.datetime) -> dt.datetime:
        _aware(moment)
        return moment.astimezone(self.tz)

    def working_intervals(self, day: dt.date) -> list[Interval]:
        """The working time of `day` as aware (start, end) pairs; empty on a non-working day."""
        if not self.is_working_day(day):
            return []
        return [
            (dt.datetime.combine(day, a, tzinfo=self.tz), dt.datetime.combine(day, b, tzinfo=self.tz))
            for a, b in self._spans
        ]

    def end_of_day(self, day: dt.date) -> dt.datetime:
        """The end of work on `day` (18:00 by default), whether or not it is a working day."""
        return dt.datetime.combine(day, self.hours.work_end, tzinfo=self.tz)

    def is_working_time(self, moment: dt.datetime) -> bool:
        """True when `moment` lies inside working time, both ends of a span included."""
        local = self.local(moment)
        return any(a <= local <= b for a, b in self.working_intervals(local.date()))

    def intervals_from(self, start: dt.datetime, excluded: Sequence[Interval] = ()) -> Iterator[Interval]:
        """Working time from `start` onwards, in order, minus the `excluded` intervals.

        Gives up (ValueError) after SEARCH_LIMIT_DAYS days without any working time.
        """
        holes = merge_intervals(excluded)
        local = self.local(start)
        day = local.date()
        idle = 0
        while True:
            found = False
            for a, b in self.working_intervals(day):
                if b <= local:
                    continue
                for piece in subtract_intervals((max(a, local), b), holes):
                    found = True
                    yield piece[0].astimezone(self.tz), piece[1].astimezone(self.tz)
            idle = 0 if found else idle + 1
            if idle > SEARCH_LIMIT_DAYS:
                raise ValueError("no working time within the search limit")
            day += dt.timedelta(days=1)

    def next_working_moment(self, moment: dt.datetime, excluded: Sequence[Interval] = ()) -> dt.datetime:
        """`moment` itself when it is working time (not at a span's end), else the start of
        the next working span."""
        return next(self.intervals_from(moment, excluded))[0]

    def add_working_hours(
        self, start: dt.datetime, hours: float, excluded: Sequence[Interval] = ()
    ) -> dt.datetime:
        """The moment when `hours` of working time have passed since `start`.

        A `start` outside working time begins counting at the next working moment. When the
        time runs out exactly at the end of a span, the answer is that end (12:00 or 18:00),
        not the start of the next span. `hours` must be positive.
        """
        return self.add_working_time(start, dt.timedelta(hours=hours), excluded)

    def add_working_time(
        self, start: dt.datetime, amount: dt.timedelta, excluded: Sequence[Interval] = ()
    ) -> dt.datetime:
        """As add_working_hours, with the amount as a timedelta."""
        if amount <= dt.timedelta(0):
            raise ValueError("the amount of working time must be positive")
        remaining = amount
        for a, b in self.intervals_from(start, excluded):
            available = b - a
            if remaining <= available:
                return (a.astimezone(UTC) + remaining).astimezone(self.tz)
            remaining -= available
        raise AssertionError("unreachable")  # pragma: no cover - intervals_from never ends

    def working_time_between(
        self, a: dt.datetime, b: dt.datetime, excluded: Sequence[Interval] = ()
    ) -> dt.timedelta:
        """Working time from `a` to `b` minus `excluded`; negative when `b` is before `a`."""
        _aware(a, "a")
        _aware(b, "b")
        if b < a:
            return -self.working_time_between(b, a, excluded)
        holes = merge_intervals(excluded)
        la, lb = self.local(a), self.local(b)
        total = dt.timedelta(0)
        day = la.date()
        while day <= lb.date():
            for s, e in self.working_intervals(day):
                lo, hi = max(s, la), min(e, lb)
                if lo < hi:
                    for p, q in subtract_intervals((lo, hi), holes):
                        total += q - p
            day += dt.timedelta(days=1)
        return total

    def working_seconds_between(
        self, a: dt.datetime, b: dt.datetime, excluded: Sequence[Interval] = ()
    ) -> float:
        """Working seconds from `a` to `b` (see working_time_between)."""
        return self.working_time_between(a, b, excluded).total_seconds()

    def is_wholly_excluded(self, day: dt.date, excluded: Sequence[Interval]) -> bool:
        """True when every working moment of `day` lies in the merged `excluded` intervals."""
        holes = merge_intervals(excluded)
        spans = self.working_intervals(day)
        return bool(spans) and all(not subtract_intervals(span, holes) for span in spans)
