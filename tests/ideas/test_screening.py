"""Intake screening (접수 심사) by the planner: receive, supplement, ineligible, repeats, expert
opinion, referral to review, withdrawal — with their deadlines, events and notices."""

import datetime as dt
from html import unescape
from zoneinfo import ZoneInfo

import pytest

from gamdong.core.events import EventType
from gamdong.core.models import Event, Notification
from gamdong.core.services import district_setting_change
from gamdong.ideas import services
from gamdong.ideas.models import IneligibleReason, ProposalStatus
from gamdong.ideas.selectors import screening_queue
from tests.ideas.conftest import full_draft

SEOUL = ZoneInfo("Asia/Seoul")


def at(*args):
    return dt.datetime(*args, tzinfo=SEOUL)


def events(proposal, kind):
    return Event.objects.filter(subject_id=str(proposal.pk), event_type=kind)


def notices_to(user):
    return list(Notification.objects.filter(recipient=user, template="proposal_notice", channel="email")
                .order_by("pk").values_list("body", flat=True))


def submitted(district, *, user=None, when=None, **changes):
    return services.proposal_save(proposer=user or district.officer, draft=full_draft(**changes), submit=True,
                                  now=when)


# --- deadlines -------------------------------------------------------------------------------------


def test_receipt_sets_supplement_deadline_seven_days_later_and_decision_deadline_one_calendar_month_later(district):
    """Supplement request within 7 days of receipt; decision within 1 month (calendar month)."""
    proposal = submitted(district, when=at(2026, 3, 2, 9))
    services.proposal_receive(proposal_id=proposal.pk, actor=district.planner, now=at(2026, 3, 2, 10))  # Monday
    proposal.refresh_from_db()
    assert proposal.supplement_due_at == at(2026, 3, 9, 18)  # 초일 불산입: the next Monday
    assert proposal.decision_due_at == at(2026, 4, 2, 18)
    assert "2026년 04월 02일" in notices_to(district.officer)[-1]
    assert events(proposal, EventType.PROPOSAL_RECEIVED).count() == 1


def test_a_deadline_on_a_holiday_or_weekend_moves_to_the_next_working_day(district):
    proposal = submitted(district, when=at(2026, 1, 30, 9))
    services.proposal_receive(proposal_id=proposal.pk, actor=district.planner, now=at(2026, 1, 30, 10))  # Friday
    proposal.refresh_from_db()
    # 2026-02-06 (Fri) is a working day; 1월 30일 + 1개월 = 2월 28일 (Saturday) → 3월 2일 (3·1절 대체공휴일) → 3월 3일
    assert proposal.supplement_due_at == at(2026, 2, 6, 18)
    assert proposal.decision_due_at == at(2026, 3, 3, 18)


def test_the_deadline_months_are_a_district_setting(district):
    district_setting_change(actor=None, key="proposals.decision_months", raw_value="2")
    proposal = submitted(district, when=at(2026, 3, 2, 9))
    services.proposal_receive(proposal_id=proposal.pk, actor=district.planner, now=at(2026, 3, 2, 10))
    proposal.refresh_from_db()
    assert proposal.decision_due_at == at(2026, 5, 4, 18)  # 5월 2일 is a Saturday


# --- supplement ------------------------------------------------------------------------------------


def test_a_supplement_request_tells_the_proposer_what_is_missing_and_the_supplement_goes_back_to_the_queue(district, client):
    proposal = submitted(district, when=at(2026, 3, 2, 9))
    services.proposal_receive(proposal_id=proposal.pk, actor=district.planner, now=at(2026, 3, 2, 10))
    services.proposal_request_supplement(proposal_id=proposal.pk, actor=district.planner,
                                         missing="현재 대기 시간 통계를 붙여 주세요", now=at(2026, 3, 5, 10))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUPPLEMENT_REQUESTED
    assert "대기 시간 통계" in notices_to(district.officer)[-1]
    client.force_login(district.officer)
    form = unescape(client.get(f"/ideas/proposals/{proposal.pk}/edit/").content.decode())
    assert "대기 시간 통계" in form and "다시 제출" in form
    response = client.post(f"/ideas/proposals/{proposal.pk}/edit/", {
        "title": proposal.title, "current_situation": "평균 대기 25분(2026년 2월)", "problem": proposal.problem,
        "improvement": proposal.improvement, "expected_effect": proposal.expected_effect, "action": "submit",
        "version": proposal.version})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED and "25분" in proposal.current_situation
    assert events(proposal, EventType.PROPOSAL_SUPPLEMENTED).count() == 1
    assert proposal in screening_queue()
    assert proposal.number.endswith("-0001")  # the same number


def test_a_supplement_may_be_requested_only_until_the_supplement_deadline(district, client):
    """Supplement request within 7 days of receipt (proposals.supplement_request_days)."""
    proposal = submitted(district, when=at(2026, 3, 2, 9))
    services.proposal_receive(proposal_id=proposal.pk, actor=district.planner, now=at(2026, 3, 2, 10))
    with pytest.raises(services.IdeaError) as caught:
        services.proposal_request_supplement(proposal_id=proposal.pk, actor=district.planner, missing="사진",
                                             now=at(2026, 3, 9, 18, 1))
    assert caught.value.code == "supplement_overdue" and "기한" in caught.value.message
    services.proposal_request_supplement(proposal_id=proposal.pk, actor=district.planner, missing="사진",
                                         now=at(2026, 3, 9, 17, 59))


def test_only_a_planner_screens(district, client):
    proposal = submitted(district)
    with pytest.raises(services.IdeaNotAllowed):
        services.proposal_receive(proposal_id=proposal.pk, actor=district.head)
    client.force_login(district.officer2)
    assert client.get("/ideas/proposals/queue/").status_code == 403
    assert client.post(f"/ideas/proposals/{proposal.pk}/screen/receive/").status_code == 403
    assert client.post(f"/api/v1/proposals/{proposal.pk}/receive", {}, content_type="application/json").status_code == 403


def test_a_screening_action_on_a_stale_page_is_409(district, client):
    proposal = submitted(district)
    client.force_login(district.planner)
    version = proposal.version
    assert client.post(f"/ideas/proposals/{proposal.pk}/screen/receive/", {"version": version}).status_code == 302
    response = client.post(f"/ideas/proposals/{proposal.pk}/screen/supplement/", {"version": version, "missing": "x"})
    assert response.status_code == 409


# --- ineligible ------------------------------------------------------------------------------------


def test_ruling_a_submission_not_a_proposal_needs_a_statutory_reason_and_tells_the_proposer(district, client):
    """Not a proposal (불채택 사유 at intake): one of the statutory reasons and a note."""
    proposal = submitted(district)
    client.force_login(district.planner)
    missing = client.post(f"/ideas/proposals/{proposal.pk}/screen/ineligible/", {"ineligible-note": "x"})
    assert missing.status_code == 400 and "사유를 골라" in unescape(missing.content.decode())
    client.post(f"/ideas/proposals/{proposal.pk}/screen/ineligible/", {
        "ineligible-reason": IneligibleReason.ALREADY_IN_FORCE, "ineligible-note": "2025년부터 모바일 번호표를 운영 중입니다."})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INELIGIBLE and proposal.ineligible_reason == "in_force"
    body = notices_to(district.officer)[-1]
    assert "이미 시행 중이거나 시행 예정인 것" in body and "모바일 번호표" in body
    assert events(proposal, EventType.PROPOSAL_RULED_INELIGIBLE).count() == 1


@pytest.mark.parametrize("reason", IneligibleReason.values)
def test_every_statutory_ineligibility_reason_can_be_given(district, reason):
    proposal = submitted(district)
    services.proposal_rule_ineligible(proposal_id=proposal.pk, actor=district.planner, reason=reason, note="사유")
    proposal.refresh_from_db()
    assert proposal.get_ineligible_reason_display() == IneligibleReason(reason).label


# --- repeats ---------------------------------------------------------------------------------------


def test_the_third_identical_submission_by_the_same_proposer_is_handled_as_a_repeat(district):
    """Repeats: 3 or more identical submissions are handled as repeated complaints."""
    first = submitted(district, title="민원실 번호표 문자 알림")
    second = submitted(district, title="민원실  번호표 문자알림.")
    third = submitted(district, title="민원실 번호표, 문자 알림!")
    assert first.status == second.status == ProposalStatus.SUBMITTED
    assert third.status == ProposalStatus.REPEAT and third.repeat_of == first
    assert events(third, EventType.PROPOSAL_MARKED_REPEAT).count() == 1
    assert first.number in notices_to(district.officer)[-1]
    other = submitted(district, user=district.officer2, title="민원실 번호표 문자 알림")
    assert other.status == ProposalStatus.SUBMITTED  # another proposer's is no repeat of these
    changed = submitted(district, title="민원실 번호표 문자 알림", improvement="번호표를 카카오톡으로 보냅니다.")
    assert changed.status == ProposalStatus.SUBMITTED


def test_the_repeat_count_is_a_district_setting(district):
    district_setting_change(actor=None, key="proposals.repeat_min_count", raw_value="2")
    submitted(district)
    assert submitted(district).status == ProposalStatus.REPEAT


# --- expert opinion --------------------------------------------------------------------------------


def test_waiting_for_an_expert_opinion_is_not_counted_and_moves_the_decision_deadline(district):
    """Time spent waiting for an expert opinion (up to 3 weeks) is not counted."""
    proposal = submitted(district, when=at(2026, 3, 2, 9))
    services.proposal_receive(proposal_id=proposal.pk, actor=district.planner, now=at(2026, 3, 2, 10))
    services.proposal_expert_opinion_start(proposal_id=proposal.pk, actor=district.planner, note="교통공학 자문",
                                           now=at(2026, 3, 10, 9))
    with pytest.raises(services.IdeaError):
        services.proposal_expert_opinion_start(proposal_id=proposal.pk, actor=district.planner, now=at(2026, 3, 11, 9))
    services.proposal_expert_opinion_end(proposal_id=proposal.pk, actor=district.planner, now=at(2026, 3, 15, 9))
    proposal.refresh_from_db()
    assert proposal.decision_due_at == at(2026, 4, 7, 18)  # 4월 2일 + 5 days
    assert events(proposal, EventType.PROPOSAL_EXPERT_OPINION_ENDED).get().before["decision_due_at"].startswith(
        "2026-04-02")


def test_an_expert_opinion_wait_longer_than_three_weeks_moves_the_deadline_by_three_weeks_only(district):
    proposal = submitted(district, when=at(2026, 3, 2, 9))
    services.proposal_receive(proposal_id=proposal.pk, actor=district.planner, now=at(2026, 3, 2, 10))
    services.proposal_expert_opinion_start(proposal_id=proposal.pk, actor=district.planner, now=at(2026, 3, 3, 9))
    services.proposal_expert_opinion_end(proposal_id=proposal.pk, actor=district.planner, now=at(2026, 5, 1, 9))
    proposal.refresh_from_db()
    assert proposal.decision_due_at == at(2026, 4, 23, 18)  # 4월 2일 + 21 days


# --- accept, withdraw, queue -------------------------------------------------------------------------


def test_accepting_for_review_puts_the_proposal_under_review_and_tells_the_proposer(district, client):
    proposal = submitted(district)
    client.force_login(district.planner)
    response = client.post(f"/ideas/proposals/{proposal.pk}/screen/accept/",
                           {"owner_department": district.depts["ROADS"].pk, "version": proposal.version})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.UNDER_REVIEW and proposal.owner_department.name == "도로과"
    assert proposal.received_at is not None and proposal.decision_due_at is not None
    assert events(proposal, EventType.PROPOSAL_REVIEW_STARTED).count() == 1
    assert "심사에 회부" in notices_to(district.officer)[-1]


def test_the_proposer_may_withdraw_before_review_but_not_after(district, client):
    proposal = submitted(district)
    client.force_login(district.officer2)
    assert client.post(f"/ideas/proposals/{proposal.pk}/withdraw/").status_code == 403
    client.force_login(district.officer)
    client.post(f"/ideas/proposals/{proposal.pk}/withdraw/")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    assert events(proposal, EventType.PROPOSAL_WITHDRAWN).count() == 1
    reviewed = submitted(district, title="회부된 제안")
    services.proposal_accept_for_review(proposal_id=reviewed.pk, actor=district.planner)
    with pytest.raises(services.IdeaError) as caught:
        services.proposal_withdraw(proposal_id=reviewed.pk, actor=district.officer)
    assert caught.value.code == "not_withdrawable"


def test_withdrawing_reopens_the_plaza_idea_it_came_from(district):
    idea = services.idea_post(author=district.officer, title="아이디어", body="내용")
    proposal = submitted(district, idea_id=idea.pk)
    idea.refresh_from_db()
    assert idea.status == "proposed"
    services.proposal_withdraw(proposal_id=proposal.pk, actor=district.officer)
    idea.refresh_from_db()
    assert idea.status == "open"


def test_the_queue_shows_proposals_not_yet_received_first_then_by_time_left(district, client):
    old = submitted(district, title="먼저 받은 제안", when=at(2026, 3, 2, 9))
    services.proposal_receive(proposal_id=old.pk, actor=district.planner, now=at(2026, 3, 2, 10))
    newer = submitted(district, title="나중에 받은 제안", when=at(2026, 3, 3, 9))
    services.proposal_receive(proposal_id=newer.pk, actor=district.planner, now=at(2026, 3, 4, 10))
    waiting = submitted(district, title="접수 전 제안", when=at(2026, 3, 5, 9))
    supplement = submitted(district, title="보완 중 제안", when=at(2026, 3, 1, 9))
    services.proposal_request_supplement(proposal_id=supplement.pk, actor=district.planner, missing="x")
    assert [p.pk for p in screening_queue(now=at(2026, 3, 5, 12))] == [waiting.pk, old.pk, newer.pk, supplement.pk]
    client.force_login(district.planner)
    page = unescape(client.get("/ideas/proposals/queue/").content.decode())
    assert page.index("접수 전 제안") < page.index("먼저 받은 제안") < page.index("나중에 받은 제안")
    assert "남음" in page or "지남" in page


def test_the_planner_list_filters_by_status_kind_and_department(district, client):
    submitted(district, title="도로과 제안")
    parks = submitted(district, user=district.officer2, title="공원녹지과 제안")
    services.proposal_accept_for_review(proposal_id=parks.pk, actor=district.planner)
    client.force_login(district.planner)
    by_department = unescape(client.get(f"/ideas/proposals/all/?department={district.depts['PARKS'].pk}").content.decode())
    assert "공원녹지과 제안" in by_department and "도로과 제안" not in by_department
    by_status = unescape(client.get("/ideas/proposals/all/?status=review&kind=staff").content.decode())
    assert "공원녹지과 제안" in by_status and "도로과 제안" not in by_status
