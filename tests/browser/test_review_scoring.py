"""심의 on a phone (360 px): members score a proposal blind, the chair sees the spread and the
outlier, the secretary records the decision, the proposer reads the result."""

from __future__ import annotations

from gamdong.review import services
from tests.browser.harness import (
    assert_no_csp_violations,
    assert_no_external_requests,
    assert_no_serious_axe_violations,
    screenshot,
)
from tests.review.conftest import all_fives, meeting, proposal, rd, scored_item  # noqa: F401 - fixtures


def _fits_the_phone(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def _checks(page) -> None:
    assert _fits_the_phone(page)
    assert_no_serious_axe_violations(page)
    assert_no_external_requests(page)
    assert_no_csp_violations(page)


def test_blind_scoring_spread_and_decision_on_a_phone(rd, proposal, scored_item, authenticated_page,  # noqa: F811
                                                      live_server):
    item = scored_item
    # A member scores by keyboard on the scoring page.
    member = authenticated_page(rd.ext2, phone=True)
    member.goto(f"{live_server.url}/review/meetings/{item.meeting_id}/")
    _checks(member)
    screenshot(member, "review-meeting-member-phone")
    member.get_by_role("link", name="채점하기").click()
    assert "심사표" in member.locator("h1").inner_text()
    _checks(member)
    first = member.locator("input[name=c0]")
    first.focus()
    for value in ("8", "7", "8", "9", "8"):
        member.keyboard.type(value)
        member.keyboard.press("Tab")
    member.keyboard.type("현장 적용이 쉽습니다.")
    screenshot(member, "review-score-phone")
    with member.expect_navigation():
        member.get_by_role("button", name="심사표 내기").click()
    # Scores stay hidden until everyone present has scored: only the member's own sheet shows.
    assert member.locator("#scores-hidden").is_visible()
    assert "외부장" not in member.locator("main").inner_text()
    _checks(member)
    screenshot(member, "review-results-hidden-phone")

    services.score_submit(actor=rd.chair, item=item, scores=all_fives(rd.committee, 8))
    services.score_submit(actor=rd.ext3, item=item, scores=all_fives(rd.committee, 8))
    services.score_submit(actor=rd.staff_member, item=item, scores=all_fives(rd.committee, 2), comment="효과가 작음")
    member.reload()
    assert not member.locator("#scores-hidden").count()
    assert "외부장" in member.locator("main").inner_text()
    assert not member.locator("#spread").count()  # spread and outliers are the chair's

    chair = authenticated_page(rd.chair, phone=True)
    chair.goto(f"{live_server.url}/review/items/{item.pk}/results/")
    assert chair.locator("#spread").is_visible()
    assert "표준편차" in chair.locator("#spread").inner_text()
    outlier = chair.locator("tr.rv-outlier")
    assert outlier.count() == 1 and "공원위" in outlier.inner_text()
    _checks(chair)
    screenshot(chair, "review-results-chair-phone")
    desk = authenticated_page(rd.chair)
    desk.goto(f"{live_server.url}/review/items/{item.pk}/results/")
    assert_no_serious_axe_violations(desk)
    screenshot(desk, "review-results-chair-desktop")

    services.scoring_close(actor=rd.planner, item=item)
    secretary = authenticated_page(rd.secretary, phone=True)
    secretary.goto(f"{live_server.url}/review/items/{item.pk}/decide/")
    _checks(secretary)
    secretary.locator("label[for=id_outcome_0]").click()  # KRDS draws its own radio over the input
    secretary.get_by_label("실시 예정일(채택 시 필수)").fill("2027-03-02")
    secretary.get_by_label("시상 등급").select_option("우수")
    screenshot(secretary, "review-decide-phone")
    with secretary.expect_navigation():
        secretary.get_by_role("button", name="결정 기록하고 제안자에게 알리기").click()
    assert "채택" in secretary.locator("main").inner_text()
    _checks(secretary)
    screenshot(secretary, "review-meeting-decided-phone")

    proposer = authenticated_page(rd.proposer, phone=True)
    proposer.goto(f"{live_server.url}/review/proposals/{proposal.pk}/")
    panel = proposer.locator("#review-panel").inner_text()
    assert "채택" in panel and "2027. 3. 2." in panel and "우수" in panel and "500,000원" in panel
    assert "공원위" not in proposer.locator("main").inner_text()
    _checks(proposer)
    screenshot(proposer, "review-proposer-result-phone")
    proposer.goto(f"{live_server.url}/review/items/{item.pk}/results/")
    assert "권한이 없습니다" in proposer.locator("main").inner_text()
