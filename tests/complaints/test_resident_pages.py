"""The resident's pages: filing (with similar complaints first), the receipt, the list, one
complaint with its timeline, and the resident's actions; privacy and limits."""

import html as htmllib
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gamdong.complaints.models import Complaint, Follow, Photo, Satisfaction, Status
from gamdong.complaints.services import (
    complaint_answer,
    complaint_assign,
    complaint_extend,
    complaint_refuse,
    complaint_transfer,
)
from gamdong.core.events import EventType
from gamdong.core.models import Event
from gamdong.core.services import district_setting_change

NEW = "/complaints/new/"
INSIDE = ("37.522900", "126.863400")  # in 감동1동 of the demo boundary (district.boundary_geojson)


@pytest.fixture
def catalogue(district):
    district.pothole.group = "도로·교통"
    district.pothole.extra_questions = [{"key": "size", "label": "구멍 크기", "required": True, "type": "text"}]
    district.pothole.save()
    district.parking.group = "도로·교통"
    district.parking.save()
    district.suggestion.group = "행정"
    district.suggestion.save()
    return district


@pytest.fixture
def resident_client(catalogue):
    client = Client()
    client.force_login(catalogue.resident)
    return client


def jpeg_with_gps(name: str) -> SimpleUploadedFile:
    """A small JPEG whose EXIF says where it was taken (as phones write it)."""
    import io

    from PIL import Image

    image = Image.new("RGB", (64, 48), (200, 120, 40))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (37.0, 31.0, 22.0), 3: "E", 4: (126.0, 51.0, 48.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(f"{name}.jpg", buffer.getvalue(), content_type="image/jpeg")


def text(response) -> str:
    """The page as a person reads it (entities such as &#x27; turned back into characters)."""
    return htmllib.unescape(response.content.decode())


def form_data(district, **overrides):
    data = {
        "category": str(district.pothole.pk), "title": "도로에 큰 구멍", "body": "차가 지나갈 때 위험합니다.",
        "latitude": INSIDE[0], "longitude": INSIDE[1], "address": "감동로 12 앞", "dong": "감동1동",
        "extra_size": "지름 50cm", "token": uuid.uuid4().hex, "step": "submit",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def file_via_page(client, district, **overrides):
    return client.post(NEW, form_data(district, **overrides))


# --- filing ------------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login_and_back(catalogue):
    response = Client().get(NEW)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/") and "next=/complaints/new/" in response["Location"]


def test_filing_form_groups_active_categories_and_carries_a_fresh_token(resident_client, catalogue):
    catalogue.grievance.active = False
    catalogue.grievance.save()
    html = resident_client.get(NEW).content.decode()
    assert '<optgroup label="도로·교통">' in html and '<optgroup label="행정">' in html
    assert "도로 파손" in html and "행정처분 고충" not in html
    tokens = re.findall(r'name="token" value="([0-9a-f]{32})"', html)
    assert len(tokens) == 1
    assert tokens[0] not in resident_client.get(NEW).content.decode()


def test_extra_questions_of_a_category_are_loaded_for_it(resident_client, catalogue):
    response = resident_client.get(reverse("complaints:new_questions"), {"category": catalogue.pothole.pk})
    assert "구멍 크기" in response.content.decode()
    assert "구멍 크기" not in resident_client.get(
        reverse("complaints:new_questions"), {"category": catalogue.suggestion.pk}).content.decode()


def test_resident_files_and_sees_the_receipt_with_number_department_and_due_date(resident_client, catalogue):
    response = file_via_page(resident_client, catalogue)
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/complaints/{complaint.receipt_number}/receipt/"
    assert complaint.complainant == catalogue.resident
    assert complaint.extra_answers == {"size": "지름 50cm"}
    assert complaint.dong == "감동1동" and str(complaint.latitude) == "37.522900"
    html = resident_client.get(response["Location"]).content.decode()
    assert complaint.receipt_number in html
    assert "도로 파손" in html and "도로과" in html
    assert re.search(r"\d{4}년 \d{1,2}월 \d{1,2}일\([월화수목금토일]\) \d\d:\d\d", html)
    assert "앞으로 이렇게 진행됩니다" in html
    detail = resident_client.get(f"/complaints/{complaint.receipt_number}/").content.decode()
    assert "구멍 크기" in detail and "지름 50cm" in detail


def test_the_place_decides_the_dong(resident_client, catalogue):
    file_via_page(resident_client, catalogue, dong="")
    assert Complaint.objects.get().dong == "감동1동"


def test_photos_are_stored_without_location_and_shown_only_to_the_complainant(resident_client, catalogue):
    response = resident_client.post(NEW, {**form_data(catalogue), "photos": [jpeg_with_gps("a"), jpeg_with_gps("b")]})
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and complaint.photos.count() == 2
    photo = complaint.photos.first()
    stored = photo.image.open("rb").read()
    assert b"GPS" not in stored and b"Exif" not in stored
    html = resident_client.get(f"/complaints/{complaint.receipt_number}/").content.decode()
    thumb = f"/complaints/{complaint.receipt_number}/photos/{photo.pk}/thumb/"
    assert thumb in html
    assert resident_client.get(thumb)["Content-Type"] == "image/jpeg"
    other = Client()
    other.force_login(catalogue.resident2)
    assert other.get(thumb).status_code == 404


@pytest.mark.parametrize(("files", "message"), [
    (lambda: [jpeg_with_gps(str(i)) for i in range(6)], "사진은 최대 5장까지"),
    (lambda: [SimpleUploadedFile("note.txt", b"hello", content_type="text/plain")], "사진"),
])
def test_bad_photos_are_refused_and_nothing_stored(resident_client, catalogue, files, message):
    response = resident_client.post(NEW, {**form_data(catalogue), "photos": files()})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Complaint.objects.exists() and not Photo.objects.exists()


def test_a_category_nobody_routes_shows_it_waits_for_classification(resident_client, catalogue):
    file_via_page(resident_client, catalogue, category=str(catalogue.suggestion.pk), extra_size=None)
    complaint = Complaint.objects.get()
    assert complaint.status == Status.SUBMITTED
    html = resident_client.get(f"/complaints/{complaint.receipt_number}/receipt/").content.decode()
    assert "분류 중" in html and "정식 접수 때 정해집니다" in html


def test_the_same_form_sent_twice_files_one_complaint(resident_client, catalogue):
    data = form_data(catalogue)
    first = resident_client.post(NEW, data)
    second = resident_client.post(NEW, data)
    assert Complaint.objects.count() == 1
    assert first["Location"] == second["Location"]


BAD_INPUTS = [
    ({"title": ""}, "제목을 적어 주세요."),
    ({"title": "가" * 201}, "제목은 200자 이내로 적어 주세요."),
    ({"body": "  "}, "무엇이 불편한지 내용을 적어 주세요."),
    ({"body": "가" * 4001}, "내용은 4000자 이내로 적어 주세요."),
    ({"category": "999999"}, "목록에 없는 민원 종류입니다."),
    ({"category": ""}, "민원 종류를 골라 주세요."),
    ({"latitude": "북위 37도"}, "위도는 숫자로 적어 주세요."),
    ({"longitude": ""}, "위도와 경도를 함께 적어 주세요"),
    ({"latitude": "137.5"}, "위도는 -90부터 90 사이의 숫자입니다."),
    ({"dong": "없는동", "latitude": "", "longitude": ""}, "목록에 있는 동을 골라 주세요."),
    ({"latitude": "37.400000", "longitude": "127.100000"}, "밖입니다"),
    ({"extra_size": ""}, "'구멍 크기'에 답해 주세요."),
    ({"address": "가" * 201}, "주소·장소는 200자 이내로 적어 주세요."),
]


@pytest.mark.parametrize(("change", "message"), BAD_INPUTS)
def test_bad_input_is_shown_again_in_korean_with_400_and_nothing_stored(resident_client, catalogue, change, message):
    events = Event.objects.count()
    response = file_via_page(resident_client, catalogue, **change)
    assert response.status_code == 400
    assert message in text(response)
    assert Complaint.objects.count() == 0 and Event.objects.count() == events


def test_an_inactive_category_cannot_be_filed(resident_client, catalogue):
    catalogue.pothole.active = False
    catalogue.pothole.save()
    response = file_via_page(resident_client, catalogue)
    assert response.status_code == 400 and "목록에 없는 민원 종류입니다." in response.content.decode()
    assert not Complaint.objects.exists()


def test_what_was_typed_is_kept_when_the_form_comes_back(resident_client, catalogue):
    html = file_via_page(resident_client, catalogue, title="").content.decode()
    assert "차가 지나갈 때 위험합니다." in html and "감동로 12 앞" in html


# --- similar complaints nearby --------------------------------------------------------------------


@pytest.fixture
def neighbours_complaint(catalogue, file_complaint):
    return file_complaint(catalogue.pothole, resident=catalogue.resident2, title="감동로 포트홀", dong="감동1동",
                          latitude="37.523800", longitude="126.863400", address="감동로 10-3 101호")


def test_similar_open_complaint_nearby_is_shown_before_filing_without_private_details(
        resident_client, catalogue, neighbours_complaint):
    response = file_via_page(resident_client, catalogue)
    html = response.content.decode()
    assert response.status_code == 200 and not Complaint.objects.filter(complainant=catalogue.resident).exists()
    assert "감동로 포트홀" in html and "이 민원 함께 지켜보기(follow)" in html
    assert "약 100m" in html and "감동1동" in html
    assert "한이웃" not in html and "01033334444" not in html and "10-3 101호" not in html


def test_after_seeing_similar_ones_the_resident_may_still_file(resident_client, catalogue, neighbours_complaint):
    response = file_via_page(resident_client, catalogue, similar_shown=neighbours_complaint.receipt_number)
    assert response.status_code == 302
    assert Complaint.objects.filter(complainant=catalogue.resident).count() == 1


def test_the_check_step_shows_similar_ones_when_javascript_is_off(resident_client, catalogue, neighbours_complaint):
    response = file_via_page(resident_client, catalogue, step="check",
                             similar_shown=neighbours_complaint.receipt_number)
    assert response.status_code == 200 and "감동로 포트홀" in response.content.decode()
    assert not Complaint.objects.filter(complainant=catalogue.resident).exists()


def seen_stamp(client, catalogue, **place) -> str:
    """The stamp the preview of similar complaints carries (what the page's script loads)."""
    params = {"category": catalogue.pothole.pk, "latitude": INSIDE[0], "longitude": INSIDE[1], **place}
    html = client.get(reverse("complaints:new_similar"), params).content.decode()
    found = re.search(r'name="similar_seen" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def test_a_resident_shown_the_similar_ones_in_the_preview_files_without_a_second_check(
        resident_client, catalogue, neighbours_complaint):
    stamp = seen_stamp(resident_client, catalogue)
    response = file_via_page(resident_client, catalogue, similar_seen=stamp)
    assert response.status_code == 302
    assert Complaint.objects.filter(complainant=catalogue.resident).count() == 1


def test_a_stamp_for_another_place_or_category_or_person_or_too_old_still_shows_the_similar_ones(
        resident_client, catalogue, neighbours_complaint, monkeypatch):
    elsewhere = seen_stamp(resident_client, catalogue, latitude="37.528000")
    other_category = seen_stamp(resident_client, catalogue, category=catalogue.parking.pk)
    other_person = Client()
    other_person.force_login(catalogue.resident2)
    theirs = seen_stamp(other_person, catalogue)
    import time

    from gamdong.complaints import views_resident

    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() - views_resident.SIMILAR_SEEN_SECONDS - 5)
    old = seen_stamp(resident_client, catalogue)
    monkeypatch.setattr(time, "time", real)
    for stamp in (elsewhere, other_category, theirs, old, "forged"):
        response = file_via_page(resident_client, catalogue, similar_seen=stamp)
        assert response.status_code == 200 and "감동로 포트홀" in response.content.decode(), stamp
    assert not Complaint.objects.filter(complainant=catalogue.resident).exists()


def test_the_check_step_carries_a_stamp_so_that_the_next_post_files(resident_client, catalogue, neighbours_complaint):
    html = file_via_page(resident_client, catalogue, step="check").content.decode()
    stamp = re.search(r'name="similar_seen" value="([^"]+)"', html).group(1)
    assert file_via_page(resident_client, catalogue, similar_seen=stamp).status_code == 302


def test_far_away_or_other_category_or_closed_complaints_are_not_similar(resident_client, catalogue, file_complaint):
    file_complaint(catalogue.pothole, resident=catalogue.resident2, title="먼 곳", latitude="37.528000",
                   longitude="126.863400")
    file_complaint(catalogue.parking, resident=catalogue.resident2, title="다른 종류", latitude="37.523000",
                   longitude="126.863400")
    response = resident_client.get(reverse("complaints:new_similar"), {
        "category": catalogue.pothole.pk, "latitude": INSIDE[0], "longitude": INSIDE[1]})
    html = response.content.decode()
    assert "먼 곳" not in html and "다른 종류" not in html and "처리 중인 민원이 없습니다" in html


def test_similar_by_dong_when_there_are_no_coordinates(resident_client, catalogue, file_complaint):
    file_complaint(catalogue.pothole, resident=catalogue.resident2, title="같은 동 구멍", dong="감동1동")
    html = resident_client.get(reverse("complaints:new_similar"), {
        "category": catalogue.pothole.pk, "dong": "감동1동"}).content.decode()
    assert "같은 동 구멍" in html and "같은 동" in html


def test_following_instead_of_filing(resident_client, catalogue, neighbours_complaint):
    response = resident_client.post(f"/complaints/{neighbours_complaint.receipt_number}/follow/")
    assert response.status_code == 302
    assert Follow.objects.filter(complaint=neighbours_complaint, user=catalogue.resident).exists()
    assert Complaint.objects.count() == 1
    assert Event.objects.filter(event_type=EventType.COMPLAINT_FOLLOWED).count() == 1
    mine = resident_client.get("/complaints/mine/").content.decode()
    assert "감동로 포트홀" in mine and "함께 지켜보는 민원" in mine


def test_a_closed_complaint_cannot_be_followed(resident_client, catalogue, neighbours_complaint):
    complaint_answer(complaint=neighbours_complaint, actor=catalogue.officer.user, body="보수했습니다.")
    response = resident_client.post(f"/complaints/{neighbours_complaint.receipt_number}/follow/")
    assert response.status_code == 400 and "함께 지켜볼 수 없습니다" in response.content.decode()
    assert not Follow.objects.exists()


# --- the resident's view ------------------------------------------------------------------------


@pytest.fixture
def filed(resident_client, catalogue):
    file_via_page(resident_client, catalogue)
    return Complaint.objects.get()


def test_another_resident_gets_404_for_someone_elses_complaint(catalogue, filed):
    other = Client()
    other.force_login(catalogue.resident2)
    for url in (f"/complaints/{filed.receipt_number}/", f"/complaints/{filed.receipt_number}/receipt/"):
        assert other.get(url).status_code == 404
    assert other.post(f"/complaints/{filed.receipt_number}/withdraw/").status_code == 404
    assert Complaint.objects.get().status != Status.CLOSED


def test_a_follower_sees_a_masked_view(catalogue, filed):
    other = Client()
    other.force_login(catalogue.resident2)
    other.post(f"/complaints/{filed.receipt_number}/follow/")
    html = other.get(f"/complaints/{filed.receipt_number}/").content.decode()
    assert filed.title in html and "감동1동" in html and "접수" in html
    for private in ("정주민", "01011112222", "감동로 12 앞", "차가 지나갈 때 위험합니다.", "민원 취하"):
        assert private not in html


def test_timeline_grows_in_korean_without_internal_names_or_notes(resident_client, catalogue, filed):
    complaint_assign(complaint=filed, officer=catalogue.officer, actor=catalogue.supervisor.user)
    complaint_extend(complaint=filed, actor=catalogue.officer.user, reason="부품 수급 지연", hours=3)
    complaint_transfer(complaint=filed, to_department=catalogue.parks, actor=catalogue.officer.user,
                       reason="내부 메모: 공원 쪽 담당")
    html = resident_client.get(f"/complaints/{filed.receipt_number}/").content.decode()
    for label in ("신청", "접수", "담당자 배정", "처리기간 연장", "부품 수급 지연", "이송", "공원녹지과"):
        assert label in html
    assert "김도로" not in html and "박과장" not in html and "내부 메모" not in html


def test_answer_shows_department_officer_and_contact_then_rating_and_reopen(resident_client, catalogue, filed):
    complaint_assign(complaint=filed, officer=catalogue.officer, actor=catalogue.supervisor.user)
    complaint_answer(complaint=filed, actor=catalogue.officer.user, body="보수를 마쳤습니다.")
    url = f"/complaints/{filed.receipt_number}/"
    html = resident_client.get(url).content.decode()
    assert "보수를 마쳤습니다." in html and "김도로" in html and "02-0000-3101" in html
    assert "답변에 만족하셨나요?" in html and "해결되지 않았나요?" in html and "민원 취하" not in html
    assert resident_client.post(url + "rating/", {"score": "4", "comment": "빨랐어요"}).status_code == 302
    assert Satisfaction.objects.get().score == 4
    html = resident_client.get(url).content.decode()
    assert "답변에 만족하셨나요?" not in html and "4점" in html
    assert resident_client.post(url + "reopen/", {"reason": "다시 파였어요"}).status_code == 302
    filed.refresh_from_db()
    assert filed.status == Status.ASSIGNED and filed.reopen_count == 1
    assert "재처리 요청" in resident_client.get(url).content.decode()


def test_refusal_shows_reasons_and_remedies(resident_client, catalogue, filed):
    complaint_refuse(complaint=filed, actor=catalogue.officer.user, reasons="사유지입니다.",
                     remedies="90일 안에 행정심판을 청구할 수 있습니다.")
    html = resident_client.get(f"/complaints/{filed.receipt_number}/").content.decode()
    assert "거부 사유" in html and "사유지입니다." in html and "행정심판" in html


@pytest.mark.parametrize(("data", "message"), [({}, "1점부터 5점"), ({"score": "9"}, "1점부터 5점까지"),
                                                ({"score": "3", "comment": "가" * 1001}, "1000자 이내")])
def test_a_bad_rating_is_refused_in_korean(resident_client, catalogue, filed, data, message):
    complaint_answer(complaint=filed, actor=catalogue.officer.user, body="보수를 마쳤습니다.")
    response = resident_client.post(f"/complaints/{filed.receipt_number}/rating/", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Satisfaction.objects.exists()


def test_rating_before_the_answer_is_refused(resident_client, filed):
    response = resident_client.post(f"/complaints/{filed.receipt_number}/rating/", {"score": "5"})
    assert response.status_code == 400 and "답변을 받은 뒤에 평가할 수 있습니다." in response.content.decode()


def test_reopen_needs_a_reason(resident_client, catalogue, filed):
    complaint_answer(complaint=filed, actor=catalogue.officer.user, body="보수를 마쳤습니다.")
    response = resident_client.post(f"/complaints/{filed.receipt_number}/reopen/", {"reason": " "})
    assert response.status_code == 400 and "해결되지 않은 점을 적어 주세요." in response.content.decode()


def test_withdraw_while_open_closes_it(resident_client, filed):
    response = resident_client.post(f"/complaints/{filed.receipt_number}/withdraw/")
    assert response.status_code == 302
    filed.refresh_from_db()
    assert filed.status == Status.CLOSED
    html = resident_client.get(f"/complaints/{filed.receipt_number}/").content.decode()
    assert "민원인이 취하했습니다." in html
    again = resident_client.post(f"/complaints/{filed.receipt_number}/withdraw/")
    assert again.status_code == 400


def test_photos_of_someone_elses_complaint_are_404(catalogue, filed):
    other = Client()
    other.force_login(catalogue.resident2)
    assert other.get(f"/complaints/{filed.receipt_number}/photos/1/thumb/").status_code == 404
    assert not Photo.objects.exists()


# --- limits and bounds --------------------------------------------------------------------------


def test_filing_over_the_hourly_limit_gets_429_in_korean(resident_client, catalogue):
    district_setting_change(actor=None, key="complaints.submissions_per_hour", raw_value="2")
    for n in range(2):
        assert file_via_page(resident_client, catalogue, title=f"구멍 {n}").status_code == 302
    response = file_via_page(resident_client, catalogue, title="세 번째")
    assert response.status_code == 429 and "한 시간에 민원을 2건까지" in response.content.decode()
    assert response["Retry-After"].isdigit()
    assert Complaint.objects.count() == 2


def test_the_hourly_limit_also_counts_per_address(catalogue):
    district_setting_change(actor=None, key="complaints.submissions_per_hour", raw_value="1")
    first, second = Client(REMOTE_ADDR="10.0.0.7"), Client(REMOTE_ADDR="10.0.0.7")
    first.force_login(catalogue.resident)
    second.force_login(catalogue.resident2)
    assert file_via_page(first, catalogue).status_code == 302
    assert file_via_page(second, catalogue, category=str(catalogue.suggestion.pk),
                         extra_size=None).status_code == 429


def test_a_repeated_form_is_not_counted_against_the_limit(resident_client, catalogue):
    district_setting_change(actor=None, key="complaints.submissions_per_hour", raw_value="1")
    data = form_data(catalogue)
    assert resident_client.post(NEW, data).status_code == 302
    assert resident_client.post(NEW, data).status_code == 302


def _fill(catalogue, file_complaint, n):
    for i in range(n):
        c = file_complaint(catalogue.pothole, title=f"구멍 {i}")
        complaint_assign(complaint=c, officer=catalogue.officer, actor=catalogue.supervisor.user)
    neighbour = file_complaint(catalogue.pothole, resident=catalogue.resident2, title="이웃 민원")
    Follow.objects.get_or_create(complaint=neighbour, user=catalogue.resident)


def test_my_list_takes_the_same_number_of_queries_for_many_complaints(
        resident_client, catalogue, file_complaint, django_assert_max_num_queries):
    _fill(catalogue, file_complaint, 2)
    resident_client.get("/complaints/mine/")
    with django_assert_max_num_queries(12) as few:
        html = resident_client.get("/complaints/mine/").content.decode()
    assert "담당자 배정" in html and "이웃 민원" in html
    _fill(catalogue, file_complaint, 15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        resident_client.get("/complaints/mine/")


def test_detail_page_queries_are_bounded(resident_client, catalogue, filed, django_assert_max_num_queries):
    complaint_assign(complaint=filed, officer=catalogue.officer, actor=catalogue.supervisor.user)
    for hours in (1, 1):
        complaint_extend(complaint=filed, actor=catalogue.officer.user, reason="지연", hours=hours,
                         consent_note="동의함")
    complaint_answer(complaint=filed, actor=catalogue.officer.user, body="보수를 마쳤습니다.")
    with django_assert_max_num_queries(16):
        response = resident_client.get(f"/complaints/{filed.receipt_number}/")
    assert response.status_code == 200


def test_filing_has_a_fixed_number_of_queries_and_one_notice_task(
        resident_client, catalogue, django_assert_max_num_queries, django_capture_on_commit_callbacks):
    """Filing looks the form's token up once and sends both notices (SMS, email) in one task."""
    with django_assert_max_num_queries(27), django_capture_on_commit_callbacks() as callbacks:
        response = file_via_page(resident_client, catalogue)
    assert response.status_code == 302
    assert len(callbacks) == 1
    receipt = response["Location"].rstrip("/").split("/")[-2]
    assert Complaint.objects.filter(receipt_number=receipt, complainant=catalogue.resident).exists()


def test_filing_after_the_preview_takes_ten_queries_at_most(resident_client, catalogue, django_assert_max_num_queries):
    """A filing whose similar complaints the resident has seen in the preview: the session, the
    user, then one transaction (BEGIN, receipt number, complaint, its events in one INSERT, its
    search document and pending posting, both notices in one INSERT, COMMIT). The categories,
    the 동 and the departments come from the process's reference data, the district settings
    from the cache, and the form's token is looked up only if the insert is refused."""
    stamp = seen_stamp(resident_client, catalogue)
    assert file_via_page(resident_client, catalogue, similar_seen=stamp).status_code == 302  # the year's first
    with django_assert_max_num_queries(10):
        response = file_via_page(resident_client, catalogue, similar_seen=stamp, title="또 구멍")
    assert response.status_code == 302
    assert Complaint.objects.filter(complainant=catalogue.resident).count() == 2
    events = Event.objects.filter(subject_id=str(Complaint.objects.get(title="또 구멍").pk),
                                  event_type__in=[EventType.COMPLAINT_SUBMITTED, EventType.COMPLAINT_RECEIVED])
    assert sorted(events.values_list("event_type", flat=True)) == [EventType.COMPLAINT_SUBMITTED,
                                                                   EventType.COMPLAINT_RECEIVED]  # one INSERT, two rows


def test_the_same_form_sent_twice_after_the_preview_files_once(resident_client, catalogue):
    """The token is not looked up before filing: the unique index refuses the second, which
    then shows the first receipt."""
    data = form_data(catalogue, similar_seen=seen_stamp(resident_client, catalogue))
    first = resident_client.post(NEW, data)
    second = resident_client.post(NEW, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Complaint.objects.filter(complainant=catalogue.resident).count() == 1
