"""Review services: composition, scoring refusals, pilots, decisions, awards, merit records and
re-reviews — each test names the DOMAIN.md §2 rule it shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gamdong.accounts.models import Role, UserKind
from gamdong.core.events import EventType
from gamdong.core.models import Event, Notification
from gamdong.ideas.models import ProposalStatus
from gamdong.review import services
from gamdong.review.models import (
    Decision,
    MemberRole,
    MeritRecord,
    MeritRole,
    ScoreLine,
    ScoreSheet,
)
from tests.factories import make_user
from tests.review.conftest import all_fives, make_proposal


def events(kind) -> int:
    return Event.objects.filter(event_type=kind).count()


# --- composition: at least half external (공무원 제안 규정) --------------------------------------------


def test_rule_committee_at_least_half_external_convening_is_refused_with_a_clear_message(rd):
    """'at least half' of the voting members external, rounded up: 3 of 5. With 2 of 5 the
    meeting cannot be convened."""
    services.committee_member_remove(actor=rd.planner, member=rd.seats["ext3"])
    services.committee_member_add(actor=rd.planner, committee=rd.committee, user=rd.outsider_staff)
    with pytest.raises(services.ReviewConflict) as refused:
        services.meeting_convene(actor=rd.planner, committee=rd.committee, title="제2차",
                                 scheduled_at=timezone.now(), place="회의실")
    assert "외부위원이 부족합니다" in refused.value.message and "3명 이상" in refused.value.message
    assert events(EventType.MEETING_CONVENED) == 0


def test_rule_the_external_share_can_be_switched_off_for_a_council(rd):
    services.committee_member_remove(actor=rd.planner, member=rd.seats["ext3"])
    services.committee_member_add(actor=rd.planner, committee=rd.committee, user=rd.outsider_staff)
    services.committee_change(actor=rd.planner, committee=rd.committee, external_share_required=False)
    meeting = services.meeting_convene(actor=rd.planner, committee=rd.committee, title="제2차",
                                       scheduled_at=timezone.now(), place="회의실")
    assert meeting.pk


def test_the_secretary_does_not_count_for_composition(rd):
    """간사 is not a voting member: appointing another internal secretary changes nothing."""
    assert services.composition_problem(rd.committee) is None


def test_convening_notifies_every_member_with_an_address(rd, meeting):
    sent = Notification.objects.filter(template="case_notice", address__endswith="@example.com")
    assert sent.count() >= 3  # the three external members


def test_only_the_secretariat_forms_committees(rd):
    with pytest.raises(services.ReviewNotAllowed):
        services.committee_form(actor=rd.staff_member, name="몰래 위원회")


def test_weights_default_to_the_district_setting_equal_weights(rd):
    assert rd.committee.criteria_weights == {"실시가능성": 1, "창의성": 1, "효율성·효과성": 1, "적용범위": 1, "계속성": 1}


def test_residents_accounts_cannot_sit_on_a_committee(rd):
    with pytest.raises(services.ReviewError):
        services.committee_member_add(actor=rd.planner, committee=rd.committee, user=rd.resident)


def test_one_chair_per_committee(rd):
    other = make_user("ext9", Role.COMMITTEE, name="외부구", kind=UserKind.EXTERNAL)
    with pytest.raises(services.ReviewConflict):
        services.committee_member_add(actor=rd.planner, committee=rd.committee, user=other, role=MemberRole.CHAIR)


# --- agenda ------------------------------------------------------------------------------------------


def test_only_proposals_under_review_go_on_the_agenda(rd, meeting):
    draft = make_proposal(rd, status=ProposalStatus.DRAFT)
    with pytest.raises(services.ReviewConflict):
        services.agenda_add(actor=rd.planner, meeting=meeting, proposal=draft)
    item = services.agenda_add(actor=rd.planner, meeting=meeting, proposal=make_proposal(rd, title="다른 제안"))
    assert item.order == 1


# --- scoring refusals ----------------------------------------------------------------------------------


def test_a_member_scores_within_the_scale_and_the_total_is_weighted_on_100(rd, scored_item):
    sheet = services.score_submit(actor=rd.chair, item=scored_item, scores=all_fives(rd.committee, 10), comment="좋음")
    assert float(sheet.total) == 100.0
    assert ScoreLine.objects.filter(sheet=sheet).count() == 5


def test_scores_outside_the_scale_are_refused_and_nothing_is_written(rd, scored_item):
    scores = all_fives(rd.committee)
    scores["창의성"] = 11
    with pytest.raises(services.ReviewError) as refused:
        services.score_submit(actor=rd.chair, item=scored_item, scores=scores)
    assert refused.value.status == 400 and refused.value.field == "창의성"
    assert not ScoreSheet.objects.exists() and not ScoreLine.objects.exists()


def test_rule_a_member_never_scores_their_own_proposal_lead_or_co_proposer(rd, meeting):
    """공무원 제안 규정: 위원은 자기 제안을 심사하지 못한다 — nor one they co-proposed."""
    mine = make_proposal(rd, title="위원의 제안", proposer=rd.ext2, department=rd.parks)
    co = make_proposal(rd, title="위원이 공동제안", proposer=rd.proposer, co=[rd.ext3], department=rd.parks)
    items = [services.agenda_add(actor=rd.planner, meeting=meeting, proposal=p) for p in (mine, co)]
    services.meeting_record_attendance(actor=rd.planner, meeting=meeting, present=list(rd.seats.values()))
    for item in items:
        services.scoring_open(actor=rd.planner, item=item)
    for user, item in ((rd.ext2, items[0]), (rd.ext3, items[1])):
        with pytest.raises(services.ReviewNotAllowed) as refused:
            services.score_submit(actor=user, item=item, scores=all_fives(rd.committee))
        assert refused.value.code == "own_proposal"
    assert not ScoreSheet.objects.exists()


def test_rule_members_of_the_proposers_department_are_excluded_when_the_rule_is_on(rd, scored_item):
    with pytest.raises(services.ReviewNotAllowed) as refused:
        services.score_submit(actor=rd.roads_member, item=scored_item, scores=all_fives(rd.committee))
    assert refused.value.code == "own_department"
    services.scoring_close(actor=rd.planner, item=scored_item)


def test_with_the_department_rule_off_a_member_of_that_department_scores(rd, proposal, meeting):
    services.committee_change(actor=rd.planner, committee=rd.committee, exclude_proposer_department=False)
    item = services.agenda_add(actor=rd.planner, meeting=meeting, proposal=proposal)
    services.meeting_record_attendance(actor=rd.planner, meeting=meeting, present=list(rd.seats.values()))
    services.scoring_open(actor=rd.planner, item=item)
    assert services.score_submit(actor=rd.roads_member, item=item, scores=all_fives(rd.committee)).pk


def test_a_member_scores_once(rd, scored_item):
    services.score_submit(actor=rd.chair, item=scored_item, scores=all_fives(rd.committee))
    with pytest.raises(services.ReviewConflict) as refused:
        services.score_submit(actor=rd.chair, item=scored_item, scores=all_fives(rd.committee, 9))
    assert refused.value.code == "already_scored"
    assert ScoreSheet.objects.count() == 1


def test_no_scorecard_after_the_round_closed(rd, scored_item):
    services.scoring_close(actor=rd.planner, item=scored_item)
    with pytest.raises(services.ReviewConflict) as refused:
        services.score_submit(actor=rd.chair, item=scored_item, scores=all_fives(rd.committee))
    assert refused.value.code == "closed"


def test_the_secretary_and_outsiders_do_not_score(rd, scored_item):
    for user in (rd.secretary, rd.outsider_staff, rd.resident):
        with pytest.raises(services.ReviewNotAllowed):
            services.score_submit(actor=user, item=scored_item, scores=all_fives(rd.committee))


def test_weights_cannot_change_while_scoring_is_open(rd, scored_item):
    with pytest.raises(services.ReviewConflict):
        services.committee_change(actor=rd.planner, committee=rd.committee, scale_max=5)


def test_a_stale_version_of_the_committee_is_a_conflict(rd):
    with pytest.raises(services.ReviewConflict):
        services.committee_change(actor=rd.planner, committee=rd.committee, scale_max=7, version=rd.committee.version + 5)


# --- decisions --------------------------------------------------------------------------------------


def _score_all(rd, item, value=8):
    for user in (rd.chair, rd.ext2, rd.ext3, rd.staff_member):
        services.score_submit(actor=user, item=item, scores=all_fives(rd.committee, value))
    services.scoring_close(actor=rd.planner, item=item)


def test_rule_no_decision_without_a_quorum_of_members_present(rd, proposal, meeting):
    """의사정족수: a majority of the 5 voting members (3) must be present; 2 are not enough."""
    item = services.agenda_add(actor=rd.planner, meeting=meeting, proposal=proposal)
    services.meeting_record_attendance(actor=rd.planner, meeting=meeting,
                                       present=[rd.seats["chair"], rd.seats["ext2"], rd.seats["secretary"]])
    with pytest.raises(services.ReviewConflict) as refused:
        services.decision_record(actor=rd.planner, item=item, outcome="adopted",
                                 planned_implementation_on=dt.date(2027, 3, 2))
    assert refused.value.code == "no_quorum" and "3명 이상" in refused.value.message
    assert not Decision.objects.exists()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.UNDER_REVIEW


def test_rule_adoption_is_notified_with_the_planned_implementation_date_and_writes_merit_records(rd, proposal, scored_item):
    """채택 통지에는 실시 예정일; adoption writes 실적가점 candidates for the lead and co-proposers."""
    _score_all(rd, scored_item)
    decision = services.decision_record(actor=rd.planner, item=scored_item, outcome="adopted", grade="우수",
                                        planned_implementation_on=dt.date(2027, 3, 2))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ADOPTED and proposal.grade == "우수" and proposal.award_krw == 500_000
    assert proposal.planned_implementation_on == dt.date(2027, 3, 2) and proposal.decided_at is not None
    assert float(decision.score_total) == 80.0
    merits = {(m.user_id, m.role) for m in MeritRecord.objects.all()}
    assert merits == {(rd.proposer.pk, MeritRole.LEAD), (rd.co1.pk, MeritRole.CO)}
    assert events(EventType.MERIT_POINT_RECORDED) == 2 and events(EventType.PROPOSAL_DECIDED) == 1
    notice = Notification.objects.filter(address="proposer@gamdong.go.kr").latest("pk")
    assert "실시 예정일: 2027. 3. 2." in notice.body and "채택" in notice.body


def test_rule_adoption_needs_a_planned_implementation_date(rd, scored_item):
    _score_all(rd, scored_item)
    with pytest.raises(services.ReviewError) as refused:
        services.decision_record(actor=rd.planner, item=scored_item, outcome="adopted")
    assert refused.value.field == "planned_implementation_on"


def test_rule_rejection_states_reasons_and_the_re_review_right_within_15_days(rd, proposal, scored_item):
    _score_all(rd, scored_item, value=3)
    with pytest.raises(services.ReviewError):
        services.decision_record(actor=rd.planner, item=scored_item, outcome="rejected")
    services.decision_record(actor=rd.planner, item=scored_item, outcome="rejected", reasons="이미 시행 중인 제도와 같습니다.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED and proposal.rereview_due_at > proposal.decided_at
    assert proposal.rereview_due_at - proposal.decided_at >= dt.timedelta(days=15)
    notice = Notification.objects.filter(address="proposer@gamdong.go.kr").latest("pk")
    assert "재심사를 요청할 수 있습니다" in notice.body and "이미 시행 중인" in notice.body


def test_rule_re_review_within_the_window_puts_it_back_before_a_committee(rd, proposal, scored_item, meeting):
    _score_all(rd, scored_item, value=3)
    services.decision_record(actor=rd.planner, item=scored_item, outcome="rejected", reasons="효과가 불분명합니다.")
    with pytest.raises(services.ReviewNotAllowed):
        services.rereview_request(actor=rd.outsider_staff, proposal=proposal, reason="다시 봐 주세요")
    services.rereview_request(actor=rd.proposer, proposal=proposal, reason="현장 자료를 보완했습니다.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REREVIEW_REQUESTED
    assert events(EventType.PROPOSAL_REREVIEW_REQUESTED) == 1
    second = services.meeting_convene(actor=rd.planner, committee=rd.committee, title="재심사", place="회의실",
                                      scheduled_at=timezone.now() + dt.timedelta(days=3))
    assert services.agenda_add(actor=rd.planner, meeting=second, proposal=proposal).pk


def test_rule_re_review_after_the_window_is_refused(rd, proposal, scored_item):
    _score_all(rd, scored_item, value=3)
    services.decision_record(actor=rd.planner, item=scored_item, outcome="rejected", reasons="효과가 불분명합니다.")
    proposal.refresh_from_db()
    late = proposal.rereview_due_at + dt.timedelta(minutes=1)
    with pytest.raises(services.ReviewConflict) as refused:
        services.rereview_request(actor=rd.proposer, proposal=proposal, reason="늦었지만", now=late)
    assert refused.value.code == "too_late"


def test_rule_central_award_within_its_range_and_co_proposers_raise_the_cap(rd, meeting):
    """중앙우수제안 금상 5–8백만원; with 3 or more people proposing together the cap rises by half."""
    solo = make_proposal(rd, title="혼자 낸 제안", department=rd.parks)
    team = make_proposal(rd, title="여럿이 낸 제안", co=[rd.co1, rd.outsider_staff], department=rd.parks)
    items = [services.agenda_add(actor=rd.planner, meeting=meeting, proposal=p) for p in (solo, team)]
    services.meeting_record_attendance(actor=rd.planner, meeting=meeting, present=list(rd.seats.values()))
    with pytest.raises(services.ReviewError) as refused:
        services.decision_record(actor=rd.planner, item=items[0], outcome="adopted", grade="금상", award_krw=10_000_000,
                                 planned_implementation_on=dt.date(2027, 1, 4))
    assert "5,000,000–8,000,000원" in refused.value.message
    decision = services.decision_record(actor=rd.planner, item=items[1], outcome="adopted", grade="금상",
                                        award_krw=12_000_000, planned_implementation_on=dt.date(2027, 1, 4))
    assert decision.award_krw == 12_000_000
    assert events(EventType.PROPOSAL_AWARDED) == 1


def test_held_proposals_return_to_a_later_agenda(rd, proposal, scored_item):
    _score_all(rd, scored_item)
    services.decision_record(actor=rd.planner, item=scored_item, outcome="held", reasons="예산 확인 후 다시 심사")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.HELD
    later = services.meeting_convene(actor=rd.planner, committee=rd.committee, title="제2차", place="회의실",
                                     scheduled_at=timezone.now() + dt.timedelta(days=7))
    services.agenda_add(actor=rd.planner, meeting=later, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.UNDER_REVIEW


def test_a_member_cannot_record_the_decision_but_the_chair_can(rd, proposal, scored_item):
    _score_all(rd, scored_item)
    with pytest.raises(services.ReviewNotAllowed):
        services.decision_record(actor=rd.ext2, item=scored_item, outcome="held", reasons="보류")
    assert services.decision_record(actor=rd.chair, item=scored_item, outcome="held", reasons="보류").pk


# --- pilots (현장 시뮬레이션) ---------------------------------------------------------------------------


def test_field_simulation_before_adoption_and_back_to_review_when_finished(rd, proposal, scored_item):
    _score_all(rd, scored_item)
    pilot = services.pilot_start(
        actor=rd.planner, item=scored_item, plan="두 개 동에서 한 달 시행", sites="감동1동, 감동2동",
        starts_on=dt.date(2026, 12, 1), ends_on=dt.date(2026, 12, 31),
        measures=[services.MeasureSpec("관련 민원 건수", 30, "건/월", higher_is_better=False),
                  services.MeasureSpec("주민 만족도", 80, "점")])
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PILOT
    scored_item.refresh_from_db()
    assert scored_item.outcome == "pilot"
    with pytest.raises(services.ReviewError):
        services.pilot_finish(actor=rd.planner, pilot=pilot, summary="끝")
    complaints, satisfaction = pilot.measures.order_by("pk")
    assert services.pilot_record_result(actor=rd.planner, measure=complaints, value="22").met
    assert not services.pilot_record_result(actor=rd.planner, measure=satisfaction, value="75.5").met
    services.pilot_finish(actor=rd.planner, pilot=pilot, summary="민원은 줄었으나 만족도는 목표 미달")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.UNDER_REVIEW
    assert events(EventType.PILOT_FINISHED) == 1 and events(EventType.PILOT_RESULT_RECORDED) == 2


def test_a_pilot_needs_a_measure_and_a_sane_period(rd, scored_item):
    services.scoring_close(actor=rd.planner, item=scored_item)
    with pytest.raises(services.ReviewError):
        services.pilot_start(actor=rd.planner, item=scored_item, plan="p", sites="s", starts_on=dt.date(2026, 12, 1),
                             ends_on=dt.date(2026, 11, 1), measures=[services.MeasureSpec("x", 1)])
    with pytest.raises(services.ReviewError):
        services.pilot_start(actor=rd.planner, item=scored_item, plan="p", sites="s", starts_on=dt.date(2026, 12, 1),
                             ends_on=dt.date(2026, 12, 2), measures=[])


def test_appointment_grants_the_committee_role_once_and_removal_tells_the_member(rd):
    assert events(EventType.ROLE_GRANTED) >= 1  # the internal members got the 심사위원 card
    rd.secretary.refresh_from_db()
    assert rd.secretary.has_role(Role.COMMITTEE)
    services.committee_member_remove(actor=rd.planner, member=rd.seats["ext3"], reason="임기 만료")
    notice = Notification.objects.filter(address="ext3@example.com").latest("pk")
    assert "해촉" in notice.body


def test_scoring_opens_only_after_attendance_and_absent_members_do_not_score(rd, proposal, meeting):
    item = services.agenda_add(actor=rd.planner, meeting=meeting, proposal=proposal)
    with pytest.raises(services.ReviewConflict) as refused:
        services.scoring_open(actor=rd.planner, item=item)
    assert refused.value.code == "no_attendance"
    present = [rd.seats[k] for k in ("chair", "ext2", "staff", "secretary")]
    services.meeting_record_attendance(actor=rd.planner, meeting=meeting, present=present)
    item = services.scoring_open(actor=rd.planner, item=item)
    with pytest.raises(services.ReviewNotAllowed) as absent:
        services.score_submit(actor=rd.ext3, item=item, scores=all_fives(rd.committee))
    assert absent.value.code == "absent"


def test_minutes_saved_over_a_newer_version_is_a_conflict(rd, meeting):
    services.meeting_record_minutes(actor=rd.planner, meeting=meeting, minutes="개회", version=meeting.version)
    with pytest.raises(services.ReviewConflict):
        services.meeting_record_minutes(actor=rd.planner, meeting=meeting, minutes="덮어쓰기", version=meeting.version)
    meeting.refresh_from_db()
    assert meeting.minutes == "개회"


def test_each_change_leaves_its_event(rd, proposal, scored_item):
    services.score_submit(actor=rd.chair, item=scored_item, scores=all_fives(rd.committee))
    services.scoring_close(actor=rd.planner, item=scored_item)
    for kind in (EventType.COMMITTEE_FORMED, EventType.COMMITTEE_MEMBER_ADDED, EventType.MEETING_CONVENED,
                 EventType.MEETING_AGENDA_ADDED, EventType.MEETING_HELD, EventType.SCORING_OPENED,
                 EventType.SCORE_SUBMITTED, EventType.SCORING_CLOSED):
        assert events(kind) >= 1, kind
    submitted = Event.objects.get(event_type=EventType.SCORE_SUBMITTED)
    assert "scores" not in (submitted.after or {})  # blind: the event names the member, not the marks
