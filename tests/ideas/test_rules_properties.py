"""Properties of the pure proposal rules (gamdong.ideas.rules), DOMAIN.md §2."""

import calendar
import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gamdong.ideas import rules

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))
texts = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")), max_size=40)
# Korean and Latin text as proposals are written (case folding of every script is not the point)
plain = st.text(alphabet="가나다도로주차공원민원abcdeXYZ0129 .,!·", max_size=40)


def weekdays_only(day: dt.date) -> bool:
    return day.weekday() < 5


# --- decision within 1 month: calendar months (민법 §160) ------------------------------------


@given(day=days, months=st.integers(1, 24))
def test_adding_months_keeps_the_day_of_month_or_ends_on_the_last_day_of_a_shorter_month(day, months):
    result = rules.add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    last = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(day.day, last)


@given(day=days, a=st.integers(0, 12), b=st.integers(0, 12))
def test_months_added_in_steps_never_end_later_than_added_at_once(day, a, b):
    assert rules.add_months(rules.add_months(day, a), b) <= rules.add_months(day, a + b)


def test_january_31_plus_one_month_is_the_last_day_of_february():
    assert rules.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert rules.add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)


@given(day=days, months=st.integers(1, 12), excluded=st.integers(0, 21))
def test_decision_due_date_is_a_working_day_at_least_a_month_and_the_excluded_days_after_receipt(day, months, excluded):
    due = rules.decision_due_date(day, months=months, excluded_days=excluded, is_working_day=weekdays_only)
    earliest = rules.add_months(day, months) + dt.timedelta(days=excluded)
    assert weekdays_only(due)
    assert earliest <= due <= earliest + dt.timedelta(days=2)


@given(day=days, first=st.integers(0, 21), more=st.integers(0, 21))
def test_more_days_waiting_for_an_expert_never_bring_the_decision_forward(day, first, more):
    a = rules.decision_due_date(day, months=1, excluded_days=first, is_working_day=weekdays_only)
    b = rules.decision_due_date(day, months=1, excluded_days=first + more, is_working_day=weekdays_only)
    assert b >= a


# --- supplement request within 7 days of receipt --------------------------------------------


@given(day=days, period=st.integers(1, 30))
def test_supplement_deadline_does_not_count_the_day_of_receipt_and_ends_on_a_working_day(day, period):
    due = rules.supplement_due_date(day, days=period, is_working_day=weekdays_only)
    assert weekdays_only(due)
    assert day + dt.timedelta(days=period) <= due <= day + dt.timedelta(days=period + 2)


def test_supplement_deadline_of_a_monday_receipt_is_the_next_monday():
    assert rules.supplement_due_date(dt.date(2026, 3, 2), days=7, is_working_day=weekdays_only) == dt.date(2026, 3, 9)


# --- expert opinion: up to 3 weeks not counted ----------------------------------------------


@given(waits=st.lists(st.integers(1, 60 * 24 * 40), max_size=4), cap=st.integers(1, 30))
def test_each_expert_opinion_wait_counts_at_most_the_cap_in_whole_started_days(waits, cap):
    start = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)
    spans = []
    for minutes in waits:
        spans.append((start, start + dt.timedelta(minutes=minutes)))
        start += dt.timedelta(days=60)
    total = rules.excluded_days(spans, now=start, max_days=cap)
    assert 0 <= total <= cap * len(waits)
    assert total >= min(len(waits), 1) if waits else total == 0


def test_an_expert_opinion_still_awaited_counts_until_now():
    start = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)
    assert rules.excluded_days([(start, None)], now=start + dt.timedelta(days=2, hours=1), max_days=21) == 3
    assert rules.excluded_days([(start, None)], now=start + dt.timedelta(days=40), max_days=21) == 21


# --- identical submissions (3 or more are repeats) -------------------------------------------


@given(title=texts, improvement=texts)
def test_an_identical_submission_is_identical_to_itself(title, improvement):
    assert rules.is_identical((title, improvement), (title, improvement))


@given(title=plain, improvement=plain, noise=st.sampled_from([" ", "  ", ".", ",", "!", "\n", "·", "?"]))
def test_spacing_punctuation_and_case_do_not_make_a_new_proposal(title, improvement, noise):
    changed_title = noise.join(title.upper()) + noise
    changed_improvement = noise + improvement.replace(" ", noise)
    assert rules.is_identical((title, improvement), (changed_title, changed_improvement))


@given(title=texts, improvement=texts, word=st.text(alphabet="가나다라마바사아자차카타파하", min_size=1, max_size=5))
def test_a_changed_word_makes_a_different_proposal(title, improvement, word):
    assume(rules.normalise_text(word))
    assert not rules.is_identical((title, improvement), (title, improvement + word))
    assert not rules.is_identical((title, improvement), (title + word, improvement))


@given(a=st.tuples(texts, texts), b=st.tuples(texts, texts))
def test_identity_is_symmetric(a, b):
    assert rules.is_identical(a, b) == rules.is_identical(b, a)


@given(earlier=st.integers(0, 10), minimum=st.integers(2, 20))
def test_the_third_identical_submission_is_a_repeat_and_the_second_is_not(earlier, minimum):
    assert rules.is_repeat(earlier, min_count=minimum) == (earlier + 1 >= minimum)


def test_with_the_statutory_three_the_first_two_are_proposals_and_the_third_a_repeat():
    assert [rules.is_repeat(n, min_count=3) for n in range(4)] == [False, False, True, True]


# --- sections, numbers, attachments, search ---------------------------------------------------


@given(values=st.fixed_dictionaries({name: st.sampled_from(["", "  ", "내용"]) for name, _ in rules.SECTIONS}))
def test_every_empty_section_is_named_and_no_filled_one(values):
    missing = {name for name, _ in rules.missing_sections(values)}
    assert missing == {name for name, value in values.items() if not value.strip()}


def test_missing_section_error_names_the_field_in_korean():
    with pytest.raises(rules.RuleViolation) as caught:
        rules.check_sections({"title": "제목", "current_situation": "현황", "problem": "", "improvement": "",
                              "expected_effect": "효과"})
    assert caught.value.field == "problem"
    assert "문제점" in caught.value.message and "개선 방안" in caught.value.message


def test_a_residents_submission_needs_no_separate_problem_section():
    values = {"title": "t", "current_situation": "s", "problem": "", "improvement": "i", "expected_effect": "e"}
    assert rules.missing_sections(values, citizen=True) == []


@given(year=st.integers(2000, 2099), sequence=st.integers(1, 9999))
def test_proposal_numbers_are_year_and_four_digits_and_sort_in_order(year, sequence):
    number = rules.proposal_number(year, sequence)
    assert number == f"{year}-{sequence:04d}"
    if sequence < 9999:
        assert rules.proposal_number(year, sequence) < rules.proposal_number(year, sequence + 1)


@given(size=st.integers(0, 50 * 1024 * 1024), extension=st.sampled_from(["pdf", "hwp", "HWPX", "exe", "zip", "jpg"]))
def test_an_attachment_is_accepted_only_with_an_allowed_type_and_size(size, extension):
    allowed = ["pdf", "hwp", "hwpx", "jpg"]
    ok = extension.lower() in allowed and 0 < size <= 20 * 1024 * 1024
    try:
        rules.check_attachment(f"file.{extension}", size, allowed=allowed, max_bytes=20 * 1024 * 1024)
    except rules.RuleViolation as exc:
        assert not ok
        assert exc.field == "attachments"
    else:
        assert ok


@given(query=st.text(max_size=200))
def test_search_words_are_whole_unique_and_at_most_five(query):
    words = rules.search_words(query)
    assert len(words) <= 5 and len(set(words)) == len(words)
    assert all(w and not any(ch.isspace() for ch in w) for w in words)


def test_one_and_two_syllable_words_are_kept_for_search():
    assert rules.search_words("길 도로  도로") == ["길", "도로"]


@given(minutes=st.integers(-60 * 24 * 30, 60 * 24 * 30))
def test_time_left_is_told_in_days_and_hours_and_says_when_it_is_past(minutes):
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    left = rules.time_left(now + dt.timedelta(minutes=minutes), now)
    assert left.overdue == (minutes < 0)
    assert left.days * 24 + left.hours == abs(minutes) // 60
    assert ("지남" in left.text) == left.overdue
