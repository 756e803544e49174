"""The /policy/ pages: every implementation visible to all staff, overdue first; the forms of
the owner and the planner; the annual report and its .xlsx; a fixed number of queries."""

import datetime as dt
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from gamdong.ideas.models import ProposalKind
from gamdong.policy import rules, services
from gamdong.policy.models import Implementation, MeasureValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client):
    def as_(user):
        client.force_login(user)
        return client

    return as_


def started(town, title="포트홀 기동반", decided_days_ago=10, **kw):
    proposal = town.adopt(title=title, decided=timezone.now() - dt.timedelta(days=decided_days_ago), **kw)
    return services.implementation_start(proposal=proposal, owner_department=town.base.roads,
                                         actor=town.planner.user)


def test_residents_get_403_and_visitors_are_sent_to_log_in(town, client, login):
    assert client.get("/policy/").status_code == 302
    assert login(town.base.resident).get("/policy/").status_code == 403


def test_every_staff_member_sees_every_implementation_overdue_first(town, login):
    """Accountability: the mayor and every department see status, progress and overdue checks."""
    fresh = started(town, title="새 과제", decided_days_ago=5)
    late = started(town, title="점검 밀린 과제", decided_days_ago=200)
    for user in (town.mayor, town.base.park_officer.user, town.base.officer.user):
        html = login(user).get("/policy/").content.decode()
        assert "점검 밀린 과제" in html and "새 과제" in html
        assert html.index("점검 밀린 과제") < html.index("새 과제")
        assert "점검 기한 경과 2회" in html
    assert fresh.pk != late.pk


def test_the_list_filters_by_department_and_status(town, login):
    started(town, title="도로과 과제")
    other = town.adopt(title="공원 과제")
    services.implementation_start(proposal=other, owner_department=town.base.parks, actor=town.planner.user)
    client = login(town.mayor)
    html = client.get(f"/policy/?department={town.base.parks.pk}").content.decode()
    assert "공원 과제" in html and "도로과 과제" not in html
    html = client.get("/policy/?status=completed").content.decode()
    assert "조건에 맞는 정책화 과제가 없습니다" in html


def test_the_list_reads_a_fixed_number_of_queries(town, login, django_assert_max_num_queries):
    for i in range(6):
        impl = started(town, title=f"과제 {i}", decided_days_ago=10 + 40 * i)
        measure = services.measure_define(implementation=impl, name="소요일", unit="일", baseline=10, target=2,
                                          direction="lower", actor=town.planner.user)
        services.measure_value_record(measure=measure, measured_on=timezone.localdate(), value=5,
                                      actor=town.planner.user)
    client = login(town.planner.user)
    client.get("/policy/")
    with django_assert_max_num_queries(11):
        response = client.get("/policy/")
    assert response.content.decode().count('class="gd-policy-item"') == 6


def test_the_planner_starts_from_the_waiting_list(town, login):
    proposal = town.adopt(title="기다리는 제안")
    client = login(town.planner.user)
    assert "기다리는 제안" in client.get("/policy/").content.decode()
    form = client.get(f"/policy/start/{proposal.pk}/")
    assert form.status_code == 200 and "정책화 착수" in form.content.decode()
    response = client.post(f"/policy/start/{proposal.pk}/", {
        "owner_department": town.base.roads.pk, "responsible": town.base.officer.pk,
        "started_on": timezone.localdate().isoformat()})
    impl = Implementation.objects.get(proposal=proposal)
    assert response.status_code == 302 and response["Location"] == f"/policy/{impl.pk}/"
    again = client.post(f"/policy/start/{proposal.pk}/", {
        "owner_department": town.base.roads.pk, "started_on": timezone.localdate().isoformat()})
    assert again.status_code == 302 and again["Location"] == f"/policy/{impl.pk}/"  # started once: shown, not redone
    assert Implementation.objects.filter(proposal=proposal).count() == 1


def test_an_officer_cannot_open_the_start_form(town, login):
    proposal = town.adopt()
    assert login(town.base.officer.user).get(f"/policy/start/{proposal.pk}/").status_code == 403


def test_the_owner_records_milestone_measure_value_and_check_on_the_page(town, login, file_complaint):
    evidence = [file_complaint(town.base.pothole, when=timezone.now() - dt.timedelta(days=40), dong="감동1동")]
    impl = started(town, complaints=evidence)
    client = login(town.base.supervisor.user)  # heads the owner department
    page = client.get(f"/policy/{impl.pk}/").content.decode()
    assert "분기 추진상황 점검" in page and evidence[0].receipt_number in page and "<svg" in page

    assert client.post(f"/policy/{impl.pk}/milestones/", {"ms-title": "기동반 구성",
                                                          "ms-due_on": "2026-12-31"}).status_code == 302
    assert client.post(f"/policy/{impl.pk}/measures/", {
        "me-name": "보수 소요일", "me-unit": "일", "me-baseline": "5", "me-target": "1",
        "me-direction": "lower"}).status_code == 302
    measure = impl.measures.get(name="보수 소요일")
    today = timezone.localdate().isoformat()
    assert client.post(f"/policy/measures/{measure.pk}/values/", {
        f"v{measure.pk}-measured_on": today, f"v{measure.pk}-value": "3"}).status_code == 302
    check = impl.checks.get(number=1)
    assert client.post(f"/policy/checks/{check.pk}/", {f"c{check.pk}-progress_summary": "기동반 운영 시작"}
                       ).status_code == 302
    page = client.get(f"/policy/{impl.pk}/").content.decode()
    assert "기동반 구성" in page and "보수 소요일" in page and "기동반 운영 시작" in page
    assert "달성 50%" in page
    assert MeasureValue.objects.filter(measure=measure).count() == 1


def test_a_wrong_form_shows_the_message_next_to_the_field_with_400(town, login):
    impl = started(town)
    client = login(town.planner.user)
    response = client.post(f"/policy/{impl.pk}/measures/", {
        "me-name": "소요일", "me-unit": "일", "me-baseline": "5", "me-target": "9", "me-direction": "lower"})
    assert response.status_code == 400
    assert "기준값 이하여야" in response.content.decode()


def test_a_stale_form_is_refused_with_409(town, login):
    impl = started(town)
    client = login(town.planner.user)
    data = {"up-version": 1, "up-status": "in_progress", "up-progress_percent": 20,
            "up-owner_department": town.base.roads.pk,
            "up-effect_from": impl.effect_from.isoformat()}
    assert client.post(f"/policy/{impl.pk}/update/", data).status_code == 302
    data["up-progress_percent"] = 40
    response = client.post(f"/policy/{impl.pk}/update/", data)
    assert response.status_code == 409 and "다른 사람이 먼저" in response.content.decode()


def test_the_mayor_reads_the_page_but_sees_no_forms(town, login):
    impl = started(town)
    html = login(town.mayor).get(f"/policy/{impl.pk}/").content.decode()
    assert "추진 상황 바꾸기" not in html and "추진 단계 추가" not in html
    assert login(town.mayor).post(f"/policy/{impl.pk}/milestones/", {"ms-title": "x", "ms-due_on": "2026-12-01"}
                                  ).status_code == 403


def test_the_implementation_page_reads_a_fixed_number_of_queries(town, login, file_complaint,
                                                                 django_assert_max_num_queries):
    evidence = [file_complaint(town.base.pothole, when=timezone.now() - dt.timedelta(days=40), dong="감동1동")
                for _ in range(3)]
    impl = started(town, complaints=evidence)
    for i in range(4):
        services.milestone_add(implementation=impl, title=f"단계 {i}", due_on=timezone.localdate(),
                               actor=town.planner.user)
        measure = services.measure_define(implementation=impl, name=f"지표 {i}", unit="건", baseline=1, target=9,
                                          direction="higher", actor=town.planner.user)
        services.measure_value_record(measure=measure, measured_on=timezone.localdate(), value=i,
                                      actor=town.planner.user)
    client = login(town.planner.user)
    client.get(f"/policy/{impl.pk}/")
    with django_assert_max_num_queries(12):
        assert client.get(f"/policy/{impl.pk}/").status_code == 200


def test_the_annual_report_counts_the_year_and_downloads_as_xlsx(town, login):
    """DOMAIN §2: the annual report (due by 31 January) counts proposals by kind, adopted,
    implemented, awards and graded results, per department."""
    year = timezone.localdate().year
    started(town, title="올해 채택", award_krw=500_000)
    town.adopt(title="주민 제안", kind=ProposalKind.CITIZEN)
    client = login(town.planner.user)
    page = client.get(f"/policy/report/{year}/")
    html = page.content.decode()
    assert page.status_code == 200 and f"{year + 1}년 1월 31일" in html
    assert "500,000원" in html and "도로관리팀" in html and "도로과" in html
    download = client.get(f"/policy/report/{year}.xlsx")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(download.content))
    summary = {row[0]: row[1] for row in book["요약"].iter_rows(values_only=True) if row and row[0]}
    assert summary["접수 제안"] == 2 and summary["정책화 착수"] == 1 and summary["시상금(원)"] == 500_000
    assert client.get(f"/policy/report/{year + 5}/").status_code == 404
    assert login(town.base.officer.user).get(f"/policy/report/{year}/").status_code == 403


def test_moving_the_implementation_to_another_department_needs_a_responsible_there(town, login):
    impl = started(town)
    client = login(town.planner.user)
    base = {"up-version": 1, "up-status": "in_progress", "up-progress_percent": 10,
            "up-effect_from": impl.effect_from.isoformat(), "up-owner_department": town.base.parks.pk}
    refused = client.post(f"/policy/{impl.pk}/update/", {**base, "up-responsible": town.base.officer.pk})
    assert refused.status_code == 400 and "추진 부서(또는 그 하위 부서) 직원" in refused.content.decode()
    moved = client.post(f"/policy/{impl.pk}/update/", {**base, "up-responsible": town.base.park_officer.pk})
    assert moved.status_code == 302
    impl.refresh_from_db()
    assert impl.owner_department == town.base.parks and impl.responsible == town.base.park_officer


def test_the_home_page_offers_the_policy_pages_to_staff_and_the_report_to_planner_and_mayor(town, login):
    year = rules.annual_report_year(timezone.localdate(), due="01-31")
    planner_home = login(town.planner.user).get("/").content.decode()
    assert 'href="/policy/"' in planner_home and f'href="/policy/report/{year}/"' in planner_home
    officer_home = login(town.base.officer.user).get("/").content.decode()
    assert 'href="/policy/"' in officer_home and "/policy/report/" not in officer_home
    mayor_home = login(town.mayor).get("/").content.decode()
    assert f'href="/policy/report/{year}/"' in mayor_home
