"""The 정책화 panel the proposal page includes: status, progress, checks and the outcome."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from gamdong.policy import selectors, services
from gamdong.policy.models import StatusCheck

pytestmark = pytest.mark.django_db


def test_staff_and_the_proposer_see_the_implementation_on_the_proposal_page(town):
    proposal = town.adopt(proposer=town.base.resident)
    impl = services.implementation_start(proposal=proposal, owner_department=town.base.roads,
                                         actor=town.planner.user)
    measure = services.measure_define(implementation=impl, name="보수 소요일", unit="일", baseline=10, target=2,
                                      direction="lower", actor=town.planner.user)
    services.measure_value_record(measure=measure, measured_on=timezone.localdate(), value=6, actor=town.planner.user)
    proposal.refresh_from_db()

    panel = selectors.proposal_panel(proposal, town.mayor)
    html = render_to_string("policy/_proposal_panel.html", {"panel": panel})
    assert "추진 중" in html and "달성 50%" in html and f"/policy/{impl.pk}/" in html

    mine = selectors.proposal_panel(proposal, town.base.resident)
    html = render_to_string("policy/_proposal_panel.html", {"panel": mine})
    assert "달성 50%" in html and "/policy/" not in html  # no link into the staff pages
    assert selectors.proposal_panel(proposal, town.base.resident2) is None


def test_the_panel_counts_milestones_done_and_checks_done_and_overdue(town):
    proposal = town.adopt()
    impl = services.implementation_start(proposal=proposal, owner_department=town.base.roads,
                                         actor=town.planner.user)
    today = timezone.localdate()
    first = services.milestone_add(implementation=impl, title="현장 조사", due_on=today, actor=town.planner.user)
    services.milestone_add(implementation=impl, title="시범 운영", due_on=today + dt.timedelta(days=30),
                           actor=town.planner.user)
    services.milestone_complete(milestone=first, actor=town.planner.user)
    checks = list(StatusCheck.objects.filter(implementation=impl).order_by("number"))
    assert len(checks) >= 3
    # the first two checks fell due last month; one of them was recorded, the other was not
    StatusCheck.objects.filter(pk__in=[checks[0].pk, checks[1].pk]).update(due_on=today - dt.timedelta(days=30))
    services.status_check_record(check=StatusCheck.objects.get(pk=checks[0].pk), progress_summary="조사 마침",
                                 actor=town.planner.user)
    proposal.refresh_from_db()

    html = render_to_string("policy/_proposal_panel.html",
                            {"panel": selectors.proposal_panel(proposal, town.planner.user)})
    assert "1 / 2단계 완료" in html
    assert f"1 / {len(checks)}회" in html and "기한 경과 1회" in html


def test_an_adopted_proposal_not_started_offers_the_planner_a_start_button(town):
    proposal = town.adopt()
    panel = selectors.proposal_panel(proposal, town.planner.user)
    assert panel["can_start"] and panel["start_url"] == f"/policy/start/{proposal.pk}/"
    assert selectors.proposal_panel(proposal, town.mayor) is None


def test_the_proposal_page_with_its_implementation_reads_a_fixed_number_of_queries(
        town, client, django_assert_max_num_queries):
    """An adopted proposal being carried out, with a measure, as its proposer and as the planner
    (who also sees the review's inner parts): the page's queries do not grow with its history."""
    proposal = town.adopt(complaints=[])
    impl = services.implementation_start(proposal=proposal, owner_department=town.base.roads,
                                         actor=town.planner.user)
    for day in range(3):
        measure = services.measure_define(implementation=impl, name=f"보수 소요일 {day}", unit="일", baseline=10,
                                          target=2, direction="lower", actor=town.planner.user)
        services.measure_value_record(measure=measure, measured_on=timezone.localdate(), value=6,
                                      actor=town.planner.user)
    for user, limit in ((town.base.officer.user, PROPOSAL_PAGE_QUERIES_PROPOSER),
                        (town.planner.user, PROPOSAL_PAGE_QUERIES_PLANNER)):
        client.force_login(user)
        client.get(f"/ideas/proposals/{proposal.pk}/")
        with django_assert_max_num_queries(limit):
            page = client.get(f"/ideas/proposals/{proposal.pk}/").content.decode()
        assert "정책화" in page and "달성 50%" in page


PROPOSAL_PAGE_QUERIES_PROPOSER = 12  # session, user with roles, proposal (4), events, review (3), policy (2)
PROPOSAL_PAGE_QUERIES_PLANNER = 12  # the same: the planner sees the meetings it was on, none here


def test_the_panel_shows_each_measures_latest_value_whatever_order_they_were_entered_in(town):
    """The latest value is the one measured last (of two on the same day, the one entered later),
    not the one entered last; a measure without values says so. The panel reads it beside the
    measure; the policy page reads every value: both show the same."""
    proposal = town.adopt()
    impl = services.implementation_start(proposal=proposal, owner_department=town.base.roads,
                                         actor=town.planner.user)
    today = timezone.localdate()
    type(impl).objects.filter(pk=impl.pk).update(started_on=today - dt.timedelta(days=60))
    impl.refresh_from_db()
    planner = town.planner.user
    repairs = services.measure_define(implementation=impl, name="보수 소요일", unit="일", baseline=10, target=2,
                                      direction="lower", actor=planner)
    services.measure_value_record(measure=repairs, measured_on=today, value=4, actor=planner)
    services.measure_value_record(measure=repairs, measured_on=today - dt.timedelta(days=30), value=8, actor=planner)
    lamps = services.measure_define(implementation=impl, name="정비 가로등", unit="개", baseline=0, target=40,
                                    direction="higher", actor=planner)
    services.measure_value_record(measure=lamps, measured_on=today - dt.timedelta(days=10), value=10, actor=planner)
    services.measure_value_record(measure=lamps, measured_on=today - dt.timedelta(days=10), value=30, actor=planner)
    services.measure_define(implementation=impl, name="주민 만족도", unit="점", baseline=3, target=4,
                            direction="higher", actor=planner)
    proposal.refresh_from_db()

    panel = selectors.proposal_panel(proposal, planner)
    html = render_to_string("policy/_proposal_panel.html", {"panel": panel})
    assert "최근 4일 (달성 75%)" in html
    assert "최근 30개 (달성 75%)" in html
    assert "주민 만족도</dt><dd>기준 3 → 목표 4점, 측정 전" in html
    detail = selectors.implementation_detail(impl.pk)
    assert [(s.measure.name, s.latest and s.latest.value, s.percent) for s in detail.measure_summaries] == [
        (s.measure.name, s.latest and s.latest.value, s.percent) for s in panel["measures"]]
