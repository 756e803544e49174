"""Photos added after filing: the resident while the complaint is open (and after the answer,
to show it is not solved), and the office (before/after a repair). Cleaned of location
metadata, within complaints.max_photos in all, all or none, each one an event."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gamdong.complaints.services import complaint_assign, complaint_close
from gamdong.core.events import EventType
from gamdong.core.models import Event
from tests.complaints.office_helpers import logged_in
from tests.complaints.test_resident_pages import jpeg_with_gps

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(district, file_complaint):
    return file_complaint()


def resident_client(district):
    client = Client()
    client.force_login(district.resident)
    return client


def test_the_resident_adds_photos_on_the_complaint_page_and_they_lose_their_location(district, filed):
    client = resident_client(district)
    page = client.get(f"/complaints/{filed.receipt_number}/").content.decode()
    assert "사진 더하기" in page
    response = client.post(f"/complaints/{filed.receipt_number}/photos/", {"photos": [jpeg_with_gps("a"), jpeg_with_gps("b")]})
    assert response.status_code == 302
    assert filed.photos.count() == 2
    stored = filed.photos.first().image.open("rb").read()
    assert b"GPS" not in stored and b"Exif" not in stored
    assert Event.objects.filter(event_type=EventType.COMPLAINT_PHOTO_ADDED).count() == 2
    assert "사진 2장" in client.get(f"/complaints/{filed.receipt_number}/").content.decode()


def test_more_than_the_limit_in_all_is_refused_and_nothing_is_stored(district, filed):
    client = resident_client(district)
    assert client.post(f"/complaints/{filed.receipt_number}/photos/",
                       {"photos": [jpeg_with_gps(str(i)) for i in range(4)]}).status_code == 302
    response = client.post(f"/complaints/{filed.receipt_number}/photos/",
                           {"photos": [jpeg_with_gps("x"), jpeg_with_gps("y")]})
    assert response.status_code == 400 and "5장까지" in response.content.decode()
    assert filed.photos.count() == 4


def test_a_file_that_is_not_an_image_is_a_korean_400(district, filed):
    response = resident_client(district).post(
        f"/complaints/{filed.receipt_number}/photos/",
        {"photos": [jpeg_with_gps("ok"), SimpleUploadedFile("memo.txt", b"hello", content_type="text/plain")]},
    )
    assert response.status_code == 400 and "memo.txt" in response.content.decode()
    assert filed.photos.count() == 0


def test_a_closed_complaint_takes_no_more_photos_and_others_cannot_add(district, filed):
    other = Client()
    other.force_login(district.resident2)
    assert other.post(f"/complaints/{filed.receipt_number}/photos/", {"photos": [jpeg_with_gps("a")]}).status_code == 404
    complaint_close(complaint=filed, actor=district.resident, note="민원인 취하")
    client = resident_client(district)
    assert "사진 더하기" not in client.get(f"/complaints/{filed.receipt_number}/").content.decode()
    response = client.post(f"/complaints/{filed.receipt_number}/photos/", {"photos": [jpeg_with_gps("a")]})
    assert response.status_code == 400 and filed.photos.count() == 0


def test_the_resident_api_adds_photos(district, filed):
    client = resident_client(district)
    response = client.post(f"/api/v1/complaints/{filed.receipt_number}/photos", {"photos": [jpeg_with_gps("a")]})
    assert response.status_code == 200, response.content
    assert len(response.json()["photos"]) == 1
    empty = client.post(f"/api/v1/complaints/{filed.receipt_number}/photos", {})
    assert empty.status_code == 400 and empty.json()["field"] == "photos"


def test_the_officer_uploads_photos_on_the_office_page_and_through_the_api(client, district, filed):
    complaint_assign(complaint=filed, officer=district.officer, actor=district.supervisor.user)
    logged_in(client, district.officer)
    page = client.get(reverse("office:detail", args=[filed.pk])).content.decode()
    assert "사진 올리기" in page
    filed.refresh_from_db()
    response = client.post(reverse("office:act", args=[filed.pk, "photos"]),
                           {"expected_version": filed.version, "photos": [jpeg_with_gps("before")]})
    assert response.status_code == 302
    response = client.post(f"/api/v1/office/complaints/{filed.pk}/photos", {"photos": [jpeg_with_gps("after")]})
    assert response.status_code == 200, response.content
    assert filed.photos.count() == 2
    assert all(p.uploaded_by_id == district.officer.user_id for p in filed.photos.all())
    refused = client.post(f"/api/v1/office/complaints/{filed.pk}/photos", {})
    assert refused.status_code == 400 and refused.json()["code"] == "required"
