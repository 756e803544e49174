"""The landing, the resident home and each staff role's home, in a real browser.

Each page is checked at desktop width and at a phone's (360 px): it shows what the person
needs, has no serious accessibility violation, loads nothing from another host, and breaks no
Content-Security-Policy rule. Screenshots go to test-artifacts/screenshots/.
"""

import pytest
from django.utils import timezone

from gamdong.accounts.models import Role
from tests.browser.harness import (
    assert_no_csp_violations,
    assert_no_external_requests,
    assert_no_serious_axe_violations,
    create_user,
    focus_is_visible,
    record_of,
    screenshot,
    tab_until,
    wait_for_fonts,
)

VIEWPORTS = ["desktop", "phone"]
ROLE_TITLES = {
    Role.OFFICER: "담당자",
    Role.SUPERVISOR: "부서장",
    Role.HR: "인사팀",
    Role.COMMITTEE: "심사위원",
    Role.MAYOR: "구청장",
    Role.ADMIN: "관리자",
}


def assert_page_is_sound(page):
    assert_no_serious_axe_violations(page)
    assert_no_external_requests(page)
    assert_no_csp_violations(page)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_visitor_sees_the_landing_with_login_signup_and_the_calculator(request, live_server, viewport):
    page = request.getfixturevalue("phone_page" if viewport == "phone" else "page")
    page.goto(live_server.url + "/")

    assert page.locator("html").get_attribute("lang") == "ko"
    assert "감동구 행정 플랫폼" in page.locator("h1").inner_text()
    main = page.locator("main")
    assert main.locator("a[href='/accounts/login/']").is_visible()
    assert main.locator("a[href='/accounts/signup/']").is_visible()
    assert main.locator("a[href='/calendar/']").is_visible()
    assert page.locator("footer").get_by_text("개인정보처리방침").is_visible()
    assert no_horizontal_scroll(page)
    assert_page_is_sound(page)
    screenshot(page, f"landing-{viewport}")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_resident_sees_their_greeting_and_verified_contact(authenticated_page, live_server, viewport):
    resident = create_user(
        "resident1", name="이주민", email="juimin@example.kr", email_verified_at=timezone.now()
    )
    page = authenticated_page(resident, phone=viewport == "phone")
    page.goto(live_server.url + "/")

    assert "이주민님, 안녕하세요" in page.locator("h1").inner_text()
    contact = page.locator("main .gd-facts").inner_text()
    assert "juimin@example.kr" in contact and "확인됨" in contact
    assert "등록하지 않음" in contact  # no phone given
    assert page.locator("nav a[href='/admin/']").count() == 0
    assert no_horizontal_scroll(page)
    assert_page_is_sound(page)
    screenshot(page, f"resident-home-{viewport}")


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("role", list(ROLE_TITLES))
def test_each_staff_role_sees_its_own_home(authenticated_page, live_server, role, viewport):
    user = create_user(f"staff-{role}", name="박직원", roles=[role], is_staff=role == Role.ADMIN)
    page = authenticated_page(user, phone=viewport == "phone")
    page.goto(live_server.url + "/")

    assert "박직원님의 업무 홈" in page.locator("h1").inner_text()
    facts = page.locator("main .gd-facts").inner_text()
    today = timezone.localdate()
    assert f"{today.year}년 {today.month}월 {today.day}일" in facts
    assert ROLE_TITLES[role] in facts
    cards = page.locator("main [data-role]")
    assert cards.count() == 1 and cards.first.get_attribute("data-role") == role
    # Only the administrator (who may enter the admin) gets the admin link.
    assert (page.locator("nav a[href='/admin/']").count() == 1) is (role == Role.ADMIN)
    assert no_horizontal_scroll(page)
    assert_page_is_sound(page)
    screenshot(page, f"staff-home-{role}-{viewport}")


def test_keyboard_reaches_the_skip_link_and_then_the_main_navigation_with_visible_focus(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator("#krds-skip-link a")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#main"
    assert skip.is_visible()
    assert focus_is_visible(page)

    tab_until(page, "nav.gd-nav")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "홈"
    assert focus_is_visible(page)
    screenshot(page, "keyboard-focus-nav", full_page=False)


def test_the_skip_link_moves_focus_to_the_main_content(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_the_english_switch_changes_the_page_language_and_back(page, live_server):
    page.goto(live_server.url + "/")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()

    assert page.locator("html").get_attribute("lang") == "en"
    assert "administration platform" in page.locator("h1").inner_text()
    assert page.locator("nav").get_by_text("Deadline calculator").is_visible()
    assert_page_is_sound(page)
    screenshot(page, "landing-english")

    with page.expect_navigation():
        page.get_by_role("button", name="한국어").click()
    assert page.locator("html").get_attribute("lang") == "ko"


def test_korean_text_is_drawn_with_fonts_served_by_gamdong(page, live_server):
    page.goto(live_server.url + "/")
    wait_for_fonts(page)
    assert page.evaluate("() => document.fonts.check('16px \"Pretendard GOV\"', '감동구')")
    # 갂 and 갃 (U+AC02, U+AC03) are outside Pretendard GOV's 2,780-syllable subset:
    # the browser fetches the Noto Sans KR slice that has them, from gamdong.
    page.evaluate(
        "() => { const p = document.createElement('p'); p.id = 'rare'; p.textContent = '갂갃';"
        " document.querySelector('main').append(p); }"
    )
    page.wait_for_function("() => document.fonts.check('16px \"Noto Sans KR\"', '갂갃')")
    wait_for_fonts(page)
    fetched = record_of(page).requests
    assert any("/static/vendor/krds/fonts/PretendardGOV-" in url for url in fetched)
    assert any("/static/vendor/noto-sans-kr/files/" in url for url in fetched)
    assert_no_external_requests(page)
    screenshot(page, "rare-syllables", full_page=False)


def test_the_404_page_speaks_korean_and_passes_axe(page, live_server):
    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "페이지를 찾을 수 없습니다"
    assert_page_is_sound(page)
