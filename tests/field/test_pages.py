"""The /field/ pages: staff only, scheduling from a complaint, recording on site, dialogues."""

import datetime as dt

import pytest
from django.utils import timezone

from gamdong.field.models import FieldVisit, VisitStatus
from gamdong.field.services import dialogue_add_inconvenience, dialogue_record, visit_schedule


def earlier_today() -> dt.datetime:
    """A moment of today that has already passed, whatever the hour the tests run at: a visit
    can be recorded at it (not in the future) and it is still on today's list (not yesterday)."""
    now = timezone.localtime().replace(second=0, microsecond=0)
    return now - dt.timedelta(minutes=min(60, now.hour * 60 + now.minute))


@pytest.fixture
def login(client):
    def as_(user):
        client.force_login(user)
        return client

    return as_


def test_residents_get_403_on_every_field_page(district, login):
    client = login(district.resident)
    for url in ["/field/", "/field/dialogues/", "/field/visits/new/?complaint=1"]:
        assert client.get(url).status_code == 403


def test_visitors_are_sent_to_log_in(client):
    assert client.get("/field/").status_code == 302


def test_an_officer_schedules_from_a_complaint_and_takes_a_neighbour_along(district, file_complaint, login):
    now = timezone.now()
    first = file_complaint(when=now, address="감동로 12", dong="감동1동")
    neighbour = file_complaint(when=now, address="감동로 14", dong="감동1동", title="인도 파손")
    client = login(district.officer.user)

    page = client.get(f"/field/visits/new/?complaint={first.pk}")
    assert page.status_code == 200
    assert "감동로 12" in page.content.decode() and neighbour.receipt_number in page.content.decode()

    when = (timezone.localtime(now) + dt.timedelta(days=1)).strftime("%Y-%m-%dT10:00")
    response = client.post("/field/visits/new/", {"complaint": first.pk, "scheduled_for": when,
                                                  "address": "감동로 12", "complaints": [neighbour.pk]})
    assert response.status_code == 302
    visit = FieldVisit.objects.get()
    assert set(visit.complaints.all()) == {first, neighbour}


def test_an_officer_of_another_department_cannot_open_the_schedule_form(district, file_complaint, login):
    complaint = file_complaint()
    response = login(district.park_officer.user).get(f"/field/visits/new/?complaint={complaint.pk}")
    assert response.status_code == 403


def test_todays_visits_list_in_route_order_and_recording_marks_it_done(district, file_complaint, login):
    today = earlier_today()
    v1 = visit_schedule(officer=district.officer, complaints=[file_complaint(address="감동로 1")],
                        scheduled_for=today, actor=district.officer.user)
    visit_schedule(officer=district.officer, complaints=[file_complaint(address="감동로 2")],
                   scheduled_for=today + dt.timedelta(minutes=30), actor=district.officer.user)
    client = login(district.officer.user)
    html = client.get("/field/").content.decode()
    assert "오늘의 현장방문" in html and html.index("감동로 1") < html.index("감동로 2")

    form = client.get(f"/field/visits/{v1.pk}/record/").content.decode()
    assert 'name="visited_at"' in form and "geolocate.js" in form and "<script>" not in form
    empty = client.post(f"/field/visits/{v1.pk}/record/", {"visited_at": today.strftime("%Y-%m-%dT%H:%M"),
                                                           "findings": ""})
    assert empty.status_code == 400
    done = client.post(f"/field/visits/{v1.pk}/record/", {"visited_at": today.strftime("%Y-%m-%dT%H:%M"),
                                                          "latitude": "37.5", "longitude": "127.0",
                                                          "findings": "포트홀 2곳 확인"})
    assert done.status_code == 302
    v1.refresh_from_db()
    assert v1.status == VisitStatus.DONE and v1.findings == "포트홀 2곳 확인"


def test_a_dialogue_inconvenience_becomes_a_complaint_visible_from_the_dialogue_page(district, login):
    client = login(district.supervisor.user)
    response = client.post("/field/dialogues/", {"held_at": "2026-06-16T14:00", "place": "감동1동 주민센터",
                                                 "title": "감동1동 주민과의 대화", "attendee_count": "30"})
    assert response.status_code == 302
    page_url = response["Location"]
    response = client.post(page_url + "inconvenience/", {"inc-category": district.pothole.pk,
                                                         "inc-text": "학교 앞 보도블록 파손", "inc-raised_by": "김주민"})
    assert response.status_code == 302
    html = client.get(page_url).content.decode()
    from gamdong.complaints.models import Complaint

    complaint = Complaint.objects.get()
    assert complaint.receipt_number in html and "접수" in html and "도로과" in html and "처리기한" in html


def test_officers_cannot_record_dialogues(district, login):
    assert login(district.officer.user).get("/field/dialogues/").status_code == 403


def test_a_dialogue_form_with_a_blank_title_says_so(district, login):
    response = login(district.supervisor.user).post("/field/dialogues/", {"held_at": "2026-06-16T14:00",
                                                                          "place": "구청", "title": ""})
    assert response.status_code == 400 and "필수" in response.content.decode()


def test_an_inconvenience_without_a_category_files_nothing(district, login):
    dialogue = dialogue_record(host=district.supervisor.user, held_at=timezone.now(), place="구청", title="대화")
    response = login(district.supervisor.user).post(f"/field/dialogues/{dialogue.pk}/inconvenience/",
                                                    {"inc-text": "불편"})
    assert response.status_code == 400 and not dialogue.items.exists()
    dialogue_add_inconvenience(dialogue=dialogue, text="가로등 고장", category=district.pothole)
    assert dialogue.items.count() == 1


def test_photos_taken_on_site_reach_every_complaint_of_the_visit_without_their_location(
    district, file_complaint, login, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from gamdong.complaints.models import Photo
    from tests.core.test_images import encode, exif_with_gps, halves

    settings.MEDIA_ROOT = tmp_path
    today = earlier_today()
    first, second = file_complaint(address="감동로 9"), file_complaint(address="감동로 9")
    visit = visit_schedule(officer=district.officer, complaints=[first, second], scheduled_for=today,
                           actor=district.officer.user)
    jpeg = encode(halves((640, 480)), "JPEG", exif=exif_with_gps(), quality=90)
    client = login(district.officer.user)
    form = {"visited_at": today.strftime("%Y-%m-%dT%H:%M"), "findings": "맨홀 뚜껑 파손 확인",
            "photos": [SimpleUploadedFile("site.jpg", jpeg, content_type="image/jpeg")]}
    assert client.post(f"/field/visits/{visit.pk}/record/", form).status_code == 302

    photos = Photo.objects.filter(visit=visit)
    assert {p.complaint_id for p in photos} == {first.pk, second.pk}
    for photo in photos:
        with Image.open(photo.image.path) as stored:
            assert not stored.getexif().get_ifd(0x8825)  # no GPS in what is shown
        assert photo.original_latitude is not None  # kept apart, for staff only


def test_a_file_that_is_not_a_picture_records_nothing(district, file_complaint, login, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    today = earlier_today()
    visit = visit_schedule(officer=district.officer, complaints=[file_complaint()], scheduled_for=today,
                           actor=district.officer.user)
    client = login(district.officer.user)
    response = client.post(f"/field/visits/{visit.pk}/record/", {
        "visited_at": today.strftime("%Y-%m-%dT%H:%M"), "findings": "확인",
        "photos": [SimpleUploadedFile("memo.txt", b"not a picture", content_type="image/jpeg")],
    })
    assert response.status_code == 400
    assert "memo.txt" in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SCHEDULED
