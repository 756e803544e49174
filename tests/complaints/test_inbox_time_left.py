"""The inbox's working time left is the calendar's, however far apart the two moments are.

The inbox computes it by arithmetic over whole days (selectors_office.working_time_left) rather
than walking every day: for any calendar (district holidays, forced working days, Saturdays
counted or not, lunch hours), any two moments and any excluded interval it must give exactly
what gamdong.core.deadlines.working_time_left gives.
"""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gamdong.complaints.selectors_office import working_days_count, working_time_left
from gamdong.core import deadlines
from gamdong.core.calendar import SEOUL, WorkCalendar, WorkingHours

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

moments = st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2027, 12, 31, 23, 59)).map(
    lambda d: d.replace(tzinfo=SEOUL)
)
days = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2027, 12, 31))


@st.composite
def calendars(draw):
    closed = draw(st.lists(days, max_size=8))
    opened = draw(st.lists(days, max_size=8))
    lunch = draw(st.sampled_from([(dt.time(12), dt.time(13)), (dt.time(12), dt.time(12))]))
    hours = WorkingHours(work_start=dt.time(9), work_end=dt.time(18), lunch_start=lunch[0], lunch_end=lunch[1])
    return WorkCalendar(non_working={d: "구 휴무" for d in closed}, forced_working={d: "근무" for d in opened},
                        hours=hours, count_saturdays=draw(st.booleans()))


@st.composite
def exclusions(draw):
    spans = []
    for start in draw(st.lists(moments, max_size=2)):
        spans.append((start, start + dt.timedelta(hours=draw(st.integers(1, 24 * 40)))))
    return spans


@PROPERTY
@given(calendars(), moments, moments, exclusions())
def test_the_inbox_time_left_equals_the_calendars_for_any_two_moments(calendar, due, now, excluded):
    expected = deadlines.working_time_left(due, now, calendar=calendar, excluded=excluded)
    assert working_time_left(due, now, calendar=calendar, excluded=excluded) == expected


@PROPERTY
@given(calendars(), days, days, days)
def test_counting_working_days_by_arithmetic_equals_walking_the_calendar(calendar, first, last, other):
    assert working_days_count(calendar, first, last) == calendar.working_days_between(first, last)
    # a second range on the same calendar reads the special days it kept from the first
    assert working_days_count(calendar, other, last) == calendar.working_days_between(other, last)
