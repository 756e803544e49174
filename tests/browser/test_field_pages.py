"""오늘의 현장방문 on a phone (360 px): the route in order, readable, nothing from elsewhere."""

import datetime as dt

from django.utils import timezone

from gamdong.field.services import visit_schedule
from tests.browser.harness import (
    assert_no_csp_violations,
    assert_no_external_requests,
    assert_no_serious_axe_violations,
    screenshot,
)
from tests.complaints.conftest import district, file_complaint  # noqa: F401 - fixtures


def test_todays_visits_on_a_phone(district, file_complaint, authenticated_page, live_server):  # noqa: F811
    morning = timezone.localtime().replace(hour=9, minute=30, second=0, microsecond=0)
    places = ["감동로 12 감동초등학교 앞", "감동대로 101 버스정류장", "감동1동 어린이공원 입구"]
    for i, place in enumerate(places):
        complaints = [file_complaint(address=place, latitude=37.51 + i / 100, longitude=127.01)]
        if i == 0:
            complaints.append(file_complaint(address=place, title="인도 블록이 들떠 있어요", resident=district.resident2))
        visit_schedule(officer=district.officer, complaints=complaints, actor=district.officer.user,
                       scheduled_for=morning + dt.timedelta(hours=2 * i))

    page = authenticated_page(district.officer.user, phone=True)
    page.goto(live_server.url + "/field/")

    assert "오늘의 현장방문" in page.locator("h1").inner_text()
    items = page.locator("ol.gd-visits > li")
    assert items.count() == 3
    for i, place in enumerate(places):
        assert place in items.nth(i).inner_text()
    assert items.nth(0).get_by_role("link", name="방문 기록").is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_serious_axe_violations(page)
    assert_no_external_requests(page)
    assert_no_csp_violations(page)
    screenshot(page, "field-today-phone")

    items.nth(0).get_by_role("link", name="방문 기록").click()
    assert "현장방문 기록" in page.locator("h1").inner_text()
    assert page.locator("[data-geolocate]").count() == 1
    assert_no_serious_axe_violations(page)
    screenshot(page, "field-record-phone")
