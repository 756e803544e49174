"""Each demo login, typed into the real login page, reaches that person's home."""

import datetime as dt

from gamdong.demo import seed
from tests.browser.harness import (
    assert_no_csp_violations,
    assert_no_external_requests,
    assert_no_serious_axe_violations,
    login_via_form,
    screenshot,
    wait_for_fonts,
    watch,
)

EXPECTED_ON_HOME = {
    "mayor": "구청장",
    "officer": "도로관리팀",
    "supervisor": "도로과",
    "hr": "인사팀",
    "committee": "심사위원",
    "committee-ext1": "심사위원",
    "planner": "제안·정책 담당",
    "admin": "관리자",
    "resident@example.com": "주민",
}

def test_each_role_logs_in_through_the_form_and_sees_its_home(browser, live_server):
    logins = seed.seed_demo_district(progress=lambda text: None, today=dt.date(2026, 11, 26))
    for login in logins:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
        page = context.new_page()

        watch(page, live_server.url)
        try:
            login_via_form(page, live_server, login.username, seed.DEMO_PASSWORD)
            page.wait_for_url(live_server.url + "/")
            main = page.locator("main").inner_text()
            assert login.name in main, login.username
            assert EXPECTED_ON_HOME[login.username] in main, login.username
            assert_no_serious_axe_violations(page)
            assert_no_external_requests(page)
            assert_no_csp_violations(page)
            wait_for_fonts(page)
            screenshot(page, f"demo-home-{login.username.split('@')[0]}")
        finally:
            context.close()

def test_a_wrong_password_shows_a_korean_message_and_no_home(page, live_server):
    seed.seed_demo_district(progress=lambda text: None, today=dt.date(2026, 11, 26))
    login_via_form(page, live_server, "officer", "not-the-password")
    assert "/accounts/login/" in page.url
    assert "비밀번호" in page.locator("main").inner_text()
    screenshot(page, "login-wrong-password")
