"""창의행정 from end to end, through the services: a plaza idea becomes a proposal, is screened,
scored by a committee, tried on site, adopted with a grade and an award, and becomes a policy
with a milestone and a measured outcome. At each step the test asserts what the people involved
would see: the statuses, the notices the proposer receives and the proposal's timeline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gamdong.core.events import EventType
from gamdong.core.models import Event, Notification
from gamdong.ideas import services as ideas
from gamdong.ideas.models import IdeaStatus, Proposal, ProposalStatus
from gamdong.policy import services as policy
from gamdong.policy.models import Direction
from gamdong.review import selectors as review_selectors
from gamdong.review import services as review
from gamdong.review.models import DecisionOutcome, MeritRecord, ScoringStatus
from tests.ideas.conftest import FULL
from tests.integration.conftest import creative  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def proposal_events(proposal: Proposal) -> list[int]:
    """The proposal's timeline, oldest first, as event types."""
    return list(Event.objects.filter(subject_type__model="proposal", subject_id=str(proposal.pk))
                .order_by("occurred_at", "pk").values_list("event_type", flat=True))


def notices_to(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, channel="email").order_by("pk"))


def test_an_idea_goes_from_the_plaza_to_a_measured_policy(creative, client, django_capture_on_commit_callbacks):  # noqa: F811
    d = creative.base
    officer, colleague, planner = d.officer, d.officer2, d.planner

    # 창의광장: posted, supported, discussed and improved together.
    with django_capture_on_commit_callbacks(execute=True):
        idea = ideas.idea_post(author=officer, title="민원실 번호표를 문자로", body="종이 번호표만 있습니다.")
        ideas.idea_support(idea_id=idea.pk, user=colleague)
        ideas.idea_comment(idea_id=idea.pk, author=colleague, body="차례 3번 전에 알려 주면 좋겠어요.")
        idea = ideas.idea_revise(idea_id=idea.pk, editor=colleague, title=idea.title,
                                 body="종이 번호표만 있어 자리를 비울 수 없습니다.", expected_version=idea.version)
    idea.refresh_from_db()
    assert (idea.support_count, idea.comment_count, idea.revision_count) == (1, 1, 1)  # one edit after the first text

    # The writer turns it into a proposal with the colleague who improved it as co-proposer.
    with django_capture_on_commit_callbacks(execute=True):
        proposal = ideas.proposal_save(
            proposer=officer, submit=True,
            draft=ideas.ProposalDraft(**{**FULL, "title": idea.title}, idea_id=idea.pk,
                                      co_proposer_ids=[colleague.pk]))
    idea.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.number
    assert idea.status == IdeaStatus.PROPOSED
    assert list(proposal.co_proposers.values_list("user", flat=True)) == [colleague.pk]

    # 접수 심사: received, a supplement asked and given, accepted for review.
    with django_capture_on_commit_callbacks(execute=True):
        proposal = ideas.proposal_receive(proposal_id=proposal.pk, actor=planner)
    assert proposal.supplement_due_at and proposal.decision_due_at
    assert "접수" in notices_to(officer)[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        proposal = ideas.proposal_request_supplement(proposal_id=proposal.pk, actor=planner,
                                                     missing="최근 1년 평균 대기 시간을 붙여 주세요.")
    assert proposal.status == ProposalStatus.SUPPLEMENT_REQUESTED
    assert "평균 대기 시간" in notices_to(officer)[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        proposal = ideas.proposal_save(
            proposer=officer, submit=True, proposal_id=proposal.pk, expected_version=proposal.version,
            draft=ideas.ProposalDraft(**{**FULL, "title": idea.title, "current_situation": "평균 대기 25분."},
                                      co_proposer_ids=[colleague.pk]))
    assert proposal.status == ProposalStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        proposal = ideas.proposal_accept_for_review(proposal_id=proposal.pk, actor=planner,
                                                    owner_department_id=d.depts["ROADS"].pk)
    assert proposal.status == ProposalStatus.UNDER_REVIEW

    # 심사위원회: three of five voting members external; convened, everyone present, scoring opened.
    with django_capture_on_commit_callbacks(execute=True):
        meeting = review.meeting_convene(actor=planner, committee=creative.committee, title="2026년 제1차 제안심사",
                                         scheduled_at=timezone.now() + dt.timedelta(hours=1), place="구청 3층")
        item = review.agenda_add(actor=planner, meeting=meeting, proposal=proposal)
        review.meeting_record_attendance(actor=planner, meeting=meeting, present=list(creative.seats.values()))
        review.scoring_open(actor=planner, item=item)
    assert "채점을 시작" in notices_to(creative.ext2)[-1].body
    assert not any("채점을 시작" in n.body for n in notices_to(colleague))  # not asked to score their own

    # The co-proposer sits on the committee but may not score their own proposal.
    with pytest.raises(review.ReviewNotAllowed) as refused:
        review.score_submit(actor=colleague, item=item, scores={c: 9 for c in creative.committee.criteria_weights})
    assert refused.value.code == "own_proposal"

    scores = {creative.chair: 8, creative.ext2: 7, creative.ext3: 8, creative.parks_member: 6}
    for n, (member, value) in enumerate(scores.items(), start=1):
        review.score_submit(actor=member, item=item, scores={c: value for c in creative.committee.criteria_weights})
        seen = review_selectors.item_results(item, creative.ext2)
        if n < len(scores):  # blind until every eligible present member has scored
            assert not seen.visible and all(s.mine for s in seen.sheets)
        else:
            assert seen.visible and len(seen.sheets) == 4
    assert not review_selectors.item_results(item, officer).sheets  # the proposer never sees scores
    item = review.scoring_close(actor=planner, item=item)
    assert item.scoring == ScoringStatus.CLOSED

    # 현장 시뮬레이션: tried in two 동, results recorded, back to the committee.
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        pilot = review.pilot_start(actor=planner, item=item, plan="두 개 동 주민센터에서 한 달", sites="감동1동, 감동2동",
                                   starts_on=today, ends_on=today + dt.timedelta(days=30),
                                   measures=[review.MeasureSpec("평균 대기 시간", 15, "분", higher_is_better=False)])
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PILOT
    assert "현장 시뮬레이션" in notices_to(officer)[-1].body
    assert "현장 시뮬레이션" in notices_to(colleague)[-1].body
    review.pilot_record_result(actor=planner, measure=pilot.measures.get(), value=12)
    review.pilot_finish(actor=planner, pilot=pilot, summary="대기 시간이 25분에서 12분으로 줄었습니다.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.UNDER_REVIEW

    # 채택 with a district grade: the award is the ordinance's amount; both proposers are told
    # with the planned implementation date and get a 실적가점 candidate.
    planned = today + dt.timedelta(days=60)
    with django_capture_on_commit_callbacks(execute=True):
        decision = review.decision_record(actor=planner, item=item, outcome=DecisionOutcome.ADOPTED, grade="우수",
                                          planned_implementation_on=planned)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ADOPTED
    assert (proposal.grade, proposal.award_krw) == ("우수", 500_000)
    assert float(decision.score_total) == pytest.approx(72.5)
    for person in (officer, colleague):
        told = notices_to(person)[-1].body
        assert "채택" in told and f"{planned.year}. {planned.month}. {planned.day}." in told and "500,000원" in told
    merits = MeritRecord.objects.filter(proposal=proposal)
    assert {(m.user_id, m.role) for m in merits} == {(officer.pk, "lead"), (colleague.pk, "co")}

    # 정책화: started, a milestone added and done, progress, a measure and a value.
    with django_capture_on_commit_callbacks(execute=True):
        impl = policy.implementation_start(proposal=proposal, owner_department=d.depts["ROADS"], actor=planner)
    assert "정책화" in notices_to(officer)[-1].body or "착수" in notices_to(officer)[-1].body
    assert impl.checks.count() == 12  # quarterly for three years
    milestone = policy.milestone_add(implementation=impl, title="문자 발송 시스템 계약", due_on=today + dt.timedelta(days=30),
                                     actor=planner)
    policy.milestone_complete(milestone=milestone, actor=planner)
    impl.refresh_from_db()
    impl = policy.implementation_update(implementation=impl, expected_version=impl.version, actor=planner,
                                        progress_percent=40)
    measure = policy.measure_define(implementation=impl, name="평균 대기 시간", unit="분", baseline=25, target=10,
                                    direction=Direction.LOWER, actor=planner)
    policy.measure_value_record(measure=measure, measured_on=today, value=16, actor=planner)

    # The proposal's own timeline, in order.
    timeline = proposal_events(proposal)
    expected_order = [EventType.PROPOSAL_SUBMITTED, EventType.PROPOSAL_RECEIVED,
                      EventType.PROPOSAL_SUPPLEMENT_REQUESTED, EventType.PROPOSAL_SUPPLEMENTED,
                      EventType.PROPOSAL_REVIEW_STARTED, EventType.SCORING_OPENED, EventType.SCORE_SUBMITTED,
                      EventType.SCORING_CLOSED, EventType.PILOT_STARTED, EventType.PILOT_FINISHED,
                      EventType.PROPOSAL_DECIDED, EventType.PROPOSAL_AWARDED, EventType.PROPOSAL_DECISION_NOTIFIED]
    positions = [timeline.index(t) for t in expected_order]
    assert positions == sorted(positions), timeline
    assert timeline.count(EventType.SCORE_SUBMITTED) == 4

    # What the proposer sees on the proposal page: the decision, the grade and the policy's progress.
    client.force_login(officer)
    page = client.get(f"/ideas/proposals/{proposal.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "채택" in text and "우수" in text and "500,000원" in text
    assert "1 / 1단계 완료" in text
    assert "정책화" in text and "40%" in text and "평균 대기 시간" in text and "달성 60%" in text
    assert "외부장" not in text  # never who scored what
    assert "제안 보완 요구" in text and "채택 여부 결정" in text  # the timeline
    assert "심사표 제출" not in text  # who scored is the committee's business
    assert "72.5" not in text and "mean" not in text  # nor the mean score, nor bookkeeping keys

    client.force_login(planner)
    assert "심사표 제출" in client.get(f"/ideas/proposals/{proposal.pk}/").content.decode()
