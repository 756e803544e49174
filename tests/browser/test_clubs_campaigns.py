"""1직원 1제안 progress and research clubs in a browser: a supervisor finds who has not proposed
yet, an employee sees their own count, a club records a meeting and a report, and the planner
holds a presentation. Each page at 360 px, with no serious axe violation and nothing from elsewhere."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from gamdong.ideas import services_campaigns, services_clubs
from tests.browser.harness import (
    assert_no_csp_violations,
    assert_no_external_requests,
    assert_no_serious_axe_violations,
    screenshot,
)
from tests.ideas.campaign_district import office_fixture, propose  # noqa: F401 - the fixture

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def campaign(office):
    today = timezone.localdate()
    return services_campaigns.campaign_open(actor=office.planner.user, title=f"{today.year}년 1직원 1제안",
                                            starts_on=today.replace(month=1, day=1),
                                            ends_on=today.replace(month=12, day=31))


def _checks(page):
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), "wider than the phone"
    assert_no_serious_axe_violations(page)
    assert_no_external_requests(page)
    assert_no_csp_violations(page)


def test_a_supervisor_sees_who_in_their_department_has_not_proposed(office, campaign, authenticated_page,
                                                                    live_server):
    propose(office.user("김총무"), when=timezone.now() - dt.timedelta(days=3))
    propose(office.user("한복지"), when=timezone.now() - dt.timedelta(days=2))
    page = authenticated_page(office.supervisor.user, phone=True)
    page.goto(f"{live_server.url}/campaigns/")
    page.get_by_role("link", name="진행 상황 보기").click()
    section = page.locator("section", has=page.get_by_role("heading", name="총무과 진행 상황"))
    names = section.get_by_role("list", name="아직 제안하지 않은 직원").inner_text()
    assert "이서무" in names and "박인사" in names and "김총무" not in names and "한복지" not in names
    assert "33.3%" in section.inner_text() or "25.0%" in section.inner_text()
    _checks(page)
    screenshot(page, "campaign-progress-supervisor-phone")


def test_an_employee_sees_their_own_progress_and_the_mayor_sees_counts_only(office, campaign, authenticated_page,
                                                                            live_server):
    propose(office.user("이서무"), when=timezone.now() - dt.timedelta(days=1), title="회의 자료 전자 공유")
    page = authenticated_page(office.user("이서무"), phone=True)
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
    mine = page.locator("section", has=page.get_by_role("heading", name="나의 진행 상황"))
    assert "회의 자료 전자 공유" in mine.inner_text() and "목표 달성" in mine.inner_text()
    link = page.get_by_role("link", name="제안 쓰기")
    assert link.get_attribute("href") == f"/ideas/proposals/new/?campaign={campaign.pk}"
    assert page.get_by_text("아직 제안하지 않은 직원").count() == 0
    _checks(page)
    screenshot(page, "campaign-progress-employee-phone")

    mayor = authenticated_page(office.mayor, phone=True)
    mayor.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
    assert mayor.get_by_role("table", name="과별 참여율 순위").is_visible()
    assert "박인사" not in mayor.locator("main").inner_text()
    _checks(mayor)
    screenshot(mayor, "campaign-progress-mayor-phone")


def test_a_club_records_a_meeting_and_a_report_and_the_planner_holds_a_presentation(
        office, authenticated_page, live_server, tmp_path):
    club = services_clubs.club_form(actor=office.user("김총무"), name="쉬운말연구회", theme="안내문을 쉬운 말로",
                                    year=timezone.localdate().year, leader=office.staff["김총무"],
                                    members=[office.staff["이서무"]])
    page = authenticated_page(office.user("이서무"), phone=True)
    page.goto(f"{live_server.url}/clubs/")
    _checks(page)
    screenshot(page, "club-list-phone")
    page.get_by_role("link", name="쉬운말연구회").click()
    yesterday = timezone.localtime() - dt.timedelta(days=1)
    page.get_by_label("일시").fill(yesterday.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("장소").fill("본관 3층 소회의실")
    page.get_by_role("group", name="참석자").get_by_text("이서무").click()
    page.get_by_label("회의록").fill("안내문 20종을 골라 고칠 점을 나누었다.")
    page.get_by_role("button", name="모임 기록").click()
    assert "모임을 기록했습니다" in page.locator(".gd-messages").inner_text()
    report_file = tmp_path / "쉬운말_보고서.pdf"
    report_file.write_bytes(PDF)
    page.get_by_label("보고서 제목").fill("쉬운 안내문 만들기")
    page.get_by_label("연구 요약").fill("안내문 20종을 분석했다.")
    page.get_by_label("연구 결과").fill("문장 길이를 절반으로 줄였다.")
    page.get_by_label("보고서 파일(선택)").set_input_files(str(report_file))
    page.get_by_role("button", name="보고서 제출").click()
    assert "연구 보고서를 제출했습니다" in page.locator(".gd-messages").inner_text()
    assert page.get_by_text("안내문 20종을 골라 고칠 점을 나누었다.").is_visible()
    assert page.get_by_role("link", name="제안으로 제출").get_attribute("href") == f"/ideas/proposals/new/?club={club.pk}"
    _checks(page)
    screenshot(page, "club-detail-phone")

    planner = authenticated_page(office.planner.user, phone=True)
    planner.goto(f"{live_server.url}/clubs/presentations/")
    planner.get_by_label("발표회 이름").fill("창의연구 발표회")
    planner.get_by_label("일시").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    planner.get_by_label("장소").fill("구청 대강당")
    planner.get_by_role("button", name="발표회 정하기").click()
    planner.get_by_label("발표할 연구 보고서").select_option(label="쉬운말연구회 — 쉬운 안내문 만들기")
    planner.get_by_role("button", name="순서 끝에 더하기").click()
    assert "발표 과제를 더했습니다" in planner.locator(".gd-messages").inner_text()
    planner.get_by_label("개최 결과(선택)").fill("직원 60명 참석")
    planner.get_by_role("button", name="개최 완료로 기록").click()
    assert "개최 완료" in planner.locator("main").inner_text()
    assert "쉬운 안내문 만들기" in planner.locator("main").inner_text()
    _checks(planner)
    screenshot(planner, "presentation-held-phone")


def test_the_planner_opens_a_campaign_and_lands_on_its_progress(office, authenticated_page, live_server):
    page = authenticated_page(office.planner.user, phone=True)
    page.goto(f"{live_server.url}/campaigns/")
    assert "지금 진행 중인 공모가 없습니다" in page.locator("main").inner_text()
    page.get_by_role("link", name="새 공모 열기").click()
    _checks(page)
    screenshot(page, "campaign-new-phone")
    today = timezone.localdate()
    page.get_by_label("공모 이름").fill(f"{today.year}년 1직원 1제안")
    page.get_by_label("시작일").fill(today.replace(month=1, day=1).isoformat())
    page.get_by_label("종료일").fill(today.replace(month=12, day=31).isoformat())
    page.get_by_label("1인당 목표 제안 수").fill("0")
    page.get_by_role("button", name="공모 열기").click()
    # count() does not wait: wait for the refused form to come back before reading it
    page.get_by_text(re.compile("1건? 이상")).first.wait_for()
    page.get_by_label("1인당 목표 제안 수").fill("1")
    page.get_by_label("대상 부서").select_option(label="행정국")
    page.get_by_role("button", name="공모 열기").click()
    assert "공모를 열었습니다" in page.locator(".gd-messages").inner_text()
    assert page.get_by_role("table", name="과별 참여율 순위").is_visible()
    assert "행정국" in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/campaigns/")
    assert page.get_by_role("link", name="진행 상황 보기").is_visible()
    _checks(page)
    screenshot(page, "campaign-list-phone")
