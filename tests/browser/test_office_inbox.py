"""The office inbox in a real browser: the supervisor assigns from the department inbox, the
officer answers from 내 민원; at desktop width and at 360 px, with no serious axe violation,
no request to another host and no CSP violation."""

import pytest

from gamdong.complaints.models import Status
from tests.browser.harness import (
    assert_no_csp_violations,
    assert_no_external_requests,
    assert_no_serious_axe_violations,
    screenshot,
)
from tests.complaints import conftest as complaint_fixtures

district = complaint_fixtures.district  # the small district of the complaint tests
file_complaint = complaint_fixtures.file_complaint

pytestmark = pytest.mark.django_db(transaction=True)


def sound(page):
    assert_no_serious_axe_violations(page)
    assert_no_external_requests(page)
    assert_no_csp_violations(page)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_supervisor_assigns_and_officer_answers(authenticated_page, live_server, district, file_complaint, phone):
    complaint = file_complaint(title="보도블록이 깨졌어요")
    file_complaint(district.question, title="도로점용 허가 기준 질의")
    size = "phone" if phone else "desktop"

    page = authenticated_page(district.supervisor.user, phone=phone)
    page.goto(f"{live_server.url}/office/complaints/")
    assert page.locator("h1").inner_text() == "부서 민원함"
    assert page.get_by_text("보도블록이 깨졌어요").is_visible()
    assert no_horizontal_scroll(page)
    sound(page)
    screenshot(page, f"office-inbox-supervisor-{size}")

    page.get_by_role("link", name="보도블록이 깨졌어요").click()
    page.wait_for_url(f"**/office/complaints/{complaint.pk}/")
    assert "정*민" in page.locator("#complainant").inner_text()
    assert no_horizontal_scroll(page)
    sound(page)
    screenshot(page, f"office-complaint-supervisor-{size}")

    page.select_option("#assign-officer", str(district.officer.pk))
    with page.expect_navigation():
        page.locator("#act-assign button[type=submit]").click()
    assert page.get_by_text("담당자를 배정했습니다.").is_visible()
    complaint.refresh_from_db()
    assert complaint.officer_id == district.officer.pk

    officer_page = authenticated_page(district.officer.user, phone=phone)
    officer_page.goto(f"{live_server.url}/office/complaints/")
    assert officer_page.locator("h1").inner_text() == "내 민원"
    sound(officer_page)
    screenshot(officer_page, f"office-inbox-officer-{size}")
    officer_page.get_by_role("link", name="보도블록이 깨졌어요").click()
    officer_page.fill("#answer-body", "오늘 보수했습니다. 불편을 드려 죄송합니다.")
    with officer_page.expect_navigation():
        officer_page.locator("#act-answer button[type=submit]").click()
    assert officer_page.get_by_text("답변을 보내고 민원인에게 알렸습니다.").is_visible()
    assert no_horizontal_scroll(officer_page)
    sound(officer_page)
    screenshot(officer_page, f"office-complaint-answered-{size}")
    complaint.refresh_from_db()
    assert complaint.status == Status.ANSWERED


def test_filters_refresh_the_list_in_place(authenticated_page, live_server, district, file_complaint):
    file_complaint(title="보도블록이 깨졌어요")
    file_complaint(district.question, title="도로점용 허가 기준 질의")
    page = authenticated_page(district.supervisor.user)
    page.goto(f"{live_server.url}/office/complaints/")

    page.select_option("#f-kind", "inquiry_law")
    page.wait_for_url("**kind=inquiry_law**")

    assert page.get_by_text("도로점용 허가 기준 질의").is_visible()
    assert page.get_by_text("보도블록이 깨졌어요").count() == 0
    sound(page)
