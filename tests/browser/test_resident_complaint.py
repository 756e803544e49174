"""A resident files a complaint in a real browser, at a phone's width (360 px) and at desktop:
the category's extra question appears, a similar complaint nearby is offered to follow, and
the receipt shows the number, the department and the due date. No serious axe violation, no
request to another host, no CSP violation."""

import datetime as dt

import pytest

from gamdong.accounts.models import Role
from gamdong.complaints.models import Category, Complaint, Kind
from gamdong.complaints.services import Submission, complaint_submit
from gamdong.core.services import district_setting_change
from gamdong.org import services as org
from gamdong.org.models import DepartmentKind
from tests.browser.harness import (
    assert_no_console_errors,
    assert_no_csp_violations,
    assert_no_external_requests,
    assert_no_serious_axe_violations,
    create_user,
    screenshot,
)

pytestmark = pytest.mark.django_db(transaction=True)
INSIDE = ("37.522900", "126.863400")  # 감동1동 of the demo boundary


@pytest.fixture
def small_district():
    specs = [
        org.DepartmentSpec(code="R", name="감동구청", kind=DepartmentKind.DISTRICT, phone="02-0000-2114"),
        org.DepartmentSpec(code="INTAKE", name="민원총괄팀", kind=DepartmentKind.TEAM, parent_code="R"),
        org.DepartmentSpec(code="ROADS", name="도로과", kind=DepartmentKind.DIVISION, parent_code="R"),
        org.DepartmentSpec(code="C01", name="감동1동 주민센터", kind=DepartmentKind.COMMUNITY_CENTRE,
                           parent_code="R", dong_name="감동1동"),
    ]
    depts = {d.code: d for d in org.departments_create_many(actor=None, specs=specs)}
    district_setting_change(actor=None, key="complaints.intake_department_code", raw_value="INTAKE")
    pothole = Category.objects.create(
        code="ROAD-POTHOLE", name="도로 파손", group="도로·교통", default_kind=Kind.OTHER, department=depts["ROADS"],
        extra_questions=[{"key": "size", "label": "구멍 크기", "required": True, "type": "text"}],
    )
    Category.objects.create(code="SUGGEST", name="행정 개선 건의", group="행정", default_kind=Kind.SUGGESTION)
    neighbour = create_user("neighbour", name="한이웃", phone="01033334444")
    complaint_submit(submission=Submission(
        category=pothole, title="감동로 포트홀이 커졌어요", body="위험", complainant_name="한이웃",
        latitude="37.523300", longitude="126.863400", address="감동로 10-3 101호", dong="감동1동",
    ), complainant=neighbour)
    return pothole


@pytest.mark.parametrize("phone", [True, False], ids=["phone", "desktop"])
def test_resident_files_a_complaint_in_the_browser(authenticated_page, live_server, small_district, phone):
    resident = create_user("resident1", name="정주민", roles=[Role.RESIDENT], phone="01011112222")
    page = authenticated_page(resident, phone=phone)
    size = "phone" if phone else "desktop"
    page.goto(live_server.url + "/complaints/new/")
    assert page.locator("h1").inner_text() == "민원 신청"

    page.select_option("#id_category", label="도로 파손")
    page.get_by_label("구멍 크기").fill("지름 50cm")  # loaded by htmx for this category
    page.fill("#id_title", "횡단보도 앞 도로에 구멍")
    page.fill("#id_body", "차가 지나갈 때 물이 튀고 위험합니다.")
    page.fill("#id_address", "감동로 12 앞")
    page.fill("#id_latitude", INSIDE[0])
    page.fill("#id_longitude", INSIDE[1])
    page.locator("#id_longitude").dispatch_event("change")
    similar = page.get_by_role("button", name="이 민원 함께 지켜보기(follow)")
    similar.wait_for()
    assert "감동로 포트홀이 커졌어요" in page.locator("#similar").inner_text()
    assert "101호" not in page.content() and "한이웃" not in page.content()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the form scrolls sideways at {width}px"
    assert_no_serious_axe_violations(page)
    screenshot(page, f"resident-complaint-new-{size}")

    # Without photos the page's script posts url-encoded, with the preview's stamp: the similar
    # ones were seen, so the filing is not checked again.
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/complaints/new/")) as posted:
        page.get_by_role("button", name="민원 신청").click()
    assert posted.value.headers["content-type"].startswith("application/x-www-form-urlencoded")
    assert "similar_seen=" in (posted.value.post_data or "")
    page.wait_for_url("**/receipt/")
    complaint = Complaint.objects.get(complainant=resident)
    body = page.locator("main").inner_text()
    assert complaint.receipt_number in body and "도로과" in body and "처리기한" in body
    assert f"{complaint.due_at.astimezone(dt.timezone(dt.timedelta(hours=9))).year}년" in body
    assert_no_serious_axe_violations(page)
    screenshot(page, f"resident-complaint-receipt-{size}")

    page.get_by_role("link", name="진행 상황 보기").click()
    page.wait_for_url(f"**/complaints/{complaint.receipt_number}/")
    assert "접수" in page.locator(".gd-timeline").inner_text()
    assert_no_serious_axe_violations(page)
    screenshot(page, f"resident-complaint-detail-{size}")

    page.goto(live_server.url + "/complaints/mine/")
    assert "횡단보도 앞 도로에 구멍" in page.locator("main").inner_text()
    assert_no_serious_axe_violations(page)
    assert_no_external_requests(page)
    assert_no_csp_violations(page)
    assert_no_console_errors(page)


def test_keyboard_alone_reaches_the_submit_button(authenticated_page, live_server, small_district):
    from tests.browser.harness import focus_is_visible, tab_until

    resident = create_user("resident2", name="정주민", roles=[Role.RESIDENT])
    page = authenticated_page(resident, phone=True)
    page.goto(live_server.url + "/complaints/new/")
    page.focus("#id_category")
    tab_until(page, "button[value=submit]", max_presses=40)
    assert focus_is_visible(page)
