"""Properties of the pure complaint rules (gamdong.complaints.rules)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gamdong.complaints import rules
from gamdong.complaints.rules import Period, RuleViolation

periods = st.one_of(
    st.builds(Period, days=st.integers(1, 60)), st.builds(lambda h: Period(hours=h), st.integers(1, 40))
)


@given(original=periods, requested=periods, done=st.integers(0, 3), consent=st.booleans())
def test_an_extension_is_allowed_exactly_when_the_statute_allows_it(original, requested, done, consent):
    allowed = (
        done < 2
        and (done < 1 or consent)
        and requested.working_hours(8) <= original.working_hours(8)
    )
    try:
        rules.check_extension(original=original, requested=requested, extensions_so_far=done, consent=consent,
                              max_without_consent=1, cap_ratio=1.0, hours_per_day=8)
    except RuleViolation as exc:
        assert not allowed, exc.message
    else:
        assert allowed


@given(kind=st.sampled_from([rules.STATUTORY, rules.SUGGESTION, rules.OTHER, rules.GRIEVANCE]),
       occurrences=st.integers(1, 10), notified=st.integers(0, 10))
def test_repeat_closure_needs_three_occurrences_two_notices_and_never_statutory(kind, occurrences, notified):
    allowed = kind != rules.STATUTORY and occurrences >= 3 and notified >= 2
    try:
        rules.check_repeat_closure(kind=kind, occurrences=occurrences, notified_results=notified,
                                   min_occurrences=3, min_notified=2)
    except RuleViolation:
        assert not allowed
    else:
        assert allowed


@given(count=st.integers(1, 20), same=st.booleans())
def test_multi_party_needs_five_of_the_same_category(count, same):
    try:
        rules.check_multi_party(count=count, minimum=5, same_category=same)
    except RuleViolation:
        assert not (same and count >= 5)
    else:
        assert same and count >= 5


@given(hours_after=st.integers(0, 40 * 24), before=st.integers(0, 2))
def test_reopen_is_once_within_the_window(hours_after, before):
    answered = dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)
    now = answered + dt.timedelta(hours=hours_after)
    ok = before < 1 and hours_after <= 14 * 24
    try:
        rules.check_reopen(answered_at=answered, now=now, window_days=14, reopened_before=before)
    except RuleViolation:
        assert not ok
    else:
        assert ok


@given(year=st.integers(2000, 2099), seq=st.integers(1, 9_999_999))
def test_receipt_numbers_sort_like_their_order(year, seq):
    assert rules.receipt_number(year, seq) < rules.receipt_number(year, seq + 1) or seq + 1 > 9_999_999
    assert rules.receipt_number(year, seq).startswith(f"{year}-")


def test_each_kind_reads_its_statutory_period():
    defaults = {"complaints.period_days.inquiry_law": 14, "complaints.period_days.inquiry_system": 7,
                "complaints.period_days.suggestion": 14, "complaints.period_hours.other": 3,
                "complaints.period_days.grievance": 7}
    assert rules.period_for(rules.INQUIRY_LAW, statutory_days=None, setting=defaults.get) == Period(days=14)
    assert rules.period_for(rules.INQUIRY_SYSTEM, statutory_days=None, setting=defaults.get) == Period(days=7)
    assert rules.period_for(rules.OTHER, statutory_days=None, setting=defaults.get) == Period(hours=3)
    assert rules.period_for(rules.STATUTORY, statutory_days=3, setting=defaults.get) == Period(days=3)
    with pytest.raises(RuleViolation):
        rules.period_for(rules.STATUTORY, statutory_days=None, setting=defaults.get)
