"""정책화 on a phone (360 px): the planner starts an adopted proposal, adds a milestone and a
measure and records a value; the mayor then sees it in /policy/. Readable, keyboard-usable,
nothing from elsewhere."""

import datetime as dt

from django.utils import timezone

from gamdong.policy.models import Implementation
from tests.browser.harness import (
    assert_no_csp_violations,
    assert_no_external_requests,
    assert_no_serious_axe_violations,
    screenshot,
    tab_until,
)
from tests.complaints.conftest import district, file_complaint  # noqa: F401 - fixtures
from tests.policy.conftest import town  # noqa: F401 - fixture


def _fits(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_planner_starts_and_measures_then_the_mayor_sees_it(town, file_complaint, authenticated_page,  # noqa: F811
                                                           live_server):
    evidence = [file_complaint(town.base.pothole, when=timezone.now() - dt.timedelta(days=d), dong="감동1동")
                for d in (20, 45, 70)]
    proposal = town.adopt(title="포트홀 신고 즉시 보수 기동반", complaints=evidence)

    page = authenticated_page(town.planner.user, phone=True)
    page.goto(live_server.url + "/policy/")
    assert "정책화를 기다리는 채택 제안" in page.content()
    tab_until(page, f"a[href='/policy/start/{proposal.pk}/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "정책화 착수" in page.locator("h1").inner_text()
    assert _fits(page)
    assert_no_serious_axe_violations(page)
    screenshot(page, "policy-start-phone")
    page.get_by_label("담당자(선택)").select_option(str(town.base.officer.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="착수").click()

    impl = Implementation.objects.get(proposal=proposal)
    assert page.url.endswith(f"/policy/{impl.pk}/")
    assert "포트홀 신고 즉시 보수 기동반" in page.locator("h1").inner_text()

    page.get_by_text("추진 단계 추가", exact=True).click()
    milestone_form = page.locator(f"form[action='/policy/{impl.pk}/milestones/']")
    milestone_form.get_by_label("추진 단계").fill("기동반 2개 팀 구성")
    milestone_form.get_by_label("완료 예정일").fill((timezone.localdate() + dt.timedelta(days=30)).isoformat())
    with page.expect_navigation():
        milestone_form.get_by_role("button", name="단계 추가").click()
    assert "기동반 2개 팀 구성" in page.locator("#milestones").inner_text()

    page.get_by_text("성과 지표 추가", exact=True).click()
    measure_form = page.locator(f"form[action='/policy/{impl.pk}/measures/']")
    measure_form.get_by_label("지표 이름").fill("포트홀 보수 소요일")
    measure_form.get_by_label("단위").fill("일")
    measure_form.get_by_label("기준값").fill("5")
    measure_form.get_by_label("목표값").fill("1")
    measure_form.get_by_label("방향").select_option("lower")
    with page.expect_navigation():
        measure_form.get_by_role("button", name="지표 추가").click()

    measure = impl.measures.get(name="포트홀 보수 소요일")
    card = page.locator(f"#measure-{measure.pk}")
    card.locator("summary").click()
    card.get_by_role("spinbutton", name="측정값").fill("2")
    with page.expect_navigation():
        card.get_by_role("button", name="기록").click()
    card = page.locator(f"#measure-{measure.pk}")
    assert "달성 75%" in card.inner_text()
    assert card.locator("svg[role=img] rect").count() == 3  # baseline, the value, target
    assert card.locator("table").inner_text().count("2") >= 1
    auto = page.locator("article.gd-measure").first
    assert "민원 건수(자동)" in auto.inner_text() and "3" in auto.locator("table").inner_text()
    assert _fits(page)
    assert_no_serious_axe_violations(page)
    assert_no_external_requests(page)
    assert_no_csp_violations(page)
    screenshot(page, "policy-implementation-phone")

    mayor = authenticated_page(town.mayor, phone=True)
    mayor.goto(live_server.url + "/policy/")
    item = mayor.locator("li.gd-policy-item").first
    assert "포트홀 신고 즉시 보수 기동반" in item.inner_text()
    assert "포트홀 보수 소요일" in item.inner_text() and "달성 75%" in item.inner_text()
    assert "정책화를 기다리는 채택 제안" not in mayor.content()
    assert _fits(mayor)
    assert_no_serious_axe_violations(mayor)
    assert_no_external_requests(mayor)
    assert_no_csp_violations(mayor)
    screenshot(mayor, "policy-list-mayor-phone")

    mayor.goto(live_server.url + f"/policy/report/{timezone.localdate().year}/")
    assert "제안 운영 보고" in mayor.locator("h1").inner_text()
    assert _fits(mayor)
    assert_no_serious_axe_violations(mayor)
    screenshot(mayor, "policy-report-mayor-phone")
