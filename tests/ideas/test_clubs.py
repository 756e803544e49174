"""창의연구 동아리 and 발표회: forming clubs, members, meetings, reports with files, presentations."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gamdong.core.events import EventType
from gamdong.core.models import Event, Notification
from gamdong.ideas import services_clubs as services
from gamdong.ideas.models import Club, ClubMembership, ClubReport, ClubStatus, PresentationStatus
from tests.ideas.campaign_district import office_fixture, propose  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def club(office):
    this_year = timezone.localdate().year
    return services.club_form(actor=office.user("김총무"), name="민원서식연구회", theme="민원 서식을 쉽게", year=this_year,
                              leader=office.staff["김총무"], members=[office.staff["이서무"], office.staff["한복지"]])


def _client(client, user):
    client.force_login(user)
    return client


def _files(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- forming a club and its members ---------------------------------------------------------------


def test_a_staff_member_forms_a_club_as_its_leader_and_each_member_is_told(office, club):
    assert {(m.employee.user.name, m.role) for m in club.memberships.select_related("employee__user")} == {
        ("김총무", "leader"), ("이서무", "member"), ("한복지", "member")}
    assert Event.objects.filter(event_type=EventType.CLUB_FORMED, subject_id=str(club.pk)).count() == 1
    assert Event.objects.filter(event_type=EventType.CLUB_MEMBER_JOINED, subject_id=str(club.pk)).count() == 2
    told = Notification.objects.filter(template="club_member_added")
    assert {n.recipient.name for n in told} == {"이서무"}  # 한복지 has no address; the leader formed it
    assert "민원서식연구회" in told.get().body


def test_only_the_planner_may_name_someone_else_leader(office):
    with pytest.raises(services.ClubNotAllowed):
        services.club_form(actor=office.user("이서무"), name="x", theme="y", year=timezone.localdate().year,
                           leader=office.staff["김총무"])
    club = services.club_form(actor=office.planner.user, name="x", theme="y", year=timezone.localdate().year,
                              leader=office.staff["김총무"])
    assert club.memberships.get().employee == office.staff["김총무"]


def test_two_clubs_of_one_year_cannot_share_a_name(office, club):
    with pytest.raises(services.ClubConflict):
        services.club_form(actor=office.user("박인사"), name="민원서식연구회", theme="다른 주제", year=club.year,
                           leader=office.staff["박인사"])


def test_staff_join_and_leave_but_the_leader_stays(office, club):
    services.club_join(actor=office.user("박인사"), club=club)
    with pytest.raises(services.ClubConflict):
        services.club_join(actor=office.user("박인사"), club=club)
    services.club_remove_member(actor=office.user("박인사"), club=club, employee=office.staff["박인사"])
    assert not ClubMembership.objects.filter(club=club, employee=office.staff["박인사"]).exists()
    with pytest.raises(services.ClubConflict):
        services.club_remove_member(actor=office.user("김총무"), club=club, employee=office.staff["김총무"])
    assert Event.objects.filter(event_type=EventType.CLUB_MEMBER_LEFT).count() == 1


def test_only_the_leader_or_the_planner_adds_and_removes_others(office, club):
    with pytest.raises(services.ClubNotAllowed):
        services.club_add_member(actor=office.user("이서무"), club=club, employee=office.staff["박인사"])
    with pytest.raises(services.ClubNotAllowed):
        services.club_remove_member(actor=office.user("이서무"), club=club, employee=office.staff["한복지"])
    services.club_add_member(actor=office.user("김총무"), club=club, employee=office.staff["박인사"])
    assert Notification.objects.filter(template="club_member_added", recipient=office.user("박인사")).exists()
    services.club_remove_member(actor=office.planner.user, club=club, employee=office.staff["박인사"])


# --- meetings and reports --------------------------------------------------------------------------


def test_a_member_records_a_meeting_with_attendees_from_the_members(office, club):
    held = timezone.now() - dt.timedelta(days=1)
    meeting = services.club_record_meeting(actor=office.user("이서무"), club=club, held_at=held, place="3층 회의실",
                                           minutes="서식 20종을 검토했다.",
                                           attendees=[office.staff["김총무"], office.staff["이서무"]])
    assert {a.user.name for a in meeting.attendees.select_related("user")} == {"김총무", "이서무"}
    assert Event.objects.filter(event_type=EventType.CLUB_MEETING_RECORDED).count() == 1
    with pytest.raises(services.ClubError) as caught:
        services.club_record_meeting(actor=office.user("이서무"), club=club, held_at=held, place="회의실",
                                     minutes="x", attendees=[office.staff["박인사"]])
    assert caught.value.field == "attendees"
    with pytest.raises(services.ClubError):
        services.club_record_meeting(actor=office.user("이서무"), club=club,
                                     held_at=timezone.now() + dt.timedelta(days=2), place="회의실", minutes="x")
    with pytest.raises(services.ClubNotAllowed):
        services.club_record_meeting(actor=office.user("박인사"), club=club, held_at=held, place="회의실", minutes="x")


def test_a_report_with_a_pdf_is_stored_and_downloadable_by_any_staff(client, office, club, _media):
    report = services.club_submit_report(actor=office.user("김총무"), club=club, title="민원서식 개선 연구",
                                         summary="요약", findings="결과",
                                         file=SimpleUploadedFile("보고서.pdf", PDF, "application/pdf"))
    assert report.file and len(_files(_media)) == 1
    response = _client(client, office.user("최회계")).get(f"/clubs/reports/{report.pk}/file/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("report.exe", b"MZ\x90\x00", "PDF, 한글"),
    ("report.pdf", b"PK\x03\x04 not a pdf", "확장자와 내용이 맞지 않는"),
    ("report.pdf", b"", "빈 파일"),
])
def test_a_bad_report_file_gets_a_clear_korean_400_and_nothing_is_stored(client, office, club, _media, name,
                                                                         content, message):
    c = _client(client, office.user("김총무"))
    response = c.post(f"/clubs/{club.pk}/reports/", {
        "report-title": "제목", "report-summary": "요약", "report-findings": "결과",
        "report-file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ClubReport.objects.exists() and _files(_media) == []


def test_a_report_file_over_the_size_limit_is_refused(office, club, _media, monkeypatch):
    monkeypatch.setattr(services, "MAX_REPORT_BYTES", 10)
    with pytest.raises(services.ClubError) as caught:
        services.club_submit_report(actor=office.user("김총무"), club=club, title="t", summary="s", findings="f",
                                    file=SimpleUploadedFile("r.pdf", PDF))
    assert caught.value.code == "file_too_large" and not ClubReport.objects.exists() and _files(_media) == []


# --- presentations --------------------------------------------------------------------------------


def _report(office, club, title="민원서식 개선 연구", by="김총무"):
    return services.club_submit_report(actor=office.user(by), club=club, title=title, summary="요약",
                                       findings="결과")


def test_the_planner_schedules_a_presentation_adds_reports_in_order_and_holds_it(office, club):
    other = services.club_form(actor=office.user("최회계"), name="예산절감연구회", theme="예산", year=club.year,
                               leader=office.staff["최회계"])
    first, second = _report(office, club), _report(office, other, "예산 절감 사례", by="최회계")
    p = services.presentation_schedule(actor=office.planner.user, title="2026 창의연구 발표회",
                                       held_at=timezone.now() + dt.timedelta(days=3), place="대강당")
    services.presentation_add_report(actor=office.planner.user, presentation=p, report=first)
    services.presentation_add_report(actor=office.planner.user, presentation=p, report=second)
    assert list(p.reports.order_by("presentation_order").values_list("title", "presentation_order")) == [
        ("민원서식 개선 연구", 1), ("예산 절감 사례", 2)]
    told = Notification.objects.filter(template="presentation_scheduled")
    assert {n.recipient.name for n in told} == {"이서무", "김총무"}  # members of the club with an address
    with pytest.raises(services.ClubConflict):
        services.presentation_add_report(actor=office.planner.user, presentation=p, report=first)
    services.presentation_hold(actor=office.planner.user, presentation=p, result="120명 참석")
    p.refresh_from_db()
    assert p.status == PresentationStatus.HELD
    assert set(Club.objects.values_list("status", flat=True)) == {ClubStatus.REPORTED}
    assert [e.event_type for e in Event.objects.filter(subject_id=str(p.pk), event_type__gte=320,
                                                       event_type__lte=322).order_by("pk")] == [
        EventType.PRESENTATION_SCHEDULED, EventType.PRESENTATION_REPORT_ADDED, EventType.PRESENTATION_REPORT_ADDED,
        EventType.PRESENTATION_HELD]
    with pytest.raises(services.ClubConflict):
        services.presentation_hold(actor=office.planner.user, presentation=p)


def test_only_the_planner_schedules_and_an_empty_presentation_cannot_be_held(office):
    with pytest.raises(services.ClubNotAllowed):
        services.presentation_schedule(actor=office.user("김총무"), title="x", held_at=timezone.now(), place="y")
    p = services.presentation_schedule(actor=office.planner.user, title="x", held_at=timezone.now(), place="y")
    with pytest.raises(services.ClubError) as caught:
        services.presentation_hold(actor=office.planner.user, presentation=p)
    assert caught.value.code == "no_reports"


# --- pages ------------------------------------------------------------------------------------------


def test_the_club_page_links_to_a_proposal_and_lists_the_proposals_of_the_club(client, office, club):
    propose(office.user("김총무"), club=club, title="민원서식 한 장으로")
    html = _client(client, office.user("최회계")).get(f"/clubs/{club.pk}/").content.decode()
    assert f"/ideas/proposals/new/?club={club.pk}" in html and "제안으로 제출" in html
    assert "민원서식 한 장으로" in html and "동아리 가입" in html


def test_the_club_list_shows_the_clubs_of_the_chosen_year(client, office, club):
    services.club_form(actor=office.planner.user, name="내년연구회", theme="t", year=club.year + 1,
                       leader=office.staff["박인사"])
    c = _client(client, office.user("최회계"))
    html = c.get("/clubs/").content.decode()
    assert "민원서식연구회" in html and "내년연구회" not in html
    assert "내년연구회" in c.get(f"/clubs/?year={club.year + 1}").content.decode()


def test_a_member_records_a_meeting_and_a_report_through_the_page(client, office, club):
    c = _client(client, office.user("이서무"))
    when = timezone.localtime() - dt.timedelta(hours=2)
    response = c.post(f"/clubs/{club.pk}/meetings/", {
        "meeting-held_at": when.strftime("%Y-%m-%dT%H:%M"), "meeting-place": "3층 회의실",
        "meeting-attendees": [office.staff["이서무"].pk], "meeting-minutes": "첫 모임"})
    assert response.status_code == 302
    response = c.post(f"/clubs/{club.pk}/reports/", {"report-title": "중간 보고", "report-summary": "요약",
                                                      "report-findings": "결과"})
    assert response.status_code == 302
    html = c.get(f"/clubs/{club.pk}/").content.decode()
    assert "첫 모임" in html and "중간 보고" in html
    outsider = _client(client, office.user("박인사")).post(f"/clubs/{club.pk}/meetings/", {
        "meeting-held_at": when.strftime("%Y-%m-%dT%H:%M"), "meeting-place": "x", "meeting-minutes": "y"})
    assert outsider.status_code == 403


def test_presentations_are_open_to_all_staff_and_closed_to_residents(client, office, club):
    p = services.presentation_schedule(actor=office.planner.user, title="창의연구 발표회", held_at=timezone.now(),
                                       place="대강당")
    services.presentation_add_report(actor=office.planner.user, presentation=p, report=_report(office, club))
    officer = _client(client, office.user("강나눔"))
    assert "창의연구 발표회" in officer.get("/clubs/presentations/").content.decode()
    page = officer.get(f"/clubs/presentations/{p.pk}/").content.decode()
    assert "민원서식 개선 연구" in page and "개최 완료로 기록" not in page
    assert officer.post(f"/clubs/presentations/{p.pk}/hold/", {}).status_code == 403
    resident = _client(client, office.resident)
    for url in ("/clubs/", f"/clubs/{club.pk}/", "/clubs/presentations/", f"/clubs/presentations/{p.pk}/"):
        assert resident.get(url).status_code == 403


def test_the_planner_holds_a_presentation_from_its_page(client, office, club):
    report = _report(office, club)
    c = _client(client, office.planner.user)
    response = c.post("/clubs/presentations/", {"title": "발표회", "held_at": "2026-11-20T14:00", "place": "대강당"})
    assert response.status_code == 302
    url = response["Location"]
    assert c.post(url + "reports/", {"report": report.pk}).status_code == 302
    assert c.post(url + "hold/", {"result": "80명 참석"}).status_code == 302
    assert "개최 완료" in c.get(url).content.decode()


def test_club_pages_make_a_fixed_number_of_queries(client, office, club, django_assert_max_num_queries):
    c = _client(client, office.user("이서무"))
    for i in range(6):
        services.club_record_meeting(actor=office.user("이서무"), club=club,
                                     held_at=timezone.now() - dt.timedelta(days=i + 1), place="회의실", minutes=f"{i}",
                                     attendees=[office.staff["김총무"], office.staff["이서무"]])
        _report(office, club, f"보고 {i}")
        propose(office.user("김총무"), club=club, title=f"제안 {i}")
        services.club_form(actor=office.planner.user, name=f"연구회 {i}", theme="t", year=club.year,
                           leader=office.staff["박인사"])
    with django_assert_max_num_queries(16):
        assert c.get(f"/clubs/{club.pk}/").status_code == 200
    with django_assert_max_num_queries(12):
        assert c.get("/clubs/").status_code == 200
    with django_assert_max_num_queries(10):
        assert c.get("/clubs/presentations/").status_code == 200


# --- API --------------------------------------------------------------------------------------------


def test_the_api_forms_clubs_records_meetings_and_reports_and_runs_presentations(client, office):
    kim = _client(client, office.user("김총무"))
    year = timezone.localdate().year
    created = kim.post("/api/v1/clubs/", json.dumps({"name": "API연구회", "theme": "t", "year": year,
                                                     "member_ids": [office.staff["이서무"].pk]}),
                       content_type="application/json")
    assert created.status_code == 201, created.content
    club_id = created.json()["id"]
    held = (timezone.now() - dt.timedelta(days=1)).isoformat()
    meeting = kim.post(f"/api/v1/clubs/{club_id}/meetings", json.dumps({
        "held_at": held, "place": "회의실", "minutes": "회의", "attendee_ids": [office.staff["김총무"].pk]}),
        content_type="application/json")
    assert meeting.status_code == 201
    report = kim.post(f"/api/v1/clubs/{club_id}/reports", json.dumps({"title": "보고", "summary": "s",
                                                                     "findings": "f"}),
                      content_type="application/json")
    assert report.status_code == 201
    duplicate = kim.post("/api/v1/clubs/", json.dumps({"name": "API연구회", "theme": "t", "year": year}),
                         content_type="application/json")
    assert duplicate.status_code == 409 and duplicate.json()["code"] == "duplicate"
    denied = kim.post("/api/v1/clubs/presentations", json.dumps({"title": "x", "held_at": held, "place": "y"}),
                      content_type="application/json")
    assert denied.status_code == 403 and denied.json()["message"]
    planner = _client(client, office.planner.user)
    p = planner.post("/api/v1/clubs/presentations", json.dumps({"title": "발표회", "held_at": held, "place": "강당"}),
                     content_type="application/json").json()
    added = planner.post(f"/api/v1/clubs/presentations/{p['id']}/reports",
                         json.dumps({"report_id": report.json()["id"]}), content_type="application/json")
    assert added.status_code == 200 and added.json()["reports"][0]["presentation_order"] == 1
    held_p = planner.post(f"/api/v1/clubs/presentations/{p['id']}/hold", json.dumps({"result": "좋았다"}),
                          content_type="application/json")
    assert held_p.json()["status"] == "held"
    detail = _client(client, office.user("강나눔")).get(f"/api/v1/clubs/{club_id}").json()
    assert {m["name"] for m in detail["members"]} == {"김총무", "이서무"} and len(detail["meetings"]) == 1
    assert _client(client, office.resident).get("/api/v1/clubs/").status_code == 403
    join = _client(client, office.user("강나눔")).post(f"/api/v1/clubs/{club_id}/join")
    assert join.status_code == 409  # the club reported at the presentation: joining is closed


def test_the_leader_hands_the_club_over_and_may_then_leave(client, office, club):
    with pytest.raises(services.ClubNotAllowed):
        services.club_hand_over(actor=office.user("이서무"), club=club, to=office.staff["이서무"])
    with pytest.raises(services.ClubError):
        services.club_hand_over(actor=office.user("김총무"), club=club, to=office.staff["박인사"])
    response = _client(client, office.user("김총무")).post(f"/clubs/{club.pk}/leader/",
                                                          {"employee": office.staff["이서무"].pk})
    assert response.status_code == 302
    roles = dict(ClubMembership.objects.filter(club=club).values_list("employee__user__name", "role"))
    assert roles == {"김총무": "member", "이서무": "leader", "한복지": "member"}
    event = Event.objects.get(event_type=EventType.CLUB_LEADER_CHANGED)
    assert event.before == {"leader": office.staff["김총무"].pk} and event.after == {"leader": office.staff["이서무"].pk}
    services.club_remove_member(actor=office.user("김총무"), club=club, employee=office.staff["김총무"])
