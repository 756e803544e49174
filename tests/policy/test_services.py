"""정책화 services: starting an adopted proposal, changing it, milestones, measures, values,
quarterly checks, grades and the end of follow-up; each refusal is a 4xx with nothing written."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from gamdong.core.events import EventType
from gamdong.core.models import Event, Notification
from gamdong.core.services import district_setting_change
from gamdong.ideas.models import ProposalStatus
from gamdong.policy import rules, services
from gamdong.policy.models import Implementation, ImplementationStatus, MeasureSource, StatusCheck

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=n)


def start(town, proposal=None, **kw):
    proposal = proposal or town.adopt()
    kw.setdefault("owner_department", town.base.roads)
    kw.setdefault("actor", town.planner.user)
    return services.implementation_start(proposal=proposal, **kw)


# --- start --------------------------------------------------------------------------------------


def test_the_planner_starts_an_adopted_proposal_with_quarterly_checks_for_three_years(town):
    """DOMAIN §2: adopted proposals are followed for 3 years, status checked at least quarterly."""
    proposal = town.adopt(decided=days_ago(10))
    impl = start(town, proposal, responsible=town.base.officer)
    adopted = timezone.localdate(proposal.decided_at)
    assert impl.status == ImplementationStatus.IN_PROGRESS
    assert impl.follow_until == adopted.replace(year=adopted.year + 3) - dt.timedelta(days=1)
    assert StatusCheck.objects.filter(implementation=impl).count() == 12
    assert Event.objects.filter(event_type=EventType.IMPLEMENTATION_STARTED, subject_id=str(impl.pk)).exists()
    notified = set(Notification.objects.filter(template="case_notice").values_list("recipient__username", flat=True))
    assert town.base.officer.user.username in notified  # the proposer (also responsible here)


def test_the_check_interval_comes_from_the_district_setting(town):
    district_setting_change(actor=None, key="proposals.status_check_months", raw_value="6")
    impl = start(town)
    assert impl.checks.count() == 6


def test_only_an_adopted_proposal_can_be_started(town):
    draft = town.adopt(status=ProposalStatus.UNDER_REVIEW)
    with pytest.raises(services.PolicyError) as refused:
        start(town, draft)
    assert refused.value.status == 400 and refused.value.code == "not_adopted"
    assert not Implementation.objects.exists()


def test_a_proposal_is_started_only_once(town):
    proposal = town.adopt()
    start(town, proposal)
    with pytest.raises(services.PolicyConflict) as refused:
        start(town, proposal)
    assert refused.value.status == 409
    assert Implementation.objects.count() == 1


def test_the_owner_department_head_may_start_for_their_department_but_not_for_another(town):
    head = town.base.supervisor.user  # heads 도로과
    impl = start(town, actor=head, owner_department=town.base.road_team)
    assert impl.owner_department == town.base.road_team
    with pytest.raises(services.PolicyNotAllowed):
        start(town, actor=head, owner_department=town.base.parks)


def test_an_officer_cannot_start_and_a_responsible_must_belong_to_the_department(town):
    with pytest.raises(services.PolicyNotAllowed):
        start(town, actor=town.base.officer.user)
    with pytest.raises(services.PolicyError) as refused:
        start(town, responsible=town.base.park_officer)
    assert refused.value.field == "responsible"


# --- the automatic complaint measure --------------------------------------------------------------


def test_a_proposal_from_complaints_gets_a_complaint_count_measure_with_the_count_before_adoption(town, file_complaint):
    """Before/after complaint counts in windows of the same length (6 months by default)."""
    decided = days_ago(400)
    pothole, elsewhere = town.base.pothole, "감동2동"
    evidence = [file_complaint(pothole, when=decided - dt.timedelta(days=d), dong="감동1동") for d in (20, 50, 90)]
    file_complaint(pothole, when=decided - dt.timedelta(days=300), dong="감동1동")  # before the window
    file_complaint(pothole, when=decided - dt.timedelta(days=30), dong=elsewhere)  # another 동
    file_complaint(town.base.parking, when=decided - dt.timedelta(days=30), dong="감동1동")  # another category
    proposal = town.adopt(decided=decided, complaints=evidence)
    impl = start(town, proposal, started_on=timezone.localdate(decided) + dt.timedelta(days=10))

    measure = impl.measures.get()
    assert measure.source == MeasureSource.COMPLAINT_COUNT
    assert measure.category == pothole and measure.dongs == ["감동1동"]
    assert measure.baseline == 3 and measure.direction == "lower"

    after_start = timezone.make_aware(dt.datetime.combine(impl.started_on, dt.time(10))) + dt.timedelta(days=15)
    file_complaint(pothole, when=after_start, dong="감동1동")
    first_window_end = rules.add_months(impl.started_on, 6)
    value = services.complaint_measure_count(measure=measure, actor=town.planner.user, today=first_window_end)
    assert value.automatic and value.value == 1 and value.recorded_by is None
    assert value.window_from == impl.started_on and value.window_until == first_window_end
    with pytest.raises(services.PolicyConflict):  # once a day
        services.complaint_measure_count(measure=measure, actor=town.planner.user, today=first_window_end)
    latest = services.complaint_measure_count(measure=measure, actor=town.planner.user)
    assert latest.value == 0  # the latest six months: the complaint after the start has left the window


def test_complaints_are_not_counted_after_until_a_full_window_has_passed(town, file_complaint):
    evidence = [file_complaint(town.base.pothole, when=days_ago(40), dong="감동1동")]
    impl = start(town, town.adopt(decided=days_ago(10), complaints=evidence))
    with pytest.raises(services.PolicyError) as refused:
        services.complaint_measure_count(measure=impl.measures.get(), actor=town.planner.user)
    assert refused.value.code == "window_open"


def test_complaints_from_several_dongs_are_counted_district_wide(town, file_complaint):
    evidence = [file_complaint(town.base.pothole, when=days_ago(40), dong=d) for d in ("감동1동", "감동2동")]
    impl = start(town, town.adopt(decided=days_ago(10), complaints=evidence))
    measure = impl.measures.get()
    assert measure.dongs == [] and measure.baseline == 2


# --- change ---------------------------------------------------------------------------------------


def test_a_stale_version_is_refused_with_409_and_nothing_changes(town):
    impl = start(town)
    services.implementation_update(implementation=impl, expected_version=1, progress_percent=30,
                                   actor=town.planner.user)
    with pytest.raises(services.PolicyConflict) as refused:
        services.implementation_update(implementation=impl, expected_version=1, progress_percent=60,
                                       actor=town.base.supervisor.user)
    assert refused.value.status == 409
    impl.refresh_from_db()
    assert impl.progress_percent == 30 and impl.version == 2


def test_stopping_needs_a_reason_and_completing_means_100_percent(town):
    impl = start(town)
    with pytest.raises(services.PolicyError) as refused:
        services.implementation_update(implementation=impl, expected_version=1, status="dropped",
                                       actor=town.planner.user)
    assert refused.value.field == "status_reason"
    impl = services.implementation_update(implementation=impl, expected_version=1, status="dropped",
                                          status_reason="예산 미확보", actor=town.planner.user)
    assert impl.status == "dropped"
    impl = services.implementation_update(implementation=impl, expected_version=impl.version, status="completed",
                                          actor=town.planner.user)
    assert impl.progress_percent == 100 and impl.status_reason == ""
    assert Event.objects.filter(event_type=EventType.IMPLEMENTATION_CHANGED).count() == 2


def test_the_responsible_employee_may_manage_but_an_officer_of_another_department_may_not(town):
    impl = start(town, responsible=town.base.officer2)
    services.milestone_add(implementation=impl, title="예산 확보", due_on=timezone.localdate(),
                           actor=town.base.officer2.user)
    with pytest.raises(services.PolicyNotAllowed):
        services.milestone_add(implementation=impl, title="x", due_on=timezone.localdate(),
                               actor=town.base.park_officer.user)
    with pytest.raises(services.PolicyNotAllowed):
        services.milestone_add(implementation=impl, title="x", due_on=timezone.localdate(), actor=town.mayor)


# --- milestones, measures, values, checks ---------------------------------------------------------------


def test_milestones_are_added_in_order_and_completed_once(town):
    impl = start(town)
    first = services.milestone_add(implementation=impl, title="기동반 구성", due_on=timezone.localdate(),
                                   actor=town.planner.user)
    second = services.milestone_add(implementation=impl, title="전 동 확대", due_on=timezone.localdate(),
                                    actor=town.planner.user)
    assert (first.order, second.order) == (1, 2)
    services.milestone_complete(milestone=first, actor=town.planner.user)
    with pytest.raises(services.PolicyConflict):
        services.milestone_complete(milestone=first, actor=town.planner.user)


def test_a_measure_with_its_target_on_the_worse_side_is_refused(town):
    impl = start(town)
    with pytest.raises(services.PolicyError) as refused:
        services.measure_define(implementation=impl, name="보수 소요일", unit="일", baseline=5, target=7,
                                direction="lower", actor=town.planner.user)
    assert refused.value.field == "target"
    assert not impl.measures.exists()


def test_values_are_recorded_for_manual_measures_only(town, file_complaint):
    evidence = [file_complaint(town.base.pothole, when=days_ago(40), dong="감동1동")]
    impl = start(town, town.adopt(complaints=evidence))
    manual = services.measure_define(implementation=impl, name="보수 소요일", unit="일", baseline="5", target="1",
                                     direction="lower", actor=town.planner.user)
    value = services.measure_value_record(measure=manual, measured_on=timezone.localdate(), value="2.5",
                                          note="3월 평균", actor=town.planner.user)
    assert value.value == Decimal("2.50") and value.recorded_by == town.planner.user
    automatic = impl.measures.get(source=MeasureSource.COMPLAINT_COUNT)
    with pytest.raises(services.PolicyError):
        services.measure_value_record(measure=automatic, measured_on=timezone.localdate(), value=1,
                                      actor=town.planner.user)
    with pytest.raises(services.PolicyError):
        services.measure_value_record(measure=manual, measured_on=timezone.localdate() + dt.timedelta(days=1),
                                      value=1, actor=town.planner.user)


def test_a_quarterly_check_is_recorded_once_with_the_progress_at_that_time(town):
    impl = start(town)
    services.implementation_update(implementation=impl, expected_version=1, progress_percent=40,
                                   actor=town.planner.user)
    check = impl.checks.get(number=1)
    with pytest.raises(services.PolicyError):
        services.status_check_record(check=check, progress_summary="  ", actor=town.planner.user)
    done = services.status_check_record(check=check, progress_summary="기동반 2개 운영", issues="장비 부족",
                                        actor=town.base.supervisor.user)
    assert done.progress_percent == 40 and done.checked_by == town.base.supervisor.user
    with pytest.raises(services.PolicyConflict):
        services.status_check_record(check=check, progress_summary="again", actor=town.planner.user)
    with pytest.raises(services.PolicyError):  # a period not begun yet
        services.status_check_record(check=impl.checks.get(number=3), progress_summary="미리", actor=town.planner.user)


# --- grade and end --------------------------------------------------------------------------------


def _graded_setup(town):
    decided = days_ago(500)
    impl = start(town, town.adopt(decided=decided), started_on=timezone.localdate(decided) + dt.timedelta(days=5))
    measure = services.measure_define(implementation=impl, name="보수 소요일", unit="일", baseline=10, target=2,
                                      direction="lower", actor=town.planner.user)
    return impl, measure


def test_the_result_is_graded_only_after_a_year_of_measurement(town):
    """DOMAIN §2: results measured for 1 year from first effect, then graded 수·우·미·양·가."""
    impl, measure = _graded_setup(town)
    services.implementation_update(implementation=impl, expected_version=1, actor=town.planner.user,
                                   effect_from=timezone.localdate() - dt.timedelta(days=100))
    services.measure_value_record(measure=measure, measured_on=timezone.localdate(), value=4, actor=town.planner.user)
    with pytest.raises(services.PolicyError) as refused:
        services.result_grade(implementation=impl, actor=town.planner.user)
    assert refused.value.code == "too_early"


def test_grading_takes_the_latest_value_in_the_measurement_year_against_the_target(town):
    impl, measure = _graded_setup(town)
    start_day = impl.effect_from
    services.measure_value_record(measure=measure, measured_on=start_day + dt.timedelta(days=30), value=8,
                                  actor=town.planner.user)
    services.measure_value_record(measure=measure, measured_on=start_day + dt.timedelta(days=300), value=4,
                                  actor=town.planner.user)
    services.measure_value_record(measure=measure, measured_on=start_day + dt.timedelta(days=400), value=1,
                                  actor=town.planner.user)  # after the year: not counted
    with pytest.raises(services.PolicyNotAllowed):
        services.result_grade(implementation=impl, actor=town.base.supervisor.user)
    grade = services.result_grade(implementation=impl, actor=town.planner.user, note="양호")
    assert grade.achievement == Decimal("0.75") and grade.grade == "우"
    assert grade.basis[0]["value"] == "4.00"
    with pytest.raises(services.PolicyConflict):
        services.result_grade(implementation=impl, actor=town.planner.user)


def test_grade_floors_are_a_district_setting(town):
    district_setting_change(actor=None, key="proposals.result_grade_floors",
                            raw_value='{"수": 0.7, "우": 0.6, "미": 0.5, "양": 0.3, "가": 0}')
    impl, measure = _graded_setup(town)
    services.measure_value_record(measure=measure, measured_on=impl.effect_from + dt.timedelta(days=30), value=4,
                                  actor=town.planner.user)
    assert services.result_grade(implementation=impl, actor=town.planner.user).grade == "수"


def test_grading_without_any_value_is_refused(town):
    impl, _measure = _graded_setup(town)
    with pytest.raises(services.PolicyError) as refused:
        services.result_grade(implementation=impl, actor=town.planner.user)
    assert refused.value.code == "no_values"


def test_follow_up_ends_after_its_period_or_early_only_when_dropped(town):
    impl = start(town)
    with pytest.raises(services.PolicyError):
        services.implementation_finish(implementation=impl, actor=town.planner.user)
    impl = services.implementation_update(implementation=impl, expected_version=1, status="dropped",
                                          status_reason="상위 정책으로 대체", actor=town.planner.user)
    services.implementation_finish(implementation=impl, actor=town.planner.user, note="대체 정책으로 이관")
    with pytest.raises(services.PolicyError):
        services.milestone_add(implementation=impl, title="x", due_on=timezone.localdate(), actor=town.planner.user)


def test_grade_floors_that_do_not_fall_from_su_to_ga_are_refused_as_a_setting():
    with pytest.raises(ValueError) as refused:
        district_setting_change(actor=None, key="proposals.result_grade_floors",
                                raw_value='{"수": 0.5, "우": 0.7, "미": 0.4, "양": 0.2, "가": 0}')
    assert "낮아져야" in str(refused.value)


def test_a_refused_start_leaves_no_row_and_no_event(town):
    proposal = town.adopt(status=ProposalStatus.HELD)
    with pytest.raises(services.PolicyError):
        start(town, proposal)
    assert not Implementation.objects.exists() and not StatusCheck.objects.exists()
    assert not Event.objects.filter(event_type__gte=400, event_type__lt=500).exists()


def test_each_action_leaves_its_event_with_who_did_it(town):
    impl = start(town)
    milestone = services.milestone_add(implementation=impl, title="구성", due_on=timezone.localdate(),
                                       actor=town.planner.user)
    services.milestone_complete(milestone=milestone, actor=town.planner.user)
    measure = services.measure_define(implementation=impl, name="소요일", unit="일", baseline=5, target=1,
                                      direction="lower", actor=town.planner.user)
    services.measure_value_record(measure=measure, measured_on=timezone.localdate(), value=3, actor=town.planner.user)
    services.status_check_record(check=impl.checks.get(number=1), progress_summary="정상", actor=town.planner.user)
    services.implementation_update(implementation=impl, expected_version=1, progress_percent=50,
                                   actor=town.planner.user)
    recorded = set(Event.objects.filter(actor=town.planner.user, event_type__gte=400, event_type__lt=500)
                   .values_list("event_type", flat=True))
    assert recorded == {EventType.IMPLEMENTATION_STARTED, EventType.MILESTONE_ADDED, EventType.MILESTONE_COMPLETED,
                        EventType.MEASURE_DEFINED, EventType.MEASURE_VALUE_RECORDED,
                        EventType.STATUS_CHECK_RECORDED, EventType.IMPLEMENTATION_CHANGED}
    change = Event.objects.get(event_type=EventType.IMPLEMENTATION_CHANGED)
    assert change.before["progress_percent"] == 0 and change.after["progress_percent"] == 50


def test_implementation_starts_on_or_after_adoption_and_not_in_the_future(town):
    proposal = town.adopt(decided=days_ago(10))
    with pytest.raises(services.PolicyError) as refused:
        start(town, proposal, started_on=timezone.localdate() - dt.timedelta(days=30))
    assert refused.value.field == "started_on"
    with pytest.raises(services.PolicyError) as refused:
        start(town, proposal, started_on=timezone.localdate() + dt.timedelta(days=1))
    assert refused.value.field == "started_on"


def test_the_officer_who_carried_out_an_adopted_proposal_is_rewarded_when_the_district_says_so(
        town, django_capture_on_commit_callbacks):
    """DOMAIN.md §2: a district's own awards may reward the officer who carried out an adopted
    proposal (proposals.reward_implementer, 용산구 2020): a 실적가점 candidate at completion, once."""
    from gamdong.review.models import MeritRecord, MeritRole

    impl = start(town, responsible=town.base.officer)
    impl = services.implementation_update(implementation=impl, expected_version=impl.version, actor=town.planner.user,
                                          status=ImplementationStatus.COMPLETED)
    record = MeritRecord.objects.get(role=MeritRole.IMPLEMENTER)
    assert (record.user_id, record.proposal_id) == (town.base.officer.user_id, impl.proposal_id)
    assert Event.objects.filter(event_type=EventType.MERIT_POINT_RECORDED, subject_id=str(record.pk)).exists()
    # reopened and completed again: still one reward
    impl = services.implementation_update(implementation=impl, expected_version=impl.version, actor=town.planner.user,
                                          status=ImplementationStatus.IN_PROGRESS)
    services.implementation_update(implementation=impl, expected_version=impl.version, actor=town.planner.user,
                                   status=ImplementationStatus.COMPLETED)
    assert MeritRecord.objects.filter(role=MeritRole.IMPLEMENTER).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        district_setting_change(actor=None, key="proposals.reward_implementer", raw_value="false")
    other = start(town, responsible=town.base.officer2)
    services.implementation_update(implementation=other, expected_version=other.version, actor=town.planner.user,
                                   status=ImplementationStatus.COMPLETED)
    assert MeritRecord.objects.filter(role=MeritRole.IMPLEMENTER).count() == 1
