"""창의행정 in a browser: a plaza idea discussed, turned into a proposal, screened (supplement →
accept); a resident's idea in the idea house. Each page: no serious axe violation, nothing from
another host, no CSP violation; phone pages fit 360 px."""

from gamdong.ideas.models import Idea, Proposal
from tests.browser.harness import (
    assert_no_csp_violations,
    assert_no_external_requests,
    assert_no_serious_axe_violations,
    screenshot,
)
from tests.ideas.conftest import FULL, district  # noqa: F401 - fixture


def checked(page, name: str) -> None:
    assert_no_serious_axe_violations(page)
    assert_no_external_requests(page)
    assert_no_csp_violations(page)
    screenshot(page, name)


def fits_phone(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_an_idea_from_the_plaza_becomes_a_proposal_screened_and_sent_to_review(
        district, authenticated_page, live_server):  # noqa: F811
    url = live_server.url
    author = authenticated_page(district.officer)
    author.goto(url + "/ideas/")
    author.get_by_role("link", name="아이디어 올리기").click()
    author.get_by_label("제목").fill("민원실 번호표를 문자로 받기")
    author.get_by_label("내용").fill("번호표를 뽑고 자리를 비우면 차례를 놓칩니다. 문자로 알려 주면 좋겠습니다.")
    author.get_by_role("button", name="저장").click()
    assert "민원실 번호표를 문자로 받기" in author.locator("h1").inner_text()
    idea = Idea.objects.get()

    colleague = authenticated_page(district.officer2, phone=True)
    colleague.goto(url + "/ideas/?sort=supported")
    checked(colleague, "ideas-plaza-phone")
    assert fits_phone(colleague)
    colleague.get_by_role("link", name="민원실 번호표를 문자로 받기").click()
    colleague.get_by_role("button", name="공감하기 (0)").click()
    assert colleague.get_by_role("button", name="공감 취소 (1)").is_visible()
    colleague.get_by_label("댓글").fill("차례 3번 전에 알려 주면 더 좋겠어요.")
    colleague.get_by_role("button", name="댓글 달기").click()
    assert "차례 3번 전에" in colleague.locator("#comments ~ ul").inner_text()
    assert fits_phone(colleague)
    checked(colleague, "ideas-idea-phone")

    author.goto(url + f"/ideas/{idea.pk}/")
    author.get_by_role("link", name="제안으로 만들기").click()
    assert author.get_by_label("제목").input_value() == "민원실 번호표를 문자로 받기"
    for key in ("problem", "improvement", "expected_effect"):
        author.locator(f"#id_{key}").fill(FULL[key])
    checked(author, "ideas-proposal-form")
    author.get_by_role("button", name="제출", exact=True).click()
    assert "제안을 제출했습니다" in author.locator(".gd-messages").inner_text()
    proposal = Proposal.objects.get()
    assert proposal.status == "submitted" and proposal.idea_id == idea.pk

    planner = authenticated_page(district.planner)
    planner.goto(url + "/ideas/proposals/queue/")
    checked(planner, "ideas-queue")
    planner.get_by_role("link", name=f"{proposal.number} 민원실 번호표를 문자로 받기").click()
    planner.get_by_role("button", name="접수", exact=True).click()
    planner.get_by_label("보완할 내용").fill("최근 1년 민원실 평균 대기 시간을 붙여 주세요.")
    planner.get_by_role("button", name="보완 요구").click()
    assert "보완을 요구했습니다" in planner.locator(".gd-messages").inner_text()

    author.goto(url + f"/ideas/proposals/{proposal.pk}/")
    author.get_by_role("link", name="보완하기").click()
    author.locator("#id_current_situation").fill("평균 대기 25분(2026년 10월 기준). 번호표는 종이로만 뽑습니다.")
    author.get_by_role("button", name="다시 제출").click()
    assert "25분" in author.locator(".gd-section").inner_text()

    planner.goto(url + f"/ideas/proposals/{proposal.pk}/")
    planner.get_by_role("button", name="심사에 회부").click()
    assert "심사 중" in planner.locator(".gd-facts").first.inner_text()
    checked(planner, "ideas-proposal-review")
    proposal.refresh_from_db()
    assert proposal.status == "review"


def test_a_resident_submits_to_the_idea_house_and_sees_it_in_my_ideas(district, authenticated_page, live_server):  # noqa: F811
    resident = authenticated_page(district.resident, phone=True)
    resident.goto(live_server.url + "/")
    resident.get_by_role("link", name="아이디어하우스").click()
    resident.get_by_label("제목").fill("공원 벤치에 그늘막")
    resident.get_by_label("지금 불편한 점").fill("여름에 공원 벤치가 너무 뜨거워요.")
    resident.get_by_label("이렇게 바꾸면 좋겠어요").fill("벤치 위에 그늘막을 달아 주세요.")
    resident.get_by_label("바뀌면 좋아지는 점").fill("어르신들이 쉬실 수 있어요.")
    assert fits_phone(resident)
    checked(resident, "ideas-house-phone")
    resident.get_by_role("button", name="아이디어 보내기").click()
    assert "내 아이디어" in resident.locator("h1").inner_text()
    assert "공원 벤치에 그늘막" in resident.locator(".gd-idea-list").inner_text()
    assert "접수 대기" in resident.locator(".gd-idea-list").inner_text()
    assert fits_phone(resident)
    checked(resident, "ideas-mine-phone")
    resident.goto(live_server.url + "/ideas/")
    assert "창의광장" not in resident.locator("h1").inner_text()
