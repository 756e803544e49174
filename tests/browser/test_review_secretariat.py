"""The secretariat's pages at 360 px: committee, meeting with attendance and agenda, pilot."""

from __future__ import annotations

import datetime as dt

from gamdong.review import services
from tests.browser.harness import (
    assert_no_csp_violations,
    assert_no_external_requests,
    assert_no_serious_axe_violations,
    screenshot,
)
from tests.review.conftest import make_proposal, meeting, proposal, rd, scored_item  # noqa: F401 - fixtures


def _checks(page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_serious_axe_violations(page)
    assert_no_external_requests(page)
    assert_no_csp_violations(page)


def test_the_planner_runs_a_meeting_and_a_pilot_on_a_phone(rd, proposal, scored_item, authenticated_page,  # noqa: F811
                                                          live_server):
    make_proposal(rd, title="공원 화장실 고장 QR 신고", department=rd.innovation)
    page = authenticated_page(rd.planner, phone=True)
    page.goto(f"{live_server.url}/review/")
    assert "심사위원회" in page.locator("h1").inner_text()
    _checks(page)
    screenshot(page, "review-index-planner-phone")

    page.goto(f"{live_server.url}/review/committees/{rd.committee.pk}/")
    assert "외부위원 3명" in page.locator("main").inner_text()
    _checks(page)
    screenshot(page, "review-committee-phone")

    page.goto(f"{live_server.url}/review/meetings/{scored_item.meeting_id}/")
    page.get_by_label("심사 중인 제안").select_option(index=0)
    with page.expect_navigation():
        page.get_by_role("button", name="상정").click()
    assert "공원 화장실 고장 QR 신고" in page.locator(".rv-agenda").inner_text()
    _checks(page)
    screenshot(page, "review-meeting-planner-phone")

    services.scoring_close(actor=rd.planner, item=scored_item)
    pilot = services.pilot_start(
        actor=rd.planner, item=scored_item, plan="두 개 동에서 한 달 시범", sites="감동1동, 감동2동",
        starts_on=dt.date(2026, 12, 1), ends_on=dt.date(2026, 12, 31),
        measures=[services.MeasureSpec("관련 민원 건수", 30, "건/월", higher_is_better=False)])
    page.goto(f"{live_server.url}/review/pilots/{pilot.pk}/")
    page.locator("input[name=value]").first.fill("22")
    with page.expect_navigation():
        page.get_by_role("button", name="결과 기록").first.click()
    assert "달성" in page.locator("table").inner_text()
    _checks(page)
    screenshot(page, "review-pilot-phone")
