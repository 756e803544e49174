"""1직원 1제안 campaigns: opening and changing them, and who sees what of their progress."""

import datetime as dt
import json
import random

import pytest

from gamdong.core.events import EventType
from gamdong.core.models import Event
from gamdong.ideas import campaign_rules as rules
from gamdong.ideas import selectors_campaigns as selectors
from gamdong.ideas import services_campaigns as services
from gamdong.ideas.models import Campaign, CampaignKind, ProposalStatus
from gamdong.org import services as org
from tests.ideas.campaign_district import office_fixture, propose, seoul  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(office):
    return services.campaign_open(
        actor=office.planner.user, title="2026년 1직원 1제안", starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31), target_per_employee=1,
    )


def _client(client, user):
    client.force_login(user)
    return client


# --- opening and changing ------------------------------------------------------------------


def test_the_planner_opens_a_campaign_and_the_event_records_it(office):
    c = services.campaign_open(actor=office.planner.user, title="상반기 1직원 1제안", starts_on=dt.date(2026, 1, 1),
                               ends_on=dt.date(2026, 6, 30), target_per_employee=2, departments=[office.general])
    event = Event.objects.get(event_type=EventType.CAMPAIGN_OPENED, subject_id=str(c.pk))
    assert event.actor == office.planner.user
    assert event.after["target_per_employee"] == 2 and event.after["departments"] == [office.general.pk]


def test_an_officer_cannot_open_a_campaign(office):
    with pytest.raises(services.CampaignNotAllowed):
        services.campaign_open(actor=office.user("김총무"), title="x", starts_on=dt.date(2026, 1, 1),
                               ends_on=dt.date(2026, 2, 1))
    assert not Campaign.objects.exists()


@pytest.mark.parametrize(("changes", "field"), [
    ({"target_per_employee": 0}, "target_per_employee"),
    ({"ends_on": dt.date(2025, 12, 31)}, "ends_on"),
    ({"title": "  "}, "title"),
    ({"kind": CampaignKind.THEMED_CALL, "theme": ""}, "theme"),
])
def test_a_campaign_needs_a_target_of_at_least_one_a_real_period_a_name_and_a_call_needs_a_theme(
        office, changes, field):
    data = {"title": "1직원 1제안", "starts_on": dt.date(2026, 1, 1), "ends_on": dt.date(2026, 12, 31),
            "target_per_employee": 1, **changes}
    with pytest.raises(services.CampaignError) as caught:
        services.campaign_open(actor=office.planner.user, **data)
    assert caught.value.field == field and caught.value.status == 400
    assert not Campaign.objects.exists()


def test_changing_a_campaign_records_before_and_after(office, campaign):
    seen = services.fingerprint(campaign)
    services.campaign_change(actor=office.planner.user, campaign=campaign, seen=seen, target_per_employee=2)
    event = Event.objects.get(event_type=EventType.CAMPAIGN_CHANGED)
    assert event.before == {"target_per_employee": 1} and event.after == {"target_per_employee": 2}


def test_a_change_made_on_a_stale_page_is_refused_with_409_and_changes_nothing(office, campaign):
    seen = services.fingerprint(campaign)
    services.campaign_change(actor=office.planner.user, campaign=campaign, seen=seen, title="새 이름")
    with pytest.raises(services.CampaignConflict):
        services.campaign_change(actor=office.planner.user, campaign=campaign, seen=seen, target_per_employee=3)
    campaign.refresh_from_db()
    assert campaign.title == "새 이름" and campaign.target_per_employee == 1


def test_the_edit_page_shows_the_conflict_in_korean(client, office, campaign):
    c = _client(client, office.planner.user)
    form = {"kind": "one_each", "title": "A", "theme": "", "starts_on": "2026-01-01", "ends_on": "2026-12-31",
            "target_per_employee": "1", "seen": "stale"}
    response = c.post(f"/campaigns/{campaign.pk}/edit/", form)
    assert response.status_code == 409
    assert "다른 사람이 먼저" in response.content.decode()


def test_the_planner_opens_a_campaign_from_the_page(client, office):
    c = _client(client, office.planner.user)
    assert c.get("/campaigns/new/").status_code == 200
    response = c.post("/campaigns/new/", {"kind": "one_each", "title": "2026년 1직원 1제안", "starts_on": "2026-01-01",
                                           "ends_on": "2026-12-31", "target_per_employee": "1"})
    assert response.status_code == 302
    bad = c.post("/campaigns/new/", {"kind": "one_each", "title": "x", "starts_on": "2026-03-01",
                                      "ends_on": "2026-02-01", "target_per_employee": "1"})
    assert bad.status_code == 400 and "종료일은 시작일과 같거나" in bad.content.decode()
    assert _client(client, office.user("김총무")).get("/campaigns/new/").status_code == 403


# --- the counting rule against the database ---------------------------------------------------


def test_counting_rule_lead_and_co_proposers_count_drafts_withdrawn_and_outside_the_period_do_not(
        office, campaign):
    kim, lee, park = office.user("김총무"), office.user("이서무"), office.user("박인사")
    propose(kim, when=seoul(2026, 3, 2, 9), co=[lee])
    propose(park, status=ProposalStatus.DRAFT)
    propose(park, when=seoul(2026, 4, 1, 9), status=ProposalStatus.WITHDRAWN)
    propose(park, when=seoul(2025, 12, 31, 23, 59))
    propose(park, when=seoul(2027, 1, 1, 0, 0))
    assert selectors.own_progress(campaign, user=kim).count == 1
    assert selectors.own_progress(campaign, user=lee).count == 1  # the co-proposer counts too
    own = selectors.own_progress(campaign, user=park)
    assert own.count == 0 and not own.met
    propose(park, when=seoul(2026, 12, 31, 23, 59), status=ProposalStatus.REJECTED)
    assert selectors.own_progress(campaign, user=park).met  # taking part counts, whatever the decision


def test_the_database_count_agrees_with_the_pure_rule_on_random_proposals(office, campaign):
    rng = random.Random(7)
    users = [e.user for e in office.staff.values()]
    statuses = [s for s in ProposalStatus.values]
    facts = []
    for _ in range(60):
        lead = rng.choice(users)
        co = rng.sample([u for u in users if u != lead], k=rng.choice((0, 0, 1, 2)))
        when = seoul(2026, 1, 1) + dt.timedelta(hours=rng.randint(-24 * 40, 24 * 400))
        p = propose(lead, when=when, status=rng.choice(statuses), co=co)
        facts.append(rules.ProposalFact(p.status, p.submitted_at, lead.pk, tuple(u.pk for u in co)))
    start, end = selectors.campaign_period(campaign)
    for user in users:
        assert selectors.own_progress(campaign, user=user).count == rules.person_count(user.pk, facts, start, end)
    office_view = selectors.office_progress(campaign)
    proposers = {u.pk for u in users if rules.person_count(u.pk, facts, start, end) > 0}
    assert office_view.total.proposers == len(proposers)
    assert office_view.total.staff == len(users)


def test_a_themed_call_counts_only_the_proposals_that_answer_it(office):
    call = services.campaign_open(actor=office.planner.user, kind=CampaignKind.THEMED_CALL, title="탄소중립 공모",
                                  theme="탄소중립 아이디어", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31))
    kim = office.user("김총무")
    propose(kim, when=seoul(2026, 5, 1, 10))
    assert selectors.own_progress(call, user=kim).count == 0
    propose(kim, when=seoul(2026, 5, 2, 10), campaign=call)
    assert selectors.own_progress(call, user=kim).count == 1


def test_eligible_staff_are_the_active_employees_of_the_target_subtrees_now(office):
    c = services.campaign_open(actor=office.planner.user, title="행정국 1직원 1제안", starts_on=dt.date(2026, 1, 1),
                               ends_on=dt.date(2026, 12, 31), departments=[office.general])
    names = lambda: {e.user.name for e in selectors.eligible_staff(c).select_related("user")}  # noqa: E731
    assert names() == {"김총무", "이서무", "박인사", "조과장"}
    org.employee_move(actor=None, employee=office.staff["한복지"], department=office.hr_team)
    org.employee_change(actor=None, employee=office.staff["이서무"], active=False)
    assert names() == {"김총무", "박인사", "조과장", "한복지"}
    assert not selectors.own_progress(c, user=office.user("최회계")).eligible


# --- who sees what ----------------------------------------------------------------------------


def test_every_employee_sees_their_own_progress_and_a_link_to_write_one(client, office, campaign):
    kim = office.user("김총무")
    propose(kim, when=seoul(2026, 3, 2, 9), title="복사용지 절약 방안")
    page = _client(client, kim).get(f"/campaigns/{campaign.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "나의 진행 상황" in html and "복사용지 절약 방안" in html and "목표 달성" in html
    assert f"/ideas/proposals/new/?campaign={campaign.pk}" in html
    assert "아직 제안하지 않은 직원" not in html and "구청 전체 진행 상황" not in html


def test_non_proposers_list_is_visible_to_the_supervisor_only_for_their_own_subtree(client, office, campaign):  # noqa: E501
    propose(office.user("김총무"), when=seoul(2026, 3, 2, 9))
    html = _client(client, office.supervisor.user).get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "아직 제안하지 않은 직원 (3명)" in html
    not_yet = html.split("아직 제안하지 않은 직원 (3명)")[1]
    for name in ("이서무", "박인사", "조과장"):
        assert name in not_yet
    for name in ("김총무", "최회계", "한복지"):
        assert name not in not_yet
    assert "총무팀" in html and "인사팀" in html


def test_the_mayor_sees_rates_and_ranking_per_bureau_and_division_but_no_names(client, office, campaign):
    propose(office.user("김총무"), when=seoul(2026, 3, 2, 9))
    propose(office.user("한복지"), when=seoul(2026, 3, 3, 9))
    propose(office.user("윤돌봄"), when=seoul(2026, 3, 4, 9))
    html = _client(client, office.mayor).get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "구청 전체 진행 상황" in html and "복지국" in html and "66.7%" in html
    assert "아직 제안하지 않은 직원" not in html
    for name in ("이서무", "박인사", "최회계", "강나눔"):
        assert name not in html
    office_view = selectors.office_progress(campaign)
    assert [(u.department.name, u.rank) for u in office_view.bureaus] == [("복지국", 1), ("행정국", 2)]


def test_a_resident_gets_403_on_pages_and_api(client, office, campaign):
    c = _client(client, office.resident)
    assert c.get("/campaigns/").status_code == 403
    assert c.get(f"/campaigns/{campaign.pk}/").status_code == 403
    response = c.get(f"/api/v1/campaigns/{campaign.pk}/progress")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_the_list_puts_the_running_campaign_first(client, office, campaign):
    services.campaign_open(actor=office.planner.user, title="2025년 1직원 1제안", starts_on=dt.date(2025, 1, 1),
                           ends_on=dt.date(2025, 12, 31))
    from django.utils import timezone

    today = timezone.localdate()
    running = services.campaign_open(actor=office.planner.user, title="진행 중인 공모",
                                     starts_on=today - dt.timedelta(days=10), ends_on=today + dt.timedelta(days=10))
    html = _client(client, office.user("김총무")).get("/campaigns/").content.decode()
    assert html.index("진행 중인 공모") < html.index("2025년 1직원 1제안")
    assert f"/campaigns/{running.pk}/" in html


# --- a fixed number of queries, however many proposals ------------------------------------------


def _progress_queries(client, user, campaign, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(f"/campaigns/{campaign.pk}/")
    assert response.status_code == 200


def test_the_progress_page_makes_a_fixed_number_of_queries(client, office, campaign,
                                                           django_assert_max_num_queries):
    """Supervisor who is also the planner: own, department and office sections all at once."""
    from gamdong.accounts.models import Role

    org.role_grant(actor=None, user=office.supervisor.user, role=Role.PLANNER)
    c = _client(client, office.supervisor.user)
    _progress_queries(c, office.supervisor.user, campaign, django_assert_max_num_queries, 12)
    users = [e.user for e in office.staff.values()]
    for i in range(120):
        propose(users[i % len(users)], when=seoul(2026, 2, 1 + i % 27, 9), co=[users[(i + 3) % len(users)]])
    _progress_queries(c, office.supervisor.user, campaign, django_assert_max_num_queries, 12)


# --- the API -----------------------------------------------------------------------------------


def test_the_api_opens_changes_and_reads_campaigns_with_the_same_rules(client, office):
    c = _client(client, office.planner.user)
    created = c.post("/api/v1/campaigns/", json.dumps({
        "title": "2026년 1직원 1제안", "starts_on": "2026-01-01", "ends_on": "2026-12-31", "target_per_employee": 1,
        "department_ids": [office.admin_bureau.pk]}), content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    changed = c.patch(f"/api/v1/campaigns/{body['id']}", json.dumps({"seen": body["fingerprint"],
                                                                     "target_per_employee": 2}),
                      content_type="application/json")
    assert changed.status_code == 200 and changed.json()["target_per_employee"] == 2
    stale = c.patch(f"/api/v1/campaigns/{body['id']}", json.dumps({"seen": body["fingerprint"], "title": "x"}),
                    content_type="application/json")
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    bad = c.post("/api/v1/campaigns/", json.dumps({"title": "x", "starts_on": "2026-01-01", "ends_on": "2026-12-31",
                                                   "target_per_employee": 0}), content_type="application/json")
    assert bad.status_code == 400 and bad.json()["field"] == "target_per_employee"
    officer = _client(client, office.user("김총무"))
    denied = officer.post("/api/v1/campaigns/", json.dumps({"title": "x", "starts_on": "2026-01-01",
                                                            "ends_on": "2026-12-31"}), content_type="application/json")
    assert denied.status_code == 403
    assert officer.get("/api/v1/campaigns/").json()[0]["title"] == "2026년 1직원 1제안"


def test_api_progress_answers_what_the_caller_may_see(client, office, campaign):
    propose(office.user("김총무"), when=seoul(2026, 3, 2, 9))
    officer = _client(client, office.user("김총무")).get(f"/api/v1/campaigns/{campaign.pk}/progress").json()
    assert officer["own"]["count"] == 1 and officer["departments"] == [] and officer["office"] is None
    supervisor = _client(client, office.supervisor.user).get(f"/api/v1/campaigns/{campaign.pk}/progress").json()
    assert {p["name"] for p in supervisor["departments"][0]["not_yet_proposed"]} == {"이서무", "박인사", "조과장"}
    mayor = _client(client, office.mayor).get(f"/api/v1/campaigns/{campaign.pk}/progress").json()
    assert mayor["departments"] == [] and mayor["office"]["total"]["proposers"] == 1
    assert "이서무" not in json.dumps(mayor, ensure_ascii=False)


def test_a_supervisor_outside_the_target_departments_sees_no_team_table(client, office):
    c = services.campaign_open(actor=office.planner.user, title="복지국 1직원 1제안", starts_on=dt.date(2026, 1, 1),
                               ends_on=dt.date(2026, 12, 31), departments=[office.welfare_bureau])
    html = _client(client, office.supervisor.user).get(f"/campaigns/{c.pk}/").content.decode()
    assert "총무과 진행 상황" not in html and "이 공모의 대상 부서에 속하지 않습니다" in html
