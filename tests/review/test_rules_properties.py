"""Pure rules of the review, with hypothesis: scorecard arithmetic, composition, quorum, awards,
the re-review window."""

from __future__ import annotations

import datetime as dt
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gamdong.review.rules import awards, scorecard
from gamdong.review.rules import committee as composition
from gamdong.review.rules.rereview import rereview_in_time

CRITERIA = ["실시가능성", "창의성", "효율성·효과성", "적용범위", "계속성"]
CENTRAL = {"금상": [5_000_000, 8_000_000], "은상": [3_000_000, 5_000_000], "동상": [1_000_000, 3_000_000],
           "장려상": [500_000, 1_000_000]}
DISTRICT = {"최우수": 700_000, "우수": 500_000, "장려": 300_000}

weights_st = st.fixed_dictionaries({c: st.floats(min_value=0, max_value=10, allow_nan=False) for c in CRITERIA}).filter(
    lambda w: sum(w.values()) > 0.01)


@st.composite
def sheet_st(draw, scale_min=1, scale_max=10):
    return {c: draw(st.integers(scale_min, scale_max)) for c in CRITERIA}


@given(weights_st, sheet_st())
def test_rule_weighted_total_is_normalised_to_100(weights, sheet):
    total = scorecard.weighted_total(sheet, weights, 10)
    assert 0 <= total <= 100 + 1e-9


@given(weights_st)
def test_rule_top_marks_everywhere_score_100_whatever_the_weights(weights):
    assert scorecard.weighted_total({c: 10 for c in CRITERIA}, weights, 10) == pytest.approx(100)


@given(sheet_st())
def test_rule_equal_weights_give_the_plain_mean_on_100(sheet):
    equal = {c: 1 for c in CRITERIA}
    assert scorecard.weighted_total(sheet, equal, 10) == pytest.approx(10 * statistics.fmean(sheet.values()))


@given(weights_st, sheet_st(), st.floats(min_value=0.1, max_value=100, allow_nan=False))
def test_scaling_every_weight_changes_nothing(weights, sheet, factor):
    scaled = {c: w * factor for c, w in weights.items()}
    assert scorecard.weighted_total(sheet, scaled, 10) == pytest.approx(scorecard.weighted_total(sheet, weights, 10))


@given(st.dictionaries(st.sampled_from(CRITERIA), st.integers(-5, 15), min_size=5))
def test_rule_scores_outside_the_scale_are_refused(sheet):
    equal = {c: 1 for c in CRITERIA}
    if all(1 <= v <= 10 for v in sheet.values()):
        assert scorecard.check_scores(sheet, equal, 1, 10) == sheet
    else:
        with pytest.raises(scorecard.ScoreError):
            scorecard.check_scores(sheet, equal, 1, 10)


@given(st.lists(sheet_st(), min_size=1, max_size=9))
def test_criterion_means_lie_within_the_sheets(sheets):
    means = scorecard.criterion_means(sheets, CRITERIA)
    for c in CRITERIA:
        assert min(s[c] for s in sheets) - 1e-9 <= means[c] <= max(s[c] for s in sheets) + 1e-9


@given(st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=1, max_size=12))
def test_rule_spread_is_standard_deviation_and_range(totals):
    s = scorecard.spread(totals)
    assert s.range == pytest.approx(max(totals) - min(totals))
    assert s.stdev == pytest.approx(statistics.pstdev(totals))
    assert s.stdev <= s.range + 1e-9


@given(st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=0, max_size=12))
def test_rule_outliers_are_the_sheets_beyond_the_threshold_from_the_median_farthest_first(totals):
    keyed = dict(enumerate(totals))
    flagged = scorecard.outliers(keyed)
    if len(totals) < scorecard.OUTLIER_MIN_SHEETS:
        assert flagged == []
        return
    median = statistics.median(totals)
    assert set(flagged) == {k for k, t in keyed.items() if abs(t - median) > scorecard.OUTLIER_THRESHOLD_POINTS}
    distances = [abs(keyed[k] - median) for k in flagged]
    assert distances == sorted(distances, reverse=True)


def test_one_harsh_member_among_agreeing_ones_is_the_outlier():
    assert scorecard.outliers({"a": 80, "b": 82, "c": 78, "d": 30}) == ["d"]
    assert scorecard.outliers({"a": 80, "b": 30}) == []  # two sheets: no median to speak of


@given(st.integers(1, 40), st.sampled_from([0.5, 1 / 3, 0.6, 2 / 3, 0.25, 1.0]))
def test_rule_external_share_rounds_up(members, share):
    needed = composition.required_external(members, share)
    assert needed >= members * share - 1e-9
    assert needed - 1 < members * share  # the fewest that reach the share
    assert composition.external_share_met(external=needed, members=members, min_share=share)
    if needed:
        assert not composition.external_share_met(external=needed - 1, members=members, min_share=share)


def test_rule_at_least_half_of_5_members_is_3_of_4_is_2_of_6_is_3():
    assert composition.required_external(5, 0.5) == 3
    assert composition.required_external(4, 0.5) == 2
    assert composition.required_external(6, 0.5) == 3


@given(st.integers(1, 60), st.integers(0, 60))
def test_rule_quorum_is_a_majority_of_the_members(members, present):
    present = min(present, members)
    assert composition.has_quorum(present=present, members=members) == (present * 2 > members)


def test_rule_quorum_examples():
    assert [composition.quorum(n) for n in (3, 4, 5, 7, 10)] == [2, 3, 3, 4, 6]


@given(st.sampled_from(list(CENTRAL)), st.integers(1, 10), st.integers(2, 6), st.sampled_from([0.0, 0.5, 1.0]))
def test_rule_central_award_caps_rise_with_enough_co_proposers(grade, proposers, raise_min, ratio):
    r = awards.award_range(grade, central=CENTRAL, district=DISTRICT, proposers=proposers, raise_min=raise_min,
                           raise_ratio=ratio)
    low, high = CENTRAL[grade]
    assert r.low == low
    assert r.high == (round(high * (1 + ratio)) if proposers >= raise_min else high)


@given(st.sampled_from(list(CENTRAL)), st.integers(0, 20_000_000), st.integers(1, 6))
def test_rule_central_award_amount_stays_in_its_range(grade, amount, proposers):
    kwargs = dict(central=CENTRAL, district=DISTRICT, proposers=proposers, raise_min=3, raise_ratio=0.5)
    r = awards.award_range(grade, **kwargs)
    if r.low <= amount <= r.high:
        assert awards.check_award(adopted=True, grade=grade, amount=amount, **kwargs) == amount
    else:
        with pytest.raises(awards.AwardError):
            awards.check_award(adopted=True, grade=grade, amount=amount, **kwargs)


def test_rule_gold_is_5_to_8_million_and_12_million_with_three_proposers():
    kwargs = dict(central=CENTRAL, district=DISTRICT, raise_min=3, raise_ratio=0.5)
    assert awards.award_range("금상", proposers=2, **kwargs).high == 8_000_000
    assert awards.award_range("금상", proposers=3, **kwargs).high == 12_000_000


def test_rule_district_grades_pay_the_ordinance_amount_at_most_and_no_grade_without_adoption():
    kwargs = dict(central=CENTRAL, district=DISTRICT, proposers=5, raise_min=3, raise_ratio=0.5)
    assert awards.check_award(adopted=True, grade="최우수", amount=None, **kwargs) == 700_000
    with pytest.raises(awards.AwardError):
        awards.check_award(adopted=True, grade="최우수", amount=800_000, **kwargs)
    with pytest.raises(awards.AwardError):
        awards.check_award(adopted=False, grade="우수", amount=None, **kwargs)
    with pytest.raises(awards.AwardError):
        awards.check_award(adopted=True, grade="대상", amount=None, **kwargs)
    assert awards.check_award(adopted=True, grade="", amount=None, **kwargs) is None


@given(st.integers(-100, 100))
def test_rule_re_review_only_until_the_due_time(minutes):
    due = dt.datetime(2026, 12, 17, 18, 0, tzinfo=dt.UTC)
    now = due + dt.timedelta(minutes=minutes)
    assert rereview_in_time(now=now, due_at=due) == (minutes <= 0)
    assert not rereview_in_time(now=now, due_at=None)


def test_rule_later_use_window_is_two_years_from_the_rejection_and_29_february_ends_on_28_february():
    """If the office later implements the same idea, re-review may be asked within 2 years."""
    from gamdong.review.rules.rereview import later_use_in_time, later_use_until

    decided = dt.datetime(2024, 2, 29, 15, 0, tzinfo=dt.UTC)
    assert later_use_until(decided, years=2) == dt.datetime(2026, 2, 28, 15, 0, tzinfo=dt.UTC)
    assert later_use_in_time(now=dt.datetime(2026, 2, 28, 15, 0, tzinfo=dt.UTC), decided_at=decided, years=2)
    assert not later_use_in_time(now=dt.datetime(2026, 2, 28, 15, 1, tzinfo=dt.UTC), decided_at=decided, years=2)
    assert not later_use_in_time(now=decided, decided_at=decided, years=0)  # the setting may switch it off
