"""Invariants of the working-day calendar and deadline arithmetic, for any receipt and period."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gamdong.core.calendar import SEOUL, WorkCalendar
from gamdong.core.deadlines import (
    DAYS,
    HOURS,
    deadline,
    due_at,
    first_counted_day,
    is_overdue,
    working_time_elapsed,
    working_time_left,
)

CALENDAR = WorkCalendar()
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

received = st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2028, 12, 31, 23, 59)).map(
    lambda d: d.replace(tzinfo=SEOUL)
)
periods = st.one_of(
    st.builds(lambda n: {"days": n}, st.integers(1, 60)),
    st.builds(lambda n: {"hours": n}, st.integers(1, 48)),
)


def is_working_moment(moment):
    return CALENDAR.is_working_day(moment.date()) and CALENDAR.is_working_time(moment)


@PROPERTY
@given(received, periods)
def test_the_due_time_is_working_time_on_a_working_day_and_never_before_receipt(receipt, period):
    due = due_at(receipt, calendar=CALENDAR, **period)
    assert is_working_moment(due)
    assert due > receipt
    assert due.utcoffset() == dt.timedelta(hours=9)


@PROPERTY
@given(received, received, periods)
def test_a_later_receipt_never_gets_an_earlier_due_time(a, b, period):
    first, second = sorted([a, b])
    assert due_at(first, calendar=CALENDAR, **period) <= due_at(second, calendar=CALENDAR, **period)


@PROPERTY
@given(received, st.integers(1, 40), st.integers(1, 40))
def test_a_longer_period_never_gets_an_earlier_due_time(receipt, m, n):
    short, long = sorted([m, n])
    assert due_at(receipt, days=short, calendar=CALENDAR) <= due_at(receipt, days=long, calendar=CALENDAR)
    assert due_at(receipt, hours=short, calendar=CALENDAR) <= due_at(receipt, hours=long, calendar=CALENDAR)


@PROPERTY
@given(received, st.integers(1, 48))
def test_counting_in_hours_leaves_exactly_that_much_working_time(receipt, hours):
    due = due_at(receipt, hours=hours, calendar=CALENDAR)
    assert CALENDAR.working_seconds_between(receipt, due) == hours * 3600


@PROPERTY
@given(received, st.integers(1, 5))
def test_a_period_of_up_to_five_days_is_eight_working_hours_a_day(receipt, days):
    result = deadline(receipt, days=days, calendar=CALENDAR)
    assert result.counting == HOURS
    assert CALENDAR.working_seconds_between(receipt, result.due_at) == days * 8 * 3600


@PROPERTY
@given(received, st.integers(6, 60))
def test_counting_in_days_spans_exactly_that_many_working_days_ending_at_close(receipt, days):
    result = deadline(receipt, days=days, calendar=CALENDAR)
    assert result.counting == DAYS
    assert result.due_at.time() == dt.time(18)
    first = first_counted_day(receipt, calendar=CALENDAR)
    assert CALENDAR.working_days_between(first, result.due_at.date()) == days
    # The day of receipt is that first day whenever it is a working day and work has not ended.
    if CALENDAR.is_working_day(receipt.date()) and receipt.time() < dt.time(18):
        assert first == receipt.date()
        assert CALENDAR.working_days_between(receipt.date(), result.due_at.date()) == days


@PROPERTY
@given(
    received, periods, st.lists(st.dates(dt.date(2024, 1, 1), dt.date(2029, 6, 30)), min_size=1, max_size=5)
)
def test_adding_a_district_holiday_never_makes_a_due_time_earlier(receipt, period, closed):
    with_closures = WorkCalendar(non_working={d: "구 휴무일" for d in closed})
    assert due_at(receipt, calendar=with_closures, **period) >= due_at(receipt, calendar=CALENDAR, **period)


@PROPERTY
@given(received, st.integers(1, 48), st.floats(0, 1))
def test_elapsed_and_remaining_working_time_agree_with_the_due_time(receipt, hours, fraction):
    due = due_at(receipt, hours=hours, calendar=CALENDAR)
    whole = dt.timedelta(hours=hours)
    assert working_time_elapsed(receipt, due, calendar=CALENDAR) == whole
    assert working_time_left(due, receipt, calendar=CALENDAR) == whole
    now = receipt + (due - receipt) * fraction
    elapsed = working_time_elapsed(receipt, now, calendar=CALENDAR)
    left = working_time_left(due, now, calendar=CALENDAR)
    assert elapsed + left == whole
    assert not is_overdue(due, now)
    assert not is_overdue(due, due)
    assert is_overdue(due, due + dt.timedelta(microseconds=1))


@PROPERTY
@given(received, st.integers(6, 30), st.integers(1, 200))
def test_after_the_due_time_the_working_time_left_is_negative_or_zero(receipt, days, later_hours):
    due = due_at(receipt, days=days, calendar=CALENDAR)
    now = due + dt.timedelta(hours=later_hours)
    assert is_overdue(due, now)
    left = working_time_left(due, now, calendar=CALENDAR)
    assert left <= dt.timedelta(0)
    assert -left == CALENDAR.working_time_between(due, now)


spans = st.tuples(st.integers(0, 30 * 24), st.integers(1, 10 * 24)).map(
    lambda t: (
        dt.datetime(2026, 3, 1, tzinfo=SEOUL) + dt.timedelta(hours=t[0]),
        dt.datetime(2026, 3, 1, tzinfo=SEOUL) + dt.timedelta(hours=t[0] + t[1]),
    )
)
march = st.datetimes(min_value=dt.datetime(2026, 2, 20), max_value=dt.datetime(2026, 3, 31)).map(
    lambda d: d.replace(tzinfo=SEOUL)
)


@PROPERTY
@given(march, periods, st.lists(spans, max_size=3))
def test_excluded_time_only_ever_pushes_the_due_time_back(receipt, period, excluded):
    plain = due_at(receipt, calendar=CALENDAR, **period)
    shifted = due_at(receipt, calendar=CALENDAR, excluded=excluded, **period)
    assert shifted >= plain
    assert is_working_moment(shifted)


@PROPERTY
@given(march, st.integers(1, 40), st.lists(spans, max_size=3))
def test_counting_in_hours_leaves_that_much_working_time_outside_excluded_spans(receipt, hours, excluded):
    due = due_at(receipt, hours=hours, calendar=CALENDAR, excluded=excluded)
    assert CALENDAR.working_seconds_between(receipt, due, excluded) == hours * 3600


@PROPERTY
@given(st.dates(dt.date(2024, 1, 1), dt.date(2028, 12, 31)))
def test_next_and_previous_working_days_are_working_days_around_the_date(day):
    after = CALENDAR.next_working_day(day)
    before = CALENDAR.previous_working_day(day)
    assert before < day < after
    assert CALENDAR.is_working_day(after) and CALENDAR.is_working_day(before)
    assert CALENDAR.working_days_between(before + dt.timedelta(days=1), after - dt.timedelta(days=1)) == (
        1 if CALENDAR.is_working_day(day) else 0
    )


@PROPERTY
@given(st.dates(dt.date(2024, 1, 1), dt.date(2028, 12, 31)))
def test_weekends_and_public_holidays_are_never_working_days(day):
    if day.weekday() >= 5 or CALENDAR.public_holiday_name(day):
        assert not CALENDAR.is_working_day(day)
        assert CALENDAR.working_intervals(day) == []
    else:
        assert [(a.time(), b.time()) for a, b in CALENDAR.working_intervals(day)] == [
            (dt.time(9), dt.time(12)),
            (dt.time(13), dt.time(18)),
        ]
