"""The complaint pages in English at a phone's width (360 px): the resident's complaint page
and the office's complaint page, chosen with the language cookie that the language switch
sets. Labels are English, data (category and department names) stays as entered; no serious
axe violation, no request to another host, no CSP violation, no sideways scrolling."""

import pytest
from django.conf import settings

from gamdong.complaints.services import complaint_assign
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


def in_english(page, live_server):
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    return page


def sound(page):
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_serious_axe_violations(page)
    assert_no_external_requests(page)
    assert_no_csp_violations(page)


def test_the_resident_complaint_page_in_english_on_a_phone(authenticated_page, live_server, district,
                                                           file_complaint):
    complaint = file_complaint(title="보도블록이 깨졌어요")
    page = in_english(authenticated_page(district.resident, phone=True), live_server)

    page.goto(f"{live_server.url}/complaints/{complaint.receipt_number}/")

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Details of receipt").is_visible()
    assert page.get_by_role("heading", name="Progress").is_visible()
    assert "도로 파손" in page.locator("#facts-title + dl").inner_text()
    sound(page)
    screenshot(page, "english-resident-complaint-phone")


def test_the_office_complaint_page_in_english_on_a_phone(authenticated_page, live_server, district,
                                                         file_complaint):
    complaint = file_complaint(title="보도블록이 깨졌어요")
    complaint_assign(complaint=complaint, officer=district.officer, actor=district.supervisor.user)
    page = in_english(authenticated_page(district.officer.user, phone=True), live_server)

    page.goto(f"{live_server.url}/office/complaints/{complaint.pk}/")

    assert page.get_by_role("heading", name="Handling status").is_visible()
    assert page.get_by_role("heading", name="Actions").is_visible()
    assert page.locator("#act-answer summary").inner_text() == "Answer"
    sound(page)
    screenshot(page, "english-office-complaint-phone")

    page.fill("#answer-body", "고쳤습니다.")
    with page.expect_navigation():
        page.locator("#act-answer button[type=submit]").click()
    assert page.get_by_text("The answer has been sent and the complainant told.").is_visible()


def test_the_field_today_page_in_english_on_a_phone(authenticated_page, live_server, district, file_complaint):
    from django.utils import timezone

    from gamdong.field.services import visit_schedule

    nine = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    visit_schedule(officer=district.officer, complaints=[file_complaint(address="감동로 1")], scheduled_for=nine,
                   actor=district.officer.user)
    page = in_english(authenticated_page(district.officer.user, phone=True), live_server)

    page.goto(f"{live_server.url}/field/")

    assert page.locator("h1").inner_text() == "Today's field visits"
    assert page.get_by_role("link", name="Record the visit").is_visible()
    sound(page)
    screenshot(page, "english-field-today-phone")


def test_the_filing_page_and_the_office_inbox_in_english_on_a_phone(authenticated_page, live_server, district,
                                                                    file_complaint):
    file_complaint(title="보도블록이 깨졌어요")
    page = in_english(authenticated_page(district.resident, phone=True), live_server)
    page.goto(f"{live_server.url}/complaints/new/")
    assert page.locator("h1").inner_text() == "File a complaint"
    assert page.get_by_label("Title").is_visible()
    sound(page)
    screenshot(page, "english-resident-filing-phone")

    office = in_english(authenticated_page(district.supervisor.user, phone=True), live_server)
    office.goto(f"{live_server.url}/office/complaints/")
    assert office.locator("h1").inner_text() == "Department inbox"
    assert office.get_by_text("보도블록이 깨졌어요").is_visible()
    sound(office)
    screenshot(office, "english-office-inbox-phone")
