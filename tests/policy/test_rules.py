"""The follow-up rules of adopted proposals (DOMAIN.md §2 "Follow-up"), as pure functions."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gamdong.policy import rules

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))
numbers = st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)
FLOORS = rules.DEFAULT_GRADE_FLOORS


# --- months ---------------------------------------------------------------------------------------


def test_a_month_after_31_january_is_the_end_of_february():
    assert rules.add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert rules.add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)


@given(days, st.integers(min_value=-120, max_value=120))
def test_adding_months_lands_in_the_right_month_never_past_its_end(day, months):
    moved = rules.add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day <= day.day


# --- follow-up 3 years, checks at least quarterly ----------------------------------------------------


def test_adopted_proposals_are_followed_up_for_three_years_from_the_decision():
    """DOMAIN §2: adopted proposals are managed for 3 years."""
    assert rules.follow_until(dt.date(2026, 3, 15), follow_years=3) == dt.date(2029, 3, 14)


def test_status_is_checked_quarterly_twelve_times_over_three_years():
    """DOMAIN §2: status is checked at least quarterly (every 3 months for the 3 years)."""
    schedule = rules.status_check_schedule(dt.date(2026, 3, 15), every_months=3, follow_years=3)
    assert len(schedule) == 12
    assert schedule[0] == rules.CheckPeriod(1, dt.date(2026, 3, 15), dt.date(2026, 6, 14))
    assert schedule[-1].due_on == dt.date(2029, 3, 14)


@given(days, st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=10))
def test_check_periods_tile_the_follow_up_period_without_gap_or_overlap(adopted, months, years):
    schedule = rules.status_check_schedule(adopted, every_months=months, follow_years=years)
    assert schedule[0].starts_on == adopted
    assert schedule[-1].due_on == rules.follow_until(adopted, follow_years=years)
    for before, after in zip(schedule, schedule[1:], strict=False):
        assert after.starts_on == before.due_on + dt.timedelta(days=1)
        assert after.number == before.number + 1
    for period in schedule:
        assert period.starts_on <= period.due_on
        # no period is longer than the interval (so "at least every N months" holds)
        assert period.due_on < rules.add_months(period.starts_on, months) + dt.timedelta(days=3)


def test_a_check_is_due_soon_within_the_reminder_days_and_overdue_after_its_due_day():
    due = dt.date(2026, 6, 30)
    state = lambda today, checked=False: rules.check_state(due_on=due, checked=checked, today=today, remind_days=14)  # noqa: E731
    assert state(dt.date(2026, 6, 1)) == rules.UPCOMING
    assert state(dt.date(2026, 6, 16)) == rules.DUE_SOON
    assert state(due) == rules.DUE_SOON
    assert state(dt.date(2026, 7, 1)) == rules.OVERDUE
    assert state(dt.date(2026, 7, 1), checked=True) == rules.DONE


@given(days, days, st.integers(min_value=0, max_value=60))
def test_an_unchecked_check_is_overdue_exactly_when_its_due_day_has_passed(due, today, remind):
    state = rules.check_state(due_on=due, checked=False, today=today, remind_days=remind)
    assert (state == rules.OVERDUE) == (today > due)


def test_only_due_soon_and_overdue_checks_need_attention():
    schedule = rules.status_check_schedule(dt.date(2026, 1, 1), every_months=3, follow_years=3)
    need = rules.checks_needing_attention(schedule, {1}, today=dt.date(2026, 6, 25), remind_days=14)
    assert need == {2: rules.DUE_SOON}
    need = rules.checks_needing_attention(schedule, set(), today=dt.date(2026, 7, 5), remind_days=14)
    assert need == {1: rules.OVERDUE, 2: rules.OVERDUE}


# --- achievement ------------------------------------------------------------------------------------


def test_achievement_counts_the_way_from_baseline_to_target_for_both_directions():
    up = dict(baseline=Decimal(40), target=Decimal(60), direction=rules.HIGHER)
    assert rules.achievement(value=Decimal(50), **up) == Decimal("0.5")
    down = dict(baseline=Decimal(120), target=Decimal(80), direction=rules.LOWER)
    assert rules.achievement(value=Decimal(90), **down) == Decimal("0.75")


def test_achievement_is_clamped_worse_than_baseline_is_zero_beyond_target_is_one():
    down = dict(baseline=Decimal(120), target=Decimal(80), direction=rules.LOWER)
    assert rules.achievement(value=Decimal(150), **down) == 0
    assert rules.achievement(value=Decimal(10), **down) == 1


def test_when_baseline_equals_target_holding_the_level_achieves_it():
    """Documented rule: baseline == target means 'hold the level': 1 if at least as good, else 0."""
    hold = dict(baseline=Decimal(30), target=Decimal(30))
    assert rules.achievement(value=Decimal(30), direction=rules.LOWER, **hold) == 1
    assert rules.achievement(value=Decimal(25), direction=rules.LOWER, **hold) == 1
    assert rules.achievement(value=Decimal(31), direction=rules.LOWER, **hold) == 0
    assert rules.achievement(value=Decimal(31), direction=rules.HIGHER, **hold) == 1


@given(numbers, numbers, numbers, st.sampled_from([rules.HIGHER, rules.LOWER]))
def test_achievement_always_lies_between_zero_and_one(baseline, other, value, direction):
    target = max(baseline, other) if direction == rules.HIGHER else min(baseline, other)
    ratio = rules.achievement(baseline=baseline, target=target, value=value, direction=direction)
    assert 0 <= ratio <= 1


@given(numbers, numbers, numbers, numbers)
def test_a_better_value_never_achieves_less(baseline, other, a, b):
    target = min(baseline, other)  # lower is better
    worse, better = max(a, b), min(a, b)
    kw = dict(baseline=baseline, target=target, direction=rules.LOWER)
    assert rules.achievement(value=better, **kw) >= rules.achievement(value=worse, **kw)


def test_a_target_on_the_worse_side_of_the_baseline_is_refused():
    with pytest.raises(rules.RuleViolation):
        rules.check_measure_definition(baseline=Decimal(10), target=Decimal(20), direction=rules.LOWER)
    with pytest.raises(rules.RuleViolation):
        rules.check_measure_definition(baseline=Decimal(10), target=Decimal(5), direction=rules.HIGHER)


# --- grades 수·우·미·양·가 ------------------------------------------------------------------------------


def test_results_are_graded_su_u_mi_yang_ga_by_achievement():
    """DOMAIN §2: results are graded 수·우·미·양·가 (floors: a district setting)."""
    grade = lambda r: rules.grade_for(Decimal(r), FLOORS)  # noqa: E731
    assert [grade(r) for r in ("1", "0.9", "0.89", "0.7", "0.5", "0.3", "0.29", "0")] == \
        ["수", "수", "우", "우", "미", "양", "가", "가"]


@given(st.decimals(min_value=0, max_value=1, places=4), st.decimals(min_value=0, max_value=1, places=4))
def test_more_achievement_never_gets_a_worse_grade(a, b):
    low, high = min(a, b), max(a, b)
    assert rules.GRADES.index(rules.grade_for(high, FLOORS)) <= rules.GRADES.index(rules.grade_for(low, FLOORS))


def test_grade_floors_must_name_five_grades_falling_to_zero():
    rules.check_grade_floors(FLOORS)
    for bad in ({"수": 0.9}, {**FLOORS, "가": 0.1}, {**FLOORS, "우": 0.95}, {**FLOORS, "미": "x"}):
        with pytest.raises(ValueError):
            rules.check_grade_floors(bad)


def test_results_are_measured_for_one_year_from_first_effect_before_grading():
    """DOMAIN §2: results are measured for 1 year from first effect."""
    effect = dt.date(2026, 4, 1)
    with pytest.raises(rules.RuleViolation):
        rules.check_may_grade(effect_from=effect, today=dt.date(2027, 3, 31), measure_years=1)
    rules.check_may_grade(effect_from=effect, today=dt.date(2027, 4, 1), measure_years=1)


def test_overall_achievement_is_the_mean_and_needs_a_value():
    assert rules.overall_achievement([Decimal(1), Decimal("0.5")]) == Decimal("0.75")
    with pytest.raises(rules.RuleViolation):
        rules.overall_achievement([])


# --- complaint-count windows -------------------------------------------------------------------------


def test_complaints_are_counted_in_windows_of_the_same_length_before_adoption_and_after_start():
    before = rules.window_before(dt.date(2026, 3, 1), months=6)
    assert before == rules.Window(dt.date(2025, 9, 1), dt.date(2026, 3, 1))
    with pytest.raises(rules.RuleViolation):
        rules.window_after(dt.date(2026, 4, 1), months=6, today=dt.date(2026, 9, 30))
    first = rules.window_after(dt.date(2026, 4, 1), months=6, today=dt.date(2026, 10, 1))
    assert first == rules.Window(dt.date(2026, 4, 1), dt.date(2026, 10, 1))
    later = rules.window_after(dt.date(2026, 4, 1), months=6, today=dt.date(2027, 1, 1))
    assert later == rules.Window(dt.date(2026, 7, 1), dt.date(2027, 1, 1))


@given(days, st.integers(min_value=1, max_value=24), st.integers(min_value=0, max_value=2000))
def test_the_after_window_is_as_long_in_months_as_the_before_window_and_never_before_the_start(start, months, later):
    today = rules.add_months(start, months) + dt.timedelta(days=later)
    window = rules.window_after(start, months=months, today=today)
    assert window.starts_on >= start and window.ends_before == today
    assert window.starts_on == max(start, rules.add_months(today, -months))


# --- the annual report --------------------------------------------------------------------------------


def test_the_annual_report_on_a_year_is_due_by_31_january_of_the_next():
    """DOMAIN §2: the annual report is due by 31 January."""
    assert rules.annual_report_due_on(2026, due="01-31") == dt.date(2027, 1, 31)
    assert rules.annual_report_year(dt.date(2026, 11, 26), due="01-31") == 2026
    assert rules.annual_report_year(dt.date(2027, 1, 31), due="01-31") == 2026
    assert rules.annual_report_year(dt.date(2027, 2, 1), due="01-31") == 2027
    assert rules.annual_report_period(2026) == rules.Window(dt.date(2026, 1, 1), dt.date(2027, 1, 1))


@given(days)
def test_the_report_being_prepared_is_never_past_its_due_day(today):
    year = rules.annual_report_year(today, due="01-31")
    assert rules.annual_report_due_on(year, due="01-31") >= today
    assert rules.annual_report_due_on(year - 1, due="01-31") < today
