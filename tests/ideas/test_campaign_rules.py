"""The counting rules of 1직원 1제안 (gamdong.ideas.campaign_rules), as properties."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gamdong.ideas import campaign_rules as rules

SEOUL = ZoneInfo("Asia/Seoul")
STATUSES = ["draft", "submitted", "supplement", "ineligible", "repeat", "review", "pilot", "held", "adopted",
            "adopted_changed", "rejected", "rereview", "withdrawn"]

days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))
moments = st.datetimes(min_value=dt.datetime(2019, 12, 1), max_value=dt.datetime(2031, 1, 31),
                       timezones=st.just(SEOUL))
people = st.integers(min_value=1, max_value=8)
facts = st.builds(
    rules.ProposalFact, status=st.sampled_from(STATUSES), submitted_at=st.one_of(st.none(), moments),
    lead=people, co_proposers=st.lists(people, max_size=3).map(tuple),
)


def _period(a: dt.date, b: dt.date):
    start, end = sorted((a, b))
    return rules.period_bounds(start, end, SEOUL)


def test_the_not_counted_statuses_are_proposal_statuses():
    from gamdong.ideas.models import ProposalStatus

    assert rules.NOT_COUNTED_STATUSES <= set(ProposalStatus.values)
    assert set(STATUSES) == set(ProposalStatus.values)


@given(a=days, b=days)
def test_period_runs_from_the_first_midnight_to_the_midnight_after_the_last_day(a, b):
    start, end = _period(a, b)
    assert start.time() == end.time() == dt.time.min
    assert (end - start).days == abs((b - a).days) + 1
    assert rules.proposal_counts("submitted", start, start, end)
    assert rules.proposal_counts("submitted", end - dt.timedelta(microseconds=1), start, end)
    assert not rules.proposal_counts("submitted", end, start, end)
    assert not rules.proposal_counts("submitted", start - dt.timedelta(microseconds=1), start, end)


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        rules.period_bounds(dt.date(2026, 2, 1), dt.date(2026, 1, 31), SEOUL)


@given(status=st.sampled_from(sorted(rules.NOT_COUNTED_STATUSES)), when=moments, a=days, b=days)
def test_drafts_and_withdrawn_proposals_never_count(status, when, a, b):
    start, end = _period(a, b)
    assert not rules.proposal_counts(status, when, start, end)


@given(status=st.sampled_from(STATUSES), a=days, b=days)
def test_a_proposal_never_submitted_never_counts(status, a, b):
    start, end = _period(a, b)
    assert not rules.proposal_counts(status, None, start, end)


@given(status=st.sampled_from([s for s in STATUSES if s not in rules.NOT_COUNTED_STATUSES]), when=moments,
       a=days, b=days)
def test_every_decision_counts_adopted_or_not_when_submitted_in_the_period(status, when, a, b):
    start, end = _period(a, b)
    assert rules.proposal_counts(status, when, start, end) == (start <= when < end)


@given(proposals=st.lists(facts, max_size=20), person=people, a=days, b=days)
def test_a_co_proposer_counts_as_a_proposer(proposals, person, a, b):
    """Each person who proposed counts: a proposal counts once for its lead and once for each
    co-proposer, never twice for one person."""
    start, end = _period(a, b)
    expected = sum(1 for p in proposals if (p.lead == person or person in p.co_proposers)
                   and rules.proposal_counts(p.status, p.submitted_at, start, end))
    assert rules.person_count(person, proposals, start, end) == expected


@given(proposals=st.lists(facts, max_size=20), a=days, b=days)
def test_handing_the_lead_to_a_co_proposer_changes_no_ones_count(proposals, a, b):
    start, end = _period(a, b)
    swapped = [rules.ProposalFact(p.status, p.submitted_at, p.co_proposers[0], (p.lead, *p.co_proposers[1:]))
               if p.co_proposers else p for p in proposals]
    for person in range(1, 9):
        assert rules.person_count(person, proposals, start, end) == rules.person_count(person, swapped, start, end)


@given(count=st.integers(min_value=0, max_value=50), target=st.integers(min_value=1, max_value=20))
def test_the_target_is_met_when_the_count_reaches_it(count, target):
    assert rules.target_met(count, target) == (count >= target)


def test_a_target_below_one_is_refused():
    with pytest.raises(ValueError):
        rules.target_met(3, 0)


@given(proposers=st.integers(min_value=0, max_value=2000), staff=st.integers(min_value=0, max_value=2000))
def test_participation_rate_is_a_percentage_of_eligible_staff(proposers, staff):
    rate = rules.participation_rate(proposers, staff)
    assert Decimal("0") <= rate <= Decimal("100")
    if staff == 0:
        assert rate == 0
    elif proposers >= staff:
        assert rate == 100
    else:
        assert abs(rate - Decimal(proposers) * 100 / staff) <= Decimal("0.05")


units = st.lists(
    st.integers(min_value=1, max_value=40).flatmap(lambda staff: st.tuples(
        st.integers(min_value=0, max_value=staff), st.just(staff))),
    max_size=15,
)


@given(rows=units)
def test_units_rank_by_rate_and_equal_rates_share_a_rank(rows):
    named = [(f"unit{i}", p, s) for i, (p, s) in enumerate(rows)]
    ranked = rules.rank_by_rate(named)
    assert sorted(u for u, _, _ in ranked) == sorted(u for u, _, _ in named)
    exact = {u: Fraction(p, s) for u, p, s in named}
    for unit, rank, _rate in ranked:
        better = sum(1 for other in exact.values() if other > exact[unit])
        assert rank == better + 1
    ranks = [rank for _, rank, _ in ranked]
    assert ranks == sorted(ranks)


def test_ranking_example_one_two_two_four():
    ranked = rules.rank_by_rate([("a", 1, 4), ("b", 3, 4), ("c", 1, 2), ("d", 2, 4)])
    assert [(u, r) for u, r, _ in ranked] == [("b", 1), ("c", 2), ("d", 2), ("a", 4)]
