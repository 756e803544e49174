"""창의행정 from end to end in Chromium, through the pages with real logins: an officer posts on
the plaza, a colleague supports it, the officer makes it a proposal, the planner screens it and
sends it to review, committee members score, the planner (간사) sends it to a pilot, records the
result, records the adoption with a grade, starts the implementation, records a milestone and a
value; the proposer then sees it all on the proposal page. Each key page: no serious axe
violation, nothing from another host, no CSP violation; phone pages fit 360 px."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gamdong.ideas.models import Idea, Proposal
from gamdong.policy.models import Implementation
from gamdong.review import services as review
from gamdong.review.models import AgendaItem
from tests.browser.harness import (
    assert_no_csp_violations,
    assert_no_external_requests,
    assert_no_serious_axe_violations,
    login_via_form,
    screenshot,
)
from tests.ideas.conftest import FULL, district  # noqa: F401 - fixture
from tests.integration.conftest import creative  # noqa: F401 - fixture

PASSWORD = "gamdong-test-pw-1"
TITLE = "민원실 번호표를 문자로 받기"


def checked(page, name: str, *, phone: bool = False) -> None:
    assert_no_serious_axe_violations(page)
    assert_no_external_requests(page)
    assert_no_csp_violations(page)
    if phone:
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), name
    screenshot(page, name)


def test_an_idea_becomes_an_adopted_measured_policy_through_the_pages(creative, page, authenticated_page,  # noqa: F811
                                                                      live_server):
    d = creative.base
    url = live_server.url
    meeting = review.meeting_convene(actor=d.planner, committee=creative.committee, title="2026년 제1차 제안심사",
                                     scheduled_at=timezone.now() + dt.timedelta(hours=2), place="구청 3층 회의실")

    # The officer logs in with the form and posts on the plaza.
    author = page
    login_via_form(author, live_server, d.officer.username, PASSWORD)
    author.goto(url + "/ideas/")
    author.get_by_role("link", name="아이디어 올리기").click()
    author.get_by_label("제목").fill(TITLE)
    author.get_by_label("내용").fill("번호표를 뽑고 자리를 비우면 차례를 놓칩니다.")
    author.get_by_role("button", name="저장").click()
    idea = Idea.objects.get()

    colleague = authenticated_page(d.officer2, phone=True)
    colleague.goto(url + f"/ideas/{idea.pk}/")
    colleague.get_by_role("button", name="공감하기 (0)").click()
    assert colleague.get_by_role("button", name="공감 취소 (1)").is_visible()

    author.goto(url + f"/ideas/{idea.pk}/")
    author.get_by_role("link", name="제안으로 만들기").click()
    for key in ("problem", "improvement", "expected_effect"):
        author.locator(f"#id_{key}").fill(FULL[key])
    author.get_by_role("button", name="제출", exact=True).click()
    assert "제안을 제출했습니다" in author.locator(".gd-messages").inner_text()
    proposal = Proposal.objects.get()

    # The planner receives it and sends it to review, naming the owner department.
    planner = authenticated_page(d.planner)
    planner.goto(url + f"/ideas/proposals/{proposal.pk}/")
    planner.get_by_role("button", name="접수", exact=True).click()
    planner.get_by_label("소관 부서(선택)").select_option(label="도로과")
    planner.get_by_role("button", name="심사에 회부").click()
    assert "심사 중" in planner.locator(".gd-facts").first.inner_text()

    # 간사: on the agenda, attendance, scoring opened.
    planner.goto(url + f"/review/meetings/{meeting.pk}/")
    planner.get_by_label("심사 중인 제안").select_option(str(proposal.pk))
    with planner.expect_navigation():
        planner.get_by_role("button", name="상정").click()
    for box in planner.locator("input[name=present]").all():
        box.check(force=True)
    with planner.expect_navigation():
        planner.get_by_role("button", name="출석 저장").click()
    with planner.expect_navigation():
        planner.get_by_role("button", name="채점 시작").click()
    item = AgendaItem.objects.get(proposal=proposal)

    # An external member scores on a phone; the others have scored by then.
    member = authenticated_page(creative.ext2, phone=True)
    member.goto(url + f"/review/meetings/{meeting.pk}/")
    member.get_by_role("link", name="채점하기").click()
    for index, value in enumerate(("8", "7", "8", "9", "8")):
        member.locator(f"input[name=c{index}]").fill(value)
    checked(member, "journey-score-member-phone", phone=True)
    with member.expect_navigation():
        member.get_by_role("button", name="심사표 내기").click()
    assert member.locator("#scores-hidden").is_visible()
    for person, value in ((creative.chair, 8), (creative.ext3, 7), (creative.parks_member, 6), (d.officer2, 7)):
        review.score_submit(actor=person, item=item, scores={c: value for c in creative.committee.criteria_weights})
    member.reload()
    assert not member.locator("#scores-hidden").count()
    checked(member, "journey-results-member-phone", phone=True)

    # 간사: scoring closed, a pilot with a measure, its result, finished.
    planner.goto(url + f"/review/meetings/{meeting.pk}/")
    with planner.expect_navigation():
        planner.get_by_role("button", name="채점 마감").click()
    planner.get_by_role("link", name="현장 시뮬레이션 회부").click()
    today = timezone.localdate()
    planner.get_by_label("시행 계획").fill("감동1동·2동 주민센터에서 한 달 동안 문자 번호표를 시험합니다.")
    planner.get_by_label("시행 장소").fill("감동1동, 감동2동")
    planner.get_by_label("시작일").fill(today.isoformat())
    planner.get_by_label("종료일").fill((today + dt.timedelta(days=30)).isoformat())
    planner.locator("textarea[name=measures]").fill("평균 대기 시간 | 15 | 분 | 작을수록")
    with planner.expect_navigation():
        planner.get_by_role("button", name="회부하고 제안자에게 알리기").click()
    planner.get_by_label("평균 대기 시간 측정값(분)").fill("12")
    with planner.expect_navigation():
        planner.get_by_role("button", name="결과 기록").click()
    assert "달성" in planner.locator("table").inner_text()
    planner.get_by_label("결과 요약").fill("평균 대기 시간이 25분에서 12분으로 줄었습니다.")
    with planner.expect_navigation():
        planner.get_by_role("button", name="마치고 심사위원회에 다시 올리기").click()
    checked(planner, "journey-pilot-finished-desktop")

    # 간사: back at the meeting, the item offers the decision — adopted with a district grade.
    planner.goto(url + f"/review/meetings/{meeting.pk}/")
    assert not planner.locator("#id_proposal").count()  # nothing else awaits; it is on this agenda already

    planner.get_by_role("link", name="결정 기록").click()
    planner.locator("label[for=id_outcome_0]").click()  # KRDS draws its own radio over the input
    planner.get_by_label("실시 예정일(채택 시 필수)").fill((today + dt.timedelta(days=60)).isoformat())
    planner.get_by_label("시상 등급").select_option("우수")
    with planner.expect_navigation():
        planner.get_by_role("button", name="결정 기록하고 제안자에게 알리기").click()
    checked(planner, "journey-meeting-decided-desktop")

    # From the decision to the policy: the proposal page offers 정책화 착수.
    planner.get_by_role("link", name="정책화 착수·추진 현황 보기").click()
    planner.get_by_role("link", name="정책화 착수").click()
    planner.get_by_label("추진 부서").select_option(label="도로과")
    with planner.expect_navigation():
        planner.get_by_role("button", name="착수").click()
    impl = Implementation.objects.get(proposal=proposal)
    planner.get_by_text("추진 단계 추가", exact=True).click()
    milestones = planner.locator(f"form[action='/policy/{impl.pk}/milestones/']")
    milestones.get_by_label("추진 단계").fill("문자 발송 시스템 계약")
    milestones.get_by_label("완료 예정일").fill((today + dt.timedelta(days=30)).isoformat())
    with planner.expect_navigation():
        milestones.get_by_role("button", name="단계 추가").click()
    with planner.expect_navigation():
        planner.get_by_role("button", name="완료 — 문자 발송 시스템 계약").click()
    assert impl.milestones.get().done_on == today
    planner.get_by_text("성과 지표 추가", exact=True).click()
    measures = planner.locator(f"form[action='/policy/{impl.pk}/measures/']")
    measures.get_by_label("지표 이름").fill("평균 대기 시간")
    measures.get_by_label("단위").fill("분")
    measures.get_by_label("기준값").fill("25")
    measures.get_by_label("목표값").fill("10")
    measures.get_by_label("방향").select_option("lower")
    with planner.expect_navigation():
        measures.get_by_role("button", name="지표 추가").click()
    card = planner.locator(f"#measure-{impl.measures.get().pk}")
    card.locator("summary").click()
    card.get_by_role("spinbutton", name="측정값").fill("16")
    with planner.expect_navigation():
        card.get_by_role("button", name="기록").click()
    assert "달성 60%" in planner.locator(f"#measure-{impl.measures.get().pk}").inner_text()
    checked(planner, "journey-policy-desktop")

    # The proposer sees the decision, the grade and the measured outcome on the proposal page.
    for phone in (True, False):
        proposer = authenticated_page(d.officer, phone=phone)
        proposer.goto(url + f"/ideas/proposals/{proposal.pk}/")
        review_panel = proposer.locator("#review-panel").inner_text()
        assert "채택" in review_panel and "우수" in review_panel and "500,000원" in review_panel
        policy_panel = proposer.locator("#policy-panel-title + dl").inner_text()
        assert "추진 중" in policy_panel and "1 / 1단계 완료" in policy_panel and "달성 60%" in policy_panel
        assert "외부장" not in proposer.locator("main").inner_text()
        checked(proposer, f"journey-proposal-proposer-{'phone' if phone else 'desktop'}", phone=phone)

    # The mayor sees the policy in the list.
    mayor = authenticated_page(creative.mayor)
    mayor.goto(url + "/policy/")
    assert TITLE in mayor.locator("main").inner_text()
    checked(mayor, "journey-policy-list-mayor-desktop")
