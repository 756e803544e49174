"""Each counting rule of DOMAIN.md §1 (민원 처리에 관한 법률 §19), named after the rule."""

import datetime as dt

import pytest

from gamdong.core.calendar import SEOUL, WorkCalendar, WorkingHours
from gamdong.core.deadlines import DAYS, HOURS, deadline, due_at, working_time_left

CALENDAR = WorkCalendar()


def kst(*args):
    return dt.datetime(*args, tzinfo=SEOUL)


def test_worked_example_suggestion_received_christmas_eve_is_due_end_of_thursday_january_14():
    """건의민원 14일, 2026-12-24(목) 10:00 접수 → 2027-01-14(목) 근무시간 끝 (12/25, 1/1 공휴일, 주말 제외)."""
    result = deadline(kst(2026, 12, 24, 10), days=14, calendar=CALENDAR)
    assert result.due_at == kst(2027, 1, 14, 18)
    assert result.counting == DAYS
    skipped = {d: name for d, name, _ in result.non_working_days}
    assert skipped[dt.date(2026, 12, 25)] == "기독탄신일"
    assert dt.date(2027, 1, 1) in skipped
    assert dt.date(2026, 12, 26) in skipped and dt.date(2027, 1, 10) in skipped


def test_a_period_of_five_days_or_less_is_counted_in_working_hours_from_the_moment_of_receipt():
    # 5 days = 40 working hours from Monday 10:00 (no holiday that week) → next Monday 10:00.
    result = deadline(kst(2026, 3, 9, 10), days=5, calendar=CALENDAR)
    assert result.counting == HOURS
    assert result.due_at == kst(2026, 3, 16, 10)


def test_one_day_is_eight_working_hours():
    assert due_at(kst(2026, 3, 10, 10), days=1, calendar=CALENDAR) == kst(2026, 3, 11, 10)
    assert due_at(kst(2026, 3, 10, 9), days=1, calendar=CALENDAR) == kst(2026, 3, 10, 18)


def test_the_lunch_hour_is_not_counted():
    assert due_at(kst(2026, 3, 10, 11), hours=3, calendar=CALENDAR) == kst(2026, 3, 10, 15)


def test_a_receipt_during_lunch_starts_counting_at_the_end_of_lunch():
    assert due_at(kst(2026, 3, 10, 12, 30), hours=3, calendar=CALENDAR) == kst(2026, 3, 10, 16)


def test_a_receipt_outside_working_hours_starts_counting_at_the_next_working_moment():
    # Friday 19:00 → counting starts Monday 09:00; 3 working hours (기타민원) → Monday 12:00.
    result = deadline(kst(2026, 3, 13, 19), hours=3, calendar=CALENDAR)
    assert result.counting_starts_at == kst(2026, 3, 16, 9)
    assert result.due_at == kst(2026, 3, 16, 12)


def test_hours_running_out_at_the_end_of_a_span_end_there_not_at_the_next_start():
    assert due_at(kst(2026, 3, 10, 9), hours=3, calendar=CALENDAR) == kst(2026, 3, 10, 12)
    assert due_at(kst(2026, 3, 10, 9), hours=8, calendar=CALENDAR) == kst(2026, 3, 10, 18)


def test_other_complaints_are_due_within_three_working_hours():
    assert due_at(kst(2026, 3, 10, 16), hours=3, calendar=CALENDAR) == kst(2026, 3, 11, 10)


def test_a_period_of_six_days_or_more_is_counted_in_days_with_the_day_of_receipt_counted():
    # Received Monday 17:00: Mon(1) Tue Wed Thu Fri(5) next Mon(6) → due next Monday 18:00.
    result = deadline(kst(2026, 3, 9, 17), days=6, calendar=CALENDAR)
    assert result.counting == DAYS
    assert result.due_at == kst(2026, 3, 16, 18)


def test_counting_in_days_is_due_at_the_end_of_the_last_working_day():
    assert due_at(kst(2026, 3, 9, 9), days=7, calendar=CALENDAR).time() == dt.time(18)


def test_saturdays_are_not_counted():
    # 7 days from Friday: Fri(1), [Sat, Sun], Mon–Fri(2–6), [Sat, Sun], Mon(7).
    assert due_at(kst(2026, 3, 13, 10), days=7, calendar=CALENDAR) == kst(2026, 3, 23, 18)
    # and in hours: Friday 17:00 + 3h → Monday 11:00.
    assert due_at(kst(2026, 3, 13, 17), hours=3, calendar=CALENDAR) == kst(2026, 3, 16, 11)


def test_a_receipt_on_a_saturday_counts_from_the_next_working_day():
    assert due_at(kst(2026, 3, 14, 10), days=6, calendar=CALENDAR) == kst(2026, 3, 23, 18)


def test_a_receipt_after_the_end_of_work_counts_in_days_from_the_next_working_day():
    # Tuesday 20:00: day 1 is Wednesday.
    assert due_at(kst(2026, 3, 10, 20), days=6, calendar=CALENDAR) == kst(2026, 3, 18, 18)


def test_public_holidays_are_not_counted():
    # 설날 2026-02-16..18 (Mon–Wed): 3 working hours from Friday 2/13 17:00 → Thursday 2/19 11:00.
    assert due_at(kst(2026, 2, 13, 17), hours=3, calendar=CALENDAR) == kst(2026, 2, 19, 11)


def test_jehunjeol_july_17_is_a_public_holiday_from_2026():
    assert CALENDAR.public_holiday_name(dt.date(2026, 7, 17)) == "제헌절"
    assert not CALENDAR.is_working_day(dt.date(2026, 7, 17))
    # Thursday 7/16 17:00 + 3 working hours: 1h Thursday, Friday 제헌절, Monday 09–11.
    assert due_at(kst(2026, 7, 16, 17), hours=3, calendar=CALENDAR) == kst(2026, 7, 20, 11)


def test_labour_day_may_1_is_a_public_holiday_from_2026():
    assert CALENDAR.public_holiday_name(dt.date(2026, 5, 1)) == "노동절"
    assert due_at(kst(2026, 4, 30, 17), hours=3, calendar=CALENDAR) == kst(2026, 5, 4, 11)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (dt.date(2026, 3, 2), "삼일절 대체 휴일"),
        (dt.date(2026, 5, 25), "부처님오신날 대체 휴일"),
        (dt.date(2027, 5, 3), "노동절 대체 휴일"),
        (dt.date(2027, 7, 19), "제헌절 대체 휴일"),
    ],
)
def test_substitute_holidays_are_not_working_days(day, name):
    assert CALENDAR.public_holiday_name(day) == name
    assert not CALENDAR.is_working_day(day)


def test_election_day_2026_06_03_is_a_public_holiday():
    assert CALENDAR.public_holiday_name(dt.date(2026, 6, 3)) == "지방선거일"
    assert due_at(kst(2026, 6, 2, 17), hours=3, calendar=CALENDAR) == kst(2026, 6, 4, 11)


def test_a_temporary_holiday_declared_by_the_government_is_not_a_working_day():
    assert CALENDAR.public_holiday_name(dt.date(2025, 1, 27)) == "임시공휴일"


def test_lunar_holidays_are_public_holidays():
    assert CALENDAR.public_holiday_name(dt.date(2026, 9, 25)) == "추석"
    assert CALENDAR.public_holiday_name(dt.date(2026, 2, 17)) == "설날"


def test_a_district_holiday_is_not_counted_and_a_forced_working_saturday_is():
    closed = WorkCalendar(non_working={dt.date(2026, 3, 11): "구 휴무일"})
    assert due_at(kst(2026, 3, 10, 17), hours=3, calendar=closed) == kst(2026, 3, 12, 11)
    working_saturday = WorkCalendar(forced_working={dt.date(2026, 3, 14): "토요 근무"})
    assert due_at(kst(2026, 3, 13, 17), hours=3, calendar=working_saturday) == kst(2026, 3, 14, 11)


def test_a_public_holiday_stays_a_holiday_even_if_forced_to_be_a_working_day():
    calendar = WorkCalendar(forced_working={dt.date(2026, 7, 17): "근무"})
    assert not calendar.is_working_day(dt.date(2026, 7, 17))


def test_saturdays_count_when_the_district_counts_them():
    calendar = WorkCalendar(count_saturdays=True)
    assert calendar.is_working_day(dt.date(2026, 3, 14))
    assert not calendar.is_working_day(dt.date(2026, 3, 15))
    assert not calendar.is_working_day(dt.date(2026, 6, 6))  # 현충일 on a Saturday


def test_the_hour_based_limit_and_working_hours_are_parameters():
    # A district counting up to 7 days in hours: 7 days = 56 working hours.
    result = deadline(kst(2026, 3, 9, 9), days=7, calendar=CALENDAR, hour_based_max_days=7)
    assert result.counting == HOURS
    assert result.due_at == kst(2026, 3, 17, 18)
    short_day = WorkCalendar(hours=WorkingHours(work_end=dt.time(17), hours_per_day=7))
    assert due_at(kst(2026, 3, 9, 9), days=1, calendar=short_day) == kst(2026, 3, 9, 17)


def test_a_grievance_field_investigation_is_not_counted():
    """고충민원 7일; a 현장조사 from Monday 12/28 to Thursday 12/31 pushes the deadline back."""
    receipt = kst(2026, 12, 24, 10)
    plain = due_at(receipt, days=7, calendar=CALENDAR)
    investigation = [(kst(2026, 12, 28), kst(2027, 1, 1))]
    shifted = due_at(receipt, days=7, calendar=CALENDAR, excluded=investigation)
    assert plain == kst(2027, 1, 5, 18)
    assert shifted == kst(2027, 1, 11, 18)  # 4 working days later


def test_an_excluded_span_in_hours_is_not_counted():
    # Waiting for an expert opinion from 10:00 to 15:00 on Tuesday (4 working hours).
    excluded = [(kst(2026, 3, 10, 10), kst(2026, 3, 10, 15))]
    assert due_at(kst(2026, 3, 10, 9), hours=3, calendar=CALENDAR, excluded=excluded) == kst(2026, 3, 10, 17)


def test_working_time_left_is_negative_once_overdue_in_working_time():
    due = due_at(kst(2026, 3, 10, 9), hours=3, calendar=CALENDAR)
    assert working_time_left(due, kst(2026, 3, 10, 14), calendar=CALENDAR) == -dt.timedelta(hours=1)


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"days": 1, "hours": 1}, {"days": 0}, {"days": -3}, {"hours": 0}, {"days": 1.5}],
)
def test_a_period_must_be_exactly_one_positive_number(kwargs):
    with pytest.raises(ValueError):
        due_at(kst(2026, 3, 10, 9), calendar=CALENDAR, **kwargs)


def test_a_receipt_without_a_time_zone_is_refused():
    with pytest.raises(ValueError):
        due_at(dt.datetime(2026, 3, 10, 9), days=7, calendar=CALENDAR)


def test_a_receipt_in_another_time_zone_is_counted_in_korean_time():
    # 01:00 UTC = 10:00 KST.
    received = dt.datetime(2026, 12, 24, 1, tzinfo=dt.UTC)
    assert due_at(received, days=14, calendar=CALENDAR) == kst(2027, 1, 14, 18)
